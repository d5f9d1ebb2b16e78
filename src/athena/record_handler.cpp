// GetSplits and ReadRecords: the splits carry the connector's split JSON (the
// table schema included, so a read costs no metadata call), and a read re-plans
// that split against the request's schema and constraints, I/O free.
#include <fmt/format.h>

#include <algorithm>
#include <future>
#include <utility>
#include <vector>

#include "athena/constraints_mapping.hpp"
#include "athena/federation_handler.hpp"
#include "athena/parallel_splits.hpp"
#include "common/base64.hpp"
#include "common/deadline.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "connector/planner.hpp"

namespace larkbase::athena {
namespace {

constexpr const char* kSplitProperty = "larkbase_split";
constexpr int64_t kSpillBlockBytes = int64_t(8) << 20;
// A block found too large after encoding is cut to this share of the limit, so
// one more cut is rarely needed.
constexpr double kCutShare = 0.97;

std::string config_option(const Message& request, const char* name, const std::string& fallback) {
  const WireJson& options = request.body["identity"]["configOptions"];
  if (options.contains(name) && options[name].is_string() &&
      !options[name].get<std::string>().empty()) {
    return options[name].get<std::string>();
  }
  return fallback;
}

WireJson key_json(const EncryptionKey& key) {
  WireJson out = WireJson::object();
  out["key"] = common::base64_encode(key.key);
  out["nonce"] = common::base64_encode(key.nonce);
  return out;
}

// The request schema's types must be the table's (Athena echoes GetTable's schema).
void check_projection(const columnar::Schema& wanted, const columnar::Schema& produced,
                      const std::string& table) {
  for (size_t i = 0; i < wanted.fields.size(); ++i) {
    if (!wanted.fields[i].type->equals(*produced.fields[i].type)) {
      throw common::UserError(fmt::format(
          "{}: column '{}' is {} in the request but {} in the table; refresh the table's schema "
          "(GetTable) and retry",
          table, wanted.fields[i].name, wanted.fields[i].type->to_string(),
          produced.fields[i].type->to_string()));
    }
  }
}

int64_t rows_of(const std::vector<columnar::RecordBatch>& batches) {
  int64_t rows = 0;
  for (const columnar::RecordBatch& batch : batches) rows += batch.num_rows;
  return rows;
}

// The first `rows` rows of `batches` and the rest (the batch across the cut is sliced).
std::pair<std::vector<columnar::RecordBatch>, std::vector<columnar::RecordBatch>> split_rows(
    std::vector<columnar::RecordBatch> batches, int64_t rows) {
  std::pair<std::vector<columnar::RecordBatch>, std::vector<columnar::RecordBatch>> out;
  for (columnar::RecordBatch& batch : batches) {
    if (rows >= batch.num_rows) {
      rows -= batch.num_rows;
      out.first.push_back(std::move(batch));
    } else if (rows > 0) {
      out.first.push_back(batch.slice(0, rows));
      out.second.push_back(batch.slice(rows, batch.num_rows - rows));
      rows = 0;
    } else {
      out.second.push_back(std::move(batch));
    }
  }
  return out;
}

// Collects a split's rows into blocks: a block that grows past max_block is
// spilled; at the end the answer is spilled if anything was, or if the last block
// reaches max_inline (athena-protocol.md §6.1). A spilled block is uploaded in the
// background while the next one is read and encoded: one upload in flight at a
// time, so at most one encoded block more than a synchronous writer is held.
class BlockWriter {
 public:
  BlockWriter(columnar::SchemaPtr schema, int64_t max_block, int64_t max_inline, SpillStore* store,
              const WireJson& location, std::optional<EncryptionKey> key, std::string table)
      : schema_(std::move(schema)),
        max_block_(max_block),
        max_inline_(max_inline),
        store_(store),
        location_(location),
        key_(std::move(key)),
        table_(std::move(table)) {}

