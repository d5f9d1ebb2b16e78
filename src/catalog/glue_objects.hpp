#pragma once
// The Glue objects of the Lark crawler, as the reference connector reads them
// (reference-java-connector.md §6.2, §7.2): the `lark-base-flag` markers, the
// database and table locations, the table parameters, and the column comment
//   LarkBaseId=<b>/LarkBaseTableId=<t>/LarkBaseFieldId=<f>/LarkBaseFieldName=<name>/LarkBaseFieldType=<type>
// that maps a Glue column to its Lark field. Shared by the crawler (writes) and
// the Glue flow's provider (reads), so both sides agree by construction.
//
// A `/` in a field name would cut the reference's `/`-split parse, so tables we
// write escape the name (`%` → %25, `/` → %2F) and say so with the table
// parameter larkbaseCommentEscape=percent. Reading finds the keys by their
// markers (the name runs up to the last `/LarkBaseFieldType=`), so a raw `/`
// in a table the Java crawler wrote survives too; only escaped tables are decoded.
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog_store.hpp"
#include "types/table_schema.hpp"

namespace larkbase::catalog {

inline constexpr std::string_view kLarkFlag = "lark-base-flag";
inline constexpr std::string_view kLarkTableType = "LARK_BASE_TABLE";
inline constexpr std::string_view kLarkInputFormat = "org.apache.hadoop.mapred.TextInputFormat";
inline constexpr std::string_view kLarkOutputFormat =
    "org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat";

inline constexpr std::string_view kParamClassification = "classification";
inline constexpr std::string_view kParamCrawlingMethod = "crawlingMethod";
inline constexpr std::string_view kParamBaseId = "larkBaseId";
inline constexpr std::string_view kParamTableId = "larkTableId";
inline constexpr std::string_view kParamBaseDataSource = "larkBaseDataSourceId";
inline constexpr std::string_view kParamTableDataSource = "larkTableDataSourceId";
inline constexpr std::string_view kParamDriveFolder = "larkDriveFolderToken";
inline constexpr std::string_view kParamTableName = "larkTableName";
inline constexpr std::string_view kParamCommentEscape = "larkbaseCommentEscape";
inline constexpr std::string_view kCommentEscapePercent = "percent";

inline constexpr std::string_view kMethodLarkBase = "LarkBase";
inline constexpr std::string_view kMethodLarkDrive = "LarkDrive";

// lark-base-flag/CrawlingMethod=<m>/DataSource=<src>/Base=<base>[/Table=<table>]
struct LarkLocation {
  std::string method;
  std::string data_source;
  std::string base;
  std::string table;  // empty for a database location
};
std::string to_location(const LarkLocation& location);
// nullopt when `uri` is not a Lark location (no lark-base-flag prefix, keys missing).
std::optional<LarkLocation> parse_location(std::string_view uri);

// The reference's test for "a Lark database / table" (connector side).
bool is_lark_database(const StoredDatabase& database);
bool is_lark_table(const StoredTable& table);

struct FieldMapping {
  std::string base_id;
  std::string table_id;
  std::string field_id;
  std::string field_name;
  std::string type;  // Text, Formula<Text>, Lookup<Number>, Lookup<NULL>, ...
};
std::string column_comment(const FieldMapping& mapping);  // escaped
// nullopt when the comment is not a mapping. `escaped`: decode %25 / %2F.
std::optional<FieldMapping> parse_column_comment(std::string_view comment, bool escaped);
std::string escape_comment_value(std::string_view value);
std::string unescape_comment_value(std::string_view value);

// The type descriptor of a column built by the type contract. A Formula names
// its result's ui_type (`formula_result`, Text when Lark does not say).
std::string type_descriptor(const types::Column& column, std::string_view formula_result = "");

// The connector's view of a Lark table held in a catalog store: columns named
// as in the store, typed by the type contract from each comment's field type
// (so tables written by the Java crawler, with its own Glue type strings, read
// the same way), then the reserved columns. Throws UserError naming the table
// and the column when a parameter or a comment is missing or malformed.
types::TableSchema stored_table_schema(const StoredTable& table);

}  // namespace larkbase::catalog
