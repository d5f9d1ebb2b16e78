#include "sqlite/bound_table.hpp"

#include "common/error.hpp"
#include "types/column_name.hpp"

namespace larkbase::sqlite {

BoundTable::BoundTable(std::string first, std::string second, bool by_id, types::TableSchema schema)
    : first_(std::move(first)),
      second_(std::move(second)),
      by_id_(by_id),
      qualified_(first_ + "." + second_),
      schema_(std::move(schema)) {
  for (const auto& column : schema_.columns()) classes_.push_back(column_class(*column.field.type));
}

BoundTable BoundTable::catalog_table(connector::Connector& connector, const std::string& schema,
                                     const std::string& table) {
  return BoundTable(schema, table, false, connector.get_table(schema, table));
}

BoundTable BoundTable::by_id(connector::Connector& connector, const std::string& app_token,
                             const std::string& table_id) {
  return BoundTable(app_token, table_id, true, connector.get_table_by_id(app_token, table_id));
}

const std::string& BoundTable::column_name(int index) const {
  if (index < 0 || static_cast<size_t>(index) >= schema_.columns().size()) {
    throw common::InternalError("column index " + std::to_string(index) + " out of range for " +
                                qualified_);
  }
  return schema_.columns()[static_cast<size_t>(index)].name;
}

int BoundTable::record_id_column() const {
  return schema_.index_of(std::string(types::kReservedRecordId));
}

std::string BoundTable::declaration() const {
  std::string sql = "CREATE TABLE x(";
  bool first = true;
  for (const auto& column : schema_.columns()) {
    if (!first) sql += ", ";
    first = false;
    sql += quote_identifier(column.name) + " " + declared_type(*column.field.type);
  }
  // The record id is each row's identity. A rowid would have to be invented per
  // scan, and SQLite merges the branches of an OR it plans as several scans by
  // that identity, so it must be the record id itself.
  if (record_id_column() < 0) {
    throw common::InternalError("the table " + qualified_ + " has no record id column");
  }
  sql += ", PRIMARY KEY(" + quote_identifier(std::string(types::kReservedRecordId)) + ")";
  return sql + ") WITHOUT ROWID";
}

connector::ScanPlan BoundTable::plan(connector::Connector& connector,
                                     const connector::ScanRequest& request) const {
  if (by_id_) return connector.plan_by_id(first_, second_, request);
  connector::ScanRequest named = request;
  named.schema = first_;
  named.table = second_;
  return connector.plan(named);
}

}  // namespace larkbase::sqlite