  // A batch that would overflow the current block is cut (by its average row
  // size) so that every spilled block stays within max_block; a single row larger
  // than max_block becomes a block of its own.
  void add(const columnar::RecordBatch& batch) {
    if (batch.num_rows == 0) return;
    const double row_bytes = double(batch.memory_bytes()) / double(batch.num_rows);
    int64_t offset = 0;
    while (offset < batch.num_rows) {
      int64_t fit =
          row_bytes > 0 ? int64_t(double(max_block_ - pending_bytes_) / row_bytes) : batch.num_rows;
      if (fit <= 0 && !pending_.empty()) {
        spill_pending();
        continue;
      }
      const int64_t take = std::clamp<int64_t>(fit, 1, batch.num_rows - offset);
      pending_.push_back(take == batch.num_rows ? batch : batch.slice(offset, take));
      pending_bytes_ += int64_t(double(take) * row_bytes);
      offset += take;
      if (pending_bytes_ >= max_block_) spill_pending();
    }
  }

  // An upload still in flight when the read fails is waited for (its own
  // failure dropped): the store is not left in use by a thread nobody joins.
  ~BlockWriter() {
    if (upload_.valid()) upload_.wait();
  }

  Message finish(const Message& request) {
    if (!spilled_.empty() || pending_bytes_ >= max_inline_) {
      while (!pending_.empty()) spill_pending();
      await_upload();
      Message out = make_reply(request, "RemoteReadRecordsResponse");
      out.body["catalogName"] = request.body["catalogName"];
      out.body["schema"] = out.add_schema(schema_);
      out.body["remoteBlocks"] = spilled_;
      out.body["encryptionKey"] = key_ ? key_json(*key_) : WireJson(nullptr);
      return out;
    }
    Message out = make_reply(request, "ReadRecordsResponse");
    out.body["catalogName"] = request.body["catalogName"];
    // The pending batches are written as one message as they are: no concatenation.
    out.body["records"] = out.add_block(schema_, std::move(pending_));
    return out;
  }

 private:
  void spill_pending() {
    if (!store_ || location_.is_null()) {
      throw common::UserError(fmt::format(
          "{}: the split's rows exceed the inline block size and must be spilled, but {}", table_,
          location_.is_null() ? "no spill bucket is configured (set spill_bucket)"
                              : "spilling to S3 is not supported by this build yet"));
    }
    const std::string key =
        location_["key"].get<std::string>() + "." + std::to_string(spilled_.size());
    std::string object = encode_pending();
    await_upload();
    upload_ = std::async(
        std::launch::async,
        [store = store_, bucket = location_["bucket"].get<std::string>(), key,
         object = std::move(object)]() mutable { store->put(bucket, key, std::move(object)); });
    WireJson remote = WireJson::object();
    remote["@type"] = "S3SpillLocation";
    remote["bucket"] = location_["bucket"];
    remote["key"] = key;
    remote["directory"] = false;
    spilled_.push_back(std::move(remote));
  }

  // Waits for the upload in flight; its failure (a DeadlineError stays one) is
  // this invocation's.
  void await_upload() {
    if (upload_.valid()) upload_.get();
  }

  // The spill object of the pending rows, within max_block, written from the
  // batches as they are (no concatenation: the batches and the object are the
  // only copies alive). The rows were gathered on an average row size, and the
  // message adds metadata and padding, so the object is measured: one too large
  // is cut shorter (its tail goes back to the pending rows) until it fits or is a
  // single row.
  std::string encode_pending() {
    std::vector<columnar::RecordBatch> block = std::move(pending_);
    pending_.clear();
    pending_bytes_ = 0;
    std::string object = encode_spill_object(block, key_);
    for (int64_t rows = rows_of(block); int64_t(object.size()) > max_block_ && rows > 1;
         rows = rows_of(block)) {
      const double row_bytes = double(object.size()) / double(rows);
      std::string().swap(object);
      const int64_t head =
          std::clamp<int64_t>(int64_t(kCutShare * double(max_block_) / row_bytes), 1, rows - 1);
      auto [front, back] = split_rows(std::move(block), head);
      pending_.insert(pending_.begin(), back.begin(), back.end());
      pending_bytes_ += int64_t(double(rows - head) * row_bytes);
      block = std::move(front);
      object = encode_spill_object(block, key_);
    }
    return object;
  }

