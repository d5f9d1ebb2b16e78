#pragma once
// Drive v1: the files of one folder (current level only, all pages).
#include <string>
#include <vector>

#include "lark/lark_client.hpp"
#include "lark/model.hpp"

namespace larkbase::lark {

inline constexpr int kDrivePageSize = 200;  // Lark's maximum for drive/v1/files

// GET /open-apis/drive/v1/files?folder_token=...; Drive pages through
// data.next_page_token (not page_token).
std::vector<DriveFile> list_folder(LarkClient& client, const std::string& folder_token);

}  // namespace larkbase::lark
