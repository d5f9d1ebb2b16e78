#pragma once
// A small Lark Base for the loader's Lark tests, written as an emulator
// dataset file, and an independent reading of the emulator's raw API JSON:
// the test's own decoding of records/search responses (types.md value rules
// for the five field types used), never the connector's.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/http_client.hpp"
#include "common/json.hpp"

namespace larkbase::loader::testing {

inline constexpr const char* kShopToken = "bascnShopLoader01";
inline constexpr const char* kOrdersTable = "tblOrdersLoad01";

// Two records share the newest day, 2024-07-08 (04:00 and 08:00 UTC), so a
// cursor at the newest one meets Lark's day-granular date filter.
inline constexpr long long kNewestModified = 1720425600000;

inline std::string write_shop_dataset(const std::string& dir) {
  using common::Json;
  auto text = [](const std::string& s) { return Json::array({{{"type", "text"}, {"text", s}}}); };
  Json fields = Json::array({
      {{"field_id", "fldName"},
       {"field_name", "Name"},
       {"type", 1},
       {"ui_type", "Text"},
       {"is_primary", true},
       {"property", nullptr}},
      {{"field_id", "fldAmount"},
       {"field_name", "Amount"},
       {"type", 2},
       {"ui_type", "Number"},
       {"is_primary", false},
       {"property", {{"formatter", "0.00"}}}},
      {{"field_id", "fldDone"},
       {"field_name", "Done"},
       {"type", 7},
       {"ui_type", "Checkbox"},
       {"is_primary", false},
       {"property", nullptr}},
      {{"field_id", "fldTags"},
       {"field_name", "Tags"},
       {"type", 4},
       {"ui_type", "MultiSelect"},
       {"is_primary", false},
       {"property",
        {{"options", Json::array({{{"id", "optRed"}, {"name", "red"}, {"color", 0}},
                                  {{"id", "optBlue"}, {"name", "blue"}, {"color", 1}}})}}}},
      {{"field_id", "fldModified"},
       {"field_name", "Modified"},
       {"type", 1002},
       {"ui_type", "ModifiedTime"},
       {"is_primary", false},
       {"property", nullptr}},
  });
  struct Rec {
    const char* id;
    const char* name;
    std::optional<double> amount;
    bool done;
    std::vector<std::string> tags;
    long long modified;
  };
  std::vector<Rec> recs = {
      {"recLoad0001", "Ann", 12.5, true, {"red"}, 1704859200000},
      {"recLoad0002", "Bo, \"the\" second", std::nullopt, false, {}, 1709870400000},
      {"recLoad0003", "Cy", -0.125, false, {"blue", "red"}, 1715140800000},
      {"recLoad0004", "Di", 1e10, true, {}, 1720411200000},
      {"recLoad0005", "Ed", 7.75, false, {"blue"}, kNewestModified},
  };
  Json records = Json::array();
  for (const Rec& r : recs) {
    Json f = {{"Name", text(r.name)}, {"Modified", r.modified}};
    if (r.amount) f["Amount"] = *r.amount;
    if (r.done) f["Done"] = true;
    if (!r.tags.empty()) f["Tags"] = r.tags;
    records.push_back({{"record_id", r.id},
                       {"fields", f},
                       {"last_modified_time", r.modified},
                       {"created_time", r.modified}});
  }
  Json dataset = {{"bases", Json::array({{{"app_token", kShopToken},
                                          {"name", "Shop"},
                                          {"tables", Json::array({{{"table_id", kOrdersTable},
                                                                   {"name", "orders"},
                                                                   {"fields", fields},
                                                                   {"records", records}}})}}})}};
  std::string path = dir + "/shop_dataset.json";
  std::ofstream(path) << dataset.dump();
  return path;
}

// A raw client of the emulator's API.
class RawLark {
 public:
  RawLark(std::string url, const std::string& app_id, const std::string& secret)
      : url_(std::move(url)) {
    auto r = post("/open-apis/auth/v3/tenant_access_token/internal",
                  common::Json{{"app_id", app_id}, {"app_secret", secret}}, false);
    token_ = r.at("tenant_access_token").get<std::string>();
  }

