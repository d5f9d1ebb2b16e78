// The in-place key matchers of the normaliser: RawKey (constant member names) and
// FieldNameIndex (Lark field names). Both read raw JSON key bytes from a padded
// buffer; these tests put each key at the very end of an exactly padded buffer, so
// that ASan reports any read past the padding.
#include <gtest/gtest.h>
#include <simdjson.h>

#include <memory>
#include <string>

#include "types/field_name_index.hpp"
#include "types/raw_key.hpp"

namespace larkbase::types {
namespace {

using json::operator""_key;

// `key` as a raw JSON key (opening quote omitted) followed by `tail`, at the end of
// a heap block that holds exactly SIMDJSON_PADDING bytes after it.
class RawBytes {
 public:
  RawBytes(const std::string& key, const std::string& tail = "\":1}") {
    std::string text = key + tail;
    size_ = text.size() + simdjson::SIMDJSON_PADDING;
    bytes_ = std::make_unique<char[]>(size_);
    std::fill_n(bytes_.get(), size_, '\0');
    std::copy(text.begin(), text.end(), bytes_.get());
  }
  const char* raw() const { return bytes_.get(); }

 private:
  std::unique_ptr<char[]> bytes_;
  size_t size_ = 0;
};

TEST(RawKeyTest, MatchesTheWholeNameAndItsClosingQuoteOnly) {
  constexpr auto id = "id"_key;
  EXPECT_TRUE(id.matches(RawBytes("id").raw()));
  EXPECT_FALSE(id.matches(RawBytes("idx").raw()));  // a longer key
  EXPECT_FALSE(id.matches(RawBytes("i").raw()));    // a shorter key
  EXPECT_FALSE(id.matches(RawBytes("Id").raw()));
  EXPECT_FALSE(id.matches(RawBytes("i\\u0064").raw()));  // escaped: not matched raw
}

TEST(RawKeyTest, NamesAcrossWordBoundaries) {
  constexpr auto seven = "1234567"_key;                    // name + quote = one word
  constexpr auto eight = "file_tok"_key;                   // quote in the second word
  constexpr auto fifteen = "link_record_ids"_key;          // exactly two words
  constexpr auto longest = "last_modified_time_1234"_key;  // 23 bytes + quote = 3 words
  static_assert(longest.length() == json::RawKey::kMaxLength);
  EXPECT_TRUE(seven.matches(RawBytes("1234567").raw()));
  EXPECT_FALSE(seven.matches(RawBytes("12345678").raw()));
  EXPECT_TRUE(eight.matches(RawBytes("file_tok").raw()));
  EXPECT_FALSE(eight.matches(RawBytes("file_token").raw()));
  EXPECT_TRUE(fifteen.matches(RawBytes("link_record_ids").raw()));
  EXPECT_FALSE(fifteen.matches(RawBytes("link_record_idz").raw()));
  EXPECT_FALSE(fifteen.matches(RawBytes("link_record_ids2").raw()));
  constexpr auto time = "last_modified_time"_key;
  EXPECT_TRUE(time.matches(RawBytes("last_modified_time").raw()));
  EXPECT_FALSE(time.matches(RawBytes("last_modified_tim").raw()));
  EXPECT_FALSE(longest.matches(RawBytes("last_modified_time").raw()));
}

FieldNameIndex index_of(const std::vector<std::string>& names) {
  std::vector<std::pair<std::string, int32_t>> entries;
  for (size_t i = 0; i < names.size(); ++i) entries.emplace_back(names[i], int32_t(i));
  FieldNameIndex index;
  index.build(entries);
  return index;
}

int32_t find_raw(const FieldNameIndex& index, const std::string& key, bool* escaped = nullptr) {
  bool maybe_escaped = false;
  int32_t found = index.find_raw(RawBytes(key).raw(), maybe_escaped);
  if (escaped != nullptr) *escaped = maybe_escaped;
  return found;
}

TEST(FieldNameIndexTest, FindsShortEightByteAndLongNamesExactly) {
  const std::vector<std::string> names = {"Qty",  "Discount", "Customer Favourite Price",
                                          "备注", "Customer", "Customer Name",
                                          "a",    "Discounts"};
  FieldNameIndex index = index_of(names);
  for (size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(find_raw(index, names[i]), int32_t(i)) << names[i];
    EXPECT_EQ(index.find(names[i]), int32_t(i)) << names[i];
  }
  EXPECT_EQ(find_raw(index, "Qt"), -1);
  EXPECT_EQ(find_raw(index, "Qtyy"), -1);
  EXPECT_EQ(find_raw(index, "Discoun"), -1);
  EXPECT_EQ(find_raw(index, "Customer Favourite Pric"), -1);
  EXPECT_EQ(find_raw(index, "Customer Favourite Prices"), -1);
  EXPECT_EQ(find_raw(index, "Customer Nam"), -1);
  EXPECT_EQ(find_raw(index, ""), -1);
}

TEST(FieldNameIndexTest, AKeyWithAnEscapeIsLeftToTheUnescapingPath) {
  FieldNameIndex index = index_of({"say \"hi\"", "backslash\\x", "Notes"});
  bool escaped = false;
  EXPECT_EQ(find_raw(index, "say \\\"hi\\\"", &escaped), -1);
  EXPECT_TRUE(escaped);  // the backslash is within the first eight bytes
  EXPECT_EQ(index.find("say \"hi\""), 0);
  // A backslash after the first eight bytes: the raw compare must fail, and the
  // caller's has_escape() check sends it to find().
  EXPECT_EQ(find_raw(index, "backslash\\\\x", &escaped), -1);
  EXPECT_FALSE(escaped);
  EXPECT_EQ(index.find("backslash\\x"), 1);
  EXPECT_EQ(find_raw(index, "Notes"), 2);
}

TEST(FieldNameIndexTest, ALongNameNeverReadsPastAShortKeyAtTheBufferEnd) {
  // The key is short and sits at the end of the buffer; the candidate name is far
  // longer than the padding. ASan fails this test if the compare reads past it.
  std::string long_name(200, 'x');
  FieldNameIndex index = index_of({long_name});
  EXPECT_EQ(find_raw(index, "xxxxxxxxxx", nullptr), -1);
  RawBytes at_end("xxxxxxxxxx", "\"");
  bool escaped = false;
  EXPECT_EQ(index.find_raw(at_end.raw(), escaped), -1);
}

}  // namespace
}  // namespace larkbase::types
