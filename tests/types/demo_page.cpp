#include "demo_page.hpp"

#include <vector>

#include "emulator/demo/demo_dataset.hpp"
#include "types/lookup_resolver.hpp"

namespace larkbase::types::testing {
namespace {

// Keeps every table's fields (lookups resolve through them) and the first
// records of the orders table.
class CollectingSink final : public emulator::DatasetSink {
 public:
  explicit CollectingSink(int64_t records) : wanted_(records) {}

  void add_base(const std::string&, const std::string&) override {}
  void add_table(const std::string& app_token, const std::string& table_id, const std::string& name,
                 const common::Json& fields) override {
    lists.add(app_token, table_id, parse_lark_fields(fields, "demo fields"));
    if (name == "orders") {
      orders_app = app_token;
      orders_table = table_id;
    }
  }
  void add_record(const std::string& app_token, const std::string& table_id,
                  common::Json record) override {
    if (app_token == orders_app && table_id == orders_table &&
        static_cast<int64_t>(records.size()) < wanted_) {
      records.push_back(std::move(record));
    }
  }
  void add_drive_file(const std::string&, const common::Json&) override {}
  void set_control_table(const std::string&, const std::string&) override {}
  void set_drive_folder(const std::string&) override {}

  InMemoryFieldLists lists;
  std::string orders_app, orders_table;
  std::vector<common::Json> records;

 private:
  int64_t wanted_;
};

}  // namespace

DemoPage demo_orders_page(int64_t records) {
  CollectingSink sink(records);
  emulator::demo::DemoOptions options;
  options.rows = records;
  generate_demo_dataset(options, sink);
  LookupResolver resolver(sink.lists);
  DemoPage page;
  page.app_token = sink.orders_app;
  page.table_id = sink.orders_table;
  page.schema = build_table_schema(sink.orders_app, sink.orders_table,
                                   sink.lists.fields(sink.orders_app, sink.orders_table), resolver);
  common::Json items = common::Json::array();
  for (auto& record : sink.records) items.push_back(std::move(record));
  common::Json response{{"code", 0},
                        {"msg", "success"},
                        {"data",
                         {{"has_more", true},
                          {"page_token", "next"},
                          {"total", 100000},
                          {"items", std::move(items)}}}};
  page.body = response.dump();
  return page;
}

}  // namespace larkbase::types::testing
