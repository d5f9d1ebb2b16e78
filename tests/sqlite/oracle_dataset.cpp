#include "oracle_dataset.hpp"

#include <curl/curl.h>

#include <cctype>
#include <charconv>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

namespace larkbase::sqlite::oracle {
namespace {

using nlohmann::json;

size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

// One HTTP exchange; the body parsed, and Lark's `code` checked.
json call(const std::string& url, const std::string& token, const json* body) {
  CURL* curl = curl_easy_init();
  if (curl == nullptr) throw std::runtime_error("curl_easy_init failed");
  std::string text, payload = body ? body->dump() : "";
  curl_slist* headers = curl_slist_append(nullptr, "Content-Type: application/json");
  if (!token.empty())
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &text);
  if (body) curl_easy_setopt(curl, CURLOPT_POSTFIELDS, payload.c_str());
  CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  curl_easy_cleanup(curl);
  if (rc != CURLE_OK) throw std::runtime_error(url + ": " + curl_easy_strerror(rc));
  json parsed = json::parse(text);
  if (parsed.value("code", -1) != 0) throw std::runtime_error(url + ": " + text);
  return parsed;
}

// Every item of a paged Lark list (GET) or search (POST).
std::vector<json> all_items(const std::string& url, const std::string& token, bool search) {
  std::vector<json> items;
  std::string page_token;
  for (;;) {
    std::string page_url = url + "?page_size=" + (search ? "500" : "100");
    if (!page_token.empty()) page_url += "&page_token=" + page_token;
    json body = json::object();
    json data = call(page_url, token, search ? &body : nullptr).at("data");
    for (auto& item : data.at("items")) items.push_back(item);
    if (!data.value("has_more", false)) break;
    page_token = data.at("page_token").get<std::string>();
  }
  return items;
}

// The contract's column naming, written from its prose.
std::string sanitized(const std::string& name, const std::string& field_id) {
  std::string out;
  for (unsigned char c : name) {
    if (c >= 0x80) return sanitized("", field_id);
    char lower = static_cast<char>(std::tolower(c));
    bool keep = std::isalnum(static_cast<unsigned char>(lower)) || lower == '_';
    char next = keep ? lower : '_';
    if (next == '_' && !out.empty() && out.back() == '_') continue;
    out += next;
  }
  if (out.empty()) {
    // The identifier rules apply to the fallback name too: Athena lower-cases it.
    out = "field_";
    for (unsigned char c : field_id) out += static_cast<char>(std::tolower(c));
  }
  if (std::isdigit(static_cast<unsigned char>(out[0]))) out = "_" + out;
  return out;
}

std::string text_of_segments(const json& cell) {
  if (cell.is_string()) return cell.get<std::string>();
  std::string out;
  for (const auto& segment : cell) out += segment.value("text", "");
  return out;
}

std::string shortest(double value) {
  char buffer[64];
  auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
  return std::string(buffer, end);
}

std::string formula_text(const json& cell) {
  std::string out;
  bool first = true;
  for (const auto& item : cell.at("value")) {
    if (!first) out += ",";
    first = false;
    if (item.is_number_integer()) {
      out += std::to_string(item.get<int64_t>());
    } else if (item.is_number()) {
      out += shortest(item.get<double>());
    } else if (item.is_boolean()) {
      out += item.get<bool>() ? "true" : "false";
    } else if (item.is_string()) {
      out += item.get<std::string>();
    } else if (item.is_object()) {
      out += item.value("text", "");
    } else {
      out += text_of_segments(item);
    }
  }
  return out;
}

// How one field's cells become SQL values; nullopt: not a column.
std::optional<Kind> kind_of(const std::string& ui_type) {
  static const std::map<std::string, Kind> kinds = {{"Text", Kind::kText},
                                                    {"Barcode", Kind::kText},
                                                    {"Email", Kind::kText},
                                                    {"Phone", Kind::kText},
                                                    {"SingleSelect", Kind::kText},
                                                    {"AutoNumber", Kind::kText},
                                                    {"GroupChat", Kind::kText},
                                                    {"Formula", Kind::kText},
                                                    {"Number", Kind::kReal},
                                                    {"Progress", Kind::kReal},
                                                    {"Currency", Kind::kReal},
                                                    {"Rating", Kind::kInteger},
                                                    {"DateTime", Kind::kInteger},
                                                    {"CreatedTime", Kind::kInteger},
                                                    {"ModifiedTime", Kind::kInteger},
                                                    {"Checkbox", Kind::kInteger},
                                                    {"MultiSelect", Kind::kPresence},
                                                    {"User", Kind::kPresence},
                                                    {"CreatedUser", Kind::kPresence},
                                                    {"ModifiedUser", Kind::kPresence},
                                                    {"Url", Kind::kPresence},
                                                    {"Attachment", Kind::kPresence},
                                                    {"SingleLink", Kind::kPresence},
                                                    {"DuplexLink", Kind::kPresence},
                                                    {"Location", Kind::kPresence},
                                                    {"Lookup", Kind::kPresence}};
  auto found = kinds.find(ui_type);
  if (found == kinds.end()) return std::nullopt;
  return found->second;
}

struct FieldPlan {
  std::string lark_name;
  std::string ui_type;
  OracleColumn column;
};

void bind_cell(sqlite3_stmt* insert, int slot, const FieldPlan& field, const json* cell) {
  bool empty = cell == nullptr || cell->is_null() || (cell->is_array() && cell->empty()) ||
               (cell->is_object() && cell->contains("link_record_ids") &&
                cell->at("link_record_ids").empty()) ||
               (cell->is_object() && cell->contains("value") && cell->at("value").empty());
  if (field.ui_type == "Checkbox") {
    sqlite3_bind_int64(insert, slot, !empty && cell->get<bool>() ? 1 : 0);
    return;
  }
  if (empty) {
    sqlite3_bind_null(insert, slot);
    return;
  }
  std::string text;
  switch (field.column.kind) {
    case Kind::kReal:
      sqlite3_bind_double(insert, slot, cell->get<double>());
      return;
    case Kind::kInteger:
      sqlite3_bind_int64(insert, slot, cell->get<int64_t>());
      return;
    case Kind::kPresence:
      sqlite3_bind_int64(insert, slot, 1);
      return;
    case Kind::kText:
      if (field.ui_type == "Formula") {
        text = formula_text(*cell);
      } else if (field.ui_type == "GroupChat") {
        for (const auto& chat : *cell) text += (text.empty() ? "" : ",") + chat.value("id", "");
      } else {
        text = text_of_segments(*cell);
      }
      sqlite3_bind_text(insert, slot, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      return;
  }
}

void exec(sqlite3* db, const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error ? error : "?";
    sqlite3_free(error);
    throw std::runtime_error(sql + ": " + message);
  }
}

std::string sql_name(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

const char* declared(Kind kind) {
  switch (kind) {
    case Kind::kReal:
      return "REAL";
    case Kind::kInteger:
    case Kind::kPresence:
      return "INTEGER";
    default:
      return "TEXT";
  }
}

OracleTable load_table(sqlite3* db, const std::string& url, const std::string& token,
                       const std::string& schema, const std::string& app_token, const json& table) {
  std::string table_id = table.at("table_id").get<std::string>();
  std::string base = url + "/open-apis/bitable/v1/apps/" + app_token + "/tables/" + table_id;
  std::vector<FieldPlan> fields;
  std::set<std::string> used = {"$reserved_record_id", "$reserved_table_id", "$reserved_base_id",
                                "$reserved_split_key"};
  bool split_key = false;
  for (const auto& field : all_items(base + "/fields", token, false)) {
    std::string name = field.at("field_name").get<std::string>();
    std::string ui_type = field.value("ui_type", "");
    auto kind = kind_of(ui_type);
    if (!kind) continue;
    if (name == "$reserved_split_key" && !split_key && ui_type == "Number") {
      split_key = true;  // the contract's split key, appended last
      continue;
    }
    std::string column = sanitized(name, field.at("field_id").get<std::string>());
    if (used.count(column)) {
      std::string base_name = column;
      for (int n = 2; used.count(column); ++n) column = base_name + "_" + std::to_string(n);
    }
    used.insert(column);
    fields.push_back({name, ui_type, {column, *kind}});
  }
  OracleTable out{schema, table.at("name").get<std::string>(), {}, 0};
  std::string create = "CREATE TABLE " + sql_name(schema) + "." + sql_name(out.name) + "(";
  std::string insert_sql =
      "INSERT INTO " + sql_name(schema) + "." + sql_name(out.name) + " VALUES(";
  for (const auto& field : fields) out.columns.push_back(field.column);
  out.columns.push_back({"$reserved_record_id", Kind::kText});
  out.columns.push_back({"$reserved_table_id", Kind::kText});
  out.columns.push_back({"$reserved_base_id", Kind::kText});
  if (split_key) out.columns.push_back({"$reserved_split_key", Kind::kInteger});
  for (size_t i = 0; i < out.columns.size(); ++i) {
    create += (i ? ", " : "") + sql_name(out.columns[i].name) + " " + declared(out.columns[i].kind);
    insert_sql += i ? ", ?" : "?";
  }
  exec(db, create + ")");
  sqlite3_stmt* insert = nullptr;
  if (sqlite3_prepare_v2(db, (insert_sql + ")").c_str(), -1, &insert, nullptr) != SQLITE_OK) {
    throw std::runtime_error(sqlite3_errmsg(db));
  }
  for (const auto& record : all_items(base + "/records/search", token, true)) {
    const json& cells = record.at("fields");
    int slot = 1;
    for (const auto& field : fields) {
      auto found = cells.find(field.lark_name);
      bind_cell(insert, slot++, field, found == cells.end() ? nullptr : &*found);
    }
    for (const std::string& text :
         {record.at("record_id").get<std::string>(), table_id, app_token}) {
      sqlite3_bind_text(insert, slot++, text.c_str(), -1, SQLITE_TRANSIENT);
    }
    if (split_key) {
      auto found = cells.find("$reserved_split_key");
      if (found == cells.end() || found->is_null()) {
        sqlite3_bind_null(insert, slot);
      } else {
        sqlite3_bind_int64(insert, slot, static_cast<int64_t>(found->get<double>()));
      }
    }
    if (sqlite3_step(insert) != SQLITE_DONE) throw std::runtime_error(sqlite3_errmsg(db));
    sqlite3_reset(insert);
    out.rows += 1;
  }
  sqlite3_finalize(insert);
  return out;
}

}  // namespace

std::vector<OracleTable> load_tables(sqlite3* db, const nlohmann::json& handshake) {
  std::string url = handshake.at("url").get<std::string>();
  json credentials = {{"app_id", handshake.at("app_id")},
                      {"app_secret", handshake.at("app_secret")}};
  std::string token =
      call(url + "/open-apis/auth/v3/tenant_access_token/internal", "", &credentials)
          .at("tenant_access_token")
          .get<std::string>();
  std::vector<OracleTable> tables;
  for (const auto& base : handshake.at("bases")) {
    std::string schema = base.at("name").get<std::string>();
    for (char& c : schema) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    exec(db, "ATTACH ':memory:' AS " + sql_name(schema));
    for (const auto& table : base.at("tables")) {
      tables.push_back(
          load_table(db, url, token, schema, base.at("app_token").get<std::string>(), table));
    }
  }
  return tables;
}

}  // namespace larkbase::sqlite::oracle
