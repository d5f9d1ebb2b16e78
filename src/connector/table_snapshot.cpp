#include "connector/table_snapshot.hpp"

#include <algorithm>

#include "columnar/take.hpp"
#include "pushdown/evaluator.hpp"

namespace larkbase::connector {
namespace {

// Answers one split from a snapshot's batches: the split's constraints are evaluated
// exactly on every candidate row, as a SplitReader evaluates every fetched row. The
// candidates are every row, or, for a lookup by record id, the rows of those ids.
class SnapshotReader final : public BatchReader {
 public:
  SnapshotReader(std::shared_ptr<const std::vector<columnar::RecordBatch>> batches,
                 const columnar::SchemaPtr& snapshot_schema, std::vector<size_t> output_columns,
                 const Split& split, std::optional<std::vector<TableSnapshot::RowRef>> candidates)
      : batches_(std::move(batches)),
        snapshot_schema_(snapshot_schema),
        evaluator_(split.constraints, *snapshot_schema),
        output_columns_(std::move(output_columns)),
        limit_(split.limit),
        candidates_(std::move(candidates)) {
    auto schema = std::make_shared<columnar::Schema>();
    for (size_t index : output_columns_) schema->fields.push_back(snapshot_schema->fields[index]);
    output_schema_ = std::move(schema);
    for (size_t i = 0; i < snapshot_schema->fields.size(); ++i) all_columns_.push_back(i);
    if (candidates_) {
      std::sort(candidates_->begin(), candidates_->end());
      candidates_->erase(std::unique(candidates_->begin(), candidates_->end()), candidates_->end());
    }
  }

  std::optional<columnar::RecordBatch> next() override {
    while (next_batch_ < batches_->size()) {
      if (limit_ && int64_t(stats_.rows_emitted) >= *limit_) return std::nullopt;
      size_t index = next_batch_++;
      const columnar::RecordBatch* batch = &(*batches_)[index];
      columnar::RecordBatch subset;
      if (candidates_) {
        std::vector<uint32_t> rows = candidate_rows(index);
        if (rows.empty()) continue;
        subset = columnar::take_rows(*batch, rows, all_columns_, snapshot_schema_);
        batch = &subset;
      }
      std::vector<uint32_t> rows = evaluator_.select(*batch);
      if (limit_) {
        int64_t room = *limit_ - int64_t(stats_.rows_emitted);
        if (int64_t(rows.size()) > room) rows.resize(size_t(room));
      }
      stats_.rows_emitted += rows.size();
      if (!rows.empty()) return columnar::take_rows(*batch, rows, output_columns_, output_schema_);
    }
    return std::nullopt;
  }

  ReadStats stats() const override { return stats_; }  // no Lark call: all zero but rows

 private:
  // The candidate rows of batch `index` (candidates are sorted by batch, then row).
  std::vector<uint32_t> candidate_rows(size_t index) {
    std::vector<uint32_t> rows;
    while (next_candidate_ < candidates_->size() &&
           (*candidates_)[next_candidate_].batch == index) {
      rows.push_back((*candidates_)[next_candidate_++].row);
    }
    return rows;
  }

