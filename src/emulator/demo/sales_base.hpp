#pragma once
// The "Sales" Base: customers, products and the big orders table. Between them
// the three tables carry every field type of types.md. Attributes that another
// table looks up (customer name, product price, ...) are pure functions of
// (seed, row), so an order can be generated without holding its customer.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "emulator/dataset.hpp"
#include "emulator/demo/cells.hpp"
#include "emulator/demo/demo_dataset.hpp"
#include "emulator/demo/field_list.hpp"
#include "emulator/demo/random.hpp"

namespace larkbase::emulator::demo {

// Field names shared by the schema and the record builders.
namespace sales {
inline constexpr std::string_view kCustomerName = "Name";
inline constexpr std::string_view kFavouriteProduct = "Favourite Product";
inline constexpr std::string_view kFavouritePrice = "Favourite Product Price";
inline constexpr std::string_view kProductName = "Product Name";
inline constexpr std::string_view kUnitPrice = "Unit Price";
inline constexpr std::string_view kProductOrders = "Orders";
inline constexpr std::string_view kOrderCustomer = "Customer";
inline constexpr std::string_view kOrderProducts = "Products";
}  // namespace sales

// Probability that an ordinary cell is empty (absent from "fields"), and the much
// smaller one for auto numbers, which Lark normally always fills. Created/modified
// time and user cells are never empty (Lark always fills them).
inline constexpr double kEmptyRate = 0.10;
inline constexpr double kAutomaticEmptyRate = 0.02;
// Lark allows at most 500 linked records per cell; the products' back links of
// the duplex field keep the first 500 orders (by row) when more link to a product.
inline constexpr size_t kMaxLinksPerCell = 500;

struct SalesContext {
  uint64_t seed = 0;
  int64_t order_count = 0;
  int64_t customer_count = 0;
  const Directory* directory = nullptr;
  std::string app_token;
  std::string customers_table;
  std::string products_table;
  std::string orders_table;
};

struct ProductInfo {
  std::string record_id;
  std::string name;
  std::string sku;
  std::optional<double> price;  // empty cell when unset
};

struct CustomerCore {
  std::string record_id;
  std::string name;
  std::string domain;
  size_t place = 0;
  std::optional<size_t> favourite_product;
};

SalesContext make_sales_context(const DemoOptions& options, const Directory& directory);

FieldList customers_fields(const SalesContext& context);
FieldList products_fields(const SalesContext& context);
FieldList orders_fields(const SalesContext& context);

// Product rows without their "Orders" back links (added by generate_sales_base).
std::vector<Json> product_records(const SalesContext& context, std::vector<ProductInfo>& info);
CustomerCore customer_core(const SalesContext& context, int64_t row);
Json customer_record(const SalesContext& context, const std::vector<ProductInfo>& products,
                     int64_t row);
// Product indexes linked by an order; empty when the order's "Products" cell is empty.
std::vector<size_t> order_products(const SalesContext& context, int64_t row);
Json order_record(const SalesContext& context, const std::vector<ProductInfo>& products,
                  int64_t row);

// Emits the Base, its three tables and all records. Returns the product infos
// (the Inventory Base reuses product names and SKUs).
std::vector<ProductInfo> generate_sales_base(const DemoOptions& options, const Directory& directory,
                                             DatasetSink& sink);

// A plausible phone number of the place's country ("+8613xxxxxxxxx").
std::string phone_number(Rng& rng, const Place& place);

// Record envelope with the automatic fields filled.
Json record_envelope(std::string record_id, Json fields, int64_t created_ms, int64_t modified_ms,
                     const Json& created_by, const Json& modified_by);

}  // namespace larkbase::emulator::demo
