#pragma once
// A Lark Base table as a load source. Rows come through the connector core
// (the reader `larkbase sql` uses), so they have its guarantees: the typed
// columns of the type contract, the pushed Lark filter only a superset
// pre-filter with every predicate evaluated exactly on each row, a failed page
// failing the load. The loader's conditions (cursor windows, backfill chunks)
// become value-set constraints that the connector pushes down; the rows are
// checked against the conditions once more here before they leave the source.
//
// Connection fields (table_control_dbconfig.db_config_value, db_type `lark`):
//   api_url     Lark host or emulator URL (default https://open.larksuite.com)
//   app_id      the app
//   app_secret  a reference only: env:NAME, file:/path or aws-sm:SECRET[#key]
//   app_token   the Base whose tables the source reads (by table name)
#include <memory>
#include <string>

#include "loader/control_types.hpp"
#include "loader/source.hpp"

namespace larkbase::connector {
class Connector;
}

namespace larkbase::loader {

class LarkSource final : public Source {
 public:
  // Resolves the secret reference and checks the fields; no call is made yet.
  explicit LarkSource(const SourceConfig& config);
  ~LarkSource() override;

  std::vector<SourceColumn> columns(const ReadSpec& spec) override;
  Result read(const ReadSpec& spec) override;
  void read_batches(const ReadSpec& spec, std::size_t batch_rows,
                    const Db::BatchFn& on_batch) override;
  long long count(const ReadSpec& spec) override;
  std::pair<Value, Value> range(const ReadSpec& spec, const std::string& column) override;

  // Rows Lark returned (before the exact check) over this source's reads: a
  // pushed window shows as far fewer rows fetched than the table holds.
  unsigned long long rows_fetched() const { return rows_fetched_; }
  // The Lark filter the last read sent (compact JSON; "null" for none).
  const std::string& last_filter() const { return last_filter_; }

 private:
  std::string key_;
  std::unique_ptr<connector::Connector> connector_;
  unsigned long long rows_fetched_ = 0;
  std::string last_filter_ = "null";
};

// The fields a `lark` source needs, for add-source validation.
void validate_lark_source(const SourceConfig& config);

}  // namespace larkbase::loader
