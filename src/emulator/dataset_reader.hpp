#pragma once
// Reads a dataset file (one JSON document in the API's own shapes, see
// docs/emulator.md) into a DatasetSink.
#include <optional>
#include <string>

#include "emulator/dataset.hpp"

namespace larkbase::emulator {

struct DatasetCredentials {
  std::optional<std::string> app_id;
  std::optional<std::string> app_secret;
};

// Throws UserError naming the file and the offending part.
DatasetCredentials read_dataset_file(const std::string& path, DatasetSink& sink);

}  // namespace larkbase::emulator
