#pragma once
// The crawl (reference-java-connector.md §7, with its §10 defects fixed):
// read the source (control table rows or Drive bitables, named by the
// connector's rules), then per base: create its database when missing, and
// per Lark table create, update (what changed) or skip its catalog table.
//
// Safety rules:
// - Only objects this crawl source wrote are ever changed: a database or table
//   without our markers (or another source's) is left alone, prune or not.
// - Deletions happen only with `prune`, only for our own tables that Lark no
//   longer lists, and only in databases whose Lark listing succeeded.
// - One bad base or table is reported as failed and skipped; the crawl goes on.
// - A table is written in one call, after all of its fields were read.
// - A dry run reads everything and writes nothing; the summary says what
//   would happen.
#include <functional>
#include <string>

#include "catalog/catalog_store.hpp"
#include "catalog/metadata_source.hpp"
#include "crawler/crawl_request.hpp"
#include "crawler/crawl_summary.hpp"

namespace larkbase::crawler {

using ProgressFn = std::function<void(const std::string& line)>;

class Crawler {
 public:
  Crawler(catalog::MetadataSource& lark, catalog::CatalogStore& store, ProgressFn progress = {})
      : lark_(lark), store_(store), progress_(std::move(progress)) {}

  // Throws when the source itself cannot be read (the control table or the
  // folder) or the store cannot be listed: nothing is written then.
  CrawlSummary run(const CrawlRequest& request);

 private:
  void say(const std::string& line) const {
    if (progress_) progress_(line);
  }

  catalog::MetadataSource& lark_;
  catalog::CatalogStore& store_;
  ProgressFn progress_;
};

}  // namespace larkbase::crawler
