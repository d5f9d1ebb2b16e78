#pragma once
// Every row of a table, for the columns a family of scans reads, fetched once.
//
// A nested-loop join scans its inner table once per outer row, each time with that
// row's value pushed (a record-id lookup, or a filter): one Lark call per outer row.
// When such scans repeat, the SQL front end reads the table once into a snapshot and
// answers the remaining scans from memory with the same exact evaluator a reader
// uses, so the rows are the ones the scans would have returned (as of the snapshot's
// read; the front end keeps a snapshot for one statement only).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "connector/connector.hpp"

namespace larkbase::connector {

class TableSnapshot {
 public:
  // Reads every row of `like`'s table with the columns `like` normalises, and no
  // filter, one page after another. Gives up (null) when the table has more than
  // `max_pages` full pages of rows, so a large table costs a bounded number of
  // calls (`max_pages` + 1), or once its batches hold more than `max_bytes`, so
  // memory stays bounded; `spent` receives what the read cost either way.
  static std::shared_ptr<const TableSnapshot> load(Connector& connector, const Split& like,
                                                   int64_t max_pages, ReadStats& spent,
                                                   size_t max_bytes = kDefaultMaxBytes);

  // The memory budget of one snapshot.
  static constexpr size_t kDefaultMaxBytes = size_t(64) << 20;

  // Whether a snapshot of `split`'s table could answer it (no sort, and constraints
  // the evaluator enforces in full): checked before reading one for it.
  static bool could_serve(const Split& split);

  // Whether `split` can be answered from this snapshot: the same table, columns the
  // snapshot holds, no sort to honour, and constraints the evaluator enforces in full
  // (a constraint only Lark enforces would let extra rows through).
  bool serves(const Split& split) const;

  // The rows of `split`, evaluated exactly against its constraints and LIMIT, in the
  // projection's layout. Only for a split serves() accepts.
  std::unique_ptr<BatchReader> read(const Split& split) const;

  int64_t rows() const { return rows_; }

  struct RowRef {
    uint32_t batch = 0;
    uint32_t row = 0;
    auto operator<=>(const RowRef&) const = default;
  };

 private:
  void index_record_ids();

  std::string app_token_, table_id_;
  std::vector<std::string> columns_;  // of every batch
  columnar::SchemaPtr schema_;
  std::shared_ptr<const std::vector<columnar::RecordBatch>> batches_;
  int64_t rows_ = 0;
  std::unordered_map<std::string_view, RowRef> by_record_id_;  // when the ids were read
};

}  // namespace larkbase::connector
