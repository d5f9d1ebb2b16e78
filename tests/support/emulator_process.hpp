#pragma once
// Starts `larkbase emulator` as a child process on a free port and reads the
// handshake the emulator prints as its first stdout line (one JSON object with
// url, app_id, app_secret, bases, control table and drive folder). The process
// is killed when the object goes out of scope.
#include <sys/types.h>

#include <string>
#include <vector>

#include "common/json.hpp"

namespace larkbase::testing {

class EmulatorProcess {
 public:
  // `args` are appended to `larkbase emulator --port 0`, e.g. {"--demo", "--rows", "100"}.
  explicit EmulatorProcess(const std::vector<std::string>& args);
  // Any larkbase subcommand that prints a handshake line (e.g. "aws-emulator").
  EmulatorProcess(const std::string& subcommand, const std::vector<std::string>& args);
  ~EmulatorProcess();
  EmulatorProcess(const EmulatorProcess&) = delete;
  EmulatorProcess& operator=(const EmulatorProcess&) = delete;

  const common::Json& handshake() const { return handshake_; }
  std::string url() const { return handshake_.at("url").get<std::string>(); }
  std::string app_id() const { return handshake_.at("app_id").get<std::string>(); }
  std::string app_secret() const { return handshake_.at("app_secret").get<std::string>(); }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  common::Json handshake_;
};

// Path of the larkbase executable under test (from $LARKBASE_BIN).
std::string larkbase_binary();

}  // namespace larkbase::testing
