#pragma once
// How the client reacts to Lark's numeric error codes (spec §6.2).
#include <cstdint>

namespace larkbase::lark {

inline constexpr int64_t kCodeRateLimited = 99991400;

// Throttling and transient server-side conditions: back off and retry.
bool is_retryable_code(int64_t code);

// The access token was rejected (expired, invalidated, missing): fetch a new
// token and repeat the call once.
bool is_token_code(int64_t code);

// A retryable HTTP status: 429 and 5xx.
bool is_retryable_status(long status);

}  // namespace larkbase::lark
