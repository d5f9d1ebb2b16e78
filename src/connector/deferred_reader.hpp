#pragma once
// A reader whose real reader is made on the first next(): read() of a split
// that may be cut makes a probe call first, and that call belongs to the read,
// not to read() itself. So its failure comes from next() like any failed page,
// names the table, and leaves the reader failed (no clean end after an error).
#include <exception>
#include <functional>
#include <memory>
#include <string>

#include "common/call_stats.hpp"
#include "connector/connector.hpp"

namespace larkbase::connector {

class DeferredReader final : public BatchReader {
 public:
  using Factory = std::function<std::unique_ptr<BatchReader>()>;

  // `what` names the read in errors: "reading sales.orders (table t of base b)".
  DeferredReader(std::string what, Factory factory, common::CallStats& stats);

  std::optional<columnar::RecordBatch> next() override;
  ReadStats stats() const override;

 private:
  std::string what_;
  Factory factory_;
  common::CallStats& call_stats_;
  common::CallStatsSnapshot start_;
  std::unique_ptr<BatchReader> reader_;
  std::exception_ptr failure_;
};

}  // namespace larkbase::connector
