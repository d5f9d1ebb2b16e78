#pragma once
// What every route shares: the HTTP server, the data, the knobs and the
// cross-cutting checks every business call passes (latency, token, rate limit,
// injected faults, error envelope). Internal to the emulator's server.
#include <httplib.h>

#include <functional>
#include <memory>
#include <string>

#include "emulator/fault_injector.hpp"
#include "emulator/options.hpp"
#include "emulator/query_cache.hpp"
#include "emulator/query_engine.hpp"
#include "emulator/rate_limiter.hpp"
#include "emulator/store.hpp"
#include "emulator/token_issuer.hpp"

namespace larkbase::emulator {

struct Credentials {
  std::string app_id;
  std::string app_secret;
};

struct RequestContext {
  std::string log_id;
  std::string app_id;
};

class ServerContext {
 public:
  ServerContext(std::shared_ptr<Store> store, EmulatorOptions options, Credentials credentials);

  using Handler =
      std::function<void(const httplib::Request&, httplib::Response&, const RequestContext&)>;
  enum class Api { kBitable, kDrive };
  // Wraps a business handler: latency, Bearer token, rate limit, faults
  // (Bitable only), and one place that turns ApiError into the envelope. The
  // handler runs under the store's schema lock: shared, or exclusive for a
  // `schema_change` (table/field create, update, delete).
  httplib::Server::Handler business(Api api, Handler handler, bool schema_change = false);

  // Bitable lookups with Lark's not-found errors (1254040 / 1254041).
  const Base& base(const std::string& app_token) const;
  Table& table(const std::string& app_token, const std::string& table_id) const;
  ApiError bitable(int code, const std::string& msg) const {
    return bitable_error(options.error_status, code, msg);
  }

  httplib::Server http;
  std::shared_ptr<Store> store;
  const EmulatorOptions options;
  const Credentials credentials;
  TokenIssuer tokens;
  RateLimiter limiter;
  FaultInjector faults;
  QueryCache cache;
  QueryEngine engine;
};

void register_auth_routes(ServerContext& context);
void register_bitable_routes(ServerContext& context);
void register_search_route(ServerContext& context);
void register_record_update_routes(ServerContext& context);
void register_record_delete_routes(ServerContext& context);
void register_drive_routes(ServerContext& context);
void register_schema_routes(ServerContext& context);

}  // namespace larkbase::emulator
