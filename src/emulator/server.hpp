#pragma once
// The emulator: loads data (dataset files, demo), serves the Lark Open API
// subset on a local port, and describes itself in the handshake JSON the
// `larkbase emulator` command prints first.
#include <memory>

#include "common/json.hpp"
#include "emulator/options.hpp"
#include "emulator/store.hpp"

namespace larkbase::emulator {

class ServerContext;

class EmulatorServer {
 public:
  // Loads every dataset file and the demo data named by `options`. Throws
  // UserError for unreadable data or unusable options.
  explicit EmulatorServer(EmulatorOptions options);
  ~EmulatorServer();
  EmulatorServer(const EmulatorServer&) = delete;
  EmulatorServer& operator=(const EmulatorServer&) = delete;

  // Binds the listening socket; returns the port (a free one for port 0).
  int bind();
  // Serves until stop(); call after bind().
  void run();
  // Safe from any thread.
  void stop();

  // {"url","app_id","app_secret","bases":[{app_token,name,tables:[{table_id,name}]}],
  //  "control_table":{app_token,table_id},"drive_folder"}
  common::Json handshake() const;
  const Store& store() const { return *store_; }

 private:
  std::shared_ptr<Store> store_;
  std::unique_ptr<ServerContext> context_;
  int port_ = 0;
};

// Fills `sink` with the generated demo data; throws UserError when this build
// has no demo generator.
void load_demo(DatasetSink& sink, int64_t rows, uint64_t seed);

}  // namespace larkbase::emulator
