// Sorting search results. Each cell becomes a SortKey (number, text or list of
// labels) once, and keys compare by kind; README.md "Sort order" has the rules.
#include "emulator/query/sort.hpp"

#include <algorithm>
#include <numeric>
#include <string>

#include "emulator/query/api_error.hpp"
#include "emulator/query/cells.hpp"
#include "emulator/query/field_kind.hpp"

namespace larkbase::emulator::query {

using common::Json;

namespace {

constexpr size_t kMaxSortKeys = 100;
constexpr size_t kMaxFieldNameLength = 1000;

struct SortKey {
  // Ordered as kinds rank when a field mixes them (numbers before text before lists).
  enum class Kind { kNumber, kText, kList, kEmpty };
  Kind kind = Kind::kEmpty;
  double number = 0;
  std::string text;
  std::vector<std::string> list;
};

struct SortColumn {
  std::string field_name;
  FieldKind kind = FieldKind::kUnknown;
  bool desc = false;
};

}  // namespace

struct SortPlan {
  std::vector<SortColumn> columns;
  Semantics semantics;
};

namespace {

std::string folded(std::string_view text, const Semantics& semantics) {
  std::string out(text);
  if (!semantics.text_case_sensitive) fold_ascii_in_place(out);
  return out;
}

SortKey number_key(double value) {
  SortKey key;
  key.kind = SortKey::Kind::kNumber;
  key.number = value;
  return key;
}

SortKey text_key(std::string_view text, const Semantics& semantics) {
  SortKey key;
  if (text.empty()) return key;
  key.kind = SortKey::Kind::kText;
  key.text = folded(text, semantics);
  return key;
}

// Formula / lookup values ({type, value: [...]}) and types without a defined
// shape: numbers sort by the first number, anything else by its text form.
SortKey generic_key(const Json& cell, const Semantics& semantics) {
  const Json* items = &cell;
  if (cell.is_object() && cell.contains("value")) items = &cell["value"];
  if (!items->is_array()) items = &cell;
  const Json& first = items->is_array() ? (items->empty() ? cell : items->front()) : *items;
  if (first.is_number()) return number_key(first.get<double>());
  if (first.is_boolean()) return number_key(first.get<bool>() ? 1 : 0);
  std::string text;
  auto append = [&](const Json& element) {
    if (element.is_string()) {
      text += element.get_ref<const std::string&>();
    } else if (element.is_object()) {
      for (const char* key : {"text", "name", "full_address", "id"}) {
        auto it = element.find(key);
        if (it != element.end() && it->is_string()) {
          text += it->get_ref<const std::string&>();
          break;
        }
      }
    }
  };
  if (items->is_array()) {
    for (const auto& element : *items) append(element);
  } else {
    append(*items);
  }
  return text_key(text, semantics);
}

SortKey key_of(const Json* cell, FieldKind kind, const Semantics& semantics) {
  if (kind == FieldKind::kCheckbox) {
    return number_key(cell != nullptr && cell->is_boolean() && cell->get<bool>() ? 1 : 0);
  }
  if (is_empty_cell(cell, kind)) return {};
  switch (kind) {
    case FieldKind::kNumber:
      if (auto number = number_of(*cell)) return number_key(*number);
      return {};
    case FieldKind::kDateTime:
    case FieldKind::kCreatedTime:
    case FieldKind::kModifiedTime:
      if (auto instant = instant_of(*cell)) return number_key(static_cast<double>(*instant));
      return {};
    case FieldKind::kAutoNumber:
      if (auto number = number_of(*cell)) return number_key(*number);
      [[fallthrough]];
    case FieldKind::kText:
    case FieldKind::kPhone:
    case FieldKind::kUrl:
    case FieldKind::kLocation:
    case FieldKind::kSingleSelect: {
      std::string scratch;
      return text_key(text_of(*cell, kind, scratch), semantics);
    }
    case FieldKind::kMultiSelect:
    case FieldKind::kUser:
    case FieldKind::kCreatedUser:
    case FieldKind::kModifiedUser:
    case FieldKind::kGroupChat:
    case FieldKind::kSingleLink:
    case FieldKind::kDuplexLink:
    case FieldKind::kAttachment: {
      std::vector<std::string_view> labels;
      labels_of(*cell, kind, labels);
      if (labels.empty()) return {};
      SortKey key;
      key.kind = SortKey::Kind::kList;
      for (auto label : labels) key.list.push_back(folded(label, semantics));
      return key;
    }
    default:
      return generic_key(*cell, semantics);
  }
}

int sign(int value) { return (value > 0) - (value < 0); }

// Compares two non-empty keys in ascending order.
int compare_values(const SortKey& a, const SortKey& b) {
  if (a.kind != b.kind) return a.kind < b.kind ? -1 : 1;
  switch (a.kind) {
    case SortKey::Kind::kNumber:
      return (a.number > b.number) - (a.number < b.number);
    case SortKey::Kind::kText:
      return sign(a.text.compare(b.text));
    case SortKey::Kind::kList: {
      if (int first = sign(a.list.front().compare(b.list.front())); first != 0) return first;
      return (a.list.size() > b.list.size()) - (a.list.size() < b.list.size());
    }
    case SortKey::Kind::kEmpty:
      return 0;
  }
  return 0;
}

int compare_keys(const SortKey& a, const SortKey& b, bool desc, const Semantics& semantics) {
  bool a_empty = a.kind == SortKey::Kind::kEmpty;
  bool b_empty = b.kind == SortKey::Kind::kEmpty;
  int ascending = 0;
  if (a_empty || b_empty) {
    int empty_rank = semantics.empty_sorts_first ? -1 : 1;  // where empty goes when ascending
    ascending = a_empty == b_empty ? 0 : (a_empty ? empty_rank : -empty_rank);
  } else {
    ascending = compare_values(a, b);
  }
  return desc ? -ascending : ascending;
}

const Json& fields_of(const Json& record) {
  static const Json kNoFields = Json::object();
  auto it = record.find("fields");
  return it != record.end() ? *it : kNoFields;
}

[[noreturn]] void invalid_sort(const Semantics& semantics, const std::string& problem) {
  throw ApiError(semantics.error_http_status, codes::kInvalidSort, "InvalidSort: " + problem);
}

}  // namespace

CompiledSort::CompiledSort() : plan_(std::make_shared<const SortPlan>()) {}

CompiledSort::CompiledSort(std::shared_ptr<const SortPlan> plan) : plan_(std::move(plan)) {}

bool CompiledSort::empty() const { return plan_->columns.empty(); }

size_t CompiledSort::key_count() const { return plan_->columns.size(); }

int CompiledSort::compare(const Json& a, const Json& b, const Json* a_record,
                          const Json* b_record) const {
  const Semantics& semantics = plan_->semantics;
  for (const auto& column : plan_->columns) {
    SortKey ka =
        key_of(find_cell(a, a_record, column.field_name, column.kind), column.kind, semantics);
    SortKey kb =
        key_of(find_cell(b, b_record, column.field_name, column.kind), column.kind, semantics);
    if (int result = compare_keys(ka, kb, column.desc, semantics); result != 0) return result;
  }
  return 0;
}

int CompiledSort::compare_records(const Json& a, const Json& b) const {
  return compare(fields_of(a), fields_of(b), &a, &b);
}

void CompiledSort::sort_records(std::vector<const Json*>& records) const {
  const auto& columns = plan_->columns;
  if (columns.empty() || records.size() < 2) return;
  const Semantics& semantics = plan_->semantics;
  const size_t width = columns.size();
  std::vector<SortKey> keys(records.size() * width);
  for (size_t row = 0; row < records.size(); ++row) {
    const Json& fields = fields_of(*records[row]);
    for (size_t col = 0; col < width; ++col) {
      keys[row * width + col] =
          key_of(find_cell(fields, records[row], columns[col].field_name, columns[col].kind),
                 columns[col].kind, semantics);
    }
  }
  std::vector<size_t> order(records.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t x, size_t y) {
    for (size_t col = 0; col < width; ++col) {
      int result =
          compare_keys(keys[x * width + col], keys[y * width + col], columns[col].desc, semantics);
      if (result != 0) return result < 0;
    }
    return false;
  });
  std::vector<const Json*> sorted;
  sorted.reserve(records.size());
  for (size_t index : order) sorted.push_back(records[index]);
  records.swap(sorted);
}

