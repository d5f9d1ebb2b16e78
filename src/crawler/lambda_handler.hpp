#pragma once
// The crawler as a Lambda: one event (either accepted shape, see
// crawl_request.hpp) → one crawl → the summary JSON as the response. Lark
// credentials come from LARK_APP_ID / LARK_APP_SECRET, or, when no app id is
// set, from the Secrets Manager secret named by LARK_APP_ID_SECRET_NAME /
// default_secret_manager_lark_app_key (LARK_API_URL for the host); the
// catalog from LARKBASE_CRAWL_CATALOG (default "glue"). A bad event throws
// UserError; a crawl with failed items still returns its summary, with
// "ok": false. The Lambda runtime loop (src/athena) calls this with the
// invocation's deadline: the Lark and Glue calls fit before it, and a crawl it cut short
// fails retryably (common::DeadlineError naming the source and "Lambda
// deadline") instead of answering a partial summary; a crawl is idempotent.
#include <optional>
#include <string>

#include "common/deadline.hpp"

namespace larkbase::crawler {

std::string handle_lambda_event(const std::string& event_json,
                                std::optional<common::SteadyTime> deadline = std::nullopt);

}  // namespace larkbase::crawler
