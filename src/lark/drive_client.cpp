#include "lark/drive_client.hpp"

#include <fmt/format.h>

#include "lark/paging.hpp"

namespace larkbase::lark {

std::vector<DriveFile> list_folder(LarkClient& client, const std::string& folder_token) {
  LarkRequest request;
  request.path = "/open-apis/drive/v1/files";
  request.query.emplace_back("folder_token", folder_token);
  auto items = fetch_all_pages(client, request, "files", kDrivePageSize,
                               fmt::format("Drive folder {}", folder_token));
  std::vector<DriveFile> files;
  files.reserve(items.size());
  for (const auto& item : items) files.push_back(drive_file_from_json(item));
  return files;
}

}  // namespace larkbase::lark
