#pragma once
// The crawler as a Lambda: one event (either accepted shape, see
// crawl_request.hpp) → one crawl → the summary JSON as the response. Lark
// credentials come from LARK_APP_ID / LARK_APP_SECRET (LARK_API_URL for the
// host); the catalog from LARKBASE_CRAWL_CATALOG (default "glue"). A bad event
// throws UserError; a crawl with failed items still returns its summary, with
// "ok": false. The Lambda runtime loop (src/athena) calls this.
#include <string>

namespace larkbase::crawler {

std::string handle_lambda_event(const std::string& event_json);

}  // namespace larkbase::crawler
