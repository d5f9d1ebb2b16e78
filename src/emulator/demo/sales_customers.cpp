// Sales/customers: companies with a headquarters, contacts and a favourite product
// (a SingleLink plus a Lookup of its price, which orders look up again: a chain).
#include <cctype>

#include "emulator/demo/ids.hpp"
#include "emulator/demo/layout.hpp"
#include "emulator/demo/random.hpp"
#include "emulator/demo/sales_base.hpp"
#include "emulator/demo/time_util.hpp"

namespace larkbase::emulator::demo {
namespace {

const std::vector<std::string_view> kSegments = {"Enterprise", "SMB", "Consumer", "Government",
                                                 "Education"};

// "northwindtraders.example.com"; names without ASCII letters get "company<N>".
std::string company_domain(std::string_view company, size_t index) {
  std::string slug;
  for (char c : company) {
    if (std::isalnum(static_cast<unsigned char>(c)) && static_cast<unsigned char>(c) < 0x80) {
      slug.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
  }
  if (slug.size() < 3) slug = "company" + std::to_string(index);
  return slug + ".example.com";
}

}  // namespace

std::string phone_number(Rng& rng, const Place& place) {
  std::string number(place.phone_prefix);
  number += place.phone_prefix == "+86" ? "13" : "";
  const int64_t digits = place.phone_prefix == "+86" ? 9 : 9 + rng.between(0, 1);
  for (int64_t i = 0; i < digits; ++i) number.push_back(static_cast<char>('0' + rng.below(10)));
  return number;
}

CustomerCore customer_core(const SalesContext& context, int64_t row) {
  Rng rng = row_rng(context.seed, kCustomersTable, row, "core");
  const auto all_companies = companies();
  const size_t company = rng.below(all_companies.size());
  CustomerCore core;
  core.record_id = record_id(context.seed, kCustomersTable, row);
  core.place = rng.below(places().size());
  core.name =
      std::string(all_companies[company]) + " (" + std::string(places()[core.place].city_en) + ")";
  core.domain = company_domain(all_companies[company], company);
  if (!rng.chance(kEmptyRate)) {
    core.favourite_product = rng.below(product_kinds().size() * product_variants().size());
  }
  return core;
}

FieldList customers_fields(const SalesContext& context) {
  FieldList fields(kSalesBase, kCustomersTable);
  fields.add(sales::kCustomerName, kTypeText, "Text", nullptr, "Company name (headquarters city)");
  fields.add("Contact Email", kTypeText, "Email", nullptr);
  fields.add("Phone", kTypePhone, "Phone", nullptr);
  fields.add("Segment", kTypeSingleSelect, "SingleSelect",
             fields.select_property("Segment", kSegments));
  fields.add("Account Manager", kTypeUser, "User", people_property(false));
  fields.add("Headquarters", kTypeLocation, "Location", location_property());
  fields.add("Website", kTypeUrl, "Url", nullptr);
  fields.add("Founded", kTypeDateTime, "DateTime", date_property("yyyy/MM/dd", false));
  fields.add("Key Account", kTypeCheckbox, "Checkbox", nullptr);
  fields.add("Credit Limit", kTypeNumber, "Currency", currency_property("CNY", "0.00"));
  fields.add(sales::kFavouriteProduct, kTypeSingleLink, "SingleLink",
             single_link_property(context.products_table, kProductsTable, false));
  fields.add(sales::kFavouritePrice, kTypeLookup, "Lookup",
             lookup_property(context.products_table,
                             field_id_of(kSalesBase, kProductsTable, sales::kUnitPrice), "0.00"));
  return fields;
}

Json customer_record(const SalesContext& context, const std::vector<ProductInfo>& products,
                     int64_t row) {
  const CustomerCore core = customer_core(context, row);
  const Directory& directory = *context.directory;
  const Place& place = places()[core.place];
  Rng rng = row_rng(context.seed, kCustomersTable, row);

  Json fields = {{sales::kCustomerName, text_cell(core.name)}};
  if (!rng.chance(kEmptyRate)) fields["Contact Email"] = email_cell("purchasing@" + core.domain);
  if (!rng.chance(kEmptyRate)) fields["Phone"] = phone_number(rng, place);
  if (!rng.chance(kEmptyRate)) fields["Segment"] = kSegments[rng.below(kSegments.size())];
  if (!rng.chance(kEmptyRate)) {
    fields["Account Manager"] = directory.person_list(rng.below(directory.person_count()));
  }
  if (!rng.chance(kEmptyRate)) fields["Headquarters"] = directory.location(core.place);
  if (!rng.chance(kEmptyRate))
    fields["Website"] = url_cell(core.domain, "https://www." + core.domain);
  if (!rng.chance(kEmptyRate)) {
    // Companies founded 1890..2022: many DateTime values are before 1970 (negative).
    fields["Founded"] =
        local_midnight_ms(rng.between(1890, 2022), static_cast<unsigned>(rng.between(1, 12)),
                          static_cast<unsigned>(rng.between(1, 28)));
  }
  if (rng.chance(0.15)) fields["Key Account"] = true;
  if (!rng.chance(kEmptyRate)) fields["Credit Limit"] = rng.between(10, 2000) * 1000;
  if (core.favourite_product) {
    const ProductInfo& product = products[*core.favourite_product];
    fields[sales::kFavouriteProduct] = link_cell({product.record_id});
    if (product.price) {
      fields[sales::kFavouritePrice] = wrapped_cell(kTypeNumber, single_item_array(*product.price));
    }
  }

  const int64_t created = local_midnight_ms(2018, 6, 1) + rng.between(0, 2000) * kMsPerDay +
                          rng.between(8 * 60, 20 * 60) * kMsPerMinute;
  const int64_t modified =
      created + rng.between(0, 300) * kMsPerDay + rng.between(0, 600) * kMsPerMinute;
  return record_envelope(core.record_id, std::move(fields), created, modified,
                         directory.person(rng.below(directory.person_count())),
                         directory.person(rng.below(directory.person_count())));
}

}  // namespace larkbase::emulator::demo
