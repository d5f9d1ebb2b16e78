#pragma once
// Small helpers over simdjson's on-demand API shared by the normaliser's files.
// Structural JSON errors throw simdjson_error (the page normaliser turns it into an
// ExternalError); type mismatches never do, because every read checks the type first.
#include <simdjson.h>

#include <cstring>
#include <string_view>

#include "types/raw_key.hpp"

namespace larkbase::types::json {

namespace ondemand = simdjson::ondemand;

[[noreturn, gnu::cold, gnu::noinline]] inline void fail(simdjson::error_code code) {
  throw simdjson::simdjson_error(code);
}

template <typename T>
[[gnu::always_inline]] inline T take(simdjson::simdjson_result<T>&& result) {
  T value{};
  auto error = std::move(result).get(value);
  if (error != simdjson::SUCCESS) [[unlikely]]
    fail(error);
  return value;
}

// The value inside `result`, by reference: no copy of the iterator it holds. Copying
// on-demand values and fields (small structs written field by field, then copied
// whole) stalled store forwarding and cost a third of the normaliser's time.
template <typename T>
[[gnu::always_inline]] inline T& ref(simdjson::simdjson_result<T>& result) {
  if (result.error() != simdjson::SUCCESS) [[unlikely]]
    fail(result.error());
  return result.value_unsafe();
}

[[gnu::always_inline]] inline ondemand::json_type type_of(ondemand::value& value) {
  return take(value.type());
}

// Whether the raw JSON string starting at `raw` (after its opening quote) contains
// an escape before its closing quote.
inline bool has_escape(const char* raw) {
  while (*raw != '"' && *raw != '\\') ++raw;
  return *raw == '\\';
}

}  // namespace larkbase::types::json
