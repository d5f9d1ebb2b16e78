#pragma once
// The FieldListProvider lookup resolution uses while one table schema is built:
// it serves each table's fields from the MetadataSource (whose Lark
// implementation reads them through the BitableClient's field cache) and keeps
// them for the lifetime of the build, so the references it hands out stay valid.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "catalog/metadata_source.hpp"
#include "types/lookup_resolver.hpp"

namespace larkbase::catalog {

class FieldListMemo final : public types::FieldListProvider {
 public:
  // `refresh`: bypass the field cache (the table schema expired).
  FieldListMemo(MetadataSource& source, bool refresh) : source_(source), refresh_(refresh) {}

  const std::vector<types::LarkField>& fields(const std::string& app_token,
                                              const std::string& table_id) override {
    auto key = std::make_pair(app_token, table_id);
    auto it = memo_.find(key);
    if (it == memo_.end()) {
      it = memo_.emplace(key, source_.list_fields(app_token, table_id, refresh_)).first;
    }
    return it->second;
  }

 private:
  MetadataSource& source_;
  bool refresh_;
  std::map<std::pair<std::string, std::string>, std::vector<types::LarkField>> memo_;
};

}  // namespace larkbase::catalog
