#pragma once
// Column names for Athena/Glue (types.md "Column names"): lower case, [a-z0-9_],
// runs of `_` collapsed, a leading digit gets `_`, names with no letter or digit
// and non-ASCII names become field_<field_id>. A name that is exactly one of the
// reserved column names (ignoring case and surrounding spaces) keeps it, so the
// schema builder can see the collision (or the split key) it declares.
#include <string>
#include <string_view>
#include <unordered_set>

namespace larkbase::types {

inline constexpr std::string_view kReservedRecordId = "$reserved_record_id";
inline constexpr std::string_view kReservedTableId = "$reserved_table_id";
inline constexpr std::string_view kReservedBaseId = "$reserved_base_id";
inline constexpr std::string_view kReservedSplitKey = "$reserved_split_key";

bool is_reserved_column_name(std::string_view name);

std::string sanitize_column_name(std::string_view lark_name, std::string_view field_id);

// Hands out unique names in call order: the first owner keeps a name, later ones
// get `_2`, `_3`, ... (skipping suffixes already taken).
class ColumnNamer {
 public:
  // Marks a name as taken without a suffix check (reserved columns).
  void reserve(std::string name) { taken_.insert(std::move(name)); }
  std::string assign(const std::string& base);

 private:
  std::unordered_set<std::string> taken_;
};

}  // namespace larkbase::types
