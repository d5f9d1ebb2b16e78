#pragma once
// One records/search call that tells how to cut a scan into key ranges: the
// split's filter ANDed with "key is not empty", sorted by the key ascending,
// one record. Lark's total gives the row count and the record the smallest key;
// the largest is estimated as min + rows - 1 (keys such as an auto number are
// dense). The estimate only balances the ranges: exactness never depends on it.
#include <optional>

#include "connector/connector.hpp"
#include "connector/key_range.hpp"
#include "lark/bitable_client.hpp"

namespace larkbase::connector {

// nullopt when the split cannot be cut, no row has a key, or the key is not an
// integer. Throws what the Lark client throws.
std::optional<KeyProfile> probe_key(lark::BitableClient& bitable, const Split& split,
                                    const pushdown::TranslateOptions& options);

}  // namespace larkbase::connector
