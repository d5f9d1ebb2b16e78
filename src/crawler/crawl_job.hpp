#pragma once
// One crawl from configuration: a Lark client (retries, rate limits), the
// source's Lark metadata and a catalog store opened from its spec ("glue" or a
// local catalog file). The CLI and the Lambda handler both run crawls this way.
#include <optional>
#include <string>

#include "common/deadline.hpp"
#include "crawler/crawl_request.hpp"
#include "crawler/crawl_summary.hpp"
#include "crawler/crawler.hpp"
#include "lark/lark_config.hpp"

namespace larkbase::crawler {

// `glue_catalog_id`: Glue's CatalogId for every call (empty = the caller's account).
// `deadline` (a Lambda invocation's): the Lark calls fit their retries and
// rate-limit waits before it, and fail retryably once it has passed.
CrawlSummary run_crawl(const lark::LarkConfig& lark, const CrawlRequest& request,
                       const std::string& catalog_spec, const ProgressFn& progress = {},
                       const std::string& glue_catalog_id = "",
                       std::optional<common::SteadyTime> deadline = std::nullopt);

}  // namespace larkbase::crawler
