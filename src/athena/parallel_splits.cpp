#include "athena/parallel_splits.hpp"

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/json.hpp"

namespace larkbase::athena {
namespace {

// "lbr1" + JSON {"c": column, "r": [[low, high, nulls], ...]}: compact, because
// Athena sends the token back verbatim and a table may have 1000 ranges.
constexpr const char* kTokenTag = "lbr1";

common::UserError bad_token(const std::string& token, const char* why) {
  return common::UserError(
      fmt::format("GetSplits continuationToken '{}' {}; restart GetSplits without a token",
                  token.substr(0, 60), why));
}

common::Json bound_json(const std::optional<int64_t>& bound) {
  return bound ? common::Json(*bound) : common::Json(nullptr);
}

std::optional<int64_t> bound_from(const common::Json& json) {
  if (json.is_null()) return std::nullopt;
  return json.get<int64_t>();
}

}  // namespace

std::string range_token(const std::vector<connector::KeyRange>& ranges) {
  common::Json list = common::Json::array();
  for (const auto& range : ranges) {
    list.push_back(
        common::Json::array({bound_json(range.low), bound_json(range.high), range.nulls ? 1 : 0}));
  }
  const std::string column = ranges.empty() ? "" : ranges.front().column;
  return kTokenTag + common::Json{{"c", column}, {"r", std::move(list)}}.dump();
}

std::vector<connector::KeyRange> ranges_from_token(const std::string& token,
                                                   const std::string& column) {
  const std::string tag(kTokenTag);
  if (token.compare(0, tag.size(), tag) != 0) {
    throw bad_token(token, "is not a token this connector issued");
  }
  std::vector<connector::KeyRange> ranges;
  try {
    const common::Json json = common::Json::parse(token.substr(tag.size()));
    if (json.at("c").get<std::string>() != column) {
      throw bad_token(token, "is for another split column");
    }
    for (const common::Json& item : json.at("r")) {
      if (!item.is_array() || item.size() != 3) throw bad_token(token, "has a malformed range");
      connector::KeyRange range{column, bound_from(item[0]), bound_from(item[1]),
                                item[2].get<int>() != 0};
      if (range.low && range.high && *range.low >= *range.high) {
        throw bad_token(token, "has an empty range");
      }
      ranges.push_back(std::move(range));
    }
  } catch (const common::UserError&) {
    throw;
  } catch (const std::exception&) {
    throw bad_token(token, "is not a token this connector issued");
  }
  if (ranges.empty()) throw bad_token(token, "holds no range");
  return ranges;
}

}  // namespace larkbase::athena
