#pragma once
// Field lists per (base, table), kept for a TTL (default 5 minutes): planning a
// query needs the fields several times, and Lark rate-limits the endpoint.
// Thread-safe; an expired or missing entry is loaded by the caller's loader.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "lark/model.hpp"

namespace larkbase::lark {

class FieldCache {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;
  using Fields = std::shared_ptr<const std::vector<FieldInfo>>;

  explicit FieldCache(std::chrono::seconds ttl, Clock now = {});

  // The cached list, or loader()'s result (then cached). The loader runs
  // without the lock held, so one slow table does not block the others.
  Fields get(const std::string& app_token, const std::string& table_id,
             const std::function<std::vector<FieldInfo>()>& loader);

  void invalidate(const std::string& app_token, const std::string& table_id);
  void clear();

 private:
  struct Entry {
    Fields fields;
    std::chrono::steady_clock::time_point loaded_at;
  };
  std::chrono::seconds ttl_;
  Clock now_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, Entry> entries_;
};

}  // namespace larkbase::lark
