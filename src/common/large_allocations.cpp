#include "common/large_allocations.hpp"

#include <malloc.h>

#include <cstdlib>

namespace larkbase::common {

void map_large_allocations_on_their_own() {
  if (std::getenv("MALLOC_MMAP_THRESHOLD_") != nullptr) return;
  // A Lark page body (1-2 MB) is reused per thread (body_buffer.hpp), so what
  // crosses this line is made a few times per scan: the cost of a mapping each
  // time is not measurable next to the calls (docs/sql.md).
  constexpr int kThreshold = 1 << 20;
  mallopt(M_MMAP_THRESHOLD, kThreshold);
}

}  // namespace larkbase::common
