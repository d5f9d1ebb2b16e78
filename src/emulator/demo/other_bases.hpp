#pragma once
// The small Bases of the demo folder (Marketing, Inventory) and the "Catalog"
// Base holding the control table. They use fewer field types than Sales and
// exist so that the Drive folder and the control table list several Bases.
#include <vector>

#include "emulator/dataset.hpp"
#include "emulator/demo/cells.hpp"
#include "emulator/demo/sales_base.hpp"

namespace larkbase::emulator::demo {

void generate_marketing_base(uint64_t seed, const Directory& directory, DatasetSink& sink);
void generate_inventory_base(uint64_t seed, const Directory& directory,
                             const std::vector<ProductInfo>& products, DatasetSink& sink);
// Catalog/schemas: one row per data Base ({id, name, whitelist_tables,
// blacklist_tables}, the columns the control-table source and crawler read).
void generate_control_table(const Directory& directory, DatasetSink& sink);
// The Drive folder: the three data Bases, a docx, a sheet, a sub-folder (with a
// docx inside) and a shortcut to the Sales Base.
void generate_drive_folder(const Directory& directory, DatasetSink& sink);

}  // namespace larkbase::emulator::demo
