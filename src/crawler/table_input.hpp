#pragma once
// The Glue objects one crawl writes (reference-java-connector.md §7.2, with a
// `/` in field names escaped), which of the store's objects belong to the crawl
// source, and what changed between a stored table and the one Lark now implies.
#include <string>
#include <vector>

#include "catalog/catalog_store.hpp"
#include "crawler/crawl_request.hpp"
#include "types/lark_field.hpp"
#include "types/table_schema.hpp"

namespace larkbase::crawler {

catalog::StoredDatabase database_input(const CrawlRequest& request, const std::string& name,
                                       const std::string& app_token);

// One column per Lark field of `schema` (reserved columns are added by the
// reader), each with its Glue type and its field-mapping comment. `fields`
// supplies formula result types.
catalog::StoredTable table_input(const CrawlRequest& request, const std::string& database,
                                 const std::string& name, const std::string& lark_name,
                                 const types::TableSchema& schema,
                                 const std::vector<types::LarkField>& fields);

// Written by this crawl source: the Lark location / markers with this source's
// crawling method and exact data-source ids (never a prefix match).
bool owns_database(const CrawlRequest& request, const catalog::StoredDatabase& database);
bool owns_table(const CrawlRequest& request, const catalog::StoredTable& table);

// What differs, as short sentences ("column amount: type double → string
// (Number → Text)", "column total added", "parameter larkBaseId: a → b").
// Empty when the tables are equal.
std::vector<std::string> table_changes(const catalog::StoredTable& stored,
                                       const catalog::StoredTable& wanted);

}  // namespace larkbase::crawler
