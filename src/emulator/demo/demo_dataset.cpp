#include "emulator/demo/demo_dataset.hpp"

#include "emulator/demo/cells.hpp"
#include "emulator/demo/other_bases.hpp"
#include "emulator/demo/sales_base.hpp"

namespace larkbase::emulator::demo {

void generate_demo_dataset(const DemoOptions& options, DatasetSink& sink) {
  const Directory directory;
  const std::vector<ProductInfo> products = generate_sales_base(options, directory, sink);
  generate_marketing_base(options.seed, directory, sink);
  generate_inventory_base(options.seed, directory, products, sink);
  generate_control_table(directory, sink);
  generate_drive_folder(directory, sink);
}

}  // namespace larkbase::emulator::demo
