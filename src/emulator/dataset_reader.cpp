#include "emulator/dataset_reader.hpp"

#include <fmt/format.h>
#include <simdjson.h>

#include "common/error.hpp"
#include "emulator/json_fragment.hpp"

namespace larkbase::emulator {
namespace {

using simdjson::dom::element;

std::string string_member(element object, const char* key, const std::string& where) {
  std::string_view value;
  if (object[key].get(value)) {
    throw common::UserError(fmt::format("{}: missing string \"{}\"", where, key));
  }
  return std::string(value);
}

void read_table(element table, const std::string& app_token, const std::string& where,
                DatasetSink& sink) {
  std::string table_id = string_member(table, "table_id", where);
  std::string table_where = fmt::format("{} table {}", where, table_id);
  element fields;
  common::Json fields_json = common::Json::array();
  if (!table["fields"].get(fields)) fields_json = json_from_element(fields);
  sink.add_table(app_token, table_id, string_member(table, "name", table_where), fields_json);
  simdjson::dom::array records;
  if (table["records"].get(records)) return;
  for (element record : records) {
    if (!record.is_object()) {
      throw common::UserError(fmt::format("{}: every record must be an object", table_where));
    }
    sink.add_record(app_token, table_id, json_from_element(record));
  }
}

void read_bases(element root, const std::string& file, DatasetSink& sink) {
  simdjson::dom::array bases;
  if (root["bases"].get(bases)) return;
  for (element base : bases) {
    std::string where = fmt::format("dataset {}: Base", file);
    std::string app_token = string_member(base, "app_token", where);
    where += " " + app_token;
    sink.add_base(app_token, string_member(base, "name", where));
    simdjson::dom::array tables;
    if (base["tables"].get(tables)) continue;
    for (element table : tables) read_table(table, app_token, where, sink);
  }
}

void read_drive(element root, const std::string& file, DatasetSink& sink) {
  simdjson::dom::object drive;
  if (root["drive"].get(drive)) return;
  for (auto folder : drive) {
    simdjson::dom::array files;
    if (folder.value.get(files)) {
      throw common::UserError(
          fmt::format("dataset {}: drive folder {} must list an array of file objects", file,
                      std::string_view(folder.key)));
    }
    for (element entry : files)
      sink.add_drive_file(std::string(folder.key), json_from_element(entry));
  }
}

}  // namespace

DatasetCredentials read_dataset_file(const std::string& path, DatasetSink& sink) {
  simdjson::padded_string text;
  if (simdjson::padded_string::load(path).get(text)) {
    throw common::UserError(
        fmt::format("dataset {} cannot be read: check the path and permissions", path));
  }
  simdjson::dom::parser parser;
  element root;
  if (auto error = parser.parse(text).get(root); error) {
    throw common::UserError(
        fmt::format("dataset {} is not valid JSON: {}", path, simdjson::error_message(error)));
  }
  if (!root.is_object()) {
    throw common::UserError(fmt::format("dataset {} must be one JSON object", path));
  }
  read_bases(root, path, sink);
  read_drive(root, path, sink);
  element control;
  if (!root["control_table"].get(control)) {
    std::string where = fmt::format("dataset {}: control_table", path);
    sink.set_control_table(string_member(control, "app_token", where),
                           string_member(control, "table_id", where));
  }
  std::string_view folder;
  if (!root["drive_folder"].get(folder)) sink.set_drive_folder(std::string(folder));
  DatasetCredentials credentials;
  std::string_view value;
  if (!root["app_id"].get(value)) credentials.app_id = std::string(value);
  if (!root["app_secret"].get(value)) credentials.app_secret = std::string(value);
  return credentials;
}

}  // namespace larkbase::emulator
