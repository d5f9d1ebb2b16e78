#pragma once
// The records/search calls that tell how to cut a scan into key ranges: the
// split's filter ANDed with "key is not empty", sorted by the key, one record.
// Lark's total gives the row count and the record the smallest key. The largest
// is estimated as min + rows - 1 where keys are dense (the split key, an auto
// number), and probed with a second, descending call otherwise (times, numbers).
// The bounds only balance the ranges: exactness never depends on them.
#include <optional>
#include <string>

#include "connector/connector.hpp"
#include "connector/key_range.hpp"
#include "lark/bitable_client.hpp"

namespace larkbase::connector {

// nullopt when the split cannot be cut (see range_split_column for `choice`), no
// row has a key, or a key cannot be read as a number. Throws what the Lark
// client throws.
std::optional<KeyProfile> probe_key(lark::BitableClient& bitable, const Split& split,
                                    const std::string& choice,
                                    const pushdown::TranslateOptions& options);

}  // namespace larkbase::connector
