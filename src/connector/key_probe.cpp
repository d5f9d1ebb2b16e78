#include "connector/key_probe.hpp"

#include <charconv>
#include <cstdint>

#include "lark/record_search.hpp"
#include "pushdown/translate.hpp"

namespace larkbase::connector {
namespace {

// A key cell as search returns it: a number, or an auto number's text.
std::optional<int64_t> key_value(const common::Json& cell) {
  if (cell.is_number_integer()) return cell.get<int64_t>();
  if (cell.is_number_float()) return static_cast<int64_t>(cell.get<double>());
  if (cell.is_string()) {
    const auto& text = cell.get_ref<const std::string&>();
    int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return value;
  }
  return std::nullopt;
}

}  // namespace

std::optional<KeyProfile> probe_key(lark::BitableClient& bitable, const Split& split,
                                    const pushdown::TranslateOptions& options) {
  auto column_name = range_split_column(split.table_schema);
  if (!column_name || !can_cut(split)) return std::nullopt;
  const auto& column = *split.table_schema.find(*column_name);

  pushdown::Constraints constraints = split.constraints;
  constraints.add(column.name, pushdown::ValueSet::is_not_null());
  auto plan = pushdown::translate(constraints, split.table_schema, options);
  if (plan.access != pushdown::Access::kSearch) return std::nullopt;

  lark::SearchRequest request;
  request.app_token = split.app_token();
  request.table_id = split.table_id();
  request.query.filter = plan.query.filter;
  request.query.sort =
      common::Json::array({{{"field_name", column.lark_field_name}, {"desc", false}}});
  request.query.field_names = std::vector<std::string>{column.lark_field_name};
  request.query.page_size = 1;
  auto page = lark::search_page(bitable.client(), request);
  auto items = lark::search_page_items(page);
  if (page.total <= 0 || items.empty() || !items[0].is_object()) return std::nullopt;
  auto fields = items[0].find("fields");
  if (fields == items[0].end() || !fields->is_object()) return std::nullopt;
  auto cell = fields->find(column.lark_field_name);
  if (cell == fields->end()) return std::nullopt;
  auto min = key_value(*cell);
  if (!min) return std::nullopt;
  KeyProfile profile;
  profile.rows = page.total;
  profile.min = *min;
  profile.max = *min > INT64_MAX - page.total ? INT64_MAX : *min + (page.total - 1);
  return profile;
}

}  // namespace larkbase::connector
