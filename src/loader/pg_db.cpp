#include "loader/pg_db.hpp"

#include <algorithm>
#include <memory>

#include "common/error.hpp"

namespace larkbase::loader {
namespace {

// The names of the built-in type OIDs (pg_type.dat) that column_kind() tells
// apart; any other type reads as text.
std::string type_name(Oid oid) {
  switch (oid) {
    case 16:
      return "boolean";
    case 20:
    case 21:
    case 23:
      return "integer";
    case 700:
    case 701:
      return "double precision";
    case 1700:
      return "numeric";
    case 1082:
      return "date";
    case 1114:
    case 1184:
      return "timestamp";
    default:
      return "";
  }
}

struct ResultCloser {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResult = std::unique_ptr<PGresult, ResultCloser>;

// SQLSTATE classes a retry can fix: connection (08), serialization and
// deadlock (40), lock not available (55P03), operator intervention (57).
bool retryable_state(const char* state) {
  if (state == nullptr) return true;  // no server answer: the connection broke
  std::string s(state);
  return s.rfind("08", 0) == 0 || s.rfind("40", 0) == 0 || s == "55P03" || s.rfind("57", 0) == 0;
}

std::string copy_escape(const std::string& value) {
  std::string out;
  out.reserve(value.size());
  for (char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

PgDb::PgDb(const std::string& url, const std::string& label)
    : label_(label.empty() ? describe_url(url) : label) {
  conn_ = PQconnectdb(url.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    // libpq's message names host and port, never the password.
    std::string message = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    while (!message.empty() && message.back() == '\n') message.pop_back();
    throw common::ExternalError("cannot connect to PostgreSQL '" + label_ + "': " + message, true);
  }
  // Times are written and read in UTC, whatever the server's default.
  exec_script("SET TimeZone = 'UTC'; SET client_min_messages = warning");
}

PgDb::~PgDb() { PQfinish(conn_); }

void PgDb::fail(const std::string& what, PGresult* result) const {
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  std::string message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn_);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  std::string text = "PostgreSQL '" + label_ + "': " + what + ": " + message;
  if (state) text += " (SQLSTATE " + std::string(state) + ")";
  throw common::ExternalError(text, retryable_state(state));
}

Result PgDb::exec(const std::string& sql, const Params& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const Value& v : params) values.push_back(v ? v->c_str() : nullptr);
  PgResult r(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                          values.data(), nullptr, nullptr, 0));
  ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("statement failed", r.get());
  Result result;
  int columns = PQnfields(r.get());
  int rows = PQntuples(r.get());
  for (int c = 0; c < columns; ++c) {
    result.columns.emplace_back(PQfname(r.get(), c));
    result.column_types.emplace_back(type_name(PQftype(r.get(), c)));
  }
  result.rows.reserve(rows);
  for (int i = 0; i < rows; ++i) {
    Row row;
    row.reserve(columns);
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(r.get(), i, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(r.get(), i, c), PQgetlength(r.get(), i, c)));
      }
    }
    result.rows.push_back(std::move(row));
  }
  const char* affected = PQcmdTuples(r.get());
  result.affected = (affected && *affected) ? std::stoll(affected) : 0;
  return result;
}

void PgDb::query_batches(const std::string& sql, const Params& params, std::size_t batch_rows,
                         const BatchFn& on_batch) {
  exec_script("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
  try {
    exec("DECLARE larkbase_read NO SCROLL CURSOR FOR " + sql, params);
    std::string fetch = "FETCH FORWARD " + std::to_string(std::max<std::size_t>(1, batch_rows)) +
                        " FROM larkbase_read";
    for (;;) {
      Result r = exec(fetch);
      if (r.rows.empty()) break;
      on_batch(r.rows);
    }
    exec_script("CLOSE larkbase_read; COMMIT");
  } catch (...) {
    rollback();
    throw;
  }
}

void PgDb::exec_script(const std::string& sql) {
  PgResult r(PQexec(conn_, sql.c_str()));
  ExecStatusType status = PQresultStatus(r.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail("script failed", r.get());
}

void PgDb::bulk_insert(const std::string& table, const std::vector<std::string>& columns,
                       const std::vector<Row>& rows) {
  std::string sql = "COPY " + table + " (";
  for (std::size_t i = 0; i < columns.size(); ++i) sql += (i ? ", " : "") + columns[i];
  sql += ") FROM STDIN";
  PgResult start(PQexec(conn_, sql.c_str()));
  if (PQresultStatus(start.get()) != PGRES_COPY_IN) fail("COPY into " + table, start.get());
  std::string buffer;
  auto flush = [&] {
    if (PQputCopyData(conn_, buffer.data(), static_cast<int>(buffer.size())) != 1) {
      fail("COPY data into " + table, nullptr);
    }
    buffer.clear();
  };
  for (const Row& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i) buffer += '\t';
      buffer += row[i] ? copy_escape(*row[i]) : "\\N";
    }
    buffer += '\n';
    if (buffer.size() > (1 << 20)) flush();
  }
  if (!buffer.empty()) flush();
  if (PQputCopyEnd(conn_, nullptr) != 1) fail("COPY end for " + table, nullptr);
  PgResult end(PQgetResult(conn_));
  if (PQresultStatus(end.get()) != PGRES_COMMAND_OK) fail("COPY into " + table, end.get());
  while (PGresult* extra = PQgetResult(conn_)) PQclear(extra);
}

void PgDb::begin() { exec_script("BEGIN"); }
void PgDb::commit() { exec_script("COMMIT"); }
void PgDb::rollback() noexcept {
  PGresult* r = PQexec(conn_, "ROLLBACK");
  PQclear(r);
}

}  // namespace larkbase::loader