  std::shared_ptr<const std::vector<columnar::RecordBatch>> batches_;
  columnar::SchemaPtr snapshot_schema_;
  pushdown::Evaluator evaluator_;
  std::vector<size_t> output_columns_;
  std::vector<size_t> all_columns_;
  columnar::SchemaPtr output_schema_;
  std::optional<int64_t> limit_;
  std::optional<std::vector<TableSnapshot::RowRef>> candidates_;
  size_t next_batch_ = 0;
  size_t next_candidate_ = 0;
  ReadStats stats_;
};

class EmptyReader final : public BatchReader {
 public:
  std::optional<columnar::RecordBatch> next() override { return std::nullopt; }
  ReadStats stats() const override { return {}; }
};

// The same split with nothing pushed or limited: every row of the table.
Split whole_table(const Split& like) {
  Split scan = like;
  scan.columns = like.normalised_columns();
  scan.query.filter = nullptr;
  scan.query.sort = nullptr;
  scan.query.page_size = lark::kMaxSearchPageSize;
  scan.record_ids.clear();
  scan.constraints = pushdown::Constraints{};
  scan.limit.reset();
  return scan;
}

}  // namespace

std::shared_ptr<const TableSnapshot> TableSnapshot::load(Connector& connector, const Split& like,
                                                         int64_t max_pages, ReadStats& spent,
                                                         size_t max_bytes) {
  Split scan = whole_table(like);
  // A LIMIT one row past the page budget: a LIMIT read is never cut into
  // concurrent ranges, so it stops at the budget (a cut read's streams would
  // have fetched further), and a full LIMIT means the table is larger.
  const int64_t budget_rows = max_pages * int64_t(scan.query.page_size);
  scan.limit = budget_rows + 1;
  auto snapshot = std::make_shared<TableSnapshot>();
  snapshot->app_token_ = scan.app_token();
  snapshot->table_id_ = scan.table_id();
  snapshot->columns_ = scan.columns;
  std::vector<columnar::RecordBatch> batches;
  {
    std::unique_ptr<BatchReader> reader = connector.read(scan);
    bool complete = true;
    size_t bytes = 0;
    while (auto batch = reader->next()) {
      bytes += batch->memory_bytes();
      if (bytes > max_bytes) {  // over the memory budget: answer the scans from Lark
        complete = false;
        break;
      }
      snapshot->rows_ += batch->num_rows;
      if (!snapshot->schema_) snapshot->schema_ = batch->schema;
      batches.push_back(std::move(*batch));
    }
    if (snapshot->rows_ > budget_rows) complete = false;
    ReadStats cost = reader->stats();
    cost.rows_emitted = 0;  // the snapshot's rows reach no query by this read
    spent.add(cost);
    if (!complete) return nullptr;
  }
  snapshot->batches_ =
      std::make_shared<const std::vector<columnar::RecordBatch>>(std::move(batches));
  snapshot->index_record_ids();
  return snapshot;
}

// Lookups by record id (a join on a link field) find their rows without a pass over
// the snapshot. The keys view the batches' own string data.
void TableSnapshot::index_record_ids() {
  auto column = std::find(columns_.begin(), columns_.end(), "$reserved_record_id");
  if (column == columns_.end()) return;
  size_t index = size_t(column - columns_.begin());
  for (uint32_t b = 0; b < batches_->size(); ++b) {
    const columnar::ArrayData& ids = *(*batches_)[b].columns[index];
    for (int64_t r = 0; r < ids.length; ++r) {
      if (ids.is_valid(r)) by_record_id_.emplace(ids.string_value(r), RowRef{b, uint32_t(r)});
    }
  }
}

bool TableSnapshot::could_serve(const Split& split) {
  return split.query.sort.is_null() &&
         pushdown::Evaluator(split.constraints, split.table_schema).exact();
}

bool TableSnapshot::serves(const Split& split) const {
  if (split.app_token() != app_token_ || split.table_id() != table_id_) return false;
  for (const auto& name : split.normalised_columns()) {
    if (std::find(columns_.begin(), columns_.end(), name) == columns_.end()) return false;
  }
  return could_serve(split);
}

std::unique_ptr<BatchReader> TableSnapshot::read(const Split& split) const {
  std::vector<size_t> output_columns;
  for (const auto& name : split.columns) {
    output_columns.push_back(
        size_t(std::find(columns_.begin(), columns_.end(), name) - columns_.begin()));
  }
  if (!schema_) return std::make_unique<EmptyReader>();
  std::optional<std::vector<RowRef>> candidates;
  if (!split.record_ids.empty() && !by_record_id_.empty()) {
    candidates.emplace();
    for (const auto& id : split.record_ids) {
      auto found = by_record_id_.find(id);
      if (found != by_record_id_.end()) candidates->push_back(found->second);
    }
  }
  return std::make_unique<SnapshotReader>(batches_, schema_, std::move(output_columns), split,
                                          std::move(candidates));
}

}  // namespace larkbase::connector
