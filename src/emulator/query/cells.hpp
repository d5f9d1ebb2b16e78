#pragma once
// Reading cells in the records/search value shapes (lark-open-api.md §3.1):
// where a field's cell is, whether it is empty, and its text, number, instant or
// list-of-ids view. Readers are lenient about shapes (a plain string where a
// segment array is expected reads as that text) and never throw.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "emulator/query/field_kind.hpp"

namespace larkbase::emulator::query {

// The cell of field `name` (of kind `kind`) or nullptr when absent/null. Created/
// modified time and user fields missing from `fields` are read from `record`'s
// automatic values (created_time, last_modified_time, created_by, last_modified_by).
const common::Json* find_cell(const common::Json& fields, const common::Json* record,
                              const std::string& name, FieldKind kind);

// Empty: absent, null, "", [], a text whose segments hold no text, a link with no
// record ids, a url with neither text nor link, a location without full_address,
// a formula/lookup whose value list is empty. A checkbox is never empty.
bool is_empty_cell(const common::Json* cell, FieldKind kind);

// The text a text-like cell stands for: concatenated segment texts (Text, Email,
// Barcode), the display text (Url), full_address (Location), the string itself
// (Phone, AutoNumber, SingleSelect). Uses `scratch` when it has to concatenate.
std::string_view text_of(const common::Json& cell, FieldKind kind, std::string& scratch);

// A number cell (or a numeric string, e.g. AutoNumber "17"); nullopt otherwise.
std::optional<double> number_of(const common::Json& cell);

// A date cell in epoch milliseconds; nullopt when it is not a number.
std::optional<int64_t> instant_of(const common::Json& cell);

// The identities in a multi-valued cell, in cell order: option names
// (MultiSelect; SingleSelect gives one), person/group ids, linked record ids,
// attachment file tokens. Views point into `cell`.
void ids_of(const common::Json& cell, FieldKind kind, std::vector<std::string_view>& out);

// What a multi-valued cell shows, for sorting: option names, person/group names
// (the id when a name is missing), linked record ids, attachment file names.
void labels_of(const common::Json& cell, FieldKind kind, std::vector<std::string_view>& out);

// ASCII case folding, used when text comparisons are case-insensitive.
void fold_ascii_in_place(std::string& text);

// Parses a whole string as a finite number ("23.4", "-1", "1e3").
std::optional<double> parse_number(std::string_view text);

// Parses a whole string as a signed 64-bit integer.
std::optional<int64_t> parse_int64(std::string_view text);

}  // namespace larkbase::emulator::query
