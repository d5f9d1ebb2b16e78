#include "crawler/crawl_job.hpp"

#include "catalog/catalog_store.hpp"
#include "catalog/lark_metadata_source.hpp"
#include "lark/bitable_client.hpp"
#include "lark/lark_client.hpp"

namespace larkbase::crawler {

CrawlSummary run_crawl(const lark::LarkConfig& lark, const CrawlRequest& request,
                       const std::string& catalog_spec, const ProgressFn& progress,
                       const std::string& glue_catalog_id,
                       std::optional<common::SteadyTime> deadline) {
  request.validate();
  // The catalog first: a bad catalog spec fails before any Lark call. Opened
  // as a writer in a dry run too: a missing file reads as empty, and the lock
  // keeps the view consistent; nothing is written.
  catalog::CatalogStoreOptions options;
  options.for_writing = true;
  options.glue_catalog_id = glue_catalog_id;
  options.deadline = std::make_shared<common::SharedDeadline>();
  options.deadline->set(deadline);
  auto store = catalog::open_catalog_store(catalog_spec, options);
  lark::LarkClient client(lark);
  client.set_deadline(deadline);
  lark::BitableClient bitable(client);
  catalog::LarkMetadataSource metadata(bitable);
  return Crawler(metadata, *store, progress).run(request);
}

}  // namespace larkbase::crawler
