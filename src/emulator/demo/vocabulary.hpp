#pragma once
// Realistic-looking words for the demo data: people, group chats, places,
// companies, products and note snippets. Mixed scripts on purpose (Chinese,
// Japanese, accented Latin, emoji) so text handling is exercised end to end.
#include <span>
#include <string_view>

namespace larkbase::emulator::demo {

struct PersonName {
  std::string_view name;     // display name (may be non-ASCII)
  std::string_view en_name;  // romanised name
  std::string_view email_local;
};

struct ChatName {
  std::string_view name;
};

struct Place {
  std::string_view city_en;  // short English city name, used in texts
  std::string_view pname;    // province / state
  std::string_view cityname;
  std::string_view adname;  // district
  std::string_view address;
  std::string_view name;  // point of interest
  double longitude;
  double latitude;
  std::string_view phone_prefix;  // country calling code with '+'
};

struct ProductKind {
  std::string_view noun;
  std::string_view category;  // a SingleSelect option of products.Category
  double base_price;
};

std::span<const PersonName> people();
std::span<const ChatName> group_chats();
std::span<const Place> places();
std::span<const std::string_view> companies();
std::span<const ProductKind> product_kinds();
std::span<const std::string_view> product_variants();  // size * kinds = product count
std::span<const std::string_view> note_sentences();    // plain sentences, mixed scripts
std::span<const std::string_view> chinese_remarks();   // short remarks for the 备注 field

}  // namespace larkbase::emulator::demo
