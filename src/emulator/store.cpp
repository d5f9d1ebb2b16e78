#include "emulator/store.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <random>
#include <stdexcept>

#include "common/error.hpp"
#include "emulator/api_error.hpp"

namespace larkbase::emulator {

std::string new_object_id(std::string_view prefix, int length) {
  static constexpr char kAlphabet[] =
      "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  thread_local std::mt19937_64 random{std::random_device{}()};
  std::uniform_int_distribution<int> pick(0, int(sizeof(kAlphabet)) - 2);
  std::string id(prefix);
  for (int i = 0; i < length; ++i) id += kAlphabet[pick(random)];
  return id;
}

void Store::add_base(const std::string& app_token, const std::string& name) {
  if (find_base(app_token) != nullptr) {
    throw common::UserError(fmt::format(
        "dataset: Base {} is defined twice; give each Base its own app_token", app_token));
  }
  bases_.push_back(std::make_unique<Base>(Base{app_token, name, {}}));
}

void Store::add_table(const std::string& app_token, const std::string& table_id,
                      const std::string& name, const common::Json& fields) {
  Base* base = find_base_mutable(app_token);
  if (base == nullptr) {
    throw common::UserError(fmt::format(
        "dataset: table {} belongs to Base {}, which is not defined; add the Base first", table_id,
        app_token));
  }
  if (find_table(*base, table_id) != nullptr) {
    throw common::UserError(
        fmt::format("dataset: table {} is defined twice in Base {}", table_id, app_token));
  }
  base->tables.push_back(std::make_unique<Table>(table_id, name, fields));
}

Table& Store::create_table(const std::string& app_token, const std::string& name,
                           common::Json fields) {
  Base* base = find_base_mutable(app_token);
  if (base == nullptr) throw std::logic_error("create_table: unknown Base " + app_token);
  std::string id;
  do {
    id = new_object_id("tbl", 13);
  } while (find_table(*base, id) != nullptr);
  base->tables.push_back(std::make_unique<Table>(id, name, std::move(fields)));
  return *base->tables.back();
}

void Store::delete_table(const std::string& app_token, const std::string& table_id) {
  Base* base = find_base_mutable(app_token);
  if (base == nullptr) return;
  auto found = std::find_if(base->tables.begin(), base->tables.end(),
                            [&](const auto& table) { return table->id() == table_id; });
  if (found == base->tables.end()) return;
  retired_.push_back(std::move(*found));
  base->tables.erase(found);
}

void Store::add_record(const std::string& app_token, const std::string& table_id,
                       common::Json record) {
  const Base* base = find_base(app_token);
  Table* table = base == nullptr ? nullptr : find_table(*base, table_id);
  if (table == nullptr) {
    throw common::UserError(fmt::format(
        "dataset: a record names table {} of Base {}, which is not defined", table_id, app_token));
  }
  if (!record.contains("record_id") || !record["record_id"].is_string()) {
    throw common::UserError(
        fmt::format("dataset: a record of table {} has no string record_id", table_id));
  }
  try {
    table->append(record);
  } catch (const ApiError& error) {
    throw common::UserError(fmt::format("dataset: {}", error.what()));
  }
}

void Store::add_drive_file(const std::string& folder_token, const common::Json& file) {
  folders_[folder_token].push_back(file);
  // A listed folder is itself listable (empty until files are added to it).
  if (file.value("type", std::string()) == "folder") {
    folders_.try_emplace(file.value("token", std::string()));
  }
}

void Store::set_control_table(const std::string& app_token, const std::string& table_id) {
  control_table_ = TableRef{app_token, table_id};
}

void Store::set_drive_folder(const std::string& folder_token) {
  drive_folder_ = folder_token;
  folders_.try_emplace(folder_token);
}

const Base* Store::find_base(std::string_view app_token) const {
  for (const auto& base : bases_) {
    if (base->app_token == app_token) return base.get();
  }
  return nullptr;
}

Base* Store::find_base_mutable(std::string_view app_token) {
  return const_cast<Base*>(std::as_const(*this).find_base(app_token));
}

Table* Store::find_table(const Base& base, std::string_view table_id) const {
  for (const auto& table : base.tables) {
    if (table->id() == table_id) return table.get();
  }
  return nullptr;
}

const std::vector<common::Json>* Store::find_folder(std::string_view folder_token) const {
  auto found = folders_.find(folder_token);
  return found == folders_.end() ? nullptr : &found->second;
}

}  // namespace larkbase::emulator
