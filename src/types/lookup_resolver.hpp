#pragma once
// Resolves a Lookup field to the field it finally shows: the lookup's property names
// a target field (and its table, in the same Base); while the target is itself a
// lookup, follow it. A cycle or more than `max_depth` hops leaves it unresolved, and
// the column falls back to List<Utf8> (types.md).
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "types/lark_field.hpp"

namespace larkbase::types {

// Serves the field list of a table (the catalog serves it from its cache). May throw
// common::Error when the table cannot be read.
class FieldListProvider {
 public:
  virtual ~FieldListProvider() = default;
  virtual const std::vector<LarkField>& fields(const std::string& app_token,
                                               const std::string& table_id) = 0;
};

// A provider over field lists held in memory; an unknown table throws UserError.
class InMemoryFieldLists final : public FieldListProvider {
 public:
  void add(const std::string& app_token, const std::string& table_id,
           std::vector<LarkField> fields) {
    tables_[{app_token, table_id}] = std::move(fields);
  }
  const std::vector<LarkField>& fields(const std::string& app_token,
                                       const std::string& table_id) override;

 private:
  std::map<std::pair<std::string, std::string>, std::vector<LarkField>> tables_;
};

// Where a lookup's property points. Both empty when it names no target field.
struct LookupTargetRef {
  std::string table_id;  // empty: the lookup's own table
  std::string field_id;
};
// Reads the shapes seen for lookups (lark-open-api.md §2.4): target_field /
// target_field_id / field_id, and filter_info.target_table / target_table /
// target_table_id / table_id.
LookupTargetRef lookup_target_of(const LarkField& lookup);

struct LookupResolution {
  bool resolved = false;
  FieldKind target_kind = FieldKind::kUnknown;  // the final non-lookup target
  std::string target_table_id;
  std::string target_field_id;
  int hops = 0;
  std::string reason;  // why it is unresolved (for logs and docs)
};

class LookupResolver {
 public:
  static constexpr int kDefaultMaxDepth = 20;

  explicit LookupResolver(FieldListProvider& provider, int max_depth = kDefaultMaxDepth)
      : provider_(provider), max_depth_(max_depth) {}

  LookupResolution resolve(const std::string& app_token, const std::string& table_id,
                           const LarkField& lookup);

 private:
  const LarkField* find_field(const std::string& app_token, const std::string& table_id,
                              const std::string& field_id, std::string& reason);

  FieldListProvider& provider_;
  int max_depth_;
};

}  // namespace larkbase::types
