#pragma once
// A table with one column of every kind the translation distinguishes, with Lark
// field names that differ from the column names (so tests see the mapping).
#include <string>
#include <vector>

#include "types/column_type.hpp"
#include "types/table_schema.hpp"

namespace larkbase::pushdown::testing {

inline types::Column make_column(const std::string& name, const std::string& lark_name,
                                 types::FieldKind kind,
                                 types::ColumnRole role = types::ColumnRole::kField) {
  types::Column c;
  c.name = name;
  c.role = role;
  c.kind = kind;
  c.lark_field_name = lark_name;
  c.lark_field_id = "fld_" + name;
  auto type = role == types::ColumnRole::kField ? types::column_type(kind) : columnar::utf8_type();
  if (role == types::ColumnRole::kSplitKey) type = columnar::int64_type();
  c.field = {name, type, true};
  return c;
}

inline types::TableSchema demo_schema() {
  using K = types::FieldKind;
  using R = types::ColumnRole;
  std::vector<types::Column> columns = {
      make_column("title", "Title", K::kText),
      make_column("email", "Email", K::kEmail),
      make_column("phone", "Phone", K::kPhone),
      make_column("score", "Score", K::kNumber),
      make_column("rating", "Rating", K::kRating),
      make_column("status", "Status", K::kSingleSelect),
      make_column("tags", "Tags", K::kMultiSelect),
      make_column("due", "Due", K::kDateTime),
      make_column("created", "Created", K::kCreatedTime),
      make_column("done", "Done", K::kCheckbox),
      make_column("owner", "Owner", K::kUser),
      make_column("link", "Link", K::kUrl),
      make_column("files", "Files", K::kAttachment),
      make_column("ticket", "Ticket", K::kAutoNumber),
      make_column("total", "Total", K::kFormula),
      make_column("$reserved_record_id", "", K::kUnknown, R::kRecordId),
      make_column("$reserved_table_id", "", K::kUnknown, R::kTableId),
      make_column("$reserved_base_id", "", K::kUnknown, R::kBaseId),
  };
  return types::TableSchema("app_demo", "tbl_demo", std::move(columns));
}

}  // namespace larkbase::pushdown::testing
