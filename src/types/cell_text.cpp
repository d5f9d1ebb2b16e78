// Cell conversion: text segments, emails, group chats and formula rendering.
#include <fmt/format.h>

#include "types/cell_converter.hpp"
#include "types/cell_reading.hpp"

namespace larkbase::types {

using namespace cell_reading;  // the shared readers of this folder

CellStatus CellConverter::read_text(ondemand::value& value, std::string& out, bool email) {
  auto segment = [&](ondemand::object object) {
    std::array<std::string_view, 2> views;
    std::array<bool, 2> present{};
    bool bad = false;
    read_string_members(object, kSegmentKeys, views, present, bad);
    if (present[0]) {
      out.append(email ? strip_mailto(views[0]) : views[0]);
    } else if (email && present[1]) {
      out.append(strip_mailto(views[1]));
    }
    return !bad;
  };
  switch (type_of(value)) {
    case json_type::string: {
      std::string_view text = take(value.get_string());
      out.append(email ? strip_mailto(text) : text);
      return CellStatus::kValue;
    }
    case json_type::object:
      return segment(take(value.get_object())) ? CellStatus::kValue : CellStatus::kBad;
    case json_type::array: {
      bool any = false;
      for (auto item_result : take(value.get_array())) {
        ondemand::value& item = ref(item_result);
        std::string_view text;
        if (read_string(item, text)) {
          out.append(email ? strip_mailto(text) : text);
        } else if (type_of(item) != json_type::object || !segment(take(item.get_object()))) {
          return CellStatus::kBad;
        }
        any = true;
      }
      return any ? CellStatus::kValue : CellStatus::kNull;
    }
    default:
      return CellStatus::kBad;
  }
}

CellStatus CellConverter::read_group_chats(ondemand::value& value, std::string& out) {
  auto chat = [&](ondemand::value& item) {
    std::string_view id;
    if (read_string(item, id)) {
      out.append(id);
      return true;
    }
    if (type_of(item) != json_type::object) return false;
    std::array<std::string_view, 1> views;
    std::array<bool, 1> present{};
    bool bad = false;
    read_string_members(take(item.get_object()), kChatKeys, views, present, bad);
    if (!present[0]) return false;
    out.append(views[0]);
    return true;
  };
  if (type_of(value) != json_type::array)
    return chat(value) ? CellStatus::kValue : CellStatus::kBad;
  bool first = true;
  for (auto item_result : take(value.get_array())) {
    ondemand::value& item = ref(item_result);
    if (!first) out.push_back(',');
    if (!chat(item)) return CellStatus::kBad;
    first = false;
  }
  return first ? CellStatus::kNull : CellStatus::kValue;
}

CellStatus CellConverter::render_items(ondemand::value& value, std::string& out) {
  if (type_of(value) != json_type::object) {
    bool segment = false;
    return render(value, out, segment);
  }
  for (auto member_result : take(value.get_object())) {
    ondemand::field& member = ref(member_result);
    if (!key_is(member, "value"_key)) continue;
    bool segment = false;
    return render(member.value(), out, segment);
  }
  return CellStatus::kNull;  // a formula without a value has no result
}

// Formula rendering. Lists join their items with ","; text segments that follow each
// other are pieces of one text and are concatenated without a separator.
CellStatus CellConverter::render(ondemand::value& value, std::string& out, bool& is_segment) {
  is_segment = false;
  switch (type_of(value)) {
    case json_type::null:
      return CellStatus::kNull;
    case json_type::string:
      out.append(take(value.get_string()));
      return CellStatus::kValue;
    case json_type::number:
      return render_number(value, out);
    case json_type::boolean:
      out.append(take(value.get_bool()) ? "true" : "false");
      return CellStatus::kValue;
    case json_type::object:
      return render_object(value, out, is_segment);
    case json_type::array: {
      bool any = false;
      bool previous_segment = false;
      for (auto item_result : take(value.get_array())) {
        size_t start = out.size();
        bool segment = false;
        CellStatus status = render(ref(item_result), out, segment);
        if (status == CellStatus::kBad) return status;
        if (status == CellStatus::kNull) continue;
        if (any && !(segment && previous_segment)) out.insert(out.begin() + long(start), ',');
        any = true;
        previous_segment = segment;
      }
      return any ? CellStatus::kValue : CellStatus::kNull;
    }
  }
  return CellStatus::kBad;
}

// An object item renders as its `text` (a segment), else its `name`, else its `id`,
// else its raw JSON text.
CellStatus CellConverter::render_object(ondemand::value& value, std::string& out,
                                        bool& is_segment) {
  const char* start = value.raw_json_token().data();
  std::array<std::string_view, 3> views;
  std::array<bool, 3> present{};
  bool bad = false;
  read_string_members(take(value.get_object()), kRenderKeys, views, present, bad);
  for (size_t i = 0; i < views.size(); ++i) {
    if (!present[i]) continue;
    out.append(views[i]);
    is_segment = i == 0;
    return CellStatus::kValue;
  }
  out.append(object_text(start));
  return CellStatus::kValue;
}

CellStatus CellConverter::raw_json(ondemand::value& value, std::string_view& out) {
  switch (type_of(value)) {
    case json_type::object:
      out = trim_right(take(take(value.get_object()).raw_json()));
      break;
    case json_type::array:
      out = trim_right(take(take(value.get_array()).raw_json()));
      break;
    default:
      out = trim_right(value.raw_json_token());
      break;
  }
  return CellStatus::kValue;
}

}  // namespace larkbase::types
