// Cell conversion: the list rules (strings, people, attachments, links, lookups).
#include <fmt/format.h>

#include "types/cell_converter.hpp"
#include "types/cell_reading.hpp"

namespace larkbase::types {

using namespace cell_reading;  // the shared readers of this folder

CellStatus CellConverter::string_list(ondemand::value& value, ArrayBuilder& builder,
                                      std::string_view column) {
  if (type_of(value) != json_type::array) return CellStatus::kBad;
  auto& items = static_cast<ListBuilder&>(builder).values<StringBuilder>();
  return list_cell(builder, [&](int64_t& count) {
    for (auto item_result : take(value.get_array())) {
      std::string_view text;
      if (read_string(ref(item_result), text)) {
        items.append(text);
      } else {
        items.append_null();
        warnings_.add(column, "a list item is not a string");
      }
      ++count;
    }
    return true;
  });
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
  auto& items = static_cast<ListBuilder&>(builder).values();
  return list_cell(builder, [&](int64_t& count) {
    PersonView one;
    json_type type = type_of(value);
    if (type == json_type::object) {  // a single person is a one-item list
      read_person(value, one);
      append_person(one, items);
      ++count;
      return true;
    }
    if (type != json_type::array) return false;
    for (auto item_result : take(value.get_array())) {
      if (read_person(ref(item_result), one) == CellStatus::kValue) {
        append_person(one, items);
      } else {
        items.append_null();
        warnings_.add(column, "a person is not an object");
      }
      ++count;
    }
    return true;
  });
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

CellStatus CellConverter::attachments(ondemand::value& value, ArrayBuilder& builder,
                                      std::string_view column) {
  if (type_of(value) != json_type::array) return CellStatus::kBad;
  auto& items = static_cast<ListBuilder&>(builder).values<StructBuilder>();
  return list_cell(builder, [&](int64_t& count) {
    for (auto item_result : take(value.get_array())) {
      ++count;
      append_attachment(ref(item_result), items, column);
    }
    return true;
  });
}

void CellConverter::append_attachment(ondemand::value& item, StructBuilder& items,
                                      std::string_view column) {
  if (type_of(item) != json_type::object) {
    items.append_null();
    warnings_.add(column, "an attachment is not an object");
    return;
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

CellStatus CellConverter::links(ondemand::value& value, ArrayBuilder& builder,
                                std::string_view column) {
  auto& items = static_cast<ListBuilder&>(builder).values<StructBuilder>();
  return list_cell(builder, [&](int64_t& count) {
    auto add_ids = [&](ondemand::value& ids) {
      if (type_of(ids) != json_type::array) return false;
      for (auto id_result : take(ids.get_array())) {
        std::string_view id;
        bool ok = read_string(ref(id_result), id);
        if (!ok) warnings_.add(column, "a linked record id is not a string");
        append_member(items.child(0), ok, id);
        items.child(1).append_null();  // records/search gives no display text
        items.append_valid();
        ++count;
      }
      return true;
    };
    json_type type = type_of(value);
    if (type == json_type::array) return add_ids(value);
    if (type != json_type::object) return false;
    for (auto member_result : take(value.get_object())) {
      ondemand::field& member = ref(member_result);
      if (!key_is(member, "link_record_ids"_key)) continue;
      ondemand::value& ids = member.value();
      return type_of(ids) == json_type::null || add_ids(ids);
    }
    return true;
  });
}

CellStatus CellConverter::lookup(CellRule item_rule, ondemand::value& value, ArrayBuilder& builder,
                                 std::string_view column) {
  auto& items = static_cast<ListBuilder&>(builder).values();
  return list_cell(builder, [&](int64_t& count) {
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
    if (type_of(value) != json_type::object) {
      add_list(value);
      return true;
    }
    for (auto member_result : take(value.get_object())) {
      ondemand::field& member = ref(member_result);
      if (!key_is(member, "value"_key)) continue;
      ondemand::value& list_value = member.value();
      if (type_of(list_value) != json_type::null) add_list(list_value);
      break;
    }
    return true;
  });
}

}  // namespace larkbase::types
