#pragma once
// The connector's Lambda handler: one request JSON in, one response JSON out
// (the SDK's CompositeHandler). Requests parse with the version fallback of
// message.hpp and are answered in the version they parsed as.
//
//   Ping, GetDataSourceCapabilities       answered without touching Lark
//   ListSchemas / ListTables / GetTable   from the connector's catalog (or, with
//                                         the experimental flow, by the ids the
//                                         query text names the table with)
//   GetTableLayout / GetSplits            one partition, one split per partition
//                                         (the connector's split JSON inside)
//   ReadRecords                           the split's rows, exact, inline or spilled
//   UserDefinedFunction                   "not supported"
//
// Failures come out of handle() as exceptions; invoke() turns them into the
// Lambda error document ({errorType, errorMessage}).
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "athena/athena_config.hpp"
#include "athena/message.hpp"
#include "athena/query_text_ids.hpp"
#include "athena/spill.hpp"
#include "common/deadline.hpp"
#include "common/error.hpp"
#include "connector/connector.hpp"

namespace larkbase::athena {

inline constexpr int kPingCapabilities = 24;

using Deadline = std::chrono::steady_clock::time_point;

struct InvocationResult {
  bool ok = true;
  std::string body;  // the response JSON, or the error document
};

class FederationHandler {
 public:
  // `connector` may be null: it is created from config.connector on the first
  // request that needs Lark (Ping and capabilities never do). `spill_store` may be
  // null: a read that must spill then fails with a clear error.
  FederationHandler(AthenaConfig config, std::unique_ptr<connector::Connector> connector = nullptr,
                    std::shared_ptr<SpillStore> spill_store = nullptr);

  // Throws common::Error (and only that) for every failure.
  std::string handle(std::string_view request);
  // Never throws: failures become the error document.
  InvocationResult invoke(std::string_view request);
  // The same, answered by `deadline` (a Lambda invocation's deadline less the time
  // the answer needs to be posted): Lark calls fit their retries before it, and a
  // ReadRecords that cannot finish by then fails naming the table and "Lambda
  // deadline" (retryable) instead of answering part of the split. One invocation
  // at a time when a deadline is given (the runtime loop's way).
  InvocationResult invoke(std::string_view request, std::optional<Deadline> deadline);

  const AthenaConfig& config() const { return config_; }
  // The Lark calls this handler's connector made so far (zero before the first
  // request that needed Lark); diff two snapshots for one invocation's cost.
  common::CallStatsSnapshot lark_calls() const {
    return connector_ ? connector_->stats().snapshot() : common::CallStatsSnapshot{};
  }

 private:
  Message respond(const Message& request);
  Message ping(const Message& request);
  Message capabilities(const Message& request);
  Message list_schemas(const Message& request);
  Message list_tables(const Message& request);
  Message get_table(const Message& request);
  Message get_table_layout(const Message& request);
  Message get_splits(const Message& request);
  Message read_records(const Message& request);

  // The deadline of the invocation in progress, for this handler and the Lark
  // and S3 calls it makes.
  void set_deadline(std::optional<Deadline> deadline);
  connector::Connector& connector();
  void check_access(const std::string& schema, const std::string& table) const;
  connector::ScanPlan plan(const Message& request, const WireJson& constraints);
  // The experimental flow (ACTIVATE_EXPERIMENTAL_FEATURES): for a table no source
  // lists, the ids the query's SQL text spells it with; nullopt when the flow is
  // off or a source has the table.
  std::optional<TableIds> experimental_ids(const Message& request, const std::string& schema,
                                           const std::string& table);
  // The SQL text of an Athena query: GetTable, GetTableLayout and GetSplits of one
  // query ask for the same text, which never changes, so the last one is kept.
  std::string query_text(const std::string& query_id);
  // Throws the "Lambda deadline" error for `table` once the deadline has passed.
  void check_deadline(const std::string& table) const;

  AthenaConfig config_;
  std::unique_ptr<connector::Connector> connector_;
  std::shared_ptr<SpillStore> spill_store_;
  std::optional<Deadline> deadline_;  // of the invocation in progress
  std::mutex query_text_mutex_;
  std::optional<std::pair<std::string, std::string>> last_query_text_;  // (query id, SQL)
};

// The Lambda error document for an exception (secrets are never in our messages;
// errorType tells Athena what happened: FederationThrottleException for Lark
// throttling past the retry budget, so Athena backs off and retries).
std::string error_document(const std::exception& error);

// The retryable error of a ReadRecords of `table` that the Lambda deadline cut
// short (`cause`: the failure that ended it, or empty).
common::DeadlineError deadline_error(const std::string& table, const std::string& cause);

}  // namespace larkbase::athena
