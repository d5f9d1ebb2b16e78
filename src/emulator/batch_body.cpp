#include "emulator/batch_body.hpp"

#include <fmt/format.h>

#include "emulator/http_support.hpp"
#include "emulator/server_context.hpp"

namespace larkbase::emulator {

const common::Json& batch_records(const ServerContext& context, const common::Json& body,
                                  const BatchLimit& limit) {
  auto records = body.find("records");
  if (records == body.end() || !records->is_array() || records->empty()) {
    throw field_violation(
        "records", records == body.end() ? "" : records->dump(),
        fmt::format("an array of 1 to {} {} is required", limit.max, limit.items));
  }
  if (records->size() > limit.max) {
    throw context.bitable(
        codes::kTooManyRecords,
        fmt::format("{}: at most {} records per {}", limit.error_name, limit.max, limit.operation));
  }
  return *records;
}

}  // namespace larkbase::emulator
