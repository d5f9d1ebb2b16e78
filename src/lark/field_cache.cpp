#include "lark/field_cache.hpp"

namespace larkbase::lark {

FieldCache::FieldCache(std::chrono::seconds ttl, Clock now) : ttl_(ttl), now_(std::move(now)) {
  if (!now_) now_ = [] { return std::chrono::steady_clock::now(); };
}

FieldCache::Fields FieldCache::get(const std::string& app_token, const std::string& table_id,
                                   const std::function<std::vector<FieldInfo>()>& loader) {
  auto key = std::make_pair(app_token, table_id);
  {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it != entries_.end() && now_() - it->second.loaded_at < ttl_) return it->second.fields;
  }
  auto loaded_at = now_();
  auto fields = std::make_shared<const std::vector<FieldInfo>>(loader());
  std::lock_guard lock(mutex_);
  entries_[key] = Entry{fields, loaded_at};
  return fields;
}

void FieldCache::invalidate(const std::string& app_token, const std::string& table_id) {
  std::lock_guard lock(mutex_);
  entries_.erase(std::make_pair(app_token, table_id));
}

void FieldCache::clear() {
  std::lock_guard lock(mutex_);
  entries_.clear();
}

}  // namespace larkbase::lark
