#include "emulator/list_page.hpp"

namespace larkbase::emulator {

ListPage list_page(const common::Json& items, const char* id_key, long long page_size,
                   const std::string& page_token, bool& found_token) {
  size_t start = 0;
  found_token = page_token.empty();
  if (!page_token.empty()) {
    for (size_t i = 0; i < items.size(); ++i) {
      if (items[i].value(id_key, std::string()) == page_token) {
        start = i + 1;
        found_token = true;
        break;
      }
    }
  }
  ListPage page;
  if (!found_token) return page;
  size_t end = std::min(items.size(), start + size_t(page_size));
  for (size_t i = start; i < end; ++i) page.items.push_back(items[i]);
  page.has_more = end < items.size();
  if (end > start) page.page_token = items[end - 1].value(id_key, std::string());
  return page;
}

}  // namespace larkbase::emulator
