// Connector::create: the connector over the Lark Open API (or the emulator).
#include <fmt/format.h>

#include <algorithm>

#include "catalog/catalog.hpp"
#include "catalog/lark_metadata_source.hpp"
#include "common/error.hpp"
#include "connector/connector.hpp"
#include "connector/deferred_reader.hpp"
#include "connector/key_probe.hpp"
#include "connector/page_source.hpp"
#include "connector/parallel_reader.hpp"
#include "connector/planner.hpp"
#include "connector/record_id_set.hpp"
#include "connector/split_reader.hpp"
#include "lark/bitable_client.hpp"
#include "lark/lark_client.hpp"

namespace larkbase::connector {
namespace {

// A cut never makes more ranges than this (a bound on threads and requests).
constexpr int kMaxRanges = 4096;

// A cut read: its stats also say which column it was cut on and into how many
// ranges (for --explain).
class CutReader final : public BatchReader {
 public:
  CutReader(std::unique_ptr<BatchReader> ranges, std::string column, size_t count)
      : ranges_(std::move(ranges)), column_(std::move(column)), count_(count) {}
  std::optional<columnar::RecordBatch> next() override { return ranges_->next(); }
  ReadStats stats() const override {
    ReadStats stats = ranges_->stats();
    stats.cut_column = column_;
    stats.cut_ranges = count_;
    return stats;
  }

 private:
  std::unique_ptr<BatchReader> ranges_;
  std::string column_;
  size_t count_;
};

class LarkConnector final : public Connector {
 public:
  explicit LarkConnector(ConnectorConfig config)
      : config_(std::move(config)),
        client_(config_.lark),
        bitable_(client_),
        metadata_(bitable_),
        catalog_(catalog::make_provider_chain(config_.sources, metadata_, glue_deadline_),
                 metadata_, config_.sources.ttl) {}

  std::vector<std::string> list_schemas() override { return catalog_.list_schemas(); }

  std::vector<std::string> list_tables(const std::string& schema) override {
    std::vector<std::string> names;
    for (const auto& table : catalog_.list_tables(schema)) names.push_back(table.name);
    std::sort(names.begin(), names.end());
    return names;
  }

  types::TableSchema get_table(const std::string& schema, const std::string& table) override {
    return *catalog_.table_schema(catalog_.resolve(schema, table));
  }

  types::TableSchema get_table_by_id(const std::string& app_token,
                                     const std::string& table_id) override {
    if (app_token.empty() || table_id.empty()) {
      throw common::UserError("lark_table(app_token, table_id) needs both ids");
    }
    return *catalog_.table_schema(app_token, table_id);
  }

  ScanPlan plan(const ScanRequest& request) override {
    auto resolved = catalog_.resolve(request.schema, request.table);
    auto schema = catalog_.table_schema(resolved);
    return make_scan_plan(resolved.schema, resolved.table, *schema, request, config_.options);
  }

  ScanPlan plan_by_id(const std::string& app_token, const std::string& table_id,
                      const ScanRequest& request) override {
    auto schema = get_table_by_id(app_token, table_id);
    return make_scan_plan(app_token, table_id, schema, request, config_.options);
  }

  std::unique_ptr<BatchReader> read(const Split& split) override {
    const auto& options = config_.options;
    if (options.pushdown && options.scan_streams > 1 && can_cut(split, options.split_column)) {
      // The probe call is made by the first next(), where a failure belongs.
      std::string what = fmt::format("reading {} (table {} of base {})", split.qualified_name(),
                                     split.table_id(), split.app_token());
      return std::make_unique<DeferredReader>(
          std::move(what), [this, split] { return read_cut(split); }, client_.stats());
    }
    return read_one(split);
  }

  // A split that can be cut: probed, and read as concurrent ranges when large enough.
  std::unique_ptr<BatchReader> read_cut(const Split& split) {
    const auto& options = config_.options;
    auto start = client_.stats().snapshot();
    auto profile = probe_key(bitable_, split, options.split_column, options.translate);
    if (!profile || profile->rows <= options.parallel_min_rows) return read_one(split);
    int64_t per_stream = (profile->rows + options.scan_streams - 1) / options.scan_streams;
    int64_t pages = (per_stream + split.query.page_size - 1) / split.query.page_size;
    int64_t rows_per_split =
        split.query.page_size * std::clamp<int64_t>(pages, 1, options.max_pages_per_range);
    auto ranges = split_ranges(split, *profile, rows_per_split, kMaxRanges);
    const size_t count = ranges.size();
    // Each range's Split is made when a stream takes it (see ParallelReader).
    auto make_split = [split, ranges = std::move(ranges), translate = options.translate](size_t i) {
      return restrict_split(split, ranges[i], translate);
    };
    // Each range checks its own records; a record two ranges both return needs a
    // set over the whole scan (memory that grows with the table), kept only when
    // an edit during the scan can move a record between ranges. A fixed key
    // cannot: the ranges' exact constraints are disjoint, as Athena's splits
    // (read by separate Lambda calls) already rely on.
    // No prefetch inside a range: the streams already overlap their calls, and
    // a prefetch would double the pages (and parsers) each stream holds.
    auto seen = profile->column.keys_fixed ? nullptr : std::make_shared<RecordIdSet>();
    auto reader = std::make_unique<ParallelReader>(
        count, std::move(make_split),
        [this, seen](const Split& s) { return read_one(s, seen, /*prefetch=*/false); },
        options.scan_streams, client_.stats(), start);
    return std::make_unique<CutReader>(std::move(reader), profile->column.name, count);
  }

  std::vector<Split> cut(const Split& split, int64_t rows_per_split, int max_splits) override {
    const auto& options = config_.options;
    if (!options.pushdown || !can_cut(split, options.split_column)) return {split};
    auto profile = probe_key(bitable_, split, options.split_column, options.translate);
    if (!profile) return {split};
    return range_splits(split, *profile, rows_per_split, max_splits, options.translate);
  }

  std::unique_ptr<BatchReader> read_one(const Split& split,
                                        std::shared_ptr<RecordIdSet> seen = nullptr,
                                        bool prefetch = true) {
    auto source =
        split.record_ids.empty() ? search_pages(bitable_, split) : record_id_pages(bitable_, split);
    ConnectorOptions options = config_.options;
    options.prefetch = options.prefetch && prefetch;
    return std::make_unique<SplitReader>(split, std::move(source), client_.stats(), options,
                                         std::move(seen));
  }

  void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) override {
    client_.set_deadline(deadline);
    glue_deadline_->set(deadline);
  }

  std::vector<std::string> warnings() override { return catalog_.warnings(); }
  common::CallStats& stats() override { return client_.stats(); }
  catalog::Catalog& catalog() override { return catalog_; }
  const ConnectorOptions& options() const override { return config_.options; }

 private:
  ConnectorConfig config_;
  // The Glue catalog's calls (when the sources name one) fit this deadline too.
  std::shared_ptr<common::SharedDeadline> glue_deadline_ =
      std::make_shared<common::SharedDeadline>();
  lark::LarkClient client_;
  lark::BitableClient bitable_;
  catalog::LarkMetadataSource metadata_;
  catalog::Catalog catalog_;
};

}  // namespace

ConnectorConfig ConnectorConfig::from_env() {
  ConnectorConfig config;
  config.lark = lark::LarkConfig::from_env();
  config.sources = catalog::SourceConfig::from_env();
  return config;
}

std::unique_ptr<Connector> Connector::create(ConnectorConfig config) {
  return std::make_unique<LarkConnector>(std::move(config));
}

}  // namespace larkbase::connector
