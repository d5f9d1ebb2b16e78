#include "types/page_normaliser.hpp"

#include <fmt/format.h>

#include <cstring>
#include <unordered_set>

#include "columnar/builder.hpp"
#include "common/error.hpp"
#include "common/thread_json_parser.hpp"
#include "lark/error_codes.hpp"
#include "types/column_type.hpp"
#include "types/json_access.hpp"

namespace larkbase::types {
namespace {

using json::key_is;
using json::operator""_key;
using json::ref;
using json::take;

// The rule for a field whose column is scalar; kRender for anything else (the
// List<Utf8> fallback of lookups).
CellRule scalar_rule(FieldKind kind) {
  switch (kind) {
    case FieldKind::kText:
    case FieldKind::kBarcode:
      return CellRule::kText;
    case FieldKind::kEmail:
      return CellRule::kEmail;
    case FieldKind::kPhone:
    case FieldKind::kSingleSelect:
    case FieldKind::kAutoNumber:
      return CellRule::kString;
    case FieldKind::kGroupChat:
      return CellRule::kGroupChat;
    case FieldKind::kFormula:
      return CellRule::kFormula;
    case FieldKind::kNumber:
    case FieldKind::kProgress:
    case FieldKind::kCurrency:
      return CellRule::kFloat64;
    case FieldKind::kRating:
      return CellRule::kInt32;
    case FieldKind::kDateTime:
    case FieldKind::kCreatedTime:
    case FieldKind::kModifiedTime:
      return CellRule::kEpochMillis;
    case FieldKind::kCheckbox:
      return CellRule::kBool;
    default:
      return CellRule::kRender;
  }
}

CellRule cell_rule(const Column& column) {
  if (column.role == ColumnRole::kSplitKey) return CellRule::kSplitKey;
  switch (column.kind) {
    case FieldKind::kMultiSelect:
      return CellRule::kStringList;
    case FieldKind::kUser:
      return CellRule::kUserList;
    case FieldKind::kCreatedUser:
    case FieldKind::kModifiedUser:
      return CellRule::kPerson;
    case FieldKind::kUrl:
      return CellRule::kUrl;
    case FieldKind::kAttachment:
      return CellRule::kAttachments;
    case FieldKind::kSingleLink:
    case FieldKind::kDuplexLink:
      return CellRule::kLinks;
    case FieldKind::kLocation:
      return CellRule::kLocation;
    case FieldKind::kLookup:
      return CellRule::kLookup;
    case FieldKind::kUnknown:
    case FieldKind::kStage:
    case FieldKind::kButton:
      return CellRule::kRaw;
    default:
      return scalar_rule(column.kind);
  }
}

// A lookup item is converted by its target's scalar rule; a lookup inside a lookup
// item (a formula over one, say) renders as text.
CellRule lookup_item_rule(FieldKind target) {
  return scalar_type(target) ? scalar_rule(target) : CellRule::kRender;
}

// The type the column's rule writes; a schema that says otherwise (edited JSON, a
// newer contract) must not reach the builders' static casts.
columnar::DataTypePtr expected_type(const Column& column) {
  switch (column.role) {
    case ColumnRole::kSplitKey:
      return columnar::int64_type();
    case ColumnRole::kField:
      return column_type(column.kind, column.lookup_target);
    default:
      return columnar::utf8_type();
  }
}

}  // namespace

// Reserving each builder (and its nested builders) with the previous page's sizes
// makes the next page's appends free of reallocations: pages of one read are alike.
SizeHint size_hint_of(const columnar::ArrayData& array) {
  SizeHint hint;
  hint.rows = array.length;
  if (array.type->id == columnar::TypeId::kUtf8 && array.buffers.size() > 2 && array.buffers[2]) {
    hint.data_bytes = int64_t(array.buffers[2]->size());
  }
  for (const auto& child : array.children) hint.children.push_back(size_hint_of(*child));
  return hint;
}

void reserve_like(columnar::ArrayBuilder& builder, const SizeHint& hint) {
  builder.reserve(hint.rows);
  switch (builder.type()->id) {
    case columnar::TypeId::kUtf8:
      static_cast<columnar::StringBuilder&>(builder).reserve_data(hint.data_bytes);
      break;
    case columnar::TypeId::kList:
      if (!hint.children.empty()) {
        reserve_like(static_cast<columnar::ListBuilder&>(builder).values(), hint.children[0]);
      }
      break;
    case columnar::TypeId::kStruct: {
      auto& record = static_cast<columnar::StructBuilder&>(builder);
      for (size_t i = 0; i < record.num_children() && i < hint.children.size(); ++i) {
        reserve_like(record.child(i), hint.children[i]);
      }
      break;
    }
    default:
      break;
  }
}

struct PageNormaliser::Slot {
  std::string name;  // the column and its Lark field, for messages
  ColumnRole role = ColumnRole::kField;
  FieldKind kind = FieldKind::kUnknown;
  CellRule rule = CellRule::kRaw;
  CellRule item_rule = CellRule::kRender;
  std::unique_ptr<columnar::ArrayBuilder> builder;
  SizeHint size_hint;  // of the previous page's array
};

struct PageNormaliser::RecordState {
  std::string_view record_id;
  bool has_record_id = false;
  std::optional<int64_t> created_time;
  std::optional<int64_t> modified_time;
  PersonView created_by, modified_by;
  bool has_created_by = false, has_modified_by = false;
};

Projection Projection::all(const TableSchema& schema) {
  Projection projection;
  for (size_t i = 0; i < schema.columns().size(); ++i) projection.columns.push_back(i);
  return projection;
}

Projection Projection::of(const TableSchema& schema, const std::vector<std::string>& names) {
  Projection projection;
  for (const auto& name : names) {
    int index = schema.index_of(name);
    if (index < 0) {
      throw common::UserError(fmt::format("table {} has no column '{}'; check the column name",
                                          schema.table_id(), name));
    }
    projection.columns.push_back(size_t(index));
  }
  return projection;
}

PageNormaliser::PageNormaliser(const TableSchema& schema, Projection projection,
                               PageContext context)
    : context_(std::move(context)), converter_(warnings_) {
  auto output = std::make_shared<columnar::Schema>();
  std::vector<std::pair<std::string, int32_t>> index_entries;
  std::unordered_set<size_t> seen;
  for (size_t index : projection.columns) {
    if (index >= schema.columns().size() || !seen.insert(index).second) {
      throw common::InternalError(fmt::format(
          "table {}: projection index {} is out of range or repeated", context_.table_id, index));
    }
    const Column& column = schema.columns()[index];
    if (!column.field.type->equals(*expected_type(column))) {
      throw common::InternalError(
          fmt::format("table {}: column {} has type {} but its Lark kind {} needs {}",
                      context_.table_id, column.name, column.field.type->to_string(),
                      to_string(column.kind), expected_type(column)->to_string()));
    }
    Slot slot;
    // Names the column and its Lark field in conversion warnings and errors.
    slot.name = column.has_lark_field()
                    ? fmt::format("{} (Lark field \"{}\")", column.name, column.lark_field_name)
                    : column.name;
    slot.role = column.role;
    slot.kind = column.kind;
    slot.rule = cell_rule(column);
    slot.item_rule = lookup_item_rule(column.lookup_target);
    slot.builder = columnar::make_builder(column.field.type);
    if (column.has_lark_field()) {
      index_entries.emplace_back(column.lark_field_name, int32_t(slots_.size()));
    }
    slots_.push_back(std::move(slot));
    output->fields.push_back(column.field);
  }
  output_schema_ = std::move(output);
  field_index_.build(index_entries);
  filled_.assign(slots_.size(), 0);
  record_ids_ = std::make_unique<columnar::StringBuilder>();
}

PageNormaliser::~PageNormaliser() = default;

NormalisedPage PageNormaliser::normalise(std::string_view response_body) {
  size_t needed = response_body.size() + simdjson::SIMDJSON_PADDING;
  if (padded_.size() < needed) padded_.resize(needed);
  std::memcpy(padded_.data(), response_body.data(), response_body.size());
  std::memset(padded_.data() + response_body.size(), 0, simdjson::SIMDJSON_PADDING);
  return run(simdjson::padded_string_view(padded_.data(), response_body.size(), padded_.size()));
}

NormalisedPage PageNormaliser::normalise(simdjson::padded_string_view response_body) {
  return run(response_body);
}

NormalisedPage PageNormaliser::normalise_reusing_capacity(std::string& response_body) {
  size_t needed = response_body.size() + simdjson::SIMDJSON_PADDING;
  if (response_body.capacity() < needed) response_body.reserve(needed);
  return run(simdjson::padded_string_view(response_body.data(), response_body.size(),
                                          response_body.capacity()));
}

NormalisedPage PageNormaliser::run(simdjson::padded_string_view body) {
  warnings_ = ConversionWarnings{};
  rows_ = 0;
  for (auto& slot : slots_) reserve_like(*slot.builder, slot.size_hint);
  reserve_like(*record_ids_, record_ids_hint_);

  NormalisedPage page;
  try {
    ondemand::document document;
    if (auto error = common::thread_json_parser().iterate(body).get(document))
      throw simdjson::simdjson_error(error);
    read_response(document, page);
  } catch (const simdjson::simdjson_error& error) {
    reset_builders();
    fail(fmt::format("the response is not valid JSON ({})", error.what()));
  } catch (...) {
    reset_builders();
    throw;
  }

  page.batch.schema = output_schema_;
  page.batch.num_rows = rows_;
  page.batch.columns.reserve(slots_.size());
  for (auto& slot : slots_) {
    page.batch.columns.push_back(slot.builder->finish());
    slot.size_hint = size_hint_of(*page.batch.columns.back());
  }
  page.record_ids = record_ids_->finish();
  record_ids_hint_ = size_hint_of(*page.record_ids);
  page.warnings = warnings_.count;
  page.first_warning = std::move(warnings_.first);
  return page;
}

void PageNormaliser::read_response(ondemand::document& document, NormalisedPage& page) {
  ondemand::object root;
  if (document.get_object().get(root)) fail("the response is not a JSON object");
  std::optional<int64_t> code;
  std::string message;
  bool has_data = false, has_items = false;
  for (auto member_result : root) {
    ondemand::field& member = ref(member_result);
    ondemand::value& value = member.value();
    ondemand::json_type type = take(value.type());
    if (key_is(member, "code"_key) && type == ondemand::json_type::number) {
      int64_t number = 0;
      if (value.get_int64().get(number)) fail("the response code is not an integer");
      code = number;
    } else if (key_is(member, "msg"_key) && type == ondemand::json_type::string) {
      message = std::string(take(value.get_string()));
    } else if (key_is(member, "data"_key) && type == ondemand::json_type::object) {
      has_data = true;
      read_data(take(value.get_object()), page, has_items);
    }
  }
  if (!code) fail("the response has no code");
  if (*code != 0) {
    fail(fmt::format("Lark returned error code {} ({})", *code, message),
         lark::is_retryable_code(*code));
  }
  if (!has_data) fail("the response has no data object");
  // An empty result may come without an items array; anything else must have one.
  bool empty_result = page.total.value_or(-1) == 0 && !page.has_more;
  if (!has_items && !empty_result) fail("the response has no data.items array");
  if (page.has_more && page.page_token.empty()) {
    fail("has_more is true but no page_token was given, so the next page cannot be read");
  }
}

void PageNormaliser::read_data(ondemand::object data, NormalisedPage& page, bool& has_items) {
  for (auto member_result : data) {
    ondemand::field& member = ref(member_result);
    ondemand::value& value = member.value();
    ondemand::json_type type = take(value.type());
    if (key_is(member, "items"_key)) {
      if (type == ondemand::json_type::null) continue;
      if (type != ondemand::json_type::array) fail("data.items is not an array");
      has_items = true;
      for (auto item_result : take(value.get_array())) read_record(ref(item_result));
    } else if (key_is(member, "has_more"_key) && type == ondemand::json_type::boolean) {
      page.has_more = take(value.get_bool());
    } else if (key_is(member, "page_token"_key) && type == ondemand::json_type::string) {
      page.page_token = std::string(take(value.get_string()));
    } else if (key_is(member, "total"_key) && type == ondemand::json_type::number) {
      int64_t total = 0;
      if (!value.get_int64().get(total)) page.total = total;
    }
  }
}

void PageNormaliser::read_record(ondemand::value& record) {
  if (take(record.type()) != ondemand::json_type::object)
    fail("an item of data.items is not an object");
  RecordState state;
  ++row_stamp_;
  const int64_t warnings_before = warnings_.count;
  for (auto member_result : take(record.get_object())) {
    ondemand::field& member = ref(member_result);
    ondemand::value& value = member.value();
    ondemand::json_type type = take(value.type());
    if (key_is(member, "fields"_key)) {
      if (type == ondemand::json_type::object) read_fields(take(value.get_object()));
    } else if (key_is(member, "record_id"_key) && type == ondemand::json_type::string) {
      state.record_id = take(value.get_string());
      state.has_record_id = true;
    } else if ((key_is(member, "created_time"_key) || key_is(member, "last_modified_time"_key)) &&
               type == ondemand::json_type::number) {
      int64_t millis = 0;
      if (!value.get_int64().get(millis)) {
        (key_is(member, "created_time"_key) ? state.created_time : state.modified_time) = millis;
      }
    } else if (key_is(member, "created_by"_key) && type == ondemand::json_type::object) {
      state.has_created_by = converter_.read_person(value, state.created_by) == CellStatus::kValue;
    } else if (key_is(member, "last_modified_by"_key) && type == ondemand::json_type::object) {
      state.has_modified_by =
          converter_.read_person(value, state.modified_by) == CellStatus::kValue;
    }
  }
  if (!state.has_record_id) fail("a record has no record_id");
  // Checked once per record, after its id is known (it may follow the fields).
  if (warnings_.count != warnings_before && !context_.lenient_cells) fail_cell(state);
  finish_record(state);
}

void PageNormaliser::read_fields(ondemand::object fields) {
  for (auto member_result : fields) {
    ondemand::field& member = ref(member_result);
    const char* raw_key = member.key().raw();
    bool maybe_escaped = false;
    int32_t index = field_index_.find_raw(raw_key, maybe_escaped);
    if (index < 0 && (maybe_escaped || json::has_escape(raw_key))) {
      index = field_index_.find(take(member.unescaped_key()));
    }
    if (index < 0) continue;  // not projected: the iterator skips the value unread
    Slot& slot = slots_[size_t(index)];
    if (filled_[size_t(index)] == row_stamp_) continue;  // a repeated key: the first wins
    ondemand::value& value = member.value();
    if (take(value.type()) == ondemand::json_type::null) continue;  // as if absent
    filled_[size_t(index)] = row_stamp_;
    converter_.convert(slot.rule, slot.item_rule, slot.name, value, *slot.builder);
  }
}

void PageNormaliser::finish_record(const RecordState& state) {
  for (size_t i = 0; i < slots_.size(); ++i) {
    Slot& slot = slots_[i];
    auto& builder = *slot.builder;
    switch (slot.role) {
      case ColumnRole::kRecordId:
        static_cast<columnar::StringBuilder&>(builder).append(state.record_id);
        continue;
      case ColumnRole::kTableId:
        static_cast<columnar::StringBuilder&>(builder).append(context_.table_id);
        continue;
      case ColumnRole::kBaseId:
        static_cast<columnar::StringBuilder&>(builder).append(context_.app_token);
        continue;
      default:
        break;
    }
    if (filled_[i] == row_stamp_) continue;
    // An absent cell: NULL, except Checkbox (false) and the automatic fields, which
    // the record may carry beside `fields` (automatic_fields=true).
    const std::optional<int64_t>* time = nullptr;
    const PersonView* person = nullptr;
    switch (slot.kind) {
      case FieldKind::kCheckbox:
        if (slot.role == ColumnRole::kField) {
          static_cast<columnar::BoolBuilder&>(builder).append(false);
          continue;
        }
        break;
      case FieldKind::kCreatedTime:
        time = &state.created_time;
        break;
      case FieldKind::kModifiedTime:
        time = &state.modified_time;
        break;
      case FieldKind::kCreatedUser:
        person = state.has_created_by ? &state.created_by : nullptr;
        break;
      case FieldKind::kModifiedUser:
        person = state.has_modified_by ? &state.modified_by : nullptr;
        break;
      default:
        break;
    }
    if (time != nullptr && time->has_value()) {
      static_cast<columnar::Int64Builder&>(builder).append(**time);
    } else if (person != nullptr) {
      CellConverter::append_person(*person, builder);
    } else {
      builder.append_null();
    }
  }
  record_ids_->append(state.record_id);
  ++rows_;
}

void PageNormaliser::reset_builders() {
  for (auto& slot : slots_) slot.builder->finish();
  record_ids_->finish();
  rows_ = 0;
}

void PageNormaliser::fail(const std::string& problem, bool retryable) const {
  throw common::ExternalError(
      fmt::format("records/search of table {} in base {}: {}; the read was stopped so that no "
                  "rows are silently lost (retry; if it persists, check the table in Lark)",
                  context_.table_id, context_.app_token, problem),
      retryable);
}

void PageNormaliser::fail_cell(const RecordState& state) const {
  // Not retryable: the same page would come back the same.
  throw common::ExternalError(
      fmt::format("table {} in base {}, record {}: {} (the field may have changed type in Lark); "
                  "the query stops rather than read it as NULL. To read such cells as NULL with "
                  "a warning, run with --lenient-cells",
                  context_.table_id, context_.app_token,
                  state.has_record_id ? std::string(state.record_id) : "(no record_id)",
                  warnings_.first),
      false);
}

NormalisedPage normalise_search_page(std::string_view response_body, const TableSchema& schema,
                                     const Projection& projection, const PageContext& context) {
  PageNormaliser normaliser(schema, projection, context);
  return normaliser.normalise(response_body);
}

}  // namespace larkbase::types
