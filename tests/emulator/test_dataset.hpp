#pragma once
// The dataset the server tests load: written as a file in the API's own
// shapes, so the tests also exercise the dataset reader.
#include <string>

#include "common/json.hpp"

namespace larkbase::testing {

inline constexpr const char* kBase = "bascnTestBase0001";
inline constexpr const char* kOrders = "tblOrders000001";      // kOrderCount records
inline constexpr const char* kWideBase = "bascnManyTables01";  // kWideTableCount tables
inline constexpr const char* kFolder = "fldcnTestFolder01";    // kFolderFiles files
inline constexpr int kOrderCount = 2000;
inline constexpr int kWideTableCount = 45;
inline constexpr int kFolderFiles = 7;

common::Json test_dataset();
// Writes `dataset` to a fresh temporary file and returns its path.
std::string write_dataset(const common::Json& dataset);
// The record id of order `i` (0-based) in the dataset.
std::string order_id(int i);

}  // namespace larkbase::testing
