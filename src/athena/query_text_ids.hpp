#pragma once
// The experimental metadata flow (seed flow 4): a query names a table by its Lark
// ids, SELECT … FROM "catalog"."<base token>"."<table id>". Athena lower-cases
// the names it hands the connector, and Lark ids are case-sensitive, so their
// spelling is read back from the query's SQL text (Athena GetQueryExecution) —
// read as data, never executed.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::athena {

struct TableIds {
  std::string app_token;
  std::string table_id;
};

// The identifiers of `sql` in order: "double quoted" ("" is a quote inside) or
// bare runs of [A-Za-z0-9_$]. String literals ('…', '' inside) and comments
// (-- to the end of the line, /* … */) are skipped, so a literal or a comment
// that happens to spell an id is never taken for the table.
std::vector<std::string> sql_identifiers(std::string_view sql);

// The first place where an identifier equal to `schema` (ignoring ASCII case) is
// followed by one equal to `table`: their spelling in the text. nullopt when the
// text has no such pair.
std::optional<TableIds> find_table_ids(std::string_view sql, const std::string& schema,
                                       const std::string& table);

}  // namespace larkbase::athena
