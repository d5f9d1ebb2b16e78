#pragma once
// The engine-neutral connector core (design.md §2). Front ends (the SQLite
// virtual tables, the Athena handlers) talk only to this:
//
//   catalog:  list_schemas() → list_tables(schema) → get_table(schema, table)
//   planning: plan(ScanRequest{schema, table, constraints, columns}) → splits
//   reading:  read(split) → BatchReader::next() → RecordBatch ... → nullopt
//
// Rules the reader keeps (design.md §3):
// - Every batch holds ONLY rows that satisfy the request's constraints exactly:
//   the pushed Lark filter is a pre-filter, the exact evaluator runs on every
//   row before the row is emitted or counted toward the limit.
// - A batch has exactly the projected columns (ScanRequest::columns, in that
//   order; empty = every column of the table, in schema order), with the
//   column types of the TableSchema. Batches may have 0 < rows <= page size;
//   a reader never returns an empty batch.
// - A failed page (after the client's retries) makes next() throw
//   common::ExternalError naming schema.table and the cause. Rows already
//   returned by earlier next() calls are not complete: the front end must fail
//   the query. There is no "end of data" after an error.
// - When a split carries a limit (the request's LIMIT, kept only when no ORDER
//   BY is left to the engine), fetching stops as soon as `limit` exact rows
//   were emitted, and the reader never emits more.
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "catalog/source_config.hpp"
#include "columnar/record_batch.hpp"
#include "common/call_stats.hpp"
#include "common/json.hpp"
#include "connector/key_range.hpp"
#include "lark/lark_config.hpp"
#include "lark/record_query.hpp"
#include "pushdown/constraints.hpp"
#include "pushdown/translate.hpp"
#include "types/table_schema.hpp"

namespace larkbase::catalog {
class Catalog;
}

namespace larkbase::connector {

struct ScanRequest {
  std::string schema;
  std::string table;
  pushdown::Constraints constraints;  // value sets, LIKE, limit, order_by
  // Projection by column name, in output order; empty = every column.
  std::vector<std::string> columns;
};

// One unit of reading work. A plain value: everything the reader needs is in
// it, so it can cross a process boundary (Athena: one Lambda call per split)
// through to_json()/from_json() without losing anything.
struct Split {
  std::string schema;  // names for messages ("schema.table")
  std::string table;
  types::TableSchema table_schema;  // carries app_token and table_id
  std::vector<std::string>
      columns;  // the projection, resolved (never empty unless the table has no columns)

  // What is sent to Lark. query.field_names covers the projection and every
  // column the evaluator needs.
  lark::RecordQuery query;
  // Non-empty: read these records with batch_get instead of searching.
  std::vector<std::string> record_ids;

  // Evaluated exactly on every fetched row (the full constraints of the request).
  pushdown::Constraints constraints;
  std::optional<int64_t> limit;  // stop after this many exact rows
  // Set on a range split (see key_range.hpp): the range is also ANDed into
  // `constraints` and `filter`; a reader never cuts such a split again.
  std::optional<KeyRange> range;

  const std::string& app_token() const { return table_schema.app_token(); }
  const std::string& table_id() const { return table_schema.table_id(); }
  std::string qualified_name() const { return schema + "." + table; }
  // The columns a reader normalises: the projection first (output order), then the
  // extra columns the constraints are evaluated on.
  std::vector<std::string> normalised_columns() const;

  common::Json to_json() const;
  // Throws UserError when `json` is not a split to_json() produced.
  static Split from_json(const common::Json& json);
};

struct ScanPlan {
  std::vector<Split> splits;        // empty: nothing to read (e.g. LIMIT 0)
  pushdown::PushdownPlan pushdown;  // what was pushed and what is exact (for EXPLAIN)
  // Every constraint is enforced before rows leave the reader (by Lark exactly,
  // or by the exact evaluator): the front end may drop its own check (SQLite's
  // `omit`). When false, `unevaluated` lists the constraints the front end must
  // still check, and the reader does not stop early at the LIMIT.
  bool exact = true;
  std::vector<std::string> unevaluated;
  // The LIMIT is enforced by the reader (it never emits more rows than it).
  bool limit_applied = false;
};

struct ReadStats {
  uint64_t calls = 0;         // HTTP calls made for this read (incl. retries)
  uint64_t pages = 0;         // result pages received
  uint64_t retries = 0;       // retried attempts
  uint64_t bytes = 0;         // response bytes received
  uint64_t rows_fetched = 0;  // rows Lark returned
  uint64_t rows_emitted = 0;  // rows that matched exactly and were returned
  uint64_t warnings = 0;      // cells that did not convert (became NULL)
  // A read cut into concurrent key ranges: the column and the number of ranges
  // (summed over the reads added in; empty and 0 when not cut).
  std::string cut_column;
  uint64_t cut_ranges = 0;

