#include "emulator/demo/layout.hpp"

#include "emulator/demo/ids.hpp"

namespace larkbase::emulator::demo {

std::string app_token_of(std::string_view base_name) {
  constexpr size_t kTokenLength = 27;
  const std::string prefix = "bascn" + std::string(base_name);
  const size_t padding = prefix.size() < kTokenLength ? kTokenLength - prefix.size() : 6;
  return stable_id(prefix, "base:" + std::string(base_name), padding);
}

std::string table_id_of(std::string_view base_name, std::string_view table_name) {
  return stable_id("tbl", "table:" + std::string(base_name) + "/" + std::string(table_name), 13);
}

std::string drive_folder_token() { return stable_id("fldcn", "folder:demo", 22); }

}  // namespace larkbase::emulator::demo
