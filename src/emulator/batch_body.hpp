#pragma once
// The "records" array of a batch write (batch_create, batch_update,
// batch_delete), checked the way Lark checks it: a missing, non-array or empty
// array is a field violation; more than the route's limit is a business error.
#include <cstddef>
#include <string>

#include "common/json.hpp"

namespace larkbase::emulator {

class ServerContext;

struct BatchLimit {
  size_t max = 0;          // items per call
  std::string items;       // what one item is, for the violation: "records", "record ids"
  std::string error_name;  // Lark's name of the over-limit error, e.g. "TooManyRecords"
  std::string operation;   // "batch_create", …
};

// body["records"], 1..limit.max items; throws the ApiError Lark answers otherwise.
const common::Json& batch_records(const ServerContext& context, const common::Json& body,
                                  const BatchLimit& limit);

}  // namespace larkbase::emulator
