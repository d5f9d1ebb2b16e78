#include "common/body_buffer.hpp"

#include <cstddef>
#include <utility>

namespace larkbase::common {
namespace {

// A body larger than this is a rare answer (not a page of records): let it go.
constexpr size_t kMaxSpareBytes = size_t{32} << 20;

thread_local std::string spare;

}  // namespace

std::string take_body_buffer() {
  std::string body = std::exchange(spare, std::string());
  body.clear();
  return body;
}

void recycle_body_buffer(std::string&& body) {
  if (body.capacity() > spare.capacity() && body.capacity() <= kMaxSpareBytes) {
    spare = std::move(body);
  }
}

}  // namespace larkbase::common