  common::Json to_json() const;
  std::string to_string() const;    // one line, "pages=2 rows_fetched=..."
  void add(const ReadStats& more);  // counter by counter
};

class BatchReader {
 public:
  virtual ~BatchReader() = default;
  // The next batch of exactly matching rows; nullopt when the split is done.
  // Throws ExternalError on a failed page (see the rules above).
  virtual std::optional<columnar::RecordBatch> next() = 0;
  virtual ReadStats stats() const = 0;
};

struct ConnectorOptions {
  // false: push no filter, sort or page-size shrink to Lark (--no-pushdown);
  // the reader still evaluates every constraint exactly, and the record-id
  // path is not used.
  bool pushdown = true;
  // Request the next page on a worker thread while the current one is normalised.
  bool prefetch = true;
  // Read a cell whose JSON does not fit its field's type as NULL with a
  // warning, instead of failing the read (--lenient-cells). Off by default:
  // a silently NULLed cell is a wrong answer the user cannot see.
  bool lenient_cells = false;
  // What the filter translation may assume about the Lark deployment.
  pushdown::TranslateOptions translate;
  // read() of a split that can be cut (see key_range.hpp) reads a table of more
  // than `parallel_min_rows` rows as key ranges through this many concurrent
  // streams (1: one sequential stream). The ranges hold whole pages of rows, at
  // most `max_pages_per_range` pages each.
  int scan_streams = 4;
  int64_t parallel_min_rows = 1000;
  int max_pages_per_range = 4;
  // The column scans are cut on (read() and cut()): "" picks one per table
  // (key_range.hpp), "none" (kNoSplitColumn) cuts nothing, a name that column
  // in the tables that have it (--split-column, PARALLEL_SPLIT_COLUMN).
  std::string split_column;
};

struct ConnectorConfig {
  lark::LarkConfig lark;
  catalog::SourceConfig sources;
  ConnectorOptions options;

  // lark from LarkConfig::from_env(), sources from SourceConfig::from_env().
  static ConnectorConfig from_env();
};

class Connector {
 public:
  // Throws UserError when the Lark configuration is incomplete.
  static std::unique_ptr<Connector> create(ConnectorConfig config);
  virtual ~Connector() = default;

  // Sorted schema names of every enabled source (ProviderChain: first wins).
  virtual std::vector<std::string> list_schemas() = 0;
  // Sorted table names of a schema; UserError naming the schema when unknown.
  virtual std::vector<std::string> list_tables(const std::string& schema) = 0;
  // UserError naming schema.table and the remedy when unknown.
  virtual types::TableSchema get_table(const std::string& schema, const std::string& table) = 0;
  // Ad-hoc access to any table by ids (the SQL table function lark_table()).
  virtual types::TableSchema get_table_by_id(const std::string& app_token,
                                             const std::string& table_id) = 0;

  // Plans a scan of a catalog table. Throws UserError for an unknown table or
  // an unknown projected column.
  virtual ScanPlan plan(const ScanRequest& request) = 0;
  // Plans a scan of a table given by ids (lark_table()); `schema`/`table` of
  // the request are ignored and the split is named "<app_token>.<table_id>".
  virtual ScanPlan plan_by_id(const std::string& app_token, const std::string& table_id,
                              const ScanRequest& request) = 0;

  // Reads a split. A split that can be cut (a search with no sort, no limit and
  // no range, on a table with a split column, pushdown on) is probed with
  // one or two calls and, when large enough, read as concurrent range splits
  // (options().scan_streams); its batches then come in the order they are read.
  virtual std::unique_ptr<BatchReader> read(const Split& split) = 0;

  // For engines that distribute splits themselves (Athena): cuts `split` into
  // range splits of about `rows_per_split` rows (at most `max_splits`) after one
  // probe call. Returns {split} unchanged when it cannot or need not be cut. Each
  // returned split is read by read() as it is, without a further cut.
  virtual std::vector<Split> cut(const Split& split, int64_t rows_per_split, int max_splits) = 0;

  // Lark calls made from now on fit their retries before `deadline` and fail
  // (retryable) once it has passed; nullopt lifts it. For a front end whose caller
  // has a deadline (a Lambda invocation); one deadline for the whole connector.
  virtual void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) = 0;

  // Duplicates and name collisions the catalog found (for `larkbase tables`).
  virtual std::vector<std::string> warnings() = 0;
  // Counters of every Lark call this connector made.
  virtual common::CallStats& stats() = 0;
  virtual catalog::Catalog& catalog() = 0;
  virtual const ConnectorOptions& options() const = 0;
};

}  // namespace larkbase::connector
