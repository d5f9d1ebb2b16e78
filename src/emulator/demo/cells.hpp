#pragma once
// Builders for cell values in the exact JSON shapes records/search returns
// (lark-open-api.md §3.1): text segment arrays, person and chat objects, url,
// location, attachment, link and formula/lookup wrappers.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/json.hpp"
#include "emulator/demo/vocabulary.hpp"

namespace larkbase::emulator::demo {

using common::Json;

// Lark field `type` codes used in formula/lookup wrappers and field objects.
enum LarkType : int {
  kTypeText = 1,
  kTypeNumber = 2,
  kTypeSingleSelect = 3,
  kTypeMultiSelect = 4,
  kTypeDateTime = 5,
  kTypeCheckbox = 7,
  kTypeUser = 11,
  kTypePhone = 13,
  kTypeUrl = 15,
  kTypeAttachment = 17,
  kTypeSingleLink = 18,
  kTypeLookup = 19,
  kTypeFormula = 20,
  kTypeDuplexLink = 21,
  kTypeLocation = 22,
  kTypeGroupChat = 23,
  kTypeStage = 24,
  kTypeCreatedTime = 1001,
  kTypeModifiedTime = 1002,
  kTypeCreatedUser = 1003,
  kTypeModifiedUser = 1004,
  kTypeAutoNumber = 1005,
  kTypeButton = 3001,
};

// The people and group chats of the demo tenant, with their JSON objects built once.
class Directory {
 public:
  Directory();
  size_t person_count() const { return people_.size(); }
  size_t chat_count() const { return chats_.size(); }
  const Json& person(size_t i) const { return people_[i]; }  // {id,name,en_name,email,avatar_url}
  const Json& chat(size_t i) const { return chats_[i]; }     // {id,name,avatar_url}
  const Json& person_list(size_t i) const { return person_lists_[i]; }    // [person(i)]
  const Json& location(size_t place) const { return locations_[place]; }  // of places()[place]
  const std::string& person_id(size_t i) const { return ids_[i]; }
  std::string_view person_name(size_t i) const;

 private:
  std::vector<Json> people_;
  std::vector<Json> chats_;
  std::vector<Json> person_lists_;
  std::vector<Json> locations_;
  std::vector<std::string> ids_;
};

Json text_segment(std::string_view text);
Json url_segment(std::string_view text, std::string_view link);
Json user_mention_segment(const Json& person);
Json doc_mention_segment(std::string_view title, std::string_view token);

Json single_item_array(Json item);
Json text_cell(std::string_view text);  // one plain segment
Json email_cell(std::string_view address);
Json url_cell(std::string_view text, std::string_view link);
Json location_cell(const Place& place);
Json attachment(std::string_view name, std::string_view mime, int64_t size,
                std::string_view file_token);
Json link_cell(const std::vector<std::string>& record_ids);
// Formula and lookup cells: {"type": <base type>, "value": [...]}.
Json wrapped_cell(int base_type, Json values);

// Rounds money-like numbers to cents so JSON shows e.g. 129.99, not 129.98999.
double round_cents(double value);

}  // namespace larkbase::emulator::demo
