#include "athena/parallel_splits.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "columnar/cell_value.hpp"
#include "common/error.hpp"
#include "types/column_name.hpp"

namespace larkbase::athena {
namespace {

using pushdown::Bound;
using pushdown::Range;
using pushdown::ValueSet;

// The smallest (or largest) non-null split key of the matching rows. Reads every
// row the reader returns: when the sort is pushed with the limit that is one row,
// otherwise the fold over all rows still gives the right answer.
std::optional<int64_t> extreme_key(connector::Connector& lark, const std::string& schema,
                                   const std::string& table, pushdown::Constraints constraints,
                                   bool largest) {
  const std::string key(types::kReservedSplitKey);
  constraints.add(key, ValueSet::is_not_null());
  constraints.limit = 1;
  constraints.order_by = {{key, largest, false}};
  constraints.needed_columns.reset();
  connector::ScanRequest scan{schema, table, std::move(constraints), {key}};
  std::optional<int64_t> best;
  for (const connector::Split& split : lark.plan(scan).splits) {
    auto reader = lark.read(split);
    while (auto batch = reader->next()) {
      const columnar::ArrayData& column = *batch->columns.at(0);
      for (int64_t row = 0; row < batch->num_rows; ++row) {
        if (column.is_null(row)) continue;
        const int64_t value = columnar::get_int(column, row);
        if (!best || (largest ? value > *best : value < *best)) best = value;
      }
    }
  }
  return best;
}

}  // namespace

pushdown::ValueSet SplitKeyRanges::range(int i) const {
  if (i == count) return ValueSet::is_null();
  Range range = Range::all();
  if (i > 0) range.low = Bound::at(pushdown::Value(min + width * i), true);
  if (i + 1 < count) range.high = Bound::at(pushdown::Value(min + width * (i + 1)), false);
  return ValueSet::ranges({range}, false);
}

std::string SplitKeyRanges::token(int next) const {
  return fmt::format("{}:{}:{}:{}", next, min, width, count);
}

SplitKeyRanges SplitKeyRanges::from_token(const std::string& token, int& next) {
  SplitKeyRanges ranges;
  long long values[4] = {0, 0, 0, 0};
  size_t start = 0;
  for (int i = 0; i < 4; ++i) {
    const size_t end = i < 3 ? token.find(':', start) : token.size();
    const std::string part = end == std::string::npos ? "" : token.substr(start, end - start);
    const bool digits = !part.empty() && part.size() < 20 &&
                        part.find_first_not_of("-0123456789") == std::string::npos;
    if (!digits) {
      throw common::UserError(
          fmt::format("GetSplits continuationToken '{}' is not a token this connector issued",
                      token.substr(0, 60)));
    }
    values[i] = std::stoll(part);
    start = end + 1;
  }
  next = int(values[0]);
  ranges.min = values[1];
  ranges.width = values[2];
  ranges.count = int(values[3]);
  if (ranges.width < 1 || ranges.count < 1 || next < 0 || next >= ranges.total()) {
    throw common::UserError(fmt::format(
        "GetSplits continuationToken '{}' is out of range; restart GetSplits without a token",
        token.substr(0, 60)));
  }
  return ranges;
}

std::optional<SplitKeyRanges> plan_split_key_ranges(connector::Connector& lark,
                                                    const std::string& schema,
                                                    const std::string& table,
                                                    const pushdown::Constraints& constraints,
                                                    int64_t keys_per_split, int max_splits) {
  const auto low = extreme_key(lark, schema, table, constraints, false);
  if (!low) return std::nullopt;
  const auto high = extreme_key(lark, schema, table, constraints, true);
  if (!high || *high < *low) return std::nullopt;
  // The span in unsigned arithmetic: keys may cover the whole int64 range.
  const uint64_t span = uint64_t(*high) - uint64_t(*low) + 1;  // 0 = all 2^64 values
  const uint64_t per_split = uint64_t(std::max<int64_t>(1, keys_per_split));
  uint64_t count = span == 0 ? uint64_t(max_splits) : (span + per_split - 1) / per_split;
  count = std::clamp<uint64_t>(count, 1, uint64_t(std::max(1, max_splits)));
  SplitKeyRanges ranges;
  ranges.min = *low;
  ranges.count = int(count);
  const uint64_t width =
      span == 0 ? std::numeric_limits<uint64_t>::max() / count + 1 : (span + count - 1) / count;
  ranges.width = int64_t(std::min<uint64_t>(width, uint64_t(std::numeric_limits<int64_t>::max())));
  return ranges;
}

}  // namespace larkbase::athena
