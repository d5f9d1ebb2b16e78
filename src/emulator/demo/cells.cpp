#include "emulator/demo/cells.hpp"

#include <cmath>
#include <cstdio>

#include "emulator/demo/ids.hpp"

namespace larkbase::emulator::demo {
namespace {

std::string avatar_url(std::string_view key) {
  return "https://s1-imfile.feishucdn.com/static-resource/v1/v2_" + hex_id(key, 24) +
         "~?image_size=72x72&cut_type=&quality=&format=png";
}

}  // namespace

Directory::Directory() {
  for (const PersonName& p : people()) {
    std::string id = "ou_" + hex_id(std::string("person:") + std::string(p.en_name), 32);
    people_.push_back(Json{{"id", id},
                           {"name", p.name},
                           {"en_name", p.en_name},
                           {"email", std::string(p.email_local) + "@example.com"},
                           {"avatar_url", avatar_url(id)}});
    ids_.push_back(std::move(id));
  }
  for (const ChatName& c : group_chats()) {
    std::string id = "oc_" + hex_id(std::string("chat:") + std::string(c.name), 32);
    chats_.push_back(Json{{"id", id}, {"name", c.name}, {"avatar_url", avatar_url(id)}});
  }
  for (const Json& person : people_) person_lists_.push_back(single_item_array(person));
  for (const Place& place : places()) locations_.push_back(location_cell(place));
}

std::string_view Directory::person_name(size_t i) const { return people()[i].name; }

// The builders below insert keys one by one: nlohmann's initializer-list
// constructor builds a temporary two-element array per key, which dominated the
// cost of generating a million orders.
Json text_segment(std::string_view text) {
  Json segment(Json::value_t::object);
  segment["type"] = "text";
  segment["text"] = text;
  return segment;
}

Json url_segment(std::string_view text, std::string_view link) {
  Json segment(Json::value_t::object);
  segment["type"] = "url";
  segment["text"] = text;
  segment["link"] = link;
  return segment;
}

Json user_mention_segment(const Json& person) {
  const std::string& name = person.at("name").get_ref<const std::string&>();
  Json segment(Json::value_t::object);
  segment["type"] = "mention";
  segment["text"] = "@" + name;
  segment["token"] = person.at("id");
  segment["mentionType"] = "User";
  segment["mentionNotify"] = false;
  segment["name"] = name;
  return segment;
}

Json doc_mention_segment(std::string_view title, std::string_view token) {
  Json segment(Json::value_t::object);
  segment["type"] = "mention";
  segment["text"] = title;
  segment["token"] = token;
  segment["mentionType"] = "Docx";
  segment["mentionNotify"] = false;
  segment["name"] = title;
  segment["link"] = "https://example.feishu.cn/docx/" + std::string(token);
  return segment;
}

Json single_item_array(Json item) {
  Json array(Json::value_t::array);
  array.push_back(std::move(item));
  return array;
}

Json text_cell(std::string_view text) { return single_item_array(text_segment(text)); }

Json email_cell(std::string_view address) {
  return single_item_array(url_segment(address, "mailto:" + std::string(address)));
}

Json url_cell(std::string_view text, std::string_view link) {
  Json url(Json::value_t::object);
  url["text"] = text;
  url["link"] = link;
  return url;
}

Json location_cell(const Place& place) {
  char coords[64];
  std::snprintf(coords, sizeof coords, "%.4f,%.4f", place.longitude, place.latitude);
  std::string full = std::string(place.name) + ", " + std::string(place.address) + ", " +
                     std::string(place.adname) + ", " + std::string(place.cityname) + ", " +
                     std::string(place.pname);
  Json location(Json::value_t::object);
  location["location"] = coords;
  location["pname"] = place.pname;
  location["cityname"] = place.cityname;
  location["adname"] = place.adname;
  location["address"] = place.address;
  location["name"] = place.name;
  location["full_address"] = std::move(full);
  return location;
}

Json attachment(std::string_view name, std::string_view mime, int64_t size,
                std::string_view file_token) {
  const std::string token(file_token);
  const std::string host = "https://open.feishu.cn/open-apis/drive/v1/medias/";
  const std::string extra = "extra=%7B%22bitablePerm%22%7D";
  Json file(Json::value_t::object);
  file["file_token"] = token;
  file["name"] = name;
  file["type"] = mime;
  file["size"] = size;
  file["url"] = host + token + "/download?" + extra;
  file["tmp_url"] = host + "batch_get_tmp_download_url?file_tokens=" + token + "&" + extra;
  return file;
}

Json link_cell(const std::vector<std::string>& record_ids) {
  Json ids(Json::value_t::array);
  for (const std::string& id : record_ids) ids.push_back(id);
  Json link(Json::value_t::object);
  link["link_record_ids"] = std::move(ids);
  return link;
}

Json wrapped_cell(int base_type, Json values) {
  Json cell(Json::value_t::object);
  cell["type"] = base_type;
  cell["value"] = std::move(values);
  return cell;
}

double round_cents(double value) { return std::round(value * 100.0) / 100.0; }

}  // namespace larkbase::emulator::demo
