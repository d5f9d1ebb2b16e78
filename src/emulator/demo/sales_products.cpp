// Sales/products: 200 fixed products (25 kinds x 8 variants).
#include <cmath>

#include "emulator/demo/ids.hpp"
#include "emulator/demo/layout.hpp"
#include "emulator/demo/random.hpp"
#include "emulator/demo/sales_base.hpp"
#include "emulator/demo/time_util.hpp"

namespace larkbase::emulator::demo {
namespace {

const std::vector<std::string_view> kCategories = {"Furniture", "Accessories", "Electronics",
                                                   "Lighting",  "Kitchen",     "Stationery",
                                                   "Travel",    "Sports"};
const std::vector<std::string_view> kProductTags = {
    "New", "Bestseller", "Eco-friendly", "Clearance", "Limited", "Bundle", "环保"};

// An EAN-13 code with a valid check digit ("69" is the China GS1 prefix).
std::string ean13(Rng& rng) {
  std::string digits = "69";
  while (digits.size() < 12) digits.push_back(static_cast<char>('0' + rng.below(10)));
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) sum += (digits[i] - '0') * (i % 2 == 0 ? 1 : 3);
  digits.push_back(static_cast<char>('0' + (10 - sum % 10) % 10));
  return digits;
}

Json product_tags(Rng& rng) {
  Json tags = Json::array();
  for (std::string_view tag : kProductTags) {
    if (rng.chance(0.25)) tags.push_back(tag);
  }
  if (tags.empty()) tags.push_back(kProductTags[rng.below(kProductTags.size())]);
  return tags;
}

Json product_photos(Rng& rng, const std::string& sku) {
  Json photos = Json::array();
  const int64_t count = rng.between(1, 2);
  for (int64_t i = 0; i < count; ++i) {
    const std::string name = sku + (i == 0 ? "_front.jpg" : "_side.jpg");
    photos.push_back(attachment(name, "image/jpeg", rng.between(80'000, 2'500'000),
                                stable_id("boxcn", "photo:" + name, 22)));
  }
  return photos;
}

}  // namespace

FieldList products_fields(const SalesContext& context) {
  FieldList fields(kSalesBase, kProductsTable);
  fields.add(sales::kProductName, kTypeText, "Text", nullptr);
  fields.add("SKU", kTypeText, "Barcode", barcode_property(), "EAN-13 printed on the box");
  fields.add("Category", kTypeSingleSelect, "SingleSelect",
             fields.select_property("Category", kCategories));
  fields.add(sales::kUnitPrice, kTypeNumber, "Currency", currency_property("USD", "0.00"));
  fields.add("Stock", kTypeNumber, "Number", number_property("1,000"));
  fields.add("Tags", kTypeMultiSelect, "MultiSelect", fields.select_property("Tags", kProductTags));
  fields.add("Rating", kTypeNumber, "Rating", rating_property("star", 5));
  fields.add("Photos", kTypeAttachment, "Attachment", nullptr);
  fields.add("Launch Date", kTypeDateTime, "DateTime", date_property("yyyy/MM/dd", false));
  fields.add("Discontinued", kTypeCheckbox, "Checkbox", nullptr);
  fields.add(sales::kProductOrders, kTypeDuplexLink, "DuplexLink",
             duplex_link_property(context.orders_table, kOrdersTable,
                                  field_id_of(kSalesBase, kOrdersTable, sales::kOrderProducts),
                                  sales::kOrderProducts));
  return fields;
}

std::vector<Json> product_records(const SalesContext& context, std::vector<ProductInfo>& info) {
  std::vector<Json> records;
  const auto kinds = product_kinds();
  const auto variants = product_variants();
  const Directory& directory = *context.directory;
  for (size_t k = 0; k < kinds.size(); ++k) {
    for (size_t v = 0; v < variants.size(); ++v) {
      const auto row = static_cast<int64_t>(k * variants.size() + v);
      Rng rng = row_rng(context.seed, kProductsTable, row);
      ProductInfo product;
      product.record_id = record_id(context.seed, kProductsTable, row);
      product.name = std::string(kinds[k].noun) + " " + std::string(variants[v]);
      product.sku = ean13(rng);
      const double multiplier = 0.8 + 0.1 * static_cast<double>(v);
      const double price = std::floor(kinds[k].base_price * multiplier) + 0.99;

      Json fields = {{sales::kProductName, text_cell(product.name)}};
      if (!rng.chance(kEmptyRate)) fields["SKU"] = text_cell(product.sku);
      if (!rng.chance(kEmptyRate)) fields["Category"] = kinds[k].category;
      if (!rng.chance(kEmptyRate)) {
        product.price = round_cents(price);
        fields[sales::kUnitPrice] = *product.price;
      }
      if (!rng.chance(kEmptyRate)) fields["Stock"] = rng.between(0, 5000);
      if (!rng.chance(kEmptyRate)) fields["Tags"] = product_tags(rng);
      if (!rng.chance(kEmptyRate)) fields["Rating"] = rng.between(1, 5);
      if (!rng.chance(kEmptyRate)) fields["Photos"] = product_photos(rng, product.sku);
      if (!rng.chance(kEmptyRate)) {
        fields["Launch Date"] =
            local_midnight_ms(rng.between(2015, 2025), static_cast<unsigned>(rng.between(1, 12)),
                              static_cast<unsigned>(rng.between(1, 28)));
      }
      if (rng.chance(0.08)) fields["Discontinued"] = true;

      const int64_t created = local_midnight_ms(2018, 1, 1) + rng.between(0, 700) * kMsPerDay +
                              rng.between(9 * 60, 18 * 60) * kMsPerMinute;
      const int64_t modified = created + rng.between(0, 400) * kMsPerDay;
      records.push_back(record_envelope(product.record_id, std::move(fields), created, modified,
                                        directory.person(rng.below(directory.person_count())),
                                        directory.person(rng.below(directory.person_count()))));
      info.push_back(std::move(product));
    }
  }
  return records;
}

}  // namespace larkbase::emulator::demo
