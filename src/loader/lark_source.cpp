#include "loader/lark_source.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "columnar/cell_json.hpp"
#include "columnar/cell_value.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "connector/connector.hpp"
#include "loader/connections.hpp"
#include "loader/time_util.hpp"

namespace larkbase::loader {
namespace {

using columnar::TypeId;

// The one schema name the source's Base is registered under.
constexpr const char* kSchema = "lark";

nlohmann::json lark_fields(const SourceConfig& s) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(s.config_json);
  } catch (const std::exception&) {
  }
  if (!j.is_object())
    throw common::UserError("source '" + s.key + "': connection config must be a JSON object");
  for (const char* f : {"app_id", "app_secret", "app_token"}) {
    if (!j.contains(f) || !j[f].is_string() || j[f].get<std::string>().empty()) {
      throw common::UserError("source '" + s.key + "' (lark) needs the field '" + f +
                              "' (add-source --app-id, --app-secret env:NAME, --base APP_TOKEN)");
    }
  }
  return j;
}

std::string kind_of(const columnar::DataType& type) {
  switch (type.id) {
    case TypeId::kBool:
      return "boolean";
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return "integer";
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return "real";
    case TypeId::kDecimal128:
      return "numeric";
    case TypeId::kDateDay:
    case TypeId::kDateMilli:
      return "date";
    case TypeId::kTimestamp:
      return "timestamp";
    default:
      return "text";  // text, and lists/structs as JSON text
  }
}

// One cell in the text form the targets take for the column's kind.
Value cell_text(const columnar::ArrayData& a, int64_t row) {
  if (a.is_null(row)) return std::nullopt;
  switch (a.type->id) {
    case TypeId::kBool:
      return std::string(columnar::get_bool(a, row) ? "1" : "0");
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      return std::to_string(columnar::get_int(a, row));
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      return fmt::format("{}", columnar::get_double(a, row));  // shortest exact round trip
    case TypeId::kUtf8:
      return std::string(columnar::get_string(a, row));
    case TypeId::kDecimal128:
      return columnar::get_decimal_string(a, row);
    case TypeId::kDateDay:
      return columnar::format_date(columnar::get_date_days(a, row));
    case TypeId::kDateMilli: {
      int64_t ms = columnar::get_date_millis(a, row);
      return columnar::format_date(ms / 86400000 - (ms % 86400000 < 0 ? 1 : 0));
    }
    case TypeId::kTimestamp: {
      // ISO "…T…Z" to the loader's "YYYY-MM-DD HH:MM:SS[.fff]" (UTC).
      std::string t = columnar::format_timestamp(columnar::get_timestamp(a, row), a.type->unit);
      if (t.size() > 10 && t[10] == 'T') t[10] = ' ';
      if (!t.empty() && t.back() == 'Z') t.pop_back();
      return t;
    }
    default:
      return columnar::cell_to_json_text(a, row);
  }
}

bool readable(const types::Column& c) {
  return c.role != types::ColumnRole::kTableId && c.role != types::ColumnRole::kBaseId;
}

// A condition's operand in the column's own type: Lark date-times are epoch
// milliseconds, so a date bound (a rolling window) becomes its midnight UTC.
pushdown::Value operand(const types::Column& column, const Condition& c) {
  const std::string kind = kind_of(*column.field.type);
  if (kind == "integer") {
    if (c.type == "integer") {
      try {
        return pushdown::Value(static_cast<int64_t>(std::stoll(c.value)));
      } catch (const std::exception&) {
      }
    } else if (c.type == "date") {
      if (auto t = parse_utc(c.value + " 00:00:00"))
        return pushdown::Value(static_cast<int64_t>(*t) * 1000);
    }
    throw common::UserError("Lark column '" + column.name + "' holds integers (date-times are " +
                            "epoch milliseconds): give it an integer cursor " +
                            "(--incremental-type integer), not the " + c.type + " '" + c.value +
                            "'");
  }
  if (kind == "real") return pushdown::Value(std::stod(c.value));
  return pushdown::Value(c.value);
}

pushdown::ValueSet value_set(const std::string& op, const pushdown::Value& v) {
  if (op == ">") return pushdown::ValueSet::gt(v);
  if (op == ">=") return pushdown::ValueSet::ge(v);
  if (op == "<") return pushdown::ValueSet::lt(v);
  throw common::InternalError("loader condition operator '" + op + "' has no value set");
}

// The exact check, once more on the loader's side: a row the pushed filter
// let through only because Lark compares date-times by day stops here.
bool satisfies(const columnar::ArrayData& a, int64_t row, const Condition& c,
               const pushdown::Value& v) {
  if (a.is_null(row)) return false;
  std::strong_ordering order = std::strong_ordering::equal;
  switch (a.type->id) {
    case TypeId::kInt8:
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
      order = pushdown::compare_number(columnar::get_int(a, row), v);
      break;
    case TypeId::kFloat32:
    case TypeId::kFloat64:
      order = pushdown::compare_number(columnar::get_double(a, row), v);
      break;
    default:
      order = pushdown::compare_text(*cell_text(a, row), v);
  }
  if (c.op == ">") return order > 0;
  if (c.op == ">=") return order >= 0;
  return order < 0;
}

}  // namespace

