#include "emulator/demo/other_bases.hpp"

#include <array>

#include "emulator/demo/ids.hpp"
#include "emulator/demo/layout.hpp"
#include "emulator/demo/random.hpp"
#include "emulator/demo/time_util.hpp"

namespace larkbase::emulator::demo {
namespace {

constexpr double kSmallEmptyRate = 0.05;
constexpr int64_t kCampaignCount = 30;
constexpr int64_t kLeadCount = 150;
constexpr int64_t kArchiveCount = 12;
constexpr int64_t kStockRows = 300;

const std::vector<std::string_view> kCampaignChannels = {"Email", "Social", "Search", "Events",
                                                         "线下活动"};
const std::vector<std::string_view> kLeadStatuses = {"New", "Contacted", "Qualified", "Lost"};
constexpr std::array<std::string_view, 6> kCampaignThemes = {
    "Spring Sale",        "Back to Office", "Singles' Day 双11",
    "Year-End Clearance", "Product Launch", "Partner Summit"};
constexpr std::array<std::string_view, 10> kFirstNames = {"Alex", "Maria", "Wei",  "Yuki", "Omar",
                                                          "Lena", "Ravi",  "Sara", "Tom",  "Mei"};
constexpr std::array<std::string_view, 10> kLastNames = {
    "Chen", "García", "Smith", "Tanaka", "Kumar", "Novák", "Silva", "Wang", "Kim", "Okafor"};

int64_t random_day_ms(Rng& rng, int64_t first_year, int64_t last_year) {
  return local_midnight_ms(rng.between(first_year, last_year),
                           static_cast<unsigned>(rng.between(1, 12)),
                           static_cast<unsigned>(rng.between(1, 28)));
}

Json small_envelope(std::string id, Json fields, Rng& rng, const Directory& directory,
                    int64_t created) {
  return record_envelope(std::move(id), std::move(fields), created,
                         created + rng.between(0, 200) * kMsPerDay,
                         directory.person(rng.below(directory.person_count())),
                         directory.person(rng.below(directory.person_count())));
}

void emit_campaigns(uint64_t seed, const Directory& directory, DatasetSink& sink,
                    const std::string& app, const std::string& table) {
  FieldList f(kMarketingBase, kCampaignsTable);
  f.add("Campaign", kTypeText, "Text", nullptr);
  f.add("Channel", kTypeSingleSelect, "SingleSelect",
        f.select_property("Channel", kCampaignChannels));
  f.add("Budget", kTypeNumber, "Currency", currency_property("CNY", "0.00"));
  f.add("Start", kTypeDateTime, "DateTime", date_property("yyyy/MM/dd", false));
  f.add("End", kTypeDateTime, "DateTime", date_property("yyyy/MM/dd", false));
  f.add("Owner", kTypeUser, "User", people_property(false));
  f.add("Active", kTypeCheckbox, "Checkbox", nullptr);
  f.add("Target Leads", kTypeNumber, "Number", number_property("0"));
  sink.add_table(app, table, std::string(kCampaignsTable), f.json());
  for (int64_t row = 0; row < kCampaignCount; ++row) {
    Rng rng = row_rng(seed, kCampaignsTable, row);
    const Place& place = places()[rng.below(places().size())];
    const int64_t year = rng.between(2022, 2025);
    Json fields = {
        {"Campaign", text_cell(std::string(kCampaignThemes[rng.below(kCampaignThemes.size())]) +
                               " " + std::to_string(year) + " — " + std::string(place.city_en))}};
    auto filled = [&rng] { return !rng.chance(kSmallEmptyRate); };
    if (filled()) fields["Channel"] = kCampaignChannels[rng.below(kCampaignChannels.size())];
    if (filled()) fields["Budget"] = rng.between(5, 500) * 1000;
    const int64_t start = random_day_ms(rng, year, year);
    if (filled()) fields["Start"] = start;
    if (filled()) fields["End"] = start + rng.between(14, 60) * kMsPerDay;
    if (filled())
      fields["Owner"] = Json::array({directory.person(rng.below(directory.person_count()))});
    if (rng.chance(0.4)) fields["Active"] = true;
    if (filled()) fields["Target Leads"] = rng.between(50, 2000);
    sink.add_record(app, table,
                    small_envelope(record_id(seed, kCampaignsTable, row), std::move(fields), rng,
                                   directory, start - 30 * kMsPerDay));
  }
}

void emit_leads(uint64_t seed, const Directory& directory, DatasetSink& sink,
                const std::string& app, const std::string& table,
                const std::string& campaigns_table) {
  FieldList f(kMarketingBase, kLeadsTable);
  f.add("Lead", kTypeText, "Text", nullptr);
  f.add("Email", kTypeText, "Email", nullptr);
  f.add("Phone", kTypePhone, "Phone", nullptr);
  f.add("Campaign", kTypeSingleLink, "SingleLink",
        single_link_property(campaigns_table, kCampaignsTable, false));
  f.add("Score", kTypeNumber, "Rating", rating_property("fire", 5));
  f.add("Status", kTypeSingleSelect, "SingleSelect", f.select_property("Status", kLeadStatuses));
  f.add("Created", kTypeCreatedTime, "CreatedTime", {{"date_formatter", "yyyy/MM/dd"}});
  sink.add_table(app, table, std::string(kLeadsTable), f.json());
  for (int64_t row = 0; row < kLeadCount; ++row) {
    Rng rng = row_rng(seed, kLeadsTable, row);
    const std::string_view first = kFirstNames[rng.below(kFirstNames.size())];
    const std::string_view last = kLastNames[rng.below(kLastNames.size())];
    Json fields = {{"Lead", text_cell(std::string(first) + " " + std::string(last))}};
    auto filled = [&rng] { return !rng.chance(kSmallEmptyRate); };
    if (filled()) {
      fields["Email"] =
          email_cell(std::string(first) + "." + std::to_string(row) + "@mail.example.org");
    }
    if (filled()) fields["Phone"] = phone_number(rng, places()[rng.below(places().size())]);
    if (filled()) {
      const auto campaign = static_cast<int64_t>(rng.below(kCampaignCount));
      fields["Campaign"] = link_cell({record_id(seed, kCampaignsTable, campaign)});
    }
    if (filled()) fields["Score"] = rng.between(1, 5);
    if (filled()) fields["Status"] = kLeadStatuses[rng.below(kLeadStatuses.size())];
    const int64_t created = random_day_ms(rng, 2023, 2025) + rng.between(0, 23 * 60) * kMsPerMinute;
    fields["Created"] = created;
    sink.add_record(app, table,
                    small_envelope(record_id(seed, kLeadsTable, row), std::move(fields), rng,
                                   directory, created));
  }
}

void emit_campaign_archive(uint64_t seed, const Directory& directory, DatasetSink& sink,
                           const std::string& app, const std::string& table) {
  FieldList f(kMarketingBase, kCampaignArchiveTable);
  f.add("Campaign", kTypeText, "Text", nullptr);
  f.add("Year", kTypeNumber, "Number", number_property("0"));
  f.add("Result", kTypeText, "Text", nullptr);
  sink.add_table(app, table, std::string(kCampaignArchiveTable), f.json());
  for (int64_t row = 0; row < kArchiveCount; ++row) {
    Rng rng = row_rng(seed, kCampaignArchiveTable, row);
    const int64_t year = rng.between(2015, 2021);
    Json fields = {
        {"Campaign", text_cell(std::string(kCampaignThemes[rng.below(kCampaignThemes.size())]) +
                               " " + std::to_string(year))},
        {"Year", year}};
    if (!rng.chance(kSmallEmptyRate)) {
      fields["Result"] = text_cell(rng.chance(0.5) ? "Met target" : "Below target; budget cut");
    }
    sink.add_record(app, table,
                    small_envelope(record_id(seed, kCampaignArchiveTable, row), std::move(fields),
                                   rng, directory, local_midnight_ms(year, 12, 31)));
  }
}

}  // namespace

void generate_marketing_base(uint64_t seed, const Directory& directory, DatasetSink& sink) {
  const std::string app = app_token_of(kMarketingBase);
  const std::string campaigns = table_id_of(kMarketingBase, kCampaignsTable);
  sink.add_base(app, std::string(kMarketingBase));
  emit_campaigns(seed, directory, sink, app, campaigns);
  emit_leads(seed, directory, sink, app, table_id_of(kMarketingBase, kLeadsTable), campaigns);
  emit_campaign_archive(seed, directory, sink, app,
                        table_id_of(kMarketingBase, kCampaignArchiveTable));
}

void generate_inventory_base(uint64_t seed, const Directory& directory,
                             const std::vector<ProductInfo>& products, DatasetSink& sink) {
  const std::string app = app_token_of(kInventoryBase);
  const std::string warehouses = table_id_of(kInventoryBase, kWarehousesTable);
  const std::string stock = table_id_of(kInventoryBase, kStockLevelsTable);
  sink.add_base(app, std::string(kInventoryBase));

  FieldList w(kInventoryBase, kWarehousesTable);
  w.add("Warehouse", kTypeText, "Text", nullptr);
  w.add("Site", kTypeLocation, "Location", location_property());
  w.add("Capacity", kTypeNumber, "Number", number_property("1,000"));
  w.add("Manager", kTypeUser, "User", people_property(false));
  w.add("Phone", kTypePhone, "Phone", nullptr);
  sink.add_table(app, warehouses, std::string(kWarehousesTable), w.json());
  const size_t warehouse_count = 8;
  for (size_t i = 0; i < warehouse_count; ++i) {
    const auto row = static_cast<int64_t>(i);
    Rng rng = row_rng(seed, kWarehousesTable, row);
    const Place& place = places()[i];
    Json fields = {
        {"Warehouse", text_cell("WH-" + std::to_string(i + 1) + " " + std::string(place.city_en))},
        {"Site", location_cell(place)},
        {"Capacity", rng.between(20, 200) * 1000},
        {"Manager", Json::array({directory.person(rng.below(directory.person_count()))})}};
    if (!rng.chance(kSmallEmptyRate * 2)) fields["Phone"] = phone_number(rng, place);
    sink.add_record(app, warehouses,
                    small_envelope(record_id(seed, kWarehousesTable, row), std::move(fields), rng,
                                   directory, local_midnight_ms(2020, 3, 1)));
  }

  FieldList s(kInventoryBase, kStockLevelsTable);
  s.add("SKU", kTypeText, "Barcode", barcode_property());
  s.add("Product", kTypeText, "Text", nullptr);
  s.add("Warehouse", kTypeSingleLink, "SingleLink",
        single_link_property(warehouses, kWarehousesTable, false));
  s.add("On Hand", kTypeNumber, "Number", number_property("1,000"));
  s.add("Reorder Level", kTypeNumber, "Number", number_property("0"));
  s.add("Last Counted", kTypeDateTime, "DateTime", date_property("yyyy-MM-dd HH:mm", false));
  s.add("Low Stock", kTypeCheckbox, "Checkbox", nullptr);
  sink.add_table(app, stock, std::string(kStockLevelsTable), s.json());
  for (int64_t row = 0; row < kStockRows; ++row) {
    Rng rng = row_rng(seed, kStockLevelsTable, row);
    const ProductInfo& product = products[static_cast<size_t>(row) % products.size()];
    auto filled = [&rng] { return !rng.chance(kSmallEmptyRate); };
    Json fields = {{"SKU", text_cell(product.sku)}, {"Product", text_cell(product.name)}};
    if (filled()) {
      const auto warehouse = static_cast<int64_t>(rng.below(warehouse_count));
      fields["Warehouse"] = link_cell({record_id(seed, kWarehousesTable, warehouse)});
    }
    const int64_t on_hand = rng.between(0, 800);
    const int64_t reorder = rng.between(20, 120);
    fields["On Hand"] = on_hand;
    if (filled()) fields["Reorder Level"] = reorder;
    const int64_t counted =
        random_day_ms(rng, 2025, 2025) + rng.between(8 * 60, 18 * 60) * kMsPerMinute;
    if (filled()) fields["Last Counted"] = counted;
    if (on_hand < reorder) fields["Low Stock"] = true;
    sink.add_record(app, stock,
                    small_envelope(record_id(seed, kStockLevelsTable, row), std::move(fields), rng,
                                   directory, counted));
  }
}

void generate_control_table(const Directory& directory, DatasetSink& sink) {
  const std::string app = app_token_of(kCatalogBase);
  const std::string table = table_id_of(kCatalogBase, kSchemasTable);
  sink.add_base(app, std::string(kCatalogBase));
  FieldList f(kCatalogBase, kSchemasTable);
  f.add("name", kTypeText, "Text", nullptr, "Schema name exposed to SQL");
  f.add("id", kTypeText, "Text", nullptr, "Base token (app_token) of the data Base");
  f.add("whitelist_tables", kTypeText, "Text", nullptr, "Comma-separated table ids to include");
  f.add("blacklist_tables", kTypeText, "Text", nullptr, "Comma-separated table ids to skip");
  sink.add_table(app, table, std::string(kSchemasTable), f.json());

  struct Row {
    std::string_view base;
    std::string_view schema;
    std::string blacklist;
  };
  const std::vector<Row> rows = {
      {kSalesBase, "sales", ""},
      {kMarketingBase, "marketing", table_id_of(kMarketingBase, kCampaignArchiveTable)},
      {kInventoryBase, "inventory", ""},
  };
  for (size_t i = 0; i < rows.size(); ++i) {
    Json fields = {{"name", text_cell(rows[i].schema)},
                   {"id", text_cell(app_token_of(rows[i].base))}};
    if (!rows[i].blacklist.empty()) fields["blacklist_tables"] = text_cell(rows[i].blacklist);
    const int64_t created = local_midnight_ms(2024, 1, 15) + static_cast<int64_t>(i) * kMsPerHour;
    sink.add_record(app, table,
                    record_envelope(stable_id("rec", "schemas:" + std::string(rows[i].schema), 11),
                                    std::move(fields), created, created, directory.person(0),
                                    directory.person(0)));
  }
  sink.set_control_table(app, table);
}

void generate_drive_folder(const Directory& directory, DatasetSink& sink) {
  const std::string folder = drive_folder_token();
  const std::string owner = directory.person_id(0);
  const std::string site = "https://example.feishu.cn/";
  int64_t created = 1'704'067'200;  // 2024-01-01T00:00:00Z, seconds as Drive returns them
  auto file = [&](std::string token, std::string_view name, std::string_view type, std::string url,
                  const std::string& parent) {
    created += 86'400 * 3;
    return Json{{"token", std::move(token)},
                {"name", name},
                {"type", type},
                {"parent_token", parent},
                {"url", std::move(url)},
                {"created_time", std::to_string(created)},
                {"modified_time", std::to_string(created + 7'200)},
                {"owner_id", owner}};
  };
  sink.set_drive_folder(folder);
  for (std::string_view base : {kSalesBase, kMarketingBase, kInventoryBase}) {
    const std::string token = app_token_of(base);
    sink.add_drive_file(folder, file(token, base, "bitable", site + "base/" + token, folder));
  }
  const std::string docx = stable_id("doxcn", "drive:review", 22);
  sink.add_drive_file(folder,
                      file(docx, "Q3 Business Review", "docx", site + "docx/" + docx, folder));
  const std::string sheet = stable_id("shtcn", "drive:budget", 22);
  sink.add_drive_file(folder,
                      file(sheet, "Budget 2025", "sheet", site + "sheets/" + sheet, folder));
  const std::string archive = stable_id("fldcn", "drive:archive", 22);
  sink.add_drive_file(folder,
                      file(archive, "Archive", "folder", site + "drive/folder/" + archive, folder));
  const std::string old_doc = stable_id("doxcn", "drive:retro", 22);
  sink.add_drive_file(
      archive, file(old_doc, "2023 Retrospective", "docx", site + "docx/" + old_doc, archive));
  const std::string sales = app_token_of(kSalesBase);
  Json shortcut = file(stable_id("nodcn", "drive:shortcut", 22), "Sales (shortcut)", "shortcut",
                       site + "base/" + sales, folder);
  shortcut["shortcut_info"] = {{"target_type", "bitable"}, {"target_token", sales}};
  sink.add_drive_file(folder, shortcut);
}

}  // namespace larkbase::emulator::demo
