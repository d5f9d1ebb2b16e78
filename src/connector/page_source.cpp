#include "connector/page_source.hpp"

#include <spdlog/spdlog.h>

#include "lark/record_search.hpp"

namespace larkbase::connector {
namespace {

class SearchPages final : public PageSource {
 public:
  SearchPages(lark::BitableClient& bitable, lark::SearchRequest request)
      : search_(bitable.search(std::move(request))) {}

  std::optional<RawPage> next() override {
    auto page = search_.next();
    if (!page) return std::nullopt;
    return RawPage{std::move(page->body), page->has_more};
  }

  void set_page_size(int page_size) override { search_.set_page_size(page_size); }

 private:
  lark::RecordSearch search_;
};

class RecordIdPages final : public PageSource {
 public:
  // Copies what it needs: the source may outlive the caller's split.
  RecordIdPages(lark::BitableClient& bitable, const Split& split)
      : bitable_(bitable),
        app_token_(split.app_token()),
        table_id_(split.table_id()),
        record_ids_(split.record_ids),
        name_(split.qualified_name()) {}

  std::optional<RawPage> next() override {
    if (done_) return std::nullopt;
    done_ = true;
    auto result = bitable_.batch_get(app_token_, table_id_, record_ids_);
    if (!result.forbidden_record_ids.empty()) {
      // Records the app may not see are not visible to a search either.
      spdlog::warn("{}: {} of the requested records are not visible to this app", name_,
                   result.forbidden_record_ids.size());
    }
    common::Json body = {{"code", 0},
                         {"msg", "success"},
                         {"data", {{"items", std::move(result.records)}, {"has_more", false}}}};
    return RawPage{body.dump(), false};
  }

 private:
  lark::BitableClient& bitable_;
  std::string app_token_;
  std::string table_id_;
  std::vector<std::string> record_ids_;
  std::string name_;
  bool done_ = false;
};

}  // namespace

std::unique_ptr<PageSource> search_pages(lark::BitableClient& bitable, const Split& split) {
  lark::SearchRequest request;
  request.app_token = split.app_token();
  request.table_id = split.table_id();
  request.query = split.query;
  return std::make_unique<SearchPages>(bitable, std::move(request));
}

std::unique_ptr<PageSource> record_id_pages(lark::BitableClient& bitable, const Split& split) {
  return std::make_unique<RecordIdPages>(bitable, split);
}

}  // namespace larkbase::connector
