#include "emulator/server_context.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <thread>

#include "emulator/http_support.hpp"

namespace larkbase::emulator {
namespace {

// Bounds of the search result cache: entries, stored row indexes (4 bytes
// each), and how long an unused result survives.
constexpr size_t kCacheEntries = 256;
constexpr size_t kCacheRows = 64u << 20;
constexpr std::chrono::minutes kCacheIdle{10};

std::string bearer_token(const httplib::Request& req) {
  std::string header = req.get_header_value("Authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size() || !std::string_view(header).starts_with(kBearer)) {
    return {};
  }
  return header.substr(kBearer.size());
}

}  // namespace

ServerContext::ServerContext(std::shared_ptr<Store> store_in, EmulatorOptions options_in,
                             Credentials credentials_in)
    : store(std::move(store_in)),
      options(std::move(options_in)),
      credentials(std::move(credentials_in)),
      tokens(credentials.app_id, credentials.app_secret,
             std::chrono::seconds(options.token_ttl_seconds)),
      limiter(options.rate_limit),
      faults(options.fault_rate, options.fault_seed, options.error_status),
      cache(kCacheEntries, kCacheRows, kCacheIdle),
      engine(options.semantics, options.error_status) {}

httplib::Server::Handler ServerContext::business(Api api, Handler handler, bool schema_change) {
  return [this, api, schema_change, handler = std::move(handler)](const httplib::Request& req,
                                                                  httplib::Response& res) {
    RequestContext request{new_log_id(), {}};
    res.set_header("X-Tt-Logid", request.log_id);
    try {
      if (options.latency_ms > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(options.latency_ms));
      }
      std::string token = bearer_token(req);
      if (token.empty()) {
        throw ApiError(401, codes::kNeedToken,
                       "Missing access token for authorization. Please make a request with "
                       "token attached.");
      }
      auto app = tokens.app_of(token);
      if (!app) {
        throw ApiError(401, codes::kInvalidToken,
                       "Invalid access token for authorization. Please make a request with "
                       "token attached.");
      }
      request.app_id = *app;
      auto decision = limiter.admit(request.app_id);
      if (!decision.allowed) {
        res.set_header("x-ogw-ratelimit-limit", std::to_string(limiter.limit()));
        res.set_header("x-ogw-ratelimit-reset", std::to_string(decision.reset_seconds));
        throw ApiError(429, codes::kRateLimited, "request trigger frequency limit");
      }
      if (api == Api::kBitable) {
        if (auto fault = faults.next()) throw *fault;
      }
      if (schema_change) {
        auto lock = store->schema_lock();
        handler(req, res, request);
      } else {
        auto lock = store->schema_read_lock();
        handler(req, res, request);
      }
    } catch (const ApiError& error) {
      spdlog::debug("{} {} -> {} code {} ({})", req.method, req.path, error.http_status(),
                    error.code(), request.log_id);
      send_error(res, error, request.log_id);
    } catch (const std::exception& error) {
      spdlog::error("{} {} failed: {} ({})", req.method, req.path, error.what(), request.log_id);
      send_error(res, ApiError(500, codes::kInternalError, "InternalError"), request.log_id);
    }
  };
}

const Base& ServerContext::base(const std::string& app_token) const {
  const Base* found = store->find_base(app_token);
  if (found == nullptr) {
    throw bitable(codes::kBaseNotFound,
                  fmt::format("BaseTokenNotFound: no Base with app_token {}", app_token));
  }
  return *found;
}

Table& ServerContext::table(const std::string& app_token, const std::string& table_id) const {
  Table* found = store->find_table(base(app_token), table_id);
  if (found == nullptr) {
    throw bitable(codes::kTableNotFound,
                  fmt::format("TableIdNotFound: Base {} has no table {}", app_token, table_id));
  }
  return *found;
}

}  // namespace larkbase::emulator
