#pragma once
// The oracle's side of the SQL oracle test: the emulator's tables read with
// plain HTTP (libcurl, nlohmann JSON) from the Lark API, decoded by the type
// contract (docs: shared specs/types.md) by this file's own decoder, and loaded
// into real SQLite tables. Shares no code with src/types or src/pushdown, so a
// decoding or pushdown bug in the product shows up as a difference.
#include <sqlite3.h>

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace larkbase::sqlite::oracle {

enum class Kind { kText, kReal, kInteger, kPresence };

struct OracleColumn {
  std::string name;  // the product's column name, by the contract's naming rules
  Kind kind = Kind::kText;
};

struct OracleTable {
  std::string schema;  // lower-cased base name
  std::string name;
  std::vector<OracleColumn> columns;
  size_t rows = 0;
};

// Reads every table of every base in the emulator's handshake into `db`, one
// attached in-memory database per schema so `schema.table` names the same
// table in the oracle and in the product.
std::vector<OracleTable> load_tables(sqlite3* db, const nlohmann::json& handshake);

}  // namespace larkbase::sqlite::oracle
