#pragma once
// The Lark table behind one SQLite virtual table: a catalog table (schema.table)
// or, for lark_table(), a table named by its ids. It knows its columns and how
// to plan a scan of itself.
#include <string>
#include <vector>

#include "connector/connector.hpp"
#include "sqlite/sql_type.hpp"
#include "types/table_schema.hpp"

namespace larkbase::sqlite {

class BoundTable {
 public:
  // A catalog table; get_table() throws UserError naming it when unknown.
  static BoundTable catalog_table(connector::Connector& connector, const std::string& schema,
                                  const std::string& table);
  // A table by app token and table id.
  static BoundTable by_id(connector::Connector& connector, const std::string& app_token,
                          const std::string& table_id);

  const types::TableSchema& schema() const { return schema_; }
  const std::vector<ColumnClass>& classes() const { return classes_; }
  const std::string& column_name(int index) const;
  // "schema.table", or "app_token.table_id" for a table given by ids.
  const std::string& qualified_name() const { return qualified_; }

  // The CREATE TABLE statement sqlite3_declare_vtab needs: WITHOUT ROWID, the
  // record id as the primary key.
  std::string declaration() const;
  // The declared index of $reserved_record_id; -1 when the schema lacks it.
  int record_id_column() const;

  connector::ScanPlan plan(connector::Connector& connector,
                           const connector::ScanRequest& request) const;

 private:
  BoundTable(std::string first, std::string second, bool by_id, types::TableSchema schema);

  std::string first_;   // schema or app token
  std::string second_;  // table or table id
  bool by_id_ = false;
  std::string qualified_;
  types::TableSchema schema_;
  std::vector<ColumnClass> classes_;
};

}  // namespace larkbase::sqlite
