#include "types/cell_converter.hpp"

#include "types/json_access.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>

namespace larkbase::types {
namespace {

using columnar::ArrayBuilder;
using columnar::BoolBuilder;
using columnar::Float64Builder;
using columnar::Int32Builder;
using columnar::Int64Builder;
using columnar::ListBuilder;
using columnar::StringBuilder;
using columnar::StructBuilder;
using ondemand::json_type;

using json::key_is;
using json::operator""_key;
using json::ref;
using json::take;
using json::type_of;

// The raw text of the object starting at `start` (a valid JSON object: the document's
// structure was checked by simdjson's first stage).
std::string_view object_text(const char* start) {
  int depth = 0;
  bool in_string = false;
  const char* p = start;
  for (;; ++p) {
    char c = *p;
    if (in_string) {
      if (c == '\\') {
        ++p;
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      ++depth;
    } else if ((c == '}' || c == ']') && --depth == 0) {
      return {start, size_t(p - start + 1)};
    }
  }
}

std::string_view trim_right(std::string_view text) {
  while (!text.empty() && (text.back() == ' ' || text.back() == '\n' || text.back() == '\r' ||
                           text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

std::string_view strip_mailto(std::string_view text) {
  constexpr std::string_view kMailto = "mailto:";
  if (text.size() >= kMailto.size() && text.substr(0, kMailto.size()) == kMailto) {
    text.remove_prefix(kMailto.size());
  }
  return text;
}

// The string of `value` when it is a string; false otherwise (nothing consumed).
bool read_string(ondemand::value& value, std::string_view& out) {
  if (type_of(value) != json_type::string) return false;
  out = take(value.get_string());
  return true;
}

// Shortest round-trip text of a number (`12`, not `12.0`).
CellStatus render_number(ondemand::value& value, std::string& out) {
  ondemand::number_type kind{};
  if (value.get_number_type().get(kind)) return CellStatus::kBad;
  char buffer[32];
  std::to_chars_result result{};
  if (kind == ondemand::number_type::signed_integer) {
    result = std::to_chars(buffer, buffer + sizeof buffer, take(value.get_int64()));
  } else if (kind == ondemand::number_type::unsigned_integer) {
    result = std::to_chars(buffer, buffer + sizeof buffer, take(value.get_uint64()));
  } else {
    result = std::to_chars(buffer, buffer + sizeof buffer, take(value.get_double()));
  }
  out.append(buffer, result.ptr);
  return CellStatus::kValue;
}

CellStatus read_double(ondemand::value& value, double& out) {
  if (type_of(value) != json_type::number) return CellStatus::kBad;
  return value.get_double().get(out) ? CellStatus::kBad : CellStatus::kValue;
}

// An integral number; a fraction is floored when `floor_fraction`, else it is bad.
CellStatus read_integral(ondemand::value& value, int64_t& out, bool floor_fraction) {
  if (type_of(value) != json_type::number) return CellStatus::kBad;
  ondemand::number_type kind{};
  if (value.get_number_type().get(kind)) return CellStatus::kBad;
  if (kind == ondemand::number_type::signed_integer) {
    return value.get_int64().get(out) ? CellStatus::kBad : CellStatus::kValue;
  }
  if (kind == ondemand::number_type::unsigned_integer) return CellStatus::kBad;  // >= 2^63
  double number = 0;
  if (value.get_double().get(number) || !std::isfinite(number)) return CellStatus::kBad;
  double whole = floor_fraction ? std::floor(number) : number;
  if (whole != std::trunc(whole)) return CellStatus::kBad;
  if (whole < -9223372036854775808.0 || whole >= 9223372036854775808.0) return CellStatus::kBad;
  out = static_cast<int64_t>(whole);
  return CellStatus::kValue;
}

void append_member(ArrayBuilder& builder, bool present, std::string_view text) {
  auto& strings = static_cast<StringBuilder&>(builder);
  if (present) {
    strings.append(text);
  } else {
    strings.append_null();
  }
}

// Reads the string members of an object into `views` by key; a member that is not
// a string is left absent and reported through `bad`.
template <size_t N>
void read_string_members(ondemand::object object, const std::array<json::RawKey, N>& keys,
                         std::array<std::string_view, N>& views, std::array<bool, N>& present,
                         bool& bad) {
  for (auto member_result : object) {
    ondemand::field& member = ref(member_result);
    int index = json::key_index(member, keys);
    if (index < 0) continue;
    ondemand::value& value = member.value();
    if (type_of(value) == json_type::null) continue;
    present[size_t(index)] = read_string(value, views[size_t(index)]);
    bad = bad || !present[size_t(index)];
  }
}

// The member names read_string_members looks for, per object shape.
constexpr std::array kSegmentKeys{"text"_key, "link"_key};
constexpr std::array kChatKeys{"id"_key};
constexpr std::array kRenderKeys{"text"_key, "name"_key, "id"_key};
constexpr std::array kPersonKeys{"id"_key, "name"_key, "email"_key};
constexpr std::array kUrlKeys{"text"_key, "link"_key};
constexpr std::array kAttachmentKeys{"name"_key, "url"_key, "type"_key, "file_token"_key};
// Struct order: location, latitude, longitude, address, full_address, name, pname,
// cityname, adname; the string members here skip the two numbers.
constexpr std::array kLocationKeys{"location"_key, "address"_key,  "full_address"_key, "name"_key,
                                   "pname"_key,    "cityname"_key, "adname"_key};

}  // namespace

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

CellStatus CellConverter::string_list(ondemand::value& value, ArrayBuilder& builder,
                                      std::string_view column) {
  if (type_of(value) != json_type::array) return CellStatus::kBad;
  auto& list = static_cast<ListBuilder&>(builder);
  auto& items = list.values<StringBuilder>();
  int64_t count = 0;
  for (auto item_result : take(value.get_array())) {
    ondemand::value& item = ref(item_result);
    std::string_view text;
    if (read_string(item, text)) {
      items.append(text);
    } else {
      items.append_null();
      warnings_.add(column, "a list item is not a string");
    }
    ++count;
  }
  if (count == 0) return CellStatus::kNull;
  list.end_list();
  return CellStatus::kValue;
}

CellStatus CellConverter::read_person(ondemand::value& value, PersonView& person) {
  if (type_of(value) != json_type::object) return CellStatus::kBad;
  std::array<std::string_view, 3> views;
  std::array<bool, 3> present{};
  bool bad = false;
  read_string_members(take(value.get_object()), kPersonKeys, views, present, bad);
  person = PersonView{views[0], views[1], views[2], present[0], present[1], present[2]};
  return CellStatus::kValue;
}

void CellConverter::append_person(const PersonView& person, ArrayBuilder& builder) {
  auto& record = static_cast<StructBuilder&>(builder);
  append_member(record.child(0), person.has_id, person.id);
  append_member(record.child(1), person.has_name, person.name);
  append_member(record.child(2), person.has_email, person.email);
  record.append_valid();
}

CellStatus CellConverter::user_list(ondemand::value& value, ArrayBuilder& builder,
                                    std::string_view column) {
  auto& list = static_cast<ListBuilder&>(builder);
  auto& items = list.values();
  PersonView one;
  if (type_of(value) == json_type::object) {
    read_person(value, one);
    append_person(one, items);
    list.end_list();
    return CellStatus::kValue;
  }
  if (type_of(value) != json_type::array) return CellStatus::kBad;
  int64_t count = 0;
  for (auto item_result : take(value.get_array())) {
    if (read_person(ref(item_result), one) == CellStatus::kValue) {
      append_person(one, items);
    } else {
      items.append_null();
      warnings_.add(column, "a person is not an object");
    }
    ++count;
  }
  if (count == 0) return CellStatus::kNull;
  list.end_list();
  return CellStatus::kValue;
}

CellStatus CellConverter::person(ondemand::value& value, ArrayBuilder& builder) {
  PersonView one;
  if (type_of(value) == json_type::array) {
    for (auto item_result : take(value.get_array())) {
      CellStatus status = read_person(ref(item_result), one);
      if (status == CellStatus::kValue) append_person(one, builder);
      return status;  // the first (only) person
    }
    return CellStatus::kNull;
  }
  CellStatus status = read_person(value, one);
  if (status == CellStatus::kValue) append_person(one, builder);
  return status;
}

CellStatus CellConverter::url(ondemand::value& value, ArrayBuilder& builder,
                              std::string_view column) {
  if (type_of(value) != json_type::object) return CellStatus::kBad;
  std::array<std::string_view, 2> views;
  std::array<bool, 2> present{};
  bool bad = false;
  read_string_members(take(value.get_object()), kUrlKeys, views, present, bad);
  if (bad) warnings_.add(column, "a url member is not a string");
  auto& record = static_cast<StructBuilder&>(builder);
  append_member(record.child(0), present[0], views[0]);
  append_member(record.child(1), present[1], views[1]);
  record.append_valid();
  return CellStatus::kValue;
}

CellStatus CellConverter::attachments(ondemand::value& value, ArrayBuilder& builder,
                                      std::string_view column) {
  if (type_of(value) != json_type::array) return CellStatus::kBad;
  auto& list = static_cast<ListBuilder&>(builder);
  auto& items = list.values<StructBuilder>();
  int64_t count = 0;
  for (auto item_result : take(value.get_array())) {
    ondemand::value& item = ref(item_result);
    ++count;
    if (type_of(item) != json_type::object) {
      items.append_null();
      warnings_.add(column, "an attachment is not an object");
      continue;
    }
    std::array<std::string_view, 4> views;  // name, url, type, file_token
    std::array<bool, 4> present{};
    bool has_size = false, bad = false;
    int64_t size = 0;
    for (auto member_result : take(item.get_object())) {
      ondemand::field& member = ref(member_result);
      ondemand::value& member_value = member.value();
      if (type_of(member_value) == json_type::null) continue;
      if (key_is(member, "size"_key)) {
        has_size = read_integral(member_value, size, false) == CellStatus::kValue;
        bad = bad || !has_size;
        continue;
      }
      int index = json::key_index(member, kAttachmentKeys);
      if (index < 0) continue;
      present[size_t(index)] = read_string(member_value, views[size_t(index)]);
      bad = bad || !present[size_t(index)];
    }
    if (bad) warnings_.add(column, "an attachment member has the wrong type");
    append_member(items.child(0), present[0], views[0]);
    append_member(items.child(1), present[1], views[1]);
    if (has_size) {
      items.child<Int64Builder>(2).append(size);
    } else {
      items.child(2).append_null();
    }
    append_member(items.child(3), present[2], views[2]);
    append_member(items.child(4), present[3], views[3]);
    items.append_valid();
  }
  if (count == 0) return CellStatus::kNull;
  list.end_list();
  return CellStatus::kValue;
}

CellStatus CellConverter::links(ondemand::value& value, ArrayBuilder& builder,
                                std::string_view column) {
  auto& list = static_cast<ListBuilder&>(builder);
  auto& items = list.values<StructBuilder>();
  int64_t count = 0;
  auto add_ids = [&](ondemand::value& ids) {
    if (type_of(ids) != json_type::array) return false;
    for (auto id_result : take(ids.get_array())) {
      ondemand::value& id_value = ref(id_result);
      std::string_view id;
      bool ok = read_string(id_value, id);
      if (!ok) warnings_.add(column, "a linked record id is not a string");
      append_member(items.child(0), ok, id);
      items.child(1).append_null();  // records/search gives no display text
      items.append_valid();
      ++count;
    }
    return true;
  };
  json_type type = type_of(value);
  if (type == json_type::array) {
    if (!add_ids(value)) return CellStatus::kBad;
  } else if (type == json_type::object) {
    for (auto member_result : take(value.get_object())) {
      ondemand::field& member = ref(member_result);
      if (!key_is(member, "link_record_ids"_key)) continue;
      ondemand::value& ids = member.value();
      if (type_of(ids) == json_type::null) break;
      if (!add_ids(ids)) return CellStatus::kBad;
      break;
    }
  } else {
    return CellStatus::kBad;
  }
  if (count == 0) return CellStatus::kNull;
  list.end_list();
  return CellStatus::kValue;
}

CellStatus CellConverter::location(ondemand::value& value, ArrayBuilder& builder,
                                   std::string_view column) {
  if (type_of(value) != json_type::object) return CellStatus::kBad;
  std::array<std::string_view, 7> views;
  std::array<bool, 7> present{};
  bool bad = false;
  read_string_members(take(value.get_object()), kLocationKeys, views, present, bad);
  double latitude = 0, longitude = 0;
  bool has_coordinates = false;
  if (present[0]) {
    // "lng,lat": the longitude comes first.
    std::string_view text = views[0];
    size_t comma = text.find(',');
    if (comma != text.npos) {
      auto first = std::from_chars(text.data(), text.data() + comma, longitude);
      auto second = std::from_chars(text.data() + comma + 1, text.data() + text.size(), latitude);
      has_coordinates = first.ec == std::errc() && first.ptr == text.data() + comma &&
                        second.ec == std::errc() && second.ptr == text.data() + text.size();
    }
    bad = bad || !has_coordinates;
  }
  if (bad) warnings_.add(column, "a location member is malformed");
  auto& record = static_cast<StructBuilder&>(builder);
  append_member(record.child(0), present[0], views[0]);
  auto& lat = record.child<Float64Builder>(1);
  auto& lng = record.child<Float64Builder>(2);
  if (has_coordinates) {
    lat.append(latitude);
    lng.append(longitude);
  } else {
    lat.append_null();
    lng.append_null();
  }
  for (size_t i = 1; i < kLocationKeys.size(); ++i)
    append_member(record.child(i + 2), present[i], views[i]);
  record.append_valid();
  return CellStatus::kValue;
}

CellStatus CellConverter::lookup(CellRule item_rule, ondemand::value& value, ArrayBuilder& builder,
                                 std::string_view column) {
  auto& list = static_cast<ListBuilder&>(builder);
  auto& items = list.values();
  int64_t count = 0;
  auto add_item = [&](ondemand::value& item) {
    ++count;
    if (type_of(item) == json_type::null) {
      items.append_null();
      return;
    }
    CellStatus status = scalar(item_rule, item, items, column);
    if (status == CellStatus::kValue) return;
    items.append_null();
    if (status == CellStatus::kBad)
      warnings_.add(column, "a lookup item does not fit the column type");
  };
  auto add_list = [&](ondemand::value& list_value) {
    if (type_of(list_value) != json_type::array) {
      add_item(list_value);  // a bare value is a one-item list
      return;
    }
    for (auto item_result : take(list_value.get_array())) add_item(ref(item_result));
  };
  json_type type = type_of(value);
  if (type == json_type::object) {
    for (auto member_result : take(value.get_object())) {
      ondemand::field& member = ref(member_result);
      if (!key_is(member, "value"_key)) continue;
      ondemand::value& list_value = member.value();
      if (type_of(list_value) != json_type::null) add_list(list_value);
      break;
    }
  } else {
    add_list(value);
  }
  if (count == 0) return CellStatus::kNull;
  list.end_list();
  return CellStatus::kValue;
}

}  // namespace larkbase::types
