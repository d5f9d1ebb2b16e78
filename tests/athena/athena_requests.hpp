#pragma once
// Federation requests for tests and benchmarks, as Athena sends them for a query
// of every row of one table (sales.orders of the demo emulator by default):
// GetTable → GetTableLayout → GetSplits → ReadRecords. One place for the identity,
// the empty constraints and the request shapes, so the tests differ only in what
// they check. Header-only: its users link larkbase_athena.
#include <string>
#include <utility>

#include "athena/federation_handler.hpp"
#include "athena/message.hpp"

namespace larkbase::testing {

inline constexpr const char* kAthenaIdentity =
    R"({"id":"UNKNOWN","principal":"UNKNOWN","account":"1","arn":"a","tags":{},"groups":[],)"
    R"("configOptions":{}})";
// No filter, no sort, no limit.
inline constexpr const char* kNoConstraints =
    R"({"summary":{},"expression":[],"orderByClause":[],)"
    R"("limit":-1,"queryPassthroughArguments":{},"queryPlan":null})";

// ,"maxBlockSize":"<block>","maxInlineBlockSize":"<inline>"} — a ReadRecords tail.
inline std::string block_sizes(const std::string& block, const std::string& inline_block) {
  return R"(,"maxBlockSize":")" + block + R"(","maxInlineBlockSize":")" + inline_block + "\"}";
}

class AthenaQuery {
 public:
  explicit AthenaQuery(std::string query_id, std::string schema = "sales",
                       std::string table = "orders")
      : query_id_(std::move(query_id)),
        table_(R"("tableName":{"schemaName":")" + schema + R"(","tableName":")" + table + R"("})") {
  }

  // {"@type":type,"identity":…,"queryId":…,"catalogName":"lark" — to be continued.
  std::string prefix(const std::string& type) const {
    return R"({"@type":")" + type + R"(","identity":)" + kAthenaIdentity + R"(,"queryId":")" +
           query_id_ + R"(","catalogName":"lark")";
  }

  // The requests, for callers that send them another way (the runtime loop).
  std::string get_table() const {
    return prefix("GetTableRequest") + "," + table_ + R"(,"queryPassthroughArguments":{}})";
  }
  std::string get_table_layout(const std::string& schema) const {
    return prefix("GetTableLayoutRequest") + "," + table_ + R"(,"constraints":)" + kNoConstraints +
           R"(,"schema":")" + schema + R"(","partitionColumns":[]})";
  }
  std::string get_splits(const athena::WireJson& partitions,
                         const athena::WireJson& token = nullptr) const {
    return prefix("GetSplitsRequest") + "," + table_ + R"(,"partitions":)" + partitions.dump() +
           R"(,"partitionColumns":[],"constraints":)" + kNoConstraints +
           R"(,"continuationToken":)" + token.dump() + "}";
  }
  // Without the closing brace: append block_sizes().
  std::string read_records(const std::string& schema, const athena::WireJson& split) const {
    return prefix("ReadRecordsRequest") + "," + table_ + R"(,"schema":")" + schema +
           R"(","split":)" + split.dump() + R"(,"constraints":)" + kNoConstraints;
  }

  // GetTable then GetTableLayout through `handler`: the schema (base64) and the
  // layout's partitions, kept for the calls that follow.
  void plan(athena::FederationHandler& handler) {
    schema_ = call(handler, get_table())["schema"].get<std::string>();
    partitions_ = call(handler, get_table_layout(schema_))["partitions"];
  }
  // One GetSplits answer (plan() first).
  athena::WireJson splits(athena::FederationHandler& handler,
                          const athena::WireJson& token = nullptr) const {
    return call(handler, get_splits(partitions_, token));
  }
  // plan(), GetSplits; the ReadRecords request of the first split, without sizes.
  std::string first_read(athena::FederationHandler& handler) {
    plan(handler);
    return read_records(schema_, splits(handler)["splits"][0]);
  }
  const std::string& schema() const { return schema_; }

  static athena::WireJson call(athena::FederationHandler& handler, const std::string& request) {
    return athena::parse_wire_json(handler.handle(request), "response");
  }

 private:
  std::string query_id_;
  std::string table_;
  std::string schema_;
  athena::WireJson partitions_;
};

}  // namespace larkbase::testing
