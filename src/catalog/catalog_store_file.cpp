#include "catalog/catalog_store_file.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <fmt/format.h>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "common/error.hpp"

namespace larkbase::catalog {
namespace {

constexpr const char* kFormat = "larkbase-glue-catalog";
constexpr int kVersion = 1;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw common::UserError(
        fmt::format("catalog file {} cannot be read: {}", path, std::strerror(errno)));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

FileCatalogStore::FileCatalogStore(std::string path, bool for_writing)
    : path_(std::move(path)), for_writing_(for_writing) {
  if (for_writing_) {
    std::string lock_path = path_ + ".lock";
    lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (lock_fd_ < 0) {
      throw common::UserError(fmt::format("catalog file {}: cannot create the lock file {}: {}",
                                          path_, lock_path, std::strerror(errno)));
    }
    if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
      ::close(lock_fd_);
      lock_fd_ = -1;
      throw common::UserError(fmt::format(
          "catalog file {} is being written by another crawl (lock {} is held); wait for it "
          "to finish",
          path_, lock_path));
    }
  }
  load();
}

FileCatalogStore::~FileCatalogStore() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the lock
}

void FileCatalogStore::load() {
  databases_.clear();
  if (!std::filesystem::exists(path_)) {
    if (for_writing_) return;
    throw common::UserError(fmt::format(
        "catalog file {} does not exist; create it with `larkbase crawl --control-table "
        "BASE:TABLE --catalog {}` (or --drive-folder)",
        path_, path_));
  }
  std::string what = "catalog file " + path_;
  auto json = common::parse_json(read_file(path_), what);
  if (!json.is_object() || json.value("format", "") != kFormat || !json.contains("DatabaseList") ||
      !json["DatabaseList"].is_array()) {
    throw common::UserError(fmt::format(
        "{} is not a larkbase catalog file (expected {{\"format\": \"{}\", \"DatabaseList\": "
        "[...]}}); give another path or remove it",
        what, kFormat));
  }
  for (const auto& item : json["DatabaseList"]) {
    Entry entry;
    entry.database = database_from_glue_json(item, what + " (a database)");
    if (item.contains("TableList") && item["TableList"].is_array()) {
      for (const auto& table : item["TableList"]) {
        auto stored = table_from_glue_json(table, entry.database.name,
                                           what + " (a table of " + entry.database.name + ")");
        entry.tables.emplace(stored.name, std::move(stored));
      }
    }
    databases_[entry.database.name] = std::move(entry);
  }
}

void FileCatalogStore::save() const {
  common::Json list = common::Json::array();
  for (const auto& [name, entry] : databases_) {
    common::Json database = to_glue_json(entry.database);
    common::Json tables = common::Json::array();
    for (const auto& [table_name, table] : entry.tables) tables.push_back(to_glue_json(table));
    database["TableList"] = std::move(tables);
    list.push_back(std::move(database));
  }
  common::Json document{{"format", kFormat}, {"version", kVersion}, {"DatabaseList", list}};
  std::string temp = path_ + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    out << document.dump(2) << '\n';
    out.flush();
    if (!out) {
      throw common::ExternalError(
          fmt::format("catalog file {}: cannot write {}: {}", path_, temp, std::strerror(errno)));
    }
  }
  std::error_code error;
  std::filesystem::rename(temp, path_, error);
  if (error) {
    throw common::ExternalError(
        fmt::format("catalog file {}: cannot replace it: {}", path_, error.message()));
  }
}

FileCatalogStore::Entry& FileCatalogStore::entry(const std::string& database) {
  auto it = databases_.find(database);
  if (it == databases_.end()) {
    throw common::UserError(fmt::format("database {} does not exist in {}", database, describe()));
  }
  return it->second;
}

std::vector<StoredDatabase> FileCatalogStore::list_databases() {
  ++counts_.reads;
  if (!for_writing_) load();  // a reader sees the crawls that happened since
  std::vector<StoredDatabase> list;
  for (const auto& [name, entry] : databases_) list.push_back(entry.database);
  return list;
}

std::vector<StoredTable> FileCatalogStore::list_tables(const std::string& database) {
  ++counts_.reads;
  if (!for_writing_) load();
  std::vector<StoredTable> list;
  auto it = databases_.find(database);
  if (it == databases_.end()) return list;
  for (const auto& [name, table] : it->second.tables) list.push_back(table);
  return list;
}

std::optional<StoredTable> FileCatalogStore::get_table(const std::string& database,
                                                       const std::string& name) {
  ++counts_.reads;
  auto it = databases_.find(database);
  if (it == databases_.end()) return std::nullopt;
  auto table = it->second.tables.find(name);
  if (table == it->second.tables.end()) return std::nullopt;
  return table->second;
}

void FileCatalogStore::create_database(const StoredDatabase& database) {
  ++counts_.writes;
  if (databases_.count(database.name) != 0) {
    throw common::UserError(
        fmt::format("database {} already exists in {}", database.name, describe()));
  }
  databases_[database.name].database = database;
  save();
}

void FileCatalogStore::update_database(const StoredDatabase& database) {
  ++counts_.writes;
  entry(database.name).database = database;
  save();
}

void FileCatalogStore::delete_database(const std::string& name) {
  ++counts_.writes;
  if (!entry(name).tables.empty()) {
    throw common::UserError(
        fmt::format("database {} in {} still holds tables; it is not deleted", name, describe()));
  }
  databases_.erase(name);
  save();
}

void FileCatalogStore::create_table(const StoredTable& table) {
  ++counts_.writes;
  auto& tables = entry(table.database).tables;
  if (tables.count(table.name) != 0) {
    throw common::UserError(
        fmt::format("table {}.{} already exists in {}", table.database, table.name, describe()));
  }
  tables.emplace(table.name, table);
  save();
}

void FileCatalogStore::update_table(const StoredTable& table) {
  ++counts_.writes;
  auto& tables = entry(table.database).tables;
  auto it = tables.find(table.name);
  if (it == tables.end()) {
    throw common::UserError(
        fmt::format("table {}.{} does not exist in {}", table.database, table.name, describe()));
  }
  it->second = table;
  save();
}

std::map<std::string, std::string> FileCatalogStore::delete_tables(
    const std::string& database, const std::vector<std::string>& names) {
  ++counts_.writes;
  std::map<std::string, std::string> errors;
  auto& tables = entry(database).tables;
  for (const auto& name : names) {
    if (tables.erase(name) == 0) errors[name] = "no such table";
  }
  save();
  return errors;
}

}  // namespace larkbase::catalog
