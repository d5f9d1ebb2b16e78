#include "loader/db.hpp"

#include <regex>

#include "common/error.hpp"
#include "loader/pg_db.hpp"
#include "loader/sqlite_db.hpp"

namespace larkbase::loader {

std::string Db::quote(const std::string& identifier) const {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::unique_ptr<Db> open_db(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) return std::make_unique<SqliteDb>(url.substr(7));
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return std::make_unique<PgDb>(url);
  }
  throw common::UserError("database URL '" + describe_url(url) +
                          "' is not supported: use sqlite:PATH or postgresql://host:port/db");
}

std::string describe_url(const std::string& url) {
  // user:password@ → user:***@ ; password=… → password=***
  static const std::regex kUserInfo(R"(://([^:/@]*):[^@/]*@)");
  static const std::regex kParam(R"(password=[^&\s]*)");
  std::string out = std::regex_replace(url, kUserInfo, "://$1:***@");
  return std::regex_replace(out, kParam, "password=***");
}

}  // namespace larkbase::loader
