// idxStr format: "w<0|1>c<0|1>;a<op><col>,...;p<col>,...;o<col><a|d>,..." —
// short, readable in EXPLAIN QUERY PLAN output, and parsed back strictly.
#include "sqlite/index_plan.hpp"

#include <charconv>

#include "common/error.hpp"

namespace larkbase::sqlite {
namespace {

constexpr std::string_view kOps = "=I!<l>gsnNKLMO";

[[noreturn]] void malformed(std::string_view text) {
  throw common::InternalError("malformed virtual-table index string '" + std::string(text) + "'");
}

int parse_int(std::string_view digits, std::string_view text) {
  int value = 0;
  auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size()) malformed(text);
  return value;
}

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  if (text.empty()) return parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

void join_ints(std::string& out, const std::vector<int>& values) {
  for (size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(values[i]);
  }
}

}  // namespace

std::string IndexPlan::encode() const {
  std::string out = where_complete ? "w1" : "w0";
  out += order_consumed ? "c1" : "c0";
  out += ";a";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i > 0) out += ',';
    out += static_cast<char>(args[i].op);
    out += std::to_string(args[i].column);
  }
  out += ";p";
  join_ints(out, columns);
  out += ";o";
  for (size_t i = 0; i < order_by.size(); ++i) {
    if (i > 0) out += ',';
    out += std::to_string(order_by[i].column);
    out += order_by[i].descending ? 'd' : 'a';
  }
  return out;
}

IndexPlan IndexPlan::decode(std::string_view text) {
  auto sections = split(text, ';');
  if (sections.size() != 4 || sections[0].size() != 4 || sections[1].empty() ||
      sections[1][0] != 'a' || sections[2].empty() || sections[2][0] != 'p' ||
      sections[3].empty() || sections[3][0] != 'o') {
    malformed(text);
  }
  IndexPlan plan;
  plan.where_complete = sections[0].substr(0, 2) == "w1";
  plan.order_consumed = sections[0].substr(2, 2) == "c1";
  for (auto arg : split(sections[1].substr(1), ',')) {
    if (arg.size() < 2 || kOps.find(arg[0]) == std::string_view::npos) malformed(text);
    plan.args.push_back({static_cast<SlotOp>(arg[0]), parse_int(arg.substr(1), text)});
  }
  for (auto column : split(sections[2].substr(1), ',')) {
    plan.columns.push_back(parse_int(column, text));
  }
  for (auto key : split(sections[3].substr(1), ',')) {
    if (key.size() < 2 || (key.back() != 'a' && key.back() != 'd')) malformed(text);
    plan.order_by.push_back({parse_int(key.substr(0, key.size() - 1), text), key.back() == 'd'});
  }
  return plan;
}

}  // namespace larkbase::sqlite