void validate_lark_source(const SourceConfig& config) { lark_fields(config); }

LarkSource::LarkSource(const SourceConfig& s) : key_(s.key) {
  auto j = lark_fields(s);
  connector::ConnectorConfig config;
  if (j.contains("api_url")) config.lark.api_url = lark::normalize_api_url(j["api_url"]);
  config.lark.app_id = j["app_id"].get<std::string>();
  config.lark.app_secret = resolve_secret("app_secret", j["app_secret"].get<std::string>());
  config.lark.validate();
  config.sources.bases.push_back({j["app_token"].get<std::string>(), kSchema});
  connector_ = connector::Connector::create(std::move(config));
}

LarkSource::~LarkSource() = default;

std::vector<SourceColumn> LarkSource::columns(const ReadSpec& spec) {
  if (spec.query) {
    throw common::UserError("source '" + key_ +
                            "' is a Lark Base: a custom --query is not supported, name the table");
  }
  std::vector<SourceColumn> out;
  types::TableSchema schema = connector_->get_table(kSchema, spec.table);
  for (const auto& c : schema.columns()) {
    if (readable(c)) out.push_back({c.name, kind_of(*c.field.type)});
  }
  return out;
}

void LarkSource::read_batches(const ReadSpec& spec, std::size_t batch_rows,
                              const Db::BatchFn& on_batch) {
  types::TableSchema schema = connector_->get_table(kSchema, spec.table);
  connector::ScanRequest request;
  request.schema = kSchema;
  request.table = spec.table;
  request.columns = spec.columns;
  if (request.columns.empty()) {
    for (const auto& c : schema.columns())
      if (readable(c)) request.columns.push_back(c.name);
  }
  std::vector<pushdown::Value> operands;
  for (const Condition& c : spec.where) {
    const types::Column* column = schema.find(c.column);
    if (!column) {
      throw common::UserError("column '" + c.column + "' is not a column of Lark table '" +
                              spec.table + "' (source '" + key_ + "')");
    }
    operands.push_back(operand(*column, c));
    request.constraints.add(c.column, value_set(c.op, operands.back()));
  }
  connector::ScanPlan plan = connector_->plan(request);
  if (!plan.splits.empty()) {
    last_filter_ = plan.splits[0].query.filter.dump();
    if (!spec.where.empty())
      spdlog::info("loader: Lark table {} (source {}): window pushed as filter {}", spec.table,
                   key_, last_filter_);
  }
  std::vector<Row> pending;
  for (const connector::Split& split : plan.splits) {
    auto reader = connector_->read(split);
    while (auto batch = reader->next()) {
      std::vector<int> condition_index;
      for (const Condition& c : spec.where)
        condition_index.push_back(batch->schema->field_index(c.column));
      for (int64_t r = 0; r < batch->num_rows; ++r) {
        bool keep = true;
        for (std::size_t i = 0; keep && i < spec.where.size(); ++i) {
          if (condition_index[i] >= 0)
            keep = satisfies(*batch->columns[static_cast<std::size_t>(condition_index[i])], r,
                             spec.where[i], operands[i]);
        }
        if (!keep) continue;
        Row row;
        row.reserve(request.columns.size());
        for (std::size_t col = 0; col < request.columns.size(); ++col)
          row.push_back(cell_text(*batch->columns[col], r));
        pending.push_back(std::move(row));
        if (pending.size() >= batch_rows) {
          on_batch(pending);
          pending.clear();
        }
      }
    }
    rows_fetched_ += reader->stats().rows_fetched;
  }
  if (!pending.empty()) on_batch(pending);
}

Result LarkSource::read(const ReadSpec& spec) {
  Result out;
  read_batches(spec, 100000, [&](std::vector<Row>& batch) {
    for (auto& row : batch) out.rows.push_back(std::move(row));
  });
  return out;
}

long long LarkSource::count(const ReadSpec& spec) {
  long long n = 0;
  read_batches(spec, 100000,
               [&](std::vector<Row>& batch) { n += static_cast<long long>(batch.size()); });
  return n;
}

std::pair<Value, Value> LarkSource::range(const ReadSpec& spec, const std::string& column) {
  ReadSpec only = spec;
  only.columns = {column};
  std::string kind;
  for (const auto& c : columns(spec))
    if (c.name == column) kind = c.kind;
  std::pair<Value, Value> out;
  auto less = [&](const std::string& a, const std::string& b) {
    if (kind == "integer") return std::stoll(a) < std::stoll(b);
    if (kind == "real") return std::stod(a) < std::stod(b);
    return a < b;
  };
  read_batches(only, 100000, [&](std::vector<Row>& batch) {
    for (const Row& row : batch) {
      if (!row[0]) continue;
      if (!out.first || less(*row[0], *out.first)) out.first = row[0];
      if (!out.second || less(*out.second, *row[0])) out.second = row[0];
    }
  });
  return out;
}

}  // namespace larkbase::loader
