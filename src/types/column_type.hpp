#pragma once
// Arrow column types and Glue type strings of the type contract (types.md).
#include <string>

#include "columnar/data_type.hpp"
#include "common/json.hpp"
#include "types/field_kind.hpp"

namespace larkbase::types {

// Struct{id, name, email: Utf8}: User items, CreatedUser, ModifiedUser.
columnar::DataTypePtr person_type();
// Struct{text, link: Utf8}.
columnar::DataTypePtr url_type();
// Struct{name, url: Utf8; size: Int64; type, token: Utf8}.
columnar::DataTypePtr attachment_type();
// Struct{record_id, text: Utf8}.
columnar::DataTypePtr link_type();
// Struct{location: Utf8; latitude, longitude: Float64; address, full_address, name,
// pname, cityname, adname: Utf8}.
columnar::DataTypePtr location_type();

// The scalar column type of a kind (Utf8, Float64, Int32, Int64, Bool), or null when
// the kind's column is nested (lists, structs) or has no column. Unknown is not
// scalar here: a lookup of an unknown type falls back to List<Utf8> of raw text.
columnar::DataTypePtr scalar_type(FieldKind kind);

// The column type of a field of `kind`. For kLookup, `lookup_target` is the kind of
// the resolved final target (kUnknown when unresolvable): List<scalar_type(target)>,
// or List<Utf8> when the target is not scalar. Null for Stage/Button.
columnar::DataTypePtr column_type(FieldKind kind, FieldKind lookup_target = FieldKind::kUnknown);

// The Glue/Hive type string: string, double, int, bigint, boolean, array<...>,
// struct<name:type,...> (plus tinyint, smallint, float, binary, decimal(p,s), date,
// timestamp for the other types of the set).
std::string glue_type(const columnar::DataType& type);

// A lossless JSON form of a type (for TableSchema round trips).
common::Json data_type_to_json(const columnar::DataType& type);
// Throws UserError naming `what` when the JSON is not a type this produced.
columnar::DataTypePtr data_type_from_json(const common::Json& json, std::string_view what);

}  // namespace larkbase::types
