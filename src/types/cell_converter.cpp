// Cell conversion: the dispatch by rule and the scalar rules (types.md).
#include <fmt/format.h>

#include "types/cell_converter.hpp"
#include "types/cell_reading.hpp"

namespace larkbase::types {

using namespace cell_reading;  // the shared readers of this folder

void ConversionWarnings::add(std::string_view column, std::string_view problem) {
  if (count++ == 0) first = fmt::format("column {}: {}", column, problem);
}

void CellConverter::convert(CellRule rule, CellRule item_rule, std::string_view column,
                            ondemand::value& value, ArrayBuilder& builder) {
  CellStatus status;
  switch (rule) {
    case CellRule::kStringList:
      status = string_list(value, builder, column);
      break;
    case CellRule::kUserList:
      status = user_list(value, builder, column);
      break;
    case CellRule::kPerson:
      status = person(value, builder);
      break;
    case CellRule::kUrl:
      status = url(value, builder, column);
      break;
    case CellRule::kAttachments:
      status = attachments(value, builder, column);
      break;
    case CellRule::kLinks:
      status = links(value, builder, column);
      break;
    case CellRule::kLocation:
      status = location(value, builder, column);
      break;
    case CellRule::kLookup:
      status = lookup(item_rule, value, builder, column);
      break;
    default:
      status = scalar(rule, value, builder, column);
      break;
  }
  if (status == CellStatus::kValue) return;
  builder.append_null();
  if (status == CellStatus::kBad)
    warnings_.add(column, "the Lark value does not fit the column type");
}

CellStatus CellConverter::scalar(CellRule rule, ondemand::value& value, ArrayBuilder& builder,
                                 std::string_view column) {
  CellStatus status = CellStatus::kBad;
  switch (rule) {
    case CellRule::kText:
    case CellRule::kEmail:
    case CellRule::kGroupChat:
    case CellRule::kRender:
    case CellRule::kFormula: {
      scratch_.clear();
      if (rule == CellRule::kGroupChat) {
        status = read_group_chats(value, scratch_);
      } else if (rule == CellRule::kRender) {
        bool segment = false;
        status = render(value, scratch_, segment);
      } else if (rule == CellRule::kFormula) {
        status = render_items(value, scratch_);
      } else {
        status = read_text(value, scratch_, rule == CellRule::kEmail);
      }
      if (status == CellStatus::kValue) static_cast<StringBuilder&>(builder).append(scratch_);
      return status;
    }
    case CellRule::kString: {
      std::string_view text;
      if (read_string(value, text)) {
        static_cast<StringBuilder&>(builder).append(text);
        return CellStatus::kValue;
      }
      if (type_of(value) != json_type::number) return CellStatus::kBad;
      scratch_.clear();
      status = render_number(value, scratch_);
      if (status == CellStatus::kValue) static_cast<StringBuilder&>(builder).append(scratch_);
      return status;
    }
    case CellRule::kRaw: {
      std::string_view raw;
      status = raw_json(value, raw);
      if (status == CellStatus::kValue) static_cast<StringBuilder&>(builder).append(raw);
      return status;
    }
    case CellRule::kFloat64: {
      double number = 0;
      status = read_double(value, number);
      if (status == CellStatus::kValue) static_cast<Float64Builder&>(builder).append(number);
      return status;
    }
    case CellRule::kInt32: {
      int64_t number = 0;
      status = read_integral(value, number, false);
      if (status != CellStatus::kValue) return status;
      if (number < INT32_MIN || number > INT32_MAX) return CellStatus::kBad;
      static_cast<Int32Builder&>(builder).append(static_cast<int32_t>(number));
      return status;
    }
    case CellRule::kEpochMillis:
    case CellRule::kSplitKey: {
      int64_t number = 0;
      std::string_view digits;
      if (rule == CellRule::kSplitKey && read_string(value, digits)) {
        // An AutoNumber split key: only a purely numeric value is a key.
        bool numeric = !digits.empty() && digits.find_first_not_of("0123456789") == digits.npos;
        auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), number);
        status = numeric && error == std::errc() && end == digits.data() + digits.size()
                     ? CellStatus::kValue
                     : CellStatus::kBad;
      } else {
        status = read_integral(value, number, rule == CellRule::kEpochMillis);
      }
      if (status == CellStatus::kValue) static_cast<Int64Builder&>(builder).append(number);
      return status;
    }
    case CellRule::kBool: {
      if (type_of(value) != json_type::boolean) return CellStatus::kBad;
      static_cast<BoolBuilder&>(builder).append(take(value.get_bool()));
      return CellStatus::kValue;
    }
    default:
      (void)column;
      return CellStatus::kBad;
  }
}

}  // namespace larkbase::types
