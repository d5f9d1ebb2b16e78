#include "cli/arrow_json_cell.hpp"

#include <cmath>
#include <string>

#include "common/error.hpp"

namespace larkbase::cli {
namespace {

[[noreturn]] void wrong_shape(const columnar::ArrayBuilder& builder, const common::Json& value) {
  throw common::InternalError("a " + builder.type()->to_string() + " value arrived as JSON " +
                              std::string(value.type_name()) + ": " + value.dump());
}

}  // namespace

void append_json_value(columnar::ArrayBuilder& builder, const common::Json& value) {
  using columnar::TypeId;
  if (value.is_null()) return builder.append_null();
  switch (builder.type()->id) {
    case TypeId::kList: {
      if (!value.is_array()) wrong_shape(builder, value);
      auto& list = static_cast<columnar::ListBuilder&>(builder);
      list.begin_list();
      for (const auto& item : value) append_json_value(list.values(), item);
      return list.end_list();
    }
    case TypeId::kStruct: {
      if (!value.is_object()) wrong_shape(builder, value);
      auto& members = static_cast<columnar::StructBuilder&>(builder);
      const auto& fields = builder.type()->children;
      for (size_t i = 0; i < fields.size(); ++i) {
        auto found = value.find(fields[i].name);
        append_json_value(members.child(i), found == value.end() ? common::Json() : *found);
      }
      return members.append_valid();
    }
    case TypeId::kUtf8:
    case TypeId::kBinary:
      return static_cast<columnar::StringBuilder&>(builder).append(
          value.is_string() ? value.get<std::string>() : value.dump());
    case TypeId::kBool:
      if (!value.is_boolean()) wrong_shape(builder, value);
      return static_cast<columnar::BoolBuilder&>(builder).append(value.get<bool>());
    case TypeId::kInt32:
      if (!value.is_number_integer()) wrong_shape(builder, value);
      return static_cast<columnar::Int32Builder&>(builder).append(value.get<int32_t>());
    case TypeId::kInt64:
      if (!value.is_number_integer()) wrong_shape(builder, value);
      return static_cast<columnar::Int64Builder&>(builder).append(value.get<int64_t>());
    case TypeId::kFloat64:
      if (!value.is_number()) wrong_shape(builder, value);
      return static_cast<columnar::Float64Builder&>(builder).append(value.get<double>());
    default:
      wrong_shape(builder, value);
  }
}

void append_json_text(columnar::ArrayBuilder& builder, std::string_view text,
                      std::string_view what) {
  append_json_value(builder, common::parse_json(text, what));
}

}  // namespace larkbase::cli
