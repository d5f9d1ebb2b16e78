// Sales Base orchestration: tables first (so every link target exists), then
// products (with back links computed by a cheap pass over the orders' product
// choices), customers, and the orders streamed one record at a time.
#include "emulator/demo/sales_base.hpp"

#include <algorithm>

#include "emulator/demo/ids.hpp"
#include "emulator/demo/layout.hpp"

namespace larkbase::emulator::demo {

Json record_envelope(std::string record_id, Json fields, int64_t created_ms, int64_t modified_ms,
                     const Json& created_by, const Json& modified_by) {
  Json record = Json::object();
  record["record_id"] = std::move(record_id);
  record["fields"] = std::move(fields);
  record["created_time"] = created_ms;
  record["last_modified_time"] = modified_ms;
  record["created_by"] = created_by;
  record["last_modified_by"] = modified_by;
  return record;
}

SalesContext make_sales_context(const DemoOptions& options, const Directory& directory) {
  SalesContext context;
  context.seed = options.seed;
  context.order_count = std::max<int64_t>(options.rows, 0);
  context.customer_count = std::max<int64_t>(50, context.order_count / 10);
  context.directory = &directory;
  context.app_token = app_token_of(kSalesBase);
  context.customers_table = table_id_of(kSalesBase, kCustomersTable);
  context.products_table = table_id_of(kSalesBase, kProductsTable);
  context.orders_table = table_id_of(kSalesBase, kOrdersTable);
  return context;
}

std::vector<ProductInfo> generate_sales_base(const DemoOptions& options, const Directory& directory,
                                             DatasetSink& sink) {
  const SalesContext context = make_sales_context(options, directory);
  sink.add_base(context.app_token, std::string(kSalesBase));
  sink.add_table(context.app_token, context.customers_table, std::string(kCustomersTable),
                 customers_fields(context).json());
  sink.add_table(context.app_token, context.products_table, std::string(kProductsTable),
                 products_fields(context).json());
  sink.add_table(context.app_token, context.orders_table, std::string(kOrdersTable),
                 orders_fields(context).json());

  std::vector<ProductInfo> products;
  std::vector<Json> product_rows = product_records(context, products);
  std::vector<std::vector<std::string>> back_links(products.size());
  for (int64_t row = 0; row < context.order_count; ++row) {
    for (size_t p : order_products(context, row)) {
      if (back_links[p].size() < kMaxLinksPerCell) {
        back_links[p].push_back(record_id(context.seed, kOrdersTable, row));
      }
    }
  }
  for (size_t p = 0; p < product_rows.size(); ++p) {
    if (!back_links[p].empty()) {
      product_rows[p]["fields"][sales::kProductOrders] = link_cell(back_links[p]);
    }
    sink.add_record(context.app_token, context.products_table, std::move(product_rows[p]));
  }

  for (int64_t row = 0; row < context.customer_count; ++row) {
    sink.add_record(context.app_token, context.customers_table,
                    customer_record(context, products, row));
  }
  for (int64_t row = 0; row < context.order_count; ++row) {
    sink.add_record(context.app_token, context.orders_table, order_record(context, products, row));
  }
  return products;
}

}  // namespace larkbase::emulator::demo
