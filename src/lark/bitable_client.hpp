#pragma once
// Bitable (Base) v1: tables, fields (cached), record search, batch get and
// batch create. Every call goes through LarkClient::call().
#include <string>
#include <vector>

#include "common/json.hpp"
#include "lark/field_cache.hpp"
#include "lark/lark_client.hpp"
#include "lark/model.hpp"
#include "lark/record_search.hpp"

namespace larkbase::lark {

inline constexpr size_t kMaxBatchGet = 100;
inline constexpr size_t kMaxBatchCreate = 500;

struct BatchGetResult {
  std::vector<common::Json> records;  // in Lark's order
  std::vector<std::string> absent_record_ids;
  std::vector<std::string> forbidden_record_ids;
};

class BitableClient {
 public:
  explicit BitableClient(LarkClient& client, FieldCache::Clock clock = {});

  // Every table of the base (all pages).
  std::vector<TableInfo> list_tables(const std::string& app_token);

  // Every field of the table (all pages), from the cache when fresh.
  FieldCache::Fields list_fields(const std::string& app_token, const std::string& table_id);
  FieldCache& field_cache() { return field_cache_; }

  RecordSearch search(SearchRequest request) { return RecordSearch(client_, std::move(request)); }

  // POST .../records/batch_get, split into calls of at most 100 ids.
  BatchGetResult batch_get(const std::string& app_token, const std::string& table_id,
                           const std::vector<std::string>& record_ids,
                           bool automatic_fields = false, const std::string& user_id_type = "");

  // POST .../records/batch_create, split into calls of at most 500 records.
  // `fields_per_record`: one {<field name>: value} object per record. Each call
  // carries a client_token so that a retried call does not create twice.
  // Returns the created records' ids in input order.
  std::vector<std::string> batch_create(const std::string& app_token, const std::string& table_id,
                                        const std::vector<common::Json>& fields_per_record);

  LarkClient& client() { return client_; }

 private:
  LarkClient& client_;
  FieldCache field_cache_;
};

}  // namespace larkbase::lark
