#pragma once
// Schema and table names follow the column-name rules of the type contract
// (types.md "Column names"): lower case, [a-z0-9_], runs of `_` collapsed, a
// leading digit gets `_`. A name with no ASCII letter or digit, or with
// non-ASCII characters, becomes `<kind>_<id>` (e.g. `table_tblabc`), so it
// stays readable and stable instead of a run of underscores.
#include <string>
#include <string_view>
#include <vector>

namespace larkbase::catalog {

std::string sanitize_object_name(std::string_view lark_name, std::string_view id,
                                 std::string_view kind);

// One object to name within a scope (the tables of one schema).
struct NamingInput {
  std::string lark_name;
  std::string id;
};

struct NamingResult {
  std::vector<std::string> names;     // one per input, same order
  std::vector<std::string> warnings;  // one per renamed collision
};

// Sanitises every name; the first owner of a name keeps it, later ones get
// `_2`, `_3`, ... in input order (Lark's order). Each rename is reported.
// `scope` names the scope in warnings ("schema sales").
NamingResult assign_names(const std::vector<NamingInput>& inputs, std::string_view kind,
                          std::string_view scope);

}  // namespace larkbase::catalog