  common::Json post(const std::string& path, const common::Json& body, bool auth = true) {
    common::HttpRequest request;
    request.method = "POST";
    request.url = url_ + path;
    request.headers.push_back({"Content-Type", "application/json"});
    if (auth) request.headers.push_back({"Authorization", "Bearer " + token_});
    request.body = body.dump();
    auto response = http_.send(request);
    auto json = common::Json::parse(response.body);
    if (json.value("code", -1) != 0) throw std::runtime_error("emulator said " + response.body);
    return json;
  }

  std::string table_path(const std::string& suffix) const {
    return std::string("/open-apis/bitable/v1/apps/") + kShopToken + "/tables/" + kOrdersTable +
           suffix;
  }

  // Every record of the orders table as the API returns it, all pages.
  std::vector<common::Json> all_records() {
    std::vector<common::Json> out;
    std::string page_token;
    do {
      std::string q = "/records/search?page_size=2";
      if (!page_token.empty()) q += "&page_token=" + page_token;
      auto data = post(table_path(q), common::Json::object()).at("data");
      for (auto& item : data.at("items")) out.push_back(item);
      page_token = data.value("has_more", false) ? data.at("page_token").get<std::string>() : "";
    } while (!page_token.empty());
    return out;
  }

  // Updates records through records/batch_update: id → the fields to write.
  // Returns the records the API answered with.
  common::Json update(const std::map<std::string, common::Json>& changes) {
    common::Json records = common::Json::array();
    for (const auto& [id, fields] : changes)
      records.push_back({{"record_id", id}, {"fields", fields}});
    return post(table_path("/records/batch_update"), {{"records", records}}).at("data");
  }

  // Deletes records through records/batch_delete; returns the answered ids.
  std::vector<std::string> remove(const std::vector<std::string>& ids) {
    auto data = post(table_path("/records/batch_delete"), {{"records", ids}}).at("data");
    std::vector<std::string> out;
    for (auto& r : data.at("records")) {
      if (r.value("deleted", false)) out.push_back(r.at("record_id").get<std::string>());
    }
    return out;
  }

  // Creates records with these names and amounts; returns their ids.
  std::vector<std::string> create(const std::vector<std::pair<std::string, double>>& rows) {
    common::Json records = common::Json::array();
    for (const auto& [name, amount] : rows)
      records.push_back({{"fields", {{"Name", name}, {"Amount", amount}}}});
    auto data = post(table_path("/records/batch_create"), {{"records", records}}).at("data");
    std::vector<std::string> ids;
    for (auto& r : data.at("records")) ids.push_back(r.at("record_id").get<std::string>());
    return ids;
  }

 private:
  std::string url_;
  std::string token_;
  common::HttpClient http_;
};

// One decoded row: record id, name, amount, done (0/1), tags (JSON text), modified.
using DecodedRow = std::vector<std::optional<std::string>>;

inline DecodedRow decode(const common::Json& item) {
  const auto& f = item.at("fields");
  DecodedRow row;
  row.push_back(item.at("record_id").get<std::string>());
  if (f.contains("Name")) {
    std::string name;
    for (const auto& seg : f["Name"]) name += seg.at("text").get<std::string>();
    row.push_back(name);
  } else {
    row.push_back(std::nullopt);
  }
  row.push_back(f.contains("Amount") ? std::optional<std::string>(f["Amount"].dump())
                                     : std::nullopt);
  row.push_back(std::string(f.contains("Done") && f["Done"].get<bool>() ? "1" : "0"));
  row.push_back(f.contains("Tags") ? std::optional<std::string>(f["Tags"].dump()) : std::nullopt);
  row.push_back(f.contains("Modified") ? std::optional<std::string>(f["Modified"].dump())
                                       : std::nullopt);
  return row;
}

inline std::map<std::string, DecodedRow> decode_all(const std::vector<common::Json>& items) {
  std::map<std::string, DecodedRow> out;
  for (const auto& item : items) {
    DecodedRow row = decode(item);
    out[*row[0]] = row;
  }
  return out;
}

}  // namespace larkbase::loader::testing
