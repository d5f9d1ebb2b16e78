#pragma once
// Response shapes of the three AWS protocols the emulator speaks, the
// signature check (any SigV4 signature is accepted; a request without one is
// refused the way AWS refuses it) and fault injection.
#include <httplib.h>

#include <cstdint>
#include <mutex>
#include <optional>
#include <random>
#include <string>

#include "common/json.hpp"

namespace larkbase::aws_emulator {

enum class Protocol { kJson, kQuery, kRestXml };

struct ServiceError {
  int status = 400;
  std::string code;
  std::string message;
};

std::string new_request_id();

void send_json(httplib::Response& res, const common::Json& body, const std::string& request_id);
void send_xml(httplib::Response& res, int status, const std::string& body,
              const std::string& request_id);
void send_error(httplib::Response& res, Protocol protocol, const ServiceError& error,
                const std::string& request_id);

// The service name of a SigV4 credential scope (Authorization header or
// presigned query), or nullopt when the request is not signed.
std::optional<std::string> signed_service(const httplib::Request& req);

class FaultDice {
 public:
  FaultDice(double throttle_rate, double error_rate, uint64_t seed);
  // The fault this request gets, if any.
  std::optional<ServiceError> roll(Protocol protocol);
  // True with probability `rate` (a separate draw from roll()).
  bool chance(double rate);

 private:
  double throttle_rate_, error_rate_;
  std::mutex mutex_;
  std::mt19937_64 random_;
};

}  // namespace larkbase::aws_emulator
