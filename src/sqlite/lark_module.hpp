#pragma once
// The SQLite virtual-table module "lark": one virtual table per Lark table,
// `CREATE VIRTUAL TABLE <schema>.<table> USING lark(<schema>, <table>)`, whose
// scans go through the connector with the constraints xBestIndex found.
#include <sqlite3.h>

#include <exception>
#include <functional>
#include <string>

#include "connector/connector.hpp"
#include "sqlite/scan_log.hpp"
#include "sqlite/snapshot_cache.hpp"

namespace larkbase::sqlite {

// Shared by every virtual table of one database connection.
struct SessionState {
  explicit SessionState(connector::Connector& connector_ref) : connector(connector_ref) {}

  connector::Connector& connector;
  ScanLog log;
  SnapshotCache snapshots;  // of the running statement
  // The exception behind the last virtual-table error, so the session can rethrow
  // it with its kind (user, external, internal) instead of a bare SQLite message.
  std::exception_ptr error;
  // Called after each batch a scan receives, with the scan's counters so far
  // (the shell's progress line). Empty: nobody listens.
  std::function<void(const std::string& table, const connector::ReadStats& stats)> on_batch;
};

// Registers "lark" on `db`. `state` must outlive the connection's use of the module.
// Throws InternalError when SQLite refuses.
void register_lark_module(sqlite3* db, SessionState& state);

}  // namespace larkbase::sqlite
