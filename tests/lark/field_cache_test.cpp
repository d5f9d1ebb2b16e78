#include "lark/field_cache.hpp"

#include <gtest/gtest.h>

#include "fake_time.hpp"

namespace larkbase::lark {
namespace {

std::vector<FieldInfo> one_field(const std::string& name) {
  FieldInfo field;
  field.field_name = name;
  return {field};
}

TEST(FieldCacheTest, ServesFromCacheWithinTheTtlAndReloadsAfter) {
  testing::FakeTime time;
  FieldCache cache(std::chrono::seconds(300), [&] { return time.now(); });
  int loads = 0;
  auto loader = [&] { return one_field("v" + std::to_string(++loads)); };
  EXPECT_EQ(cache.get("app", "tbl", loader)->at(0).field_name, "v1");
  time.advance(std::chrono::seconds(299));
  EXPECT_EQ(cache.get("app", "tbl", loader)->at(0).field_name, "v1");
  time.advance(std::chrono::seconds(2));
  EXPECT_EQ(cache.get("app", "tbl", loader)->at(0).field_name, "v2");
  EXPECT_EQ(loads, 2);
}

TEST(FieldCacheTest, KeysAreBaseAndTable) {
  FieldCache cache(std::chrono::seconds(300));
  int loads = 0;
  auto loader = [&] { return one_field(std::to_string(++loads)); };
  cache.get("app1", "tbl", loader);
  cache.get("app2", "tbl", loader);
  cache.get("app1", "tbl2", loader);
  cache.get("app1", "tbl", loader);
  EXPECT_EQ(loads, 3);
  cache.invalidate("app1", "tbl");
  cache.get("app1", "tbl", loader);
  EXPECT_EQ(loads, 4);
}

TEST(FieldCacheTest, AFailedLoadCachesNothing) {
  FieldCache cache(std::chrono::seconds(300));
  EXPECT_THROW(
      cache.get("a", "t", []() -> std::vector<FieldInfo> { throw std::runtime_error("x"); }),
      std::runtime_error);
  EXPECT_EQ(cache.get("a", "t", [] { return one_field("ok"); })->at(0).field_name, "ok");
}

}  // namespace
}  // namespace larkbase::lark
