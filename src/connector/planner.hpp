#pragma once
// Planning without I/O: a table's schema and a scan request → the splits. One
// split per table (Lark has no range partitioning a reader could rely on: the
// reference connector's split-key ranges lost rows when keys had gaps), a
// record-id split when the constraints name the records, none when nothing can
// match (LIMIT 0, contradictory constraints).
#include <string>

#include "connector/connector.hpp"

namespace larkbase::connector {

// Throws UserError naming schema.table for an unknown projected or constrained column.
ScanPlan make_scan_plan(const std::string& schema, const std::string& table,
                        const types::TableSchema& table_schema, const ScanRequest& request,
                        const ConnectorOptions& options);

}  // namespace larkbase::connector
