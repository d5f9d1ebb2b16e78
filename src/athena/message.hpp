#pragma once
// One federation message (athena-protocol.md §4), decoded.
//
// `body` holds the members after `@type` in wire order, validated against the
// serde version the message parsed as. Arrow payloads are decoded: a Schema
// string becomes {"$schema": i} and a Block {"aId": …, "$block": i}, i indexing
// `payloads`. The two size strings of ReadRecordsRequest become numbers, and the
// members a version may omit are filled with their defaults (identity
// configOptions {}, ListTables nextToken null / pageSize -1, Ping serDeVersion 1),
// so handlers and comparisons see one shape.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "athena/wire_json.hpp"
#include "columnar/record_batch.hpp"

namespace larkbase::athena {

inline constexpr int kMinSerdeVersion = 2;
inline constexpr int kMaxSerdeVersion = 6;
// Largest request accepted: a synchronous Lambda payload is at most 6 MB.
inline constexpr size_t kMaxRequestBytes = 6 * 1024 * 1024;

struct ArrowPayload {
  columnar::SchemaPtr schema;
  std::optional<columnar::RecordBatch> batch;  // Blocks only; nullopt = 0 rows ("records":"")
  // A block written from several batches (one message of their rows, without
  // concatenating them first); only on messages built to be written.
  std::vector<columnar::RecordBatch> parts;
};

struct Message {
  std::string type;  // the @type
  int version = kMaxSerdeVersion;
  WireJson body = WireJson::object();
  std::vector<ArrowPayload> payloads;

  // References for `body`.
  WireJson add_schema(columnar::SchemaPtr schema);
  WireJson add_block(columnar::SchemaPtr schema, std::optional<columnar::RecordBatch> batch,
                     std::string allocator_id = "larkbase");
  // A block of the rows of `parts`, in order (none: 0 rows).
  WireJson add_block(columnar::SchemaPtr schema, std::vector<columnar::RecordBatch> parts);
  // The payload a {"$schema"} or {"$block"} reference points at (UserError when not one).
  const ArrowPayload& payload(const WireJson& reference) const;
};

// An empty response of `type` in the request's serde version.
Message make_reply(const Message& request, std::string type);

// Parses a request or response the way the SDK's composite handler does: the
// newest serde version first, then older ones while the shape does not fit
// (ShapeError). An unknown or missing @type, bad base64 or Arrow bytes fail
// without fallback. Throws UserError naming what was wrong.
Message parse_message(std::string_view text);
// One version only (no fallback).
Message parse_message_as(const WireJson& json, int version);

// The wire JSON of `message` in message.version (member order, Arrow framing).
WireJson to_wire(const Message& message);
std::string write_message(const Message& message);

// `body` with every Arrow payload expanded to its decoded content (fields and
// row values), for comparing two messages by value rather than by bytes.
WireJson decoded_content(const Message& message);

// The Lambda error document a client sees for a failed invocation (read side, as
// the SDK's LambdaFunctionException reader: every member optional).
struct LambdaError {
  std::string error_type;
  std::string error_message;
  std::vector<std::string> stack_trace;
};
LambdaError parse_lambda_error(std::string_view text);

}  // namespace larkbase::athena
