#pragma once
// Names and stable tokens of the demo's Bases, tables and Drive objects. Tokens
// derive from names only (not the seed), so they can be quoted in docs and tests.
#include <string>
#include <string_view>

namespace larkbase::emulator::demo {

inline constexpr std::string_view kSalesBase = "Sales";
inline constexpr std::string_view kMarketingBase = "Marketing";
inline constexpr std::string_view kInventoryBase = "Inventory";
inline constexpr std::string_view kCatalogBase = "Catalog";

inline constexpr std::string_view kOrdersTable = "orders";
inline constexpr std::string_view kCustomersTable = "customers";
inline constexpr std::string_view kProductsTable = "products";
inline constexpr std::string_view kCampaignsTable = "campaigns";
inline constexpr std::string_view kLeadsTable = "leads";
inline constexpr std::string_view kCampaignArchiveTable = "campaign_archive";
inline constexpr std::string_view kWarehousesTable = "warehouses";
inline constexpr std::string_view kStockLevelsTable = "stock_levels";
inline constexpr std::string_view kSchemasTable = "schemas";

// "bascn" + base name + base62 padding, 27 characters like Lark's older app tokens.
std::string app_token_of(std::string_view base_name);
// "tbl" + 13 base62 characters.
std::string table_id_of(std::string_view base_name, std::string_view table_name);
// The Drive folder that holds the demo Bases ("fldcn" + 22 characters).
std::string drive_folder_token();

}  // namespace larkbase::emulator::demo
