#include "connector/key_probe.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

#include "lark/record_search.hpp"
#include "pushdown/translate.hpp"

namespace larkbase::connector {
namespace {

// A key cell as search returns it: a number (a Number's may have a fraction:
// rounded outward, `down` for a minimum), or an auto number's text.
std::optional<int64_t> key_value(const common::Json& cell, bool down) {
  if (cell.is_number_integer()) return cell.get<int64_t>();
  if (cell.is_number_float()) {
    double value = down ? std::floor(cell.get<double>()) : std::ceil(cell.get<double>());
    if (!(value >= -9.2e18 && value <= 9.2e18)) return std::nullopt;
    return static_cast<int64_t>(value);
  }
  if (cell.is_string()) {
    const auto& text = cell.get_ref<const std::string&>();
    int64_t value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return value;
  }
  return std::nullopt;
}

struct Extreme {
  int64_t total = 0;
  std::optional<int64_t> key;
};

// One page_size=1 search for the smallest (or largest, `desc`) key.
Extreme probe_end(lark::BitableClient& bitable, const Split& split, const common::Json& filter,
                  const types::Column& column, bool desc) {
  lark::SearchRequest request;
  request.app_token = split.app_token();
  request.table_id = split.table_id();
  request.query.filter = filter;
  request.query.sort =
      common::Json::array({{{"field_name", column.lark_field_name}, {"desc", desc}}});
  request.query.field_names = std::vector<std::string>{column.lark_field_name};
  request.query.page_size = 1;
  auto page = lark::search_page(bitable.client(), request);
  auto items = lark::search_page_items(page);
  Extreme out{page.total, std::nullopt};
  if (page.total <= 0 || items.empty() || !items[0].is_object()) return out;
  auto fields = items[0].find("fields");
  if (fields == items[0].end() || !fields->is_object()) return out;
  auto cell = fields->find(column.lark_field_name);
  if (cell != fields->end()) out.key = key_value(*cell, !desc);
  return out;
}

}  // namespace

std::optional<KeyProfile> probe_key(lark::BitableClient& bitable, const Split& split,
                                    const std::string& choice,
                                    const pushdown::TranslateOptions& options) {
  if (!can_cut(split, choice)) return std::nullopt;
  auto key = range_split_column(split, choice);
  const auto& column = *split.table_schema.find(key->name);

  pushdown::Constraints constraints = split.constraints;
  constraints.add(column.name, pushdown::ValueSet::is_not_null());
  auto plan = pushdown::translate(constraints, split.table_schema, options);
  if (plan.access != pushdown::Access::kSearch) return std::nullopt;

  auto low = probe_end(bitable, split, plan.query.filter, column, false);
  if (!low.key) return std::nullopt;
  KeyProfile profile{low.total, *low.key, *low.key, *key};
  if (key->dense()) {
    profile.max = *low.key > INT64_MAX - low.total ? INT64_MAX : *low.key + (low.total - 1);
  } else if (low.total > 1) {
    auto high = probe_end(bitable, split, plan.query.filter, column, true);
    if (!high.key) return std::nullopt;
    profile.max = *high.key;
  }
  return profile;
}

}  // namespace larkbase::connector
