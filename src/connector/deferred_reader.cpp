#include "connector/deferred_reader.hpp"

#include <fmt/format.h>

#include "common/error_context.hpp"

namespace larkbase::connector {
DeferredReader::DeferredReader(std::string what, Factory factory, common::CallStats& stats)
    : what_(std::move(what)),
      factory_(std::move(factory)),
      call_stats_(stats),
      start_(stats.snapshot()) {}

std::optional<columnar::RecordBatch> DeferredReader::next() {
  if (failure_) std::rethrow_exception(failure_);
  if (!reader_) {
    try {
      reader_ = factory_();
    } catch (const common::Error& error) {
      failure_ = common::same_kind_error(error, fmt::format("{} failed: {}", what_, error.what()));
      std::rethrow_exception(failure_);
    }
  }
  try {
    return reader_->next();
  } catch (...) {
    // The inner reader named the table already; keep failing the same way.
    failure_ = std::current_exception();
    throw;
  }
}

ReadStats DeferredReader::stats() const {
  ReadStats stats = reader_ ? reader_->stats() : ReadStats{};
  // Every call since this read began, the probe's included.
  auto delta = call_stats_.snapshot() - start_;
  stats.calls = delta.calls;
  stats.retries = delta.retries;
  return stats;
}

}  // namespace larkbase::connector
