#include "loader/connections.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "common/env.hpp"
#include "common/error.hpp"
#include "loader/aws_secret.hpp"
#include "loader/lark_source.hpp"
#include "loader/pg_db.hpp"

namespace larkbase::loader {
namespace {

nlohmann::json parse_config(const SourceConfig& s) {
  try {
    auto j = nlohmann::json::parse(s.config_json);
    if (!j.is_object()) throw common::UserError("");
    return j;
  } catch (const std::exception&) {
    throw common::UserError("source '" + s.key + "': connection config must be a JSON object");
  }
}

std::string field(const SourceConfig& s, const nlohmann::json& j, const char* name, bool required) {
  if (!j.contains(name)) {
    if (required) {
      throw common::UserError("source '" + s.key + "' (" + s.db_type + ") needs the field '" +
                              name + "'");
    }
    return "";
  }
  if (!j[name].is_string() && !j[name].is_number()) {
    throw common::UserError("source '" + s.key + "': field '" + name + "' must be a string");
  }
  std::string value = j[name].is_string() ? j[name].get<std::string>() : j[name].dump();
  return resolve_secret(name, value);
}

bool is_reference(const std::string& v) {
  return v.rfind("env:", 0) == 0 || v.rfind("file:", 0) == 0 || v.rfind("aws-sm:", 0) == 0;
}

std::string conninfo_value(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\'' || c == '\\') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

std::string resolve_secret(const std::string& field, const std::string& reference) {
  if (reference.rfind("env:", 0) == 0) {
    std::string name = reference.substr(4);
    auto value = common::env_string(name.c_str());
    if (!value) {
      throw common::UserError("field '" + field + "' refers to environment variable " + name +
                              ", which is not set");
    }
    return *value;
  }
  if (reference.rfind("file:", 0) == 0) {
    std::string path = reference.substr(5);
    std::ifstream in(path);
    if (!in)
      throw common::UserError("field '" + field + "' refers to file " + path +
                              ", which cannot be read");
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string value = buffer.str();
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    return value;
  }
  if (reference.rfind("aws-sm:", 0) == 0) return read_aws_sm_reference(field, reference.substr(7));
  return reference;
}

void validate_source(const SourceConfig& s) {
  auto j = parse_config(s);
  if (s.db_type == "sqlite") {
    if (!j.contains("path"))
      throw common::UserError("source '" + s.key + "' (sqlite) needs the field 'path'");
  } else if (s.db_type == "postgresql") {
    for (const char* f : {"host", "port", "service_name", "user"}) {
      if (!j.contains(f)) {
        throw common::UserError("source '" + s.key + "' (postgresql) needs the field '" +
                                std::string(f) + "'");
      }
    }
  } else if (s.db_type == "lark") {
    validate_lark_source(s);
  } else {
    throw common::UserError("source '" + s.key + "': db_type '" + s.db_type +
                            "' is not supported yet: use postgresql, sqlite or lark");
  }
  for (const char* secret : {"password", "app_secret", "pem_private_key"}) {
    if (j.contains(secret) &&
        !(j[secret].is_string() && is_reference(j[secret].get<std::string>()))) {
      throw common::UserError("source '" + s.key + "': field '" + std::string(secret) +
                              "' must be a reference (env:NAME, file:/path or "
                              "aws-sm:SECRET[#key]), never the secret itself: the control database "
                              "does not store secrets in clear");
    }
  }
}

std::unique_ptr<Db> connect(const SourceConfig& s) {
  auto j = parse_config(s);
  if (s.db_type == "sqlite") return open_db("sqlite:" + field(s, j, "path", true));
  if (s.db_type == "postgresql") {
    std::string conninfo = "host=" + conninfo_value(field(s, j, "host", true)) +
                           " port=" + conninfo_value(field(s, j, "port", true)) +
                           " dbname=" + conninfo_value(field(s, j, "service_name", true)) +
                           " user=" + conninfo_value(field(s, j, "user", true)) +
                           " connect_timeout=10";
    std::string password = field(s, j, "password", false);
    if (!password.empty()) conninfo += " password=" + conninfo_value(password);
    std::string label = "postgresql source '" + s.key + "'";
    return std::make_unique<PgDb>(conninfo, label);
  }
  throw common::UserError("source '" + s.key + "' (" + s.db_type + ") cannot be opened as SQL");
}

std::unique_ptr<Source> open_source(const SourceConfig& s) {
  if (s.db_type == "lark") return std::make_unique<LarkSource>(s);
  return std::make_unique<SqlSource>(connect(s), make_dialect(s.db_type));
}

}  // namespace larkbase::loader