CompiledSort compile_sort(const Json& sort, const Json& fields, const Semantics& semantics) {
  auto plan = std::make_shared<SortPlan>();
  plan->semantics = semantics;
  if (sort.is_null()) return CompiledSort(std::move(plan));
  if (!sort.is_array()) invalid_sort(semantics, "sort must be an array of {field_name, desc}");
  if (sort.size() > kMaxSortKeys) {
    invalid_sort(semantics, "sort has " + std::to_string(sort.size()) + " entries: at most " +
                                std::to_string(kMaxSortKeys) + " are allowed");
  }
  FieldTable table(fields);
  for (size_t i = 0; i < sort.size(); ++i) {
    const Json& entry = sort[i];
    std::string where = "sort[" + std::to_string(i) + "]";
    if (!entry.is_object())
      invalid_sort(semantics, where + " must be an object {field_name, desc}");
    auto name = entry.find("field_name");
    if (name == entry.end() || !name->is_string() || name->get_ref<const std::string&>().empty() ||
        name->get_ref<const std::string&>().size() > kMaxFieldNameLength) {
      invalid_sort(semantics, where + " needs a field_name string of 1 to 1000 characters");
    }
    auto desc = entry.find("desc");
    if (desc != entry.end() && !desc->is_null() && !desc->is_boolean()) {
      invalid_sort(semantics, where + ".desc must be true or false, got " + desc->dump());
    }
    const std::string& field_name = name->get_ref<const std::string&>();
    const FieldInfo* field = table.find(field_name);
    if (field == nullptr) {
      throw ApiError(semantics.error_http_status, codes::kFieldNameNotFound,
                     "FieldNameNotFound: " + where + " names field '" + field_name +
                         "', which the table does not have; field names are case-sensitive");
    }
    plan->columns.push_back(
        {field_name, field->kind, desc != end(entry) && desc->is_boolean() && desc->get<bool>()});
  }
  return CompiledSort(std::move(plan));
}

}  // namespace larkbase::emulator::query
