// compile_filter: every check of lark-open-api.md §4.3 happens here, so that
// evaluation can assume a well-formed tree and never throws.
#include <array>
#include <optional>
#include <string_view>

#include "emulator/query/api_error.hpp"
#include "emulator/query/cells.hpp"
#include "emulator/query/filter.hpp"
#include "emulator/query/filter_tree.hpp"

namespace larkbase::emulator::query {
namespace {

using common::Json;

constexpr int kMaxConditions = 50;
constexpr size_t kMaxValues = 10;
constexpr size_t kMaxFieldNameLength = 1000;

constexpr std::array<std::pair<std::string_view, Operator>, 10> kOperators{{
    {"is", Operator::kIs},
    {"isNot", Operator::kIsNot},
    {"contains", Operator::kContains},
    {"doesNotContain", Operator::kDoesNotContain},
    {"isEmpty", Operator::kIsEmpty},
    {"isNotEmpty", Operator::kIsNotEmpty},
    {"isGreater", Operator::kIsGreater},
    {"isGreaterEqual", Operator::kIsGreaterEqual},
    {"isLess", Operator::kIsLess},
    {"isLessEqual", Operator::kIsLessEqual},
}};

bool is_text_like(FieldKind kind) {
  return kind == FieldKind::kText || kind == FieldKind::kPhone || kind == FieldKind::kUrl ||
         kind == FieldKind::kLocation || kind == FieldKind::kAutoNumber;
}

bool is_date(FieldKind kind) {
  return kind == FieldKind::kDateTime || kind == FieldKind::kCreatedTime ||
         kind == FieldKind::kModifiedTime;
}

// Kinds whose cell is a set of names or ids (a SingleSelect is a set of one).
bool is_set_valued(FieldKind kind) {
  switch (kind) {
    case FieldKind::kSingleSelect:
    case FieldKind::kMultiSelect:
    case FieldKind::kUser:
    case FieldKind::kCreatedUser:
    case FieldKind::kModifiedUser:
    case FieldKind::kGroupChat:
    case FieldKind::kSingleLink:
    case FieldKind::kDuplexLink:
      return true;
    default:
      return false;
  }
}

bool is_comparison(Operator op) {
  return op == Operator::kIsGreater || op == Operator::kIsGreaterEqual || op == Operator::kIsLess ||
         op == Operator::kIsLessEqual;
}

bool is_emptiness(Operator op) { return op == Operator::kIsEmpty || op == Operator::kIsNotEmpty; }

// The operator matrix (README.md "Operators by field type").
bool operator_allowed(FieldKind kind, Operator op) {
  if (kind == FieldKind::kCheckbox) return op == Operator::kIs;
  if (is_emptiness(op)) return true;
  if (kind == FieldKind::kAttachment) return false;
  if (is_date(kind))
    return op == Operator::kIs || op == Operator::kIsGreater || op == Operator::kIsLess;
  if (kind == FieldKind::kNumber || kind == FieldKind::kAutoNumber) {
    if (is_comparison(op)) return true;
  }
  if (is_comparison(op)) return false;
  if (kind == FieldKind::kNumber) return op == Operator::kIs || op == Operator::kIsNot;
  return is_text_like(kind) || is_set_valued(kind);
}

std::string allowed_list(FieldKind kind) {
  std::string out;
  for (const auto& [name, op] : kOperators) {
    if (!operator_allowed(kind, op)) continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

class Compiler {
 public:
  Compiler(const Json& fields, const Semantics& semantics)
      : table_(fields), semantics_(semantics) {}

  FilterTree compile(const Json& filter) {
    FilterTree tree;
    tree.semantics = semantics_;
    if (filter.is_null()) return tree;
    if (!filter.is_object()) {
      fail("filter", "must be an object {conjunction, conditions, children}");
    }
    const Json* conditions = list_member(filter, "conditions", "filter");
    const Json* children = list_member(filter, "children", "filter");
    check_children_shape(children);
    check_condition_count(conditions, children);
    tree.is_and = conjunction_of(filter, "filter", has_items(conditions) || has_items(children));

    if (conditions != nullptr) {
      compile_conditions(*conditions, "conditions", tree.conditions);
    }
    if (children != nullptr) {
      for (size_t i = 0; i < children->size(); ++i) {
        const Json& child = (*children)[i];
        std::string where = "children[" + std::to_string(i) + "]";
        ConditionGroup group;
        const Json* child_conditions = list_member(child, "conditions", where);
        group.is_and = conjunction_of(child, where, has_items(child_conditions));
        if (child_conditions != nullptr) {
          compile_conditions(*child_conditions, where + ".conditions", group.conditions);
        }
        // A group without effective conditions is ignored, as Lark's UI does.
        if (!group.conditions.empty()) tree.children.push_back(std::move(group));
      }
    }
    tree.condition_count = static_cast<int>(tree.conditions.size());
    for (const auto& group : tree.children) {
      tree.condition_count += static_cast<int>(group.conditions.size());
    }
    return tree;
  }

 private:
  [[noreturn]] void fail(const std::string& where, const std::string& problem) const {
    throw ApiError(semantics_.error_http_status, codes::kInvalidFilter,
                   "InvalidFilter: " + where + " " + problem);
  }

  static bool has_items(const Json* list) { return list != nullptr && !list->empty(); }

  // An optional array member; null counts as absent.
  const Json* list_member(const Json& object, const char* key, const std::string& where) const {
    auto it = object.find(key);
    if (it == object.end() || it->is_null()) return nullptr;
    if (!it->is_array()) fail(where + "." + key, "must be an array");
    return &*it;
  }

  bool conjunction_of(const Json& object, const std::string& where, bool required) const {
    auto it = object.find("conjunction");
    if (it == object.end() || it->is_null()) {
      if (required) fail(where, "needs a conjunction: \"and\" or \"or\"");
      return true;
    }
    if (it->is_string()) {
      const auto& text = it->get_ref<const std::string&>();
      if (text == "and") return true;
      if (text == "or") return false;
    }
    fail(where + ".conjunction", "is " + it->dump() + ": use \"and\" or \"or\"");
  }

  void check_children_shape(const Json* children) const {
    if (children == nullptr) return;
    for (size_t i = 0; i < children->size(); ++i) {
      const Json& child = (*children)[i];
      std::string where = "children[" + std::to_string(i) + "]";
      if (!child.is_object()) fail(where, "must be an object {conjunction, conditions}");
      auto nested = child.find("children");
      if (nested != child.end() && !nested->is_null() && !(nested->is_array() && nested->empty())) {
        fail(where + ".children",
             "is not supported: filters allow only one level of children; flatten the groups");
      }
      list_member(child, "conditions", where);
    }
  }

  void check_condition_count(const Json* conditions, const Json* children) const {
    size_t total = conditions != nullptr ? conditions->size() : 0;
    if (children != nullptr) {
      for (const auto& child : *children) {
        auto it = child.find("conditions");
        if (it != child.end() && it->is_array()) total += it->size();
      }
    }
    if (total > static_cast<size_t>(kMaxConditions)) {
      fail("filter", "has " + std::to_string(total) + " conditions: at most " +
                         std::to_string(kMaxConditions) + " are allowed in total");
    }
  }

  void compile_conditions(const Json& list, const std::string& where,
                          std::vector<Condition>& out) const {
    for (size_t i = 0; i < list.size(); ++i) {
      std::string at = where + "[" + std::to_string(i) + "]";
      if (auto condition = compile_condition(list[i], at)) out.push_back(std::move(*condition));
    }
  }

  // nullopt: a condition without values on an operator that takes them is
  // ignored (it constrains nothing), as Lark's UI ignores unfinished conditions.
  std::optional<Condition> compile_condition(const Json& item, const std::string& where) const {
    if (!item.is_object()) fail(where, "must be an object {field_name, operator, value}");
    const std::string& field_name = string_member(item, "field_name", where);
    if (field_name.empty() || field_name.size() > kMaxFieldNameLength) {
      fail(where + ".field_name", "must have 1 to 1000 characters");
    }
    const std::string& operator_name = string_member(item, "operator", where);
    const Json& value = value_member(item, where);

    const FieldInfo* field = table_.find(field_name);
    if (field == nullptr) {
      throw ApiError(semantics_.error_http_status, codes::kFieldNameNotFound,
                     "FieldNameNotFound: " + where + " names field '" + field_name +
                         "', which the table does not have; field names are case-sensitive");
    }
    std::string at = where + " (field '" + field_name + "', operator '" + operator_name + "')";
    Operator op = parse_operator(operator_name, at);
    check_filterable(*field, at);
    if (!operator_allowed(field->kind, op)) {
      fail(at, "is not allowed on " + std::string(to_string(field->kind)) + " fields; use " +
                   allowed_list(field->kind));
    }

    Condition condition;
    condition.field_name = field_name;
    condition.kind = field->kind;
    condition.op = op;
    if (is_emptiness(op)) {
      if (!value.empty()) fail(at, "takes no values: send \"value\": []");
      return condition;
    }
    if (field->kind == FieldKind::kCheckbox)
      return compile_checkbox(std::move(condition), value, at);
    if (is_date(field->kind)) return compile_date(std::move(condition), value, at);
    if (is_set_valued(field->kind)) return compile_set(std::move(condition), value, at);
    return compile_scalar(std::move(condition), value, at);
  }

  const std::string& string_member(const Json& item, const char* key,
                                   const std::string& where) const {
    auto it = item.find(key);
    if (it == item.end() || !it->is_string()) {
      fail(where, std::string("needs a string \"") + key + "\"");
    }
    return it->get_ref<const std::string&>();
  }

  const Json& value_member(const Json& item, const std::string& where) const {
    auto it = item.find("value");
    if (it == item.end() || it->is_null()) {
      fail(where,
           "is missing \"value\": send an array of strings (\"value\": [] for isEmpty "
           "and isNotEmpty)");
    }
    if (!it->is_array()) fail(where + ".value", "must be an array of strings");
    if (it->size() > kMaxValues) {
      fail(where + ".value", "has " + std::to_string(it->size()) + " values: at most " +
                                 std::to_string(kMaxValues) + " are allowed");
    }
    for (const auto& element : *it) {
      if (!element.is_string())
        fail(where + ".value", "must hold only strings, got " + element.dump());
    }
    return *it;
  }

  Operator parse_operator(const std::string& name, const std::string& at) const {
    for (const auto& [text, op] : kOperators) {
      if (text == name) return op;
    }
    if (name == "like" || name == "in") {
      fail(at, "is not supported yet by Lark: use contains, or an \"or\" group of is conditions");
    }
    fail(at,
         "is not an operator: use is, isNot, contains, doesNotContain, isEmpty, isNotEmpty, "
         "isGreater, isGreaterEqual, isLess or isLessEqual");
  }

  void check_filterable(const FieldInfo& field, const std::string& at) const {
    if (field.kind == FieldKind::kFormula || field.kind == FieldKind::kLookup) {
      fail(at,
           "cannot filter on formula or lookup fields; filter on the fields they are "
           "computed from");
    }
    if (is_unsupported(field.kind)) {
      fail(at, "cannot filter on field type " + std::to_string(field.type));
    }
  }

  static std::string folded(std::string text, bool fold) {
    if (fold) fold_ascii_in_place(text);
    return text;
  }

  // Text-like kinds, Number and AutoNumber: zero or one value.
  std::optional<Condition> compile_scalar(Condition condition, const Json& value,
                                          const std::string& at) const {
    if (value.size() > 1) fail(at, "takes at most one value, got " + std::to_string(value.size()));
    if (value.empty()) return std::nullopt;
    const auto& text = value[0].get_ref<const std::string&>();
    if (condition.kind == FieldKind::kNumber) {
      auto number = parse_number(text);
      if (!number)
        fail(at, "needs a number written as a string, e.g. \"23.4\"; got \"" + text + "\"");
      condition.number = *number;
      condition.has_number = true;
      return condition;
    }
    if (auto number = parse_number(text)) {  // AutoNumber compares numerically when it can
      condition.number = *number;
      condition.has_number = true;
    }
    condition.values.push_back(folded(text, !semantics_.text_case_sensitive));
    return condition;
  }

  // Select, person, group and link kinds: names or ids.
  std::optional<Condition> compile_set(Condition condition, const Json& value,
                                       const std::string& at) const {
    bool is_test = condition.op == Operator::kIs || condition.op == Operator::kIsNot;
    if (is_test && semantics_.single_value_is && value.size() != 1) {
      fail(at, "takes exactly one value, got " + std::to_string(value.size()) +
                   "; use contains for several");
    }
    if (is_test && condition.kind == FieldKind::kSingleSelect && value.size() != 1) {
      fail(at, "takes exactly one option name, got " + std::to_string(value.size()));
    }
    if (value.empty()) {
      if (is_test) fail(at, "needs at least one value");
      return std::nullopt;
    }
    for (const auto& element : value) condition.values.push_back(element.get<std::string>());
    return condition;
  }

  Condition compile_checkbox(Condition condition, const Json& value, const std::string& at) const {
    if (value.size() == 1) {
      const auto& text = value[0].get_ref<const std::string&>();
      if (text == "true" || text == "false") {
        condition.checked = text == "true";
        return condition;
      }
    }
    fail(at, "needs exactly one value, \"true\" or \"false\"; got " + value.dump());
  }

  Condition compile_date(Condition condition, const Json& value, const std::string& at) const {
    if (value.size() == 2 && value[0].get_ref<const std::string&>() == "ExactDate") {
      const auto& text = value[1].get_ref<const std::string&>();
      auto ms = parse_int64(text);
      if (!ms) fail(at, "needs [\"ExactDate\", \"<epoch milliseconds>\"]; got \"" + text + "\"");
      condition.range = day_of(*ms, semantics_.utc_offset_minutes);
      return condition;
    }
    if (value.size() == 1) {
      const auto& keyword = value[0].get_ref<const std::string&>();
      auto range = keyword_range(keyword, semantics_.current_time_ms(), semantics_);
      if (!range) {
        fail(at, "has unknown date value \"" + keyword +
                     "\": use [\"ExactDate\", \"<ms>\"], Today, Tomorrow, Yesterday, CurrentWeek, "
                     "LastWeek, CurrentMonth, LastMonth, TheLastWeek, TheNextWeek, TheLastMonth "
                     "or TheNextMonth (case-sensitive)");
      }
      if (condition.op != Operator::kIs && !is_day_keyword(keyword)) {
        fail(at, "cannot use \"" + keyword +
                     "\": with isGreater and isLess use Today, "
                     "Tomorrow, Yesterday or ExactDate");
      }
      condition.range = *range;
      return condition;
    }
    fail(at,
         "needs [\"ExactDate\", \"<epoch milliseconds>\"] or one keyword such as [\"Today\"]; "
         "got " +
             value.dump());
  }

  FieldTable table_;
  const Semantics& semantics_;
};

}  // namespace

CompiledFilter compile_filter(const common::Json& filter, const common::Json& fields,
                              const Semantics& semantics) {
  Compiler compiler(fields, semantics);
  return CompiledFilter(std::make_shared<const FilterTree>(compiler.compile(filter)));
}

}  // namespace larkbase::emulator::query
