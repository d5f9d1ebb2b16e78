#include "connector/split_reader.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "common/error.hpp"
#include "connector/take.hpp"

namespace larkbase::connector {
namespace {

[[noreturn]] void rethrow_as(common::ErrorKind kind, const std::string& message, bool retryable) {
  switch (kind) {
    case common::ErrorKind::kUser:
      throw common::UserError(message);
    case common::ErrorKind::kInternal:
      throw common::InternalError(message);
    case common::ErrorKind::kExternal:
      break;
  }
  throw common::ExternalError(message, retryable);
}

}  // namespace

SplitReader::SplitReader(Split split, std::unique_ptr<PageSource> source, common::CallStats& stats,
                         const ConnectorOptions& options)
    : split_(std::move(split)),
      source_(std::move(source)),
      call_stats_(stats),
      start_(stats.snapshot()),
      prefetch_(options.prefetch) {
  auto names = split_.normalised_columns();
  auto projection = types::Projection::of(split_.table_schema, names);
  types::PageContext context{split_.app_token(), split_.table_id()};
  context.lenient_cells = options.lenient_cells;
  normaliser_ =
      std::make_unique<types::PageNormaliser>(split_.table_schema, projection, std::move(context));
  const auto& full = *normaliser_->output_schema();
  evaluator_ = std::make_unique<pushdown::Evaluator>(split_.constraints, full);
  auto schema = std::make_shared<columnar::Schema>();
  for (size_t i = 0; i < split_.columns.size(); ++i) {
    output_columns_.push_back(i);
    schema->fields.push_back(full.fields[i]);
  }
  output_schema_ = std::move(schema);
  if (split_.limit && *split_.limit <= 0) done_ = true;
}

SplitReader::~SplitReader() {
  // A pending prefetch is waited for (the future's destructor); its result or
  // error is dropped: nobody reads this split any more.
  if (pending_.valid()) pending_.wait();
}

void SplitReader::fail(const common::Error& error) {
  std::string message =
      fmt::format("reading {} (table {} of base {}) failed: {}", split_.qualified_name(),
                  split_.table_id(), split_.app_token(), error.what());
  failure_ = std::make_pair(error.kind(), message);
  failure_retryable_ = error.retryable();
  rethrow_as(error.kind(), message, error.retryable());
}

std::optional<RawPage> SplitReader::take_page() {
  if (pending_.valid()) return pending_.get();
  if (!more_) return std::nullopt;
  return source_->next();
}

void SplitReader::start_prefetch() {
  if (!prefetch_ || !more_ || done_) return;
  // When this page alone might reach the LIMIT, fetching ahead could waste a call.
  if (split_.limit && *split_.limit - int64_t(stats_.rows_emitted) <= split_.page_size) return;
  pending_ = std::async(std::launch::async, [this] { return source_->next(); });
}

std::optional<columnar::RecordBatch> SplitReader::next() {
  while (true) {
    if (failure_) rethrow_as(failure_->first, failure_->second, failure_retryable_);
    if (done_) return std::nullopt;
    std::optional<RawPage> page;
    try {
      page = take_page();
    } catch (const common::Error& error) {
      fail(error);
    }
    if (!page) {
      done_ = true;
      return std::nullopt;
    }
    more_ = page->has_more;
    start_prefetch();
    std::optional<columnar::RecordBatch> batch;
    try {
      batch = process(*page);
    } catch (const common::Error& error) {
      fail(error);
    }
    if (batch) return batch;
  }
}

std::optional<columnar::RecordBatch> SplitReader::process(RawPage& page) {
  stats_.pages += 1;
  stats_.bytes += page.body.size();
  types::NormalisedPage normalised = normaliser_->normalise_reusing_capacity(page.body);
  stats_.rows_fetched += uint64_t(normalised.batch.num_rows);
  stats_.warnings += uint64_t(normalised.warnings);
  if (normalised.warnings > 0) {
    spdlog::warn("{}: {} value(s) did not convert and became NULL (--lenient-cells), first: {}",
                 split_.qualified_name(), normalised.warnings, normalised.first_warning);
  }
  std::vector<uint32_t> rows = evaluator_->select(normalised.batch);
  if (split_.limit) {
    int64_t room = *split_.limit - int64_t(stats_.rows_emitted);
    if (int64_t(rows.size()) >= room) {
      rows.resize(size_t(std::max<int64_t>(room, 0)));
      done_ = true;  // enough exact rows: stop fetching
    }
  }
  stats_.rows_emitted += rows.size();
  if (rows.empty()) return std::nullopt;
  return take_rows(normalised.batch, rows, output_columns_, output_schema_);
}

ReadStats SplitReader::stats() const {
  ReadStats stats = stats_;
  auto delta = call_stats_.snapshot() - start_;
  stats.calls = delta.calls;
  stats.retries = delta.retries;
  return stats;
}

}  // namespace larkbase::connector
