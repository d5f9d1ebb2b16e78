// Sales/orders: the big table (`rows` records, generated one at a time). It holds
// most field types, the links to customers and products, lookups through them,
// four formulas and the `$reserved_split_key` field.
#include <algorithm>

#include "emulator/demo/ids.hpp"
#include "emulator/demo/layout.hpp"
#include "emulator/demo/random.hpp"
#include "emulator/demo/sales_base.hpp"
#include "emulator/demo/time_util.hpp"

namespace larkbase::emulator::demo {
namespace {

const std::vector<std::string_view> kStatuses = {"Pending",   "Confirmed", "Shipped",
                                                 "Delivered", "Cancelled", "Returned"};
const std::vector<std::string_view> kChannels = {"Online", "Retail", "Partner", "Phone", "展会"};
const std::vector<std::string_view> kContactMailboxes = {"orders", "purchasing", "procurement",
                                                         "ap", "logistics"};
constexpr double kTaxFactor = 1.13;
constexpr double kLargeOrderAmount = 1000.0;
constexpr int64_t kDueAfterDays = 30;

// Rows whose MultiSelect ("Channels"), User ("Sales Rep") and Attachment
// ("Invoice") cells are an explicit `[]` instead of absent: Lark usually omits
// empty cells, but readers must treat `[]` as empty too.
bool explicit_empty_list_row(int64_t row) { return row % 500 == 7; }
// Rows whose "Notes" hold 10k..50k characters (Lark allows 100k per cell).
bool long_text_row(int64_t row) { return row % 997 == 3; }

std::string order_number(int64_t row) {
  std::string digits = std::to_string(row + 1);
  if (digits.size() < 6) digits.insert(0, 6 - digits.size(), '0');
  return "SO-" + digits;
}

// Mostly 2019..2025 at minute precision, plus the edge cases readers get wrong:
// the epoch itself, pre-1970 (negative) values, and instants at either side of a
// day boundary in UTC and in the Base's zone (UTC+8).
int64_t order_date(Rng& rng, int64_t row) {
  const int64_t day = rng.between(days_from_civil(2019, 1, 1), days_from_civil(2025, 12, 31));
  if (row % 1999 == 11) return 0;
  if (row % 499 == 5) {
    const int64_t legacy_day =
        rng.between(days_from_civil(1965, 1, 1), days_from_civil(1969, 12, 31));
    return legacy_day * kMsPerDay + rng.between(0, 24 * 60 - 1) * kMsPerMinute;
  }
  switch (row % 50) {
    case 1:
      return day * kMsPerDay;
    case 2:
      return day * kMsPerDay + kMsPerDay - 1;
    case 3:
      return day * kMsPerDay - kBaseZoneOffsetMs;
    case 4:
      return day * kMsPerDay - kBaseZoneOffsetMs - 1;
    default:
      return day * kMsPerDay + rng.between(0, 24 * 60 - 1) * kMsPerMinute;
  }
}

std::string_view sentence(Rng& rng) { return note_sentences()[rng.below(note_sentences().size())]; }

Json long_notes(Rng& rng) {
  const auto target = static_cast<size_t>(rng.between(10'000, 50'000));
  std::string text;
  for (int paragraph = 1; text.size() < target; ++paragraph) {
    text += "§" + std::to_string(paragraph) + " " + std::string(sentence(rng)) + " " +
            std::string(sentence(rng)) + "\n";
  }
  return text_cell(text);
}

// Text cells in every shape Lark returns: plain, multi-line, non-ASCII, with
// user and document mentions, with url segments.
Json notes_cell(Rng& rng, const Directory& directory, int64_t row) {
  if (long_text_row(row)) return long_notes(rng);
  const Json& person = directory.person(rng.below(directory.person_count()));
  const std::string spec = "https://example.com/specs/" + std::to_string(rng.between(100, 999));
  switch (rng.below(10)) {
    case 4:
      return text_cell(std::string(sentence(rng)) + "\n" + std::string(sentence(rng)) + "\n- " +
                       std::string(sentence(rng)));
    case 5:
      return Json::array({text_segment("Please check with "), user_mention_segment(person),
                          text_segment(" before shipping.")});
    case 6:
      return Json::array({text_segment("Spec sheet: "), url_segment(spec, spec)});
    case 7:
      return Json::array(
          {text_segment("See "),
           doc_mention_segment("Q3 Pricing Policy", stable_id("doxcn", "pricing", 22)),
           text_segment(" for the discount.")});
    case 8:
      return Json::array({text_segment(std::string(sentence(rng)) + "\n抄送 "),
                          user_mention_segment(person), text_segment("\nDetails: "),
                          url_segment(spec, spec)});
    case 9:
      return text_cell(std::string(sentence(rng)) + " " + std::string(sentence(rng)));
    default:
      return text_cell(sentence(rng));
  }
}

Json distinct_people(Rng& rng, const Directory& directory, int64_t count) {
  Json list = Json::array();
  const size_t first = rng.below(directory.person_count());
  for (int64_t i = 0; i < count; ++i) {
    list.push_back(
        directory.person((first + static_cast<size_t>(i) * 7) % directory.person_count()));
  }
  return list;
}

std::string table_field_ref(const SalesContext& context, std::string_view field) {
  return "bitable::$table[" + context.orders_table + "].$field[" +
         field_id_of(kSalesBase, kOrdersTable, field) + "]";
}

}  // namespace

std::vector<size_t> order_products(const SalesContext& context, int64_t row) {
  Rng rng = row_rng(context.seed, kOrdersTable, row, "products");
  if (rng.chance(kEmptyRate)) return {};
  const size_t product_count = product_kinds().size() * product_variants().size();
  std::vector<size_t> picked;
  const int64_t count = rng.between(1, 3);
  while (picked.size() < static_cast<size_t>(count)) {
    const size_t p = rng.below(product_count);
    if (std::find(picked.begin(), picked.end(), p) == picked.end()) picked.push_back(p);
  }
  return picked;
}

FieldList orders_fields(const SalesContext& context) {
  FieldList f(kSalesBase, kOrdersTable);
  const Json no_property = nullptr;
  f.add("Order No", kTypeAutoNumber, "AutoNumber", auto_number_property("SO-", 6));
  f.add(sales::kOrderCustomer, kTypeSingleLink, "SingleLink",
        single_link_property(context.customers_table, kCustomersTable, false));
  f.add("Customer Name", kTypeLookup, "Lookup",
        lookup_property(context.customers_table,
                        field_id_of(kSalesBase, kCustomersTable, sales::kCustomerName), ""));
  f.add(sales::kOrderProducts, kTypeDuplexLink, "DuplexLink",
        duplex_link_property(context.products_table, kProductsTable,
                             field_id_of(kSalesBase, kProductsTable, sales::kProductOrders),
                             sales::kProductOrders));
  f.add("Product Price", kTypeLookup, "Lookup",
        lookup_property(context.products_table,
                        field_id_of(kSalesBase, kProductsTable, sales::kUnitPrice), "0.00"));
  f.add("Customer Favourite Price", kTypeLookup, "Lookup",
        lookup_property(context.customers_table,
                        field_id_of(kSalesBase, kCustomersTable, sales::kFavouritePrice), "0.00"),
        "Lookup of a lookup: customer -> favourite product -> unit price");
  f.add("Quantity", kTypeNumber, "Number", number_property("0"));
  f.add("Discount", kTypeNumber, "Progress", progress_property());
  f.add("Amount", kTypeNumber, "Currency", currency_property("USD", "0.00"));
  f.add("Total With Tax", kTypeFormula, "Formula",
        formula_property(table_field_ref(context, "Amount") + "*1.13", "0.00", kTypeNumber,
                         "Currency", {{"currency_code", "USD"}, {"formatter", "0.00"}}));
  f.add("Status", kTypeSingleSelect, "SingleSelect", f.select_property("Status", kStatuses));
  f.add("Channels", kTypeMultiSelect, "MultiSelect", f.select_property("Channels", kChannels));
  f.add("Order Date", kTypeDateTime, "DateTime", date_property("yyyy-MM-dd HH:mm", false));
  f.add("order-date", kTypeText, "Text", no_property,
        "Order date as text, imported from the legacy ERP");
  f.add("Due Date", kTypeFormula, "Formula",
        formula_property(table_field_ref(context, "Order Date") + "+30", "", kTypeDateTime,
                         "DateTime", {{"date_formatter", "yyyy/MM/dd"}}));
  f.add("Paid", kTypeCheckbox, "Checkbox", no_property);
  f.add("Is Large Order", kTypeFormula, "Formula",
        formula_property(table_field_ref(context, "Amount") + ">=1000", "", kTypeCheckbox,
                         "Checkbox", Json::object()));
  f.add("Satisfaction", kTypeNumber, "Rating", rating_property("heart", 5));
  f.add("Sales Rep", kTypeUser, "User", people_property(true));
  f.add("Support Chat", kTypeGroupChat, "GroupChat", people_property(true));
  f.add("Notes", kTypeText, "Text", no_property);
  f.add("备注", kTypeText, "Text", no_property);
  f.add("Tracking Code", kTypeText, "Barcode", barcode_property());
  f.add("Contact Email", kTypeText, "Email", no_property);
  f.add("Contact Phone", kTypePhone, "Phone", no_property);
  f.add("Tracking Link", kTypeUrl, "Url", no_property);
  f.add("Invoice", kTypeAttachment, "Attachment", no_property);
  f.add("Delivery Location", kTypeLocation, "Location", location_property());
  f.add("Order Label", kTypeFormula, "Formula",
        formula_property("CONCATENATE(" + table_field_ref(context, "Order No") + ", \" · \", " +
                             table_field_ref(context, "Customer Name") + ")",
                         "", kTypeText, "Text", Json::object()));
  f.add("Created", kTypeCreatedTime, "CreatedTime", {{"date_formatter", "yyyy-MM-dd HH:mm"}});
  f.add("Modified", kTypeModifiedTime, "ModifiedTime", {{"date_formatter", "yyyy-MM-dd HH:mm"}});
  f.add("Created By", kTypeCreatedUser, "CreatedUser", no_property);
  f.add("Modified By", kTypeModifiedUser, "ModifiedUser", no_property);
  f.add("Approval Stage", kTypeStage, "Stage", no_property);
  f.add("Approve", kTypeButton, "Button", no_property);
  f.add("$reserved_split_key", kTypeNumber, "Number", number_property("0"),
        "1..N; lets the connector split the table into row ranges");
  return f;
}

Json order_record(const SalesContext& context, const std::vector<ProductInfo>& products,
                  int64_t row) {
  const Directory& directory = *context.directory;
  Rng rng = row_rng(context.seed, kOrdersTable, row);
  auto filled = [&rng] { return !rng.chance(kEmptyRate); };
  Json fields = Json::object();

  const std::string number = order_number(row);
  const bool has_number = !rng.chance(kAutomaticEmptyRate);
  if (has_number) fields["Order No"] = number;

  const auto customer_row =
      static_cast<int64_t>(rng.below(static_cast<uint64_t>(context.customer_count)));
  const CustomerCore customer = customer_core(context, customer_row);
  const bool has_customer = filled();
  if (has_customer) {
    fields[sales::kOrderCustomer] = link_cell({customer.record_id});
    fields["Customer Name"] =
        wrapped_cell(kTypeText, single_item_array(text_segment(customer.name)));
    if (customer.favourite_product && products[*customer.favourite_product].price) {
      fields["Customer Favourite Price"] = wrapped_cell(
          kTypeNumber, single_item_array(*products[*customer.favourite_product].price));
    }
  }

  const std::vector<size_t> linked = order_products(context, row);
  double list_price = 0;
  if (!linked.empty()) {
    std::vector<std::string> ids;
    Json prices = Json::array();
    for (size_t p : linked) {
      ids.push_back(products[p].record_id);
      if (products[p].price) {
        prices.push_back(*products[p].price);
        list_price += *products[p].price;
      }
    }
    fields[sales::kOrderProducts] = link_cell(ids);
    if (!prices.empty()) fields["Product Price"] = wrapped_cell(kTypeNumber, std::move(prices));
  }

  const int64_t quantity = rng.between(1, 50);
  const bool has_quantity = filled();
  if (has_quantity) fields["Quantity"] = quantity;
  const double discount = static_cast<double>(rng.between(0, 6)) * 0.05;
  const bool has_discount = filled();
  if (has_discount) fields["Discount"] = round_cents(discount);
  if (list_price == 0) list_price = static_cast<double>(rng.between(20, 3000));
  const double amount = round_cents(list_price * static_cast<double>(has_quantity ? quantity : 1) *
                                    (1.0 - (has_discount ? round_cents(discount) : 0.0)));
  if (filled()) {
    fields["Amount"] = amount;
    fields["Total With Tax"] =
        wrapped_cell(kTypeNumber, single_item_array(round_cents(amount * kTaxFactor)));
    fields["Is Large Order"] =
        wrapped_cell(kTypeCheckbox, single_item_array(amount >= kLargeOrderAmount));
  }
  if (filled()) fields["Status"] = kStatuses[rng.below(kStatuses.size())];
  if (explicit_empty_list_row(row)) {
    fields["Channels"] = Json::array();
  } else if (filled()) {
    Json channels = single_item_array(kChannels[rng.below(kChannels.size())]);
    if (rng.chance(0.3) && channels[0] != kChannels[0]) channels.push_back(kChannels[0]);
    fields["Channels"] = std::move(channels);
  }

  const int64_t ordered_at = order_date(rng, row);
  if (filled()) {
    fields["Order Date"] = ordered_at;
    fields["Due Date"] =
        wrapped_cell(kTypeDateTime, single_item_array(ordered_at + kDueAfterDays * kMsPerDay));
  }
  if (filled()) fields["order-date"] = text_cell(local_date_text(ordered_at));
  if (rng.chance(0.7)) {
    fields["Paid"] = true;
  } else if (row % 7 == 0) {
    fields["Paid"] = false;  // Lark sometimes returns an explicit false; usually it omits it
  }
  if (filled()) fields["Satisfaction"] = rng.between(1, 5);
  if (explicit_empty_list_row(row)) {
    fields["Sales Rep"] = Json::array();
  } else if (filled()) {
    fields["Sales Rep"] = distinct_people(rng, directory, rng.chance(0.2) ? 2 : 1);
  }
  if (filled()) {
    Json chats = single_item_array(directory.chat(rng.below(directory.chat_count())));
    if (rng.chance(0.1)) chats.push_back(directory.chat(static_cast<size_t>(row % 3) + 3));
    fields["Support Chat"] = std::move(chats);
  }
  if (filled() || long_text_row(row)) fields["Notes"] = notes_cell(rng, directory, row);
  if (filled()) fields["备注"] = text_cell(chinese_remarks()[rng.below(chinese_remarks().size())]);

  std::string tracking = "SF";
  for (int i = 0; i < 12; ++i) tracking.push_back(static_cast<char>('0' + rng.below(10)));
  if (filled()) fields["Tracking Code"] = text_cell(tracking);
  if (filled()) {
    fields["Contact Email"] =
        email_cell(std::string(kContactMailboxes[rng.below(kContactMailboxes.size())]) + "@" +
                   customer.domain);
  }
  if (filled()) fields["Contact Phone"] = phone_number(rng, places()[customer.place]);
  if (filled()) {
    fields["Tracking Link"] =
        url_cell(tracking, "https://www.sf-express.com/track?waybill=" + tracking);
  }
  if (explicit_empty_list_row(row)) {
    fields["Invoice"] = Json::array();
  } else if (filled()) {
    const std::string name = "INV-" + number + ".pdf";
    fields["Invoice"] = single_item_array(attachment(
        name, "application/pdf", rng.between(40'000, 400'000),
        stable_id("boxcn", "invoice:" + std::to_string(context.seed) + ":" + number, 22)));
  }
  if (filled()) {
    const size_t place = rng.chance(0.7) ? customer.place : rng.below(places().size());
    fields["Delivery Location"] = directory.location(place);
  }
  std::string label = has_number ? number : "";
  if (has_customer) label += (label.empty() ? "" : " · ") + customer.name;
  if (!label.empty())
    fields["Order Label"] = wrapped_cell(kTypeText, single_item_array(text_segment(label)));
  fields["$reserved_split_key"] = row + 1;

  const int64_t created =
      std::max(ordered_at, local_midnight_ms(2019, 1, 1)) + rng.between(1, 600) * kMsPerMinute;
  const int64_t modified =
      created + rng.between(0, 90) * kMsPerDay + rng.between(0, 600) * kMsPerMinute;
  const size_t created_by = rng.below(directory.person_count());
  const size_t modified_by = rng.below(directory.person_count());
  // Lark fills these four for every record, and filters on them read the record's
  // own times and people, so they are never empty here either.
  fields["Created"] = created;
  fields["Modified"] = modified;
  fields["Created By"] = directory.person_list(created_by);
  fields["Modified By"] = directory.person_list(modified_by);
  return record_envelope(record_id(context.seed, kOrdersTable, row), std::move(fields), created,
                         modified, directory.person(created_by), directory.person(modified_by));
}

}  // namespace larkbase::emulator::demo
