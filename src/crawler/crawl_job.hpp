#pragma once
// One crawl from configuration: a Lark client (retries, rate limits), the
// source's Lark metadata and a catalog store opened from its spec ("glue" or a
// local catalog file). The CLI and the Lambda handler both run crawls this way.
#include <string>

#include "crawler/crawl_request.hpp"
#include "crawler/crawl_summary.hpp"
#include "crawler/crawler.hpp"
#include "lark/lark_config.hpp"

namespace larkbase::crawler {

// `glue_catalog_id`: Glue's CatalogId for every call (empty = the caller's account).
CrawlSummary run_crawl(const lark::LarkConfig& lark, const CrawlRequest& request,
                       const std::string& catalog_spec, const ProgressFn& progress = {},
                       const std::string& glue_catalog_id = "");

}  // namespace larkbase::crawler
