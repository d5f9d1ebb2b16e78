#pragma once
// Lark-looking identifiers. Structural ids (app tokens, table, field and option
// ids, Drive tokens) are stable: they depend only on names, so docs and examples
// can quote them whatever the seed. Record ids depend on the seed and the row.
#include <cstdint>
#include <string>
#include <string_view>

namespace larkbase::emulator::demo {

// `prefix` followed by `length` base62 characters derived from `key`.
std::string stable_id(std::string_view prefix, std::string_view key, size_t length);

// "rec" + 11 base62 characters; distinct rows of one table always get distinct ids
// (a bijective mix of the row number keyed by seed and table).
std::string record_id(uint64_t seed, std::string_view table_key, int64_t row);

// A lowercase hex string of `length` characters derived from `key` (open_id / chat ids).
std::string hex_id(std::string_view key, size_t length);

}  // namespace larkbase::emulator::demo
