// After map_large_allocations_on_their_own(), a buffer of 1 MiB or more is
// mapped on its own (and unmapped when freed) even after a larger mapped block
// was freed — which, with glibc's default, raises the threshold so that the
// next large buffers come from the heap and fragment it.
#include "common/large_allocations.hpp"

#include <gtest/gtest.h>
#include <malloc.h>

#include <cstdlib>

namespace larkbase::common {
namespace {

TEST(LargeAllocations, StayMappedOnTheirOwnAfterALargerBlockIsFreed) {
#if defined(__SANITIZE_ADDRESS__)
  GTEST_SKIP() << "ASan replaces malloc: glibc's thresholds do not apply";
#else
  map_large_allocations_on_their_own();
  void* larger = std::malloc(size_t(8) << 20);
  ASSERT_NE(larger, nullptr);
  std::free(larger);  // glibc's default would now map only blocks of 8 MiB and up
  const auto mapped_before = mallinfo2().hblks;
  void* buffer = std::malloc(size_t(2) << 20);
  ASSERT_NE(buffer, nullptr);
  EXPECT_EQ(mallinfo2().hblks, mapped_before + 1) << "a 2 MiB buffer came from the heap";
  std::free(buffer);
  EXPECT_EQ(mallinfo2().hblks, mapped_before) << "and went back to the system when freed";
#endif
}

}  // namespace
}  // namespace larkbase::common
