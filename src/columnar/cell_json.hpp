#pragma once
// One cell as JSON: how nested values (lists, structs) reach SQLite as text, and how
// any cell is shown. NULL → null; numbers → numbers; Utf8 → string; Binary → base64
// string; Decimal128 → exact decimal text (a string); dates and timestamps → ISO-8601
// text (UTC); List → array; Struct → object.
#include <cstdint>
#include <string>

#include "columnar/array.hpp"
#include "common/json.hpp"

namespace larkbase::columnar {

// Struct members come out in nlohmann::json's key order (sorted by name).
common::Json cell_to_json(const ArrayData& array, int64_t row);
// The same, serialised compactly with struct members in type order:
// `[{"id":"ou_1","name":"Ann"}]`. Invalid UTF-8 bytes become U+FFFD.
std::string cell_to_json_text(const ArrayData& array, int64_t row);

}  // namespace larkbase::columnar
