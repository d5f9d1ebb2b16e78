// GET /open-apis/drive/v1/files (spec §5.1): one folder level, paged with
// `next_page_token`, Drive's own error codes with real HTTP statuses.
#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "common/base64.hpp"
#include "common/error.hpp"
#include "emulator/http_support.hpp"
#include "emulator/page_token.hpp"
#include "emulator/server_context.hpp"

namespace larkbase::emulator {
namespace {

constexpr long long kDefaultPageSize = 100;
constexpr long long kMaxPageSize = 200;

long long seconds_of(const common::Json& file, const char* key) {
  std::string text = file.value(key, std::string());
  long long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

std::vector<common::Json> ordered(std::vector<common::Json> files, const httplib::Request& req) {
  std::string order_by = req.has_param("order_by") ? req.get_param_value("order_by") : "EditedTime";
  std::string direction = req.has_param("direction") ? req.get_param_value("direction") : "DESC";
  if ((order_by != "EditedTime" && order_by != "CreatedTime") ||
      (direction != "ASC" && direction != "DESC")) {
    throw ApiError(400, codes::kDriveParams,
                   "params error: order_by must be EditedTime or CreatedTime and direction ASC "
                   "or DESC");
  }
  const char* key = order_by == "EditedTime" ? "modified_time" : "created_time";
  bool ascending = direction == "ASC";
  std::stable_sort(files.begin(), files.end(), [&](const auto& a, const auto& b) {
    return ascending ? seconds_of(a, key) < seconds_of(b, key)
                     : seconds_of(a, key) > seconds_of(b, key);
  });
  return files;
}

size_t offset_of(const std::string& token, const std::string& folder) {
  std::string prefix = "drive:" + folder + ":";
  std::string plain;
  try {
    plain = common::base64_decode(tolerant_base64(token));
  } catch (const common::Error&) {
  }
  size_t offset = 0;
  if (!plain.starts_with(prefix) ||
      std::from_chars(plain.data() + prefix.size(), plain.data() + plain.size(), offset).ec !=
          std::errc()) {
    throw ApiError(400, codes::kDriveParams,
                   "params error: invalid page_token; pass next_page_token unchanged");
  }
  return offset;
}

void list_files(ServerContext& context, const httplib::Request& req, httplib::Response& res) {
  long long page_size = query_int(req, "page_size", kDefaultPageSize);
  if (page_size > kMaxPageSize) {
    throw ApiError(400, codes::kDrivePageSize, "page size out of limit: at most 200");
  }
  if (page_size <= 0) page_size = kDefaultPageSize;
  check_user_id_type(req.get_param_value("user_id_type"));
  std::string folder = req.get_param_value("folder_token");
  std::vector<common::Json> files;
  if (folder.empty()) {
    // The root of the app's space: everything, without paging or shortcuts.
    for (const auto& [token, entries] : context.store->folders()) {
      for (const auto& file : entries) {
        if (file.value("type", std::string()) != "shortcut") files.push_back(file);
      }
    }
    page_size = std::max<long long>(1, (long long)(files.size()));
  } else {
    const auto* entries = context.store->find_folder(folder);
    if (entries == nullptr) {
      throw ApiError(404, codes::kDriveNotFound, fmt::format("not found: folder {}", folder));
    }
    files = *entries;
  }
  files = ordered(std::move(files), req);
  size_t begin = req.get_param_value("page_token").empty()
                     ? 0
                     : offset_of(req.get_param_value("page_token"), folder);
  begin = std::min(begin, files.size());
  size_t end = std::min(files.size(), begin + size_t(page_size));
  common::Json page = common::Json::array();
  for (size_t i = begin; i < end; ++i) page.push_back(std::move(files[i]));
  common::Json data = {{"files", std::move(page)}, {"has_more", end < files.size()}};
  if (end < files.size()) {
    data["next_page_token"] = unpadded_base64(fmt::format("drive:{}:{}", folder, end));
  }
  send_data(res, data.dump());
}

}  // namespace

void register_drive_routes(ServerContext& context) {
  context.http.Get(
      "/open-apis/drive/v1/files",
      context.business(ServerContext::Api::kDrive,
                       [&context](const httplib::Request& req, httplib::Response& res,
                                  const RequestContext&) { list_files(context, req, res); }));
}

}  // namespace larkbase::emulator
