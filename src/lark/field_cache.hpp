#pragma once
// Field lists per (base, table), kept for a TTL (default 5 minutes): planning a
// query needs the fields several times, and Lark rate-limits the endpoint.
// Thread-safe; an expired or missing entry is loaded by the caller's loader.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "common/ttl_cache.hpp"
#include "lark/model.hpp"

namespace larkbase::lark {

class FieldCache {
 public:
  using Clock = common::SteadyClock;
  using Fields = std::shared_ptr<const std::vector<FieldInfo>>;

  explicit FieldCache(std::chrono::seconds ttl, Clock now = {}) : entries_(ttl, std::move(now)) {}

  // The cached list, or loader()'s result (then cached). The loader runs
  // without the lock held, so one slow table does not block the others.
  Fields get(const std::string& app_token, const std::string& table_id,
             const std::function<std::vector<FieldInfo>()>& loader) {
    return entries_.get({app_token, table_id}, [&](bool) {
      return std::make_shared<const std::vector<FieldInfo>>(loader());
    });
  }

  void invalidate(const std::string& app_token, const std::string& table_id) {
    entries_.invalidate({app_token, table_id});
  }
  void clear() { entries_.clear(); }

 private:
  common::TtlCache<std::pair<std::string, std::string>, Fields> entries_;
};

}  // namespace larkbase::lark
