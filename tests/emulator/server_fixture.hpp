#pragma once
// One emulator per test binary run, loaded with the test dataset. (ctest runs
// each test in its own process, so each test gets a fresh emulator anyway.)
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

#include "emulator_client.hpp"
#include "emulator_process.hpp"
#include "test_dataset.hpp"

namespace larkbase::testing {

// Starts an emulator on the test dataset with `extra` flags; the dataset file
// is removed once the emulator has loaded it.
inline std::unique_ptr<EmulatorProcess> start_emulator(std::vector<std::string> extra = {}) {
  static const common::Json dataset = test_dataset();
  std::string path = write_dataset(dataset);
  std::vector<std::string> args = {"--dataset", path};
  args.insert(args.end(), extra.begin(), extra.end());
  auto emulator = std::make_unique<EmulatorProcess>(args);
  unlink(path.c_str());
  return emulator;
}

inline const EmulatorProcess& shared_emulator() {
  static std::unique_ptr<EmulatorProcess> emulator = start_emulator();
  return *emulator;
}

// A client of the shared emulator holding a valid token.
inline EmulatorClient authed_client(const EmulatorProcess& emulator = shared_emulator()) {
  EmulatorClient client(emulator);
  client.authenticate();
  return client;
}

}  // namespace larkbase::testing
