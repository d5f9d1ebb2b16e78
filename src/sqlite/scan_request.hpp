#pragma once
// xFilter's half of the pushdown: the index plan plus the actual argument values
// → the connector's ScanRequest, and a note of everything left to SQLite.
#include <sqlite3.h>

#include <string>
#include <vector>

#include "connector/connector.hpp"
#include "sqlite/bound_table.hpp"
#include "sqlite/index_plan.hpp"

namespace larkbase::sqlite {

struct BuiltRequest {
  connector::ScanRequest request;
  // What SQLite still does itself (for --explain): unpushed terms, the sort, the LIMIT.
  std::vector<std::string> local;
};

// The LIMIT (plus OFFSET: SQLite skips the offset rows itself) is only put into
// the request when every WHERE term was pushed exactly; otherwise the reader
// would stop after N rows that SQLite might still reject, and rows would be lost.
BuiltRequest build_scan_request(const BoundTable& table, const IndexPlan& plan, int argc,
                                sqlite3_value** argv);

}  // namespace larkbase::sqlite
