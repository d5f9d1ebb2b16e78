#pragma once
// Test support: the demo emulator (one per test binary), connectors configured
// for it (pushdown on or off), and result rows as comparable text.
#include <fmt/format.h>

#include <algorithm>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "connector/connector.hpp"
#include "emulator_connector_config.hpp"
#include "emulator_process.hpp"
#include "sqlite/sql_session.hpp"

namespace larkbase::sqlite::testing {

using larkbase::testing::EmulatorProcess;

// More rows than one 500-record page, so "one page" assertions mean something.
inline constexpr const char* kDemoRows = "1200";

// The shared demo emulator; started on first use, killed at exit.
inline EmulatorProcess& demo_emulator() {
  static EmulatorProcess process({"--demo", "--rows", kDemoRows});
  return process;
}

// The emulator's configuration, with a patient retry policy so a faulty emulator
// fails in the table's own calls only after real retries.
inline connector::ConnectorConfig demo_config(const EmulatorProcess& emulator, bool pushdown) {
  connector::ConnectorConfig config =
      larkbase::testing::emulator_connector_config(emulator, pushdown);
  config.lark.retry.max_attempts = 8;
  config.lark.retry.base_delay = std::chrono::milliseconds(5);
  config.lark.retry.max_delay = std::chrono::milliseconds(50);
  return config;
}

// A connector and a session over it.
struct Sql {
  explicit Sql(connector::ConnectorConfig config)
      : connector(connector::Connector::create(std::move(config))), session(*connector) {}
  std::unique_ptr<connector::Connector> connector;
  SqlSession session;
};

inline std::unique_ptr<Sql> demo_sql(bool pushdown) {
  return std::make_unique<Sql>(demo_config(demo_emulator(), pushdown));
}

// Typed text, so 1, 1.0 and '1' stay different.
inline std::string value_text(const SqlValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return "i:" + std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) return fmt::format("r:{}", *d);
  if (const auto* s = std::get_if<std::string>(&value)) return "t:" + *s;
  return "NULL";
}

inline std::string row_text(const std::vector<SqlValue>& row) {
  std::string out;
  for (const auto& value : row) out += value_text(value) + "|";
  return out;
}

inline std::vector<std::string> rows_in_order(const SqlResult& result) {
  std::vector<std::string> rows;
  for (const auto& row : result.rows) rows.push_back(row_text(row));
  return rows;
}

inline std::vector<std::string> rows_sorted(const SqlResult& result) {
  auto rows = rows_in_order(result);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// Every row of `part` is a distinct row of `whole` (as multisets).
inline bool is_sub_multiset(std::vector<std::string> part, std::vector<std::string> whole) {
  std::sort(part.begin(), part.end());
  std::sort(whole.begin(), whole.end());
  return std::includes(whole.begin(), whole.end(), part.begin(), part.end());
}

// A SQL literal for a sample value.
inline std::string literal(const SqlValue& value) {
  if (const auto* i = std::get_if<int64_t>(&value)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&value)) return fmt::format("{:.17g}", *d);
  if (const auto* s = std::get_if<std::string>(&value)) {
    std::string out = "'";
    for (char c : *s) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
  }
  return "NULL";
}

inline std::string quoted(const std::string& name) {
  std::string out = "\"";
  for (char c : name) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace larkbase::sqlite::testing
