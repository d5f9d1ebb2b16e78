#include "emulator/store.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "emulator/api_error.hpp"

namespace larkbase::emulator {

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