  columnar::SchemaPtr schema_;
  int64_t max_block_;
  int64_t max_inline_;
  SpillStore* store_;
  WireJson location_;
  std::optional<EncryptionKey> key_;
  std::string table_;
  std::vector<columnar::RecordBatch> pending_;
  int64_t pending_bytes_ = 0;
  WireJson spilled_ = WireJson::array();
  std::future<void> upload_;  // the block being uploaded, if any
};

}  // namespace

Message FederationHandler::get_splits(const Message& request) {
  const ArrowPayload& partitions = request.payload(request.body["partitions"]);
  const int64_t partition_rows = partitions.batch ? partitions.batch->num_rows : 0;
  Message out = make_reply(request, "GetSplitsResponse");
  out.body["catalogName"] = request.body["catalogName"];
  WireJson splits = WireJson::array();
  WireJson continuation = nullptr;
  if (partition_rows > 0) {
    const connector::ScanPlan scan_plan = plan(request, request.body["constraints"]);
    const std::string bucket = config_option(request, "spill_bucket", config_.spill.bucket);
    const std::string prefix = config_option(request, "spill_prefix", config_.spill.prefix);
    const std::string query_id =
        request.body["queryId"].is_string() ? request.body["queryId"].get<std::string>() : "";
    // One Athena split: a spill location and key of its own, the connector's split inside.
    auto athena_split = [&](const connector::Split& split) {
      WireJson item = WireJson::object();
      if (bucket.empty()) {
        item["spillLocation"] = nullptr;
      } else {
        std::string key = prefix;
        if (!query_id.empty() && prefix.find(query_id) == std::string::npos) {
          key += "/" + query_id;
        }
        key += "/" + random_uuid();
        WireJson location = WireJson::object();
        location["@type"] = "S3SpillLocation";
        location["bucket"] = bucket;
        location["key"] = key;
        location["directory"] = true;
        item["spillLocation"] = std::move(location);
      }
      item["encryptionKey"] =
          config_.spill.encrypt ? key_json(make_encryption_key()) : WireJson(nullptr);
      WireJson properties = WireJson::object();
      properties["base_id"] = split.app_token();
      properties["table_id"] = split.table_id();
      properties[kSplitProperty] = split.to_json().dump();
      item["properties"] = std::move(properties);
      return item;
    };
    // With parallel splits on, the query's one split is cut into key ranges by
    // the connector (one or two probe calls); the ranges not handed out yet go in the token.
    std::vector<connector::Split> parts = scan_plan.splits;
    std::vector<connector::KeyRange> rest;
    const std::string& choice = connector().options().split_column;
    const bool cuttable = config_.parallel_split && scan_plan.splits.size() == 1 &&
                          connector::can_cut(scan_plan.splits[0], choice);
    if (request.body["continuationToken"].is_string()) {
      const std::string token = request.body["continuationToken"].get<std::string>();
      if (!cuttable) {
        throw common::UserError(fmt::format(
            "GetSplits continuationToken '{}' does not belong to a parallel split of {}.{}; "
            "restart GetSplits without a token",
            token.substr(0, 60), scan_plan.splits.empty() ? "?" : scan_plan.splits[0].schema,
            scan_plan.splits.empty() ? "?" : scan_plan.splits[0].table));
      }
      rest = ranges_from_token(token,
                               connector::range_split_column(scan_plan.splits[0], choice)->name);
      parts.clear();
    } else if (cuttable) {
      parts = connector().cut(scan_plan.splits[0], config_.parallel_split_size,
                              config_.max_parallel_splits);
    }
    // Hands out at most splits_per_response splits; a range that cannot match the
    // query's constraints needs no split (the connector drops it the same way).
    const size_t page = size_t(std::max(1, config_.splits_per_response));
    for (size_t i = page; i < parts.size(); ++i) rest.push_back(*parts[i].range);
    if (parts.size() > page) parts.resize(page);
    size_t taken = 0;
    for (; taken < rest.size() && parts.size() < page; ++taken) {
      if (auto split = connector::restrict_split(scan_plan.splits[0], rest[taken],
                                                 connector().options().translate)) {
        parts.push_back(std::move(*split));
      }
    }
    rest.erase(rest.begin(), rest.begin() + std::ptrdiff_t(taken));
    for (const connector::Split& split : parts) splits.push_back(athena_split(split));
    if (!rest.empty()) continuation = range_token(rest);
  }
  out.body["splits"] = std::move(splits);
  out.body["continuationToken"] = std::move(continuation);
  return out;
}

Message FederationHandler::read_records(const Message& request) {
  const WireJson& athena_split = request.body["split"];
  const WireJson& properties = athena_split["properties"];
  if (!properties.contains(kSplitProperty)) {
    throw common::UserError(
        "the ReadRecords split has no larkbase_split property; pass a split exactly as "
        "GetSplits returned it");
  }
  const connector::Split carried = connector::Split::from_json(common::parse_json(
      properties[kSplitProperty].get<std::string>(), "the split's larkbase_split property"));
  check_access(carried.schema, carried.table);

  const columnar::SchemaPtr wanted = request.payload(request.body["schema"]).schema;
  connector::ScanRequest scan;
  scan.schema = carried.schema;
  scan.table = carried.table;
  scan.constraints = to_pushdown(request, request.body["constraints"]);
  // A parallel split: its split-key range, ANDed into the query's constraints.
  if (carried.range) scan.constraints.add(carried.range->column, carried.range->value_set());
  for (const columnar::Field& field : wanted->fields) scan.columns.push_back(field.name);
  connector::Connector& lark = connector();
  connector::ScanPlan scan_plan = connector::make_scan_plan(
      carried.schema, carried.table, carried.table_schema, scan, lark.options());
  // A range split is read as it is: marking its range keeps read() from probing
  // and cutting it again into concurrent streams inside this one invocation.
  if (carried.range) {
    for (connector::Split& split : scan_plan.splits) split.range = carried.range;
  }
  if (!scan_plan.exact) {
    throw common::UserError(fmt::format("{}: constraints the connector cannot evaluate exactly",
                                        carried.qualified_name()));
  }

  // Spilled blocks are cut at kSpillBlockBytes even when Athena allows more (its
  // default is 16 MB): Athena reads any block within maxBlockSize, and the writer
  // holds a block twice while encoding it, so smaller blocks keep a 128 MB
  // Lambda's memory flat at the cost of more S3 objects. Never below the inline
  // size (a block that may be answered inline is not cut), and
  // MAX_BLOCK_SIZE_BYTES still sets the size exactly.
  const int64_t max_inline = request.body["maxInlineBlockSize"].get<int64_t>();
  int64_t max_block =
      std::min(request.body["maxBlockSize"].get<int64_t>(), std::max(kSpillBlockBytes, max_inline));
  if (config_.spill.max_block_size) max_block = *config_.spill.max_block_size;
  std::optional<EncryptionKey> key;
  if (athena_split["encryptionKey"].is_object()) {
    key = EncryptionKey{
        common::base64_decode(athena_split["encryptionKey"]["key"].get<std::string>()),
        common::base64_decode(athena_split["encryptionKey"]["nonce"].get<std::string>())};
  }
  BlockWriter writer(wanted, max_block, max_inline, spill_store_.get(),
                     athena_split["spillLocation"], std::move(key), carried.qualified_name());
  bool checked = false;
  const std::string table = carried.qualified_name();
  try {
    for (const connector::Split& split : scan_plan.splits) {
      std::unique_ptr<connector::BatchReader> reader = lark.read(split);
      // A failed page throws out of next(): the invocation fails, never a partial split.
      while (std::optional<columnar::RecordBatch> batch = reader->next()) {
        if (batch->columns.size() != wanted->fields.size()) {
          throw common::InternalError("the reader's batch does not match the projection");
        }
        if (!checked) check_projection(*wanted, *batch->schema, table);
        checked = true;
        batch->schema = wanted;
        writer.add(*batch);
        check_deadline(table);
      }
    }
    return writer.finish(request);
  } catch (const common::DeadlineError& error) {
    // A rate-limit wait, a call the deadline refused outright, or Lark's or
    // S3's retries it cut short (the clients raise these as DeadlineError).
    throw deadline_error(table, error.what());
  }
}

}  // namespace larkbase::athena
