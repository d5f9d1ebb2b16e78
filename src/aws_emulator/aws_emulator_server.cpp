#include "aws_emulator/aws_emulator_server.hpp"

#include <fmt/format.h>
#include <httplib.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <condition_variable>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <sstream>

#include "aws/xml_document.hpp"
#include "aws_emulator/glue_service.hpp"
#include "aws_emulator/s3_service.hpp"
#include "aws_emulator/wire.hpp"
#include "common/base64.hpp"
#include "common/error.hpp"
#include "emulator/demo/layout.hpp"

namespace larkbase::aws_emulator {
namespace {

using common::Json;

constexpr uint64_t kMaxPayloadBytes = uint64_t(512) << 20;

std::string read_text(const std::string& path, const char* what) {
  std::ifstream in(path);
  if (!in) throw common::UserError(fmt::format("cannot read the {} file '{}'", what, path));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// The service an unsigned request was meant for, for its error shape.
std::string guess_service(const httplib::Request& req) {
  std::string target = req.get_header_value("X-Amz-Target");
  if (target.starts_with("AWSGlue.")) return "glue";
  if (target.starts_with("secretsmanager.")) return "secretsmanager";
  if (target.starts_with("AmazonAthena.")) return "athena";
  if (req.method == "POST" && req.path == "/" && req.body.find("Action=") != std::string::npos) {
    return "sts";
  }
  return "s3";
}

Protocol protocol_of(const std::string& service) {
  if (service == "s3") return Protocol::kRestXml;
  if (service == "sts") return Protocol::kQuery;
  return Protocol::kJson;
}

std::string form_value(const std::string& body, const std::string& name) {
  httplib::Params params;
  httplib::detail::parse_query_text(body, params);
  auto it = params.find(name);
  return it == params.end() ? std::string() : it->second;
}

}  // namespace

struct AwsEmulatorServer::State {
  AwsEmulatorOptions options;
  httplib::Server http;
  S3Service s3;
  GlueService glue;
  std::map<std::string, std::string> secrets;  // name -> SecretString
  std::map<std::string, Json> executions;      // id -> QueryExecution
  FaultDice dice;
  std::string spill_bucket;
  int port = 0;
  // Injected waits end early on stop(), so shutting down never waits for them.
  std::mutex stop_mutex;
  std::condition_variable stop_signal;
  bool stopping = false;
  std::mutex record_mutex;
  std::ofstream record;

  explicit State(AwsEmulatorOptions opts)
      : options(std::move(opts)),
        glue(options.account_id, options.region),
        dice(options.throttle_rate, options.error_rate, options.fault_seed) {}

  std::string secret_arn(const std::string& name) const {
    return fmt::format("arn:aws:secretsmanager:{}:{}:secret:{}-AbCdEf", options.region,
                       options.account_id, name);
  }

  // `req` is the handler's own copy, which a service may take the body of.
  void route(httplib::Request& req, httplib::Response& res);
  Json secrets_call(const std::string& operation, const Json& input);
  Json athena_call(const std::string& operation, const Json& input);
  void sts_call(const httplib::Request& req, httplib::Response& res, const std::string& id);
  void seed();
  void pause(int millis);
  void record_request(const httplib::Request& req);
};

void AwsEmulatorServer::State::pause(int millis) {
  std::unique_lock lock(stop_mutex);
  stop_signal.wait_for(lock, std::chrono::milliseconds(millis), [this] { return stopping; });
}

void AwsEmulatorServer::State::record_request(const httplib::Request& req) {
  Json headers = Json::array();
  for (const auto& [name, value] : req.headers) {
    // httplib adds these itself; they were not sent by the client.
    if (name == "REMOTE_ADDR" || name == "REMOTE_PORT" || name == "LOCAL_ADDR" ||
        name == "LOCAL_PORT") {
      continue;
    }
    headers.push_back(Json::array({name, value}));
  }
  Json line{{"method", req.method},
            {"target", req.target},
            {"headers", std::move(headers)},
            {"body_base64", common::base64_encode(req.body)}};
  std::lock_guard lock(record_mutex);
  record << line.dump() << '\n' << std::flush;
}

void AwsEmulatorServer::State::seed() {
  for (const auto& bucket : options.buckets) s3.create_bucket(bucket);
  for (const auto& [name, value] : options.secrets) secrets[name] = value;
  for (const auto& file : options.secrets_files) {
    Json json = common::parse_json(read_text(file, "secrets"), "secrets file " + file);
    if (!json.is_object()) {
      throw common::UserError(fmt::format(
          "the secrets file '{}' must be one JSON object of secret name -> value", file));
    }
    for (const auto& [name, value] : json.items()) {
      secrets[name] = value.is_string() ? value.get<std::string>() : value.dump();
    }
  }
  for (const auto& file : options.glue_files) {
    try {
      glue.load(common::parse_json(read_text(file, "Glue seed"), "Glue seed file " + file));
    } catch (const ServiceError& error) {
      throw common::UserError(fmt::format("the Glue seed file '{}' is not usable: {}: {}", file,
                                          error.code, error.message));
    }
  }
  auto add_execution = [&](Json execution) {
    std::string id = execution.value("QueryExecutionId", std::string());
    if (id.empty()) throw common::UserError("a seeded query execution has no QueryExecutionId");
    if (!execution.contains("Status")) execution["Status"] = {{"State", "RUNNING"}};
    if (!execution.contains("StatementType")) execution["StatementType"] = "DML";
    executions[id] = std::move(execution);
  };
  for (const auto& file : options.query_execution_files) {
    Json json = common::parse_json(read_text(file, "query executions"), "query executions " + file);
    if (!json.is_array()) {
      throw common::UserError(
          fmt::format("the query executions file '{}' must be a JSON array", file));
    }
    for (auto& execution : json) add_execution(execution);
  }
  for (const auto& [id, sql] : options.query_executions) {
    add_execution(Json{{"QueryExecutionId", id}, {"Query", sql}});
  }
  if (options.demo) {
    spill_bucket = kDemoSpillBucket;
    s3.create_bucket(spill_bucket);
    secrets.try_emplace(kDemoSecretName, Json{{"lark_app_id", options.lark_app_id},
                                              {"lark_app_secret", options.lark_app_secret}}
                                             .dump());
    // The demo Sales base as the crawler registers a Drive-folder base.
    std::string folder = emulator::demo::drive_folder_token();
    std::string base = emulator::demo::app_token_of(emulator::demo::kSalesBase);
    Json database{{"Name", "sales"},
                  {"Description", "Lark Base 'Sales' of the Lark emulator's demo data"},
                  {"LocationUri", fmt::format("lark-base-flag/CrawlingMethod=LarkDrive/"
                                              "DataSource={}/Base={}",
                                              folder, base)}};
    try {
      glue.call("CreateDatabase", {{"DatabaseInput", database}});
    } catch (const ServiceError&) {
      // Already seeded from a file: keep that one.
    }
  }
}

Json AwsEmulatorServer::State::secrets_call(const std::string& operation, const Json& input) {
  if (operation != "GetSecretValue") {
    throw ServiceError{
        400, "UnknownOperationException",
        fmt::format("The emulator does not implement Secrets Manager {}", operation)};
  }
  std::string id = input.value("SecretId", std::string());
  // An ARN names the secret after "secret:" with a 6-character suffix.
  std::string name = id;
  if (auto at = id.find(":secret:"); id.starts_with("arn:") && at != std::string::npos) {
    name = id.substr(at + 8);
    if (name.size() > 7 && name[name.size() - 7] == '-') name.resize(name.size() - 7);
  }
  auto it = secrets.find(name);
  if (it == secrets.end()) {
    throw ServiceError{400, "ResourceNotFoundException",
                       "Secrets Manager can't find the specified secret."};
  }
  return Json{
      {"ARN", secret_arn(name)},         {"Name", name},
      {"SecretString", it->second},      {"VersionId", "00000000-0000-4000-8000-000000000001"},
      {"VersionStages", {"AWSCURRENT"}}, {"CreatedDate", 1700000000.0}};
}

Json AwsEmulatorServer::State::athena_call(const std::string& operation, const Json& input) {
  if (operation != "GetQueryExecution") {
    throw ServiceError{400, "UnknownOperationException",
                       fmt::format("The emulator does not implement Athena {}", operation)};
  }
  std::string id = input.value("QueryExecutionId", std::string());
  auto it = executions.find(id);
  if (it == executions.end()) {
    throw ServiceError{400, "InvalidRequestException",
                       fmt::format("QueryExecution {} was not found", id)};
  }
  return Json{{"QueryExecution", it->second}};
}

void AwsEmulatorServer::State::sts_call(const httplib::Request& req, httplib::Response& res,
                                        const std::string& id) {
  std::string action = form_value(req.body, "Action");
  if (action.empty()) action = req.get_param_value("Action");
  if (action != "GetCallerIdentity") {
    throw ServiceError{400, "InvalidAction",
                       fmt::format("The emulator does not implement STS {}", action)};
  }
  send_xml(res, 200,
           fmt::format("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/"
                       "2011-06-15/\"><GetCallerIdentityResult><Arn>arn:aws:iam::{}:user/"
                       "emulator</Arn><UserId>AIDAEMULATOR0000000001</UserId><Account>{}</"
                       "Account></GetCallerIdentityResult><ResponseMetadata><RequestId>{}</"
                       "RequestId></ResponseMetadata></GetCallerIdentityResponse>",
                       options.account_id, options.account_id, id),
           id);
}

void AwsEmulatorServer::State::route(httplib::Request& req, httplib::Response& res) {
  std::string id = new_request_id();
  if (record.is_open()) record_request(req);
  if (req.path == "/_container-credentials" && req.method == "GET") {
    // A container credentials endpoint (AWS_CONTAINER_CREDENTIALS_FULL_URI) for tests.
    res.set_content(Json{{"AccessKeyId", "AKIDEMULATORCONTAINER"},
                         {"SecretAccessKey", "emulator-container-secret"},
                         {"Token", "emulator-container-token"},
                         {"Expiration", "2099-01-01T00:00:00Z"}}
                        .dump(),
                    "application/json");
    return;
  }
  std::optional<std::string> service = signed_service(req);
  if (!service) {
    std::string guessed = guess_service(req);
    Protocol protocol = protocol_of(guessed);
    if (protocol == Protocol::kRestXml) {
      send_error(res, protocol, {403, "AccessDenied", "Access Denied"}, id);
    } else if (protocol == Protocol::kQuery) {
      send_error(res, protocol,
                 {403, "MissingAuthenticationToken", "Request is missing Authentication Token"},
                 id);
    } else {
      send_error(res, protocol,
                 {400, "MissingAuthenticationTokenException", "Missing Authentication Token"}, id);
    }
    return;
  }
  Protocol protocol = protocol_of(*service);
  if (options.latency_ms > 0) pause(options.latency_ms);
  if (options.slow_ms > 0 && dice.chance(options.slow_rate)) pause(options.slow_ms);
  try {
    if (auto fault = dice.roll(protocol)) throw *fault;
    if (*service == "s3") {
      s3.handle(req, res, id);
      return;
    }
    if (*service == "sts") {
      sts_call(req, res, id);
      return;
    }
    std::string target = req.get_header_value("X-Amz-Target");
    auto dot = target.find('.');
    std::string operation = dot == std::string::npos ? "" : target.substr(dot + 1);
    Json input = req.body.empty() ? Json::object() : common::parse_json(req.body, "request body");
    if (*service == "glue") {
      send_json(res, glue.call(operation, input), id);
    } else if (*service == "secretsmanager") {
      send_json(res, secrets_call(operation, input), id);
    } else if (*service == "athena") {
      send_json(res, athena_call(operation, input), id);
    } else {
      throw ServiceError{400, "UnrecognizedClientException",
                         fmt::format("The emulator does not serve the service '{}'", *service)};
    }
  } catch (const ServiceError& error) {
    send_error(res, protocol, error, id);
  } catch (const common::Error& error) {
    send_error(res, protocol, {400, "SerializationException", error.what()}, id);
  }
}

AwsEmulatorServer::AwsEmulatorServer(AwsEmulatorOptions options)
    : state_(std::make_unique<State>(std::move(options))) {
  state_->seed();
  if (!state_->options.record_requests_file.empty()) {
    state_->record.open(state_->options.record_requests_file, std::ios::app);
    if (!state_->record) {
      throw common::UserError(fmt::format("cannot write the --record-requests file '{}'",
                                          state_->options.record_requests_file));
    }
  }
  auto& http = state_->http;
  size_t threads = size_t(std::max(2, state_->options.threads));
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_tcp_nodelay(true);
  http.set_payload_max_length(kMaxPayloadBytes);
  auto handler = [this](const httplib::Request& req, httplib::Response& res) {
    httplib::Request own = req;  // no body: GET, DELETE
    state_->route(own, res);
  };
  // A body (an S3 object of many MB) is read into a buffer sized from its
  // Content-Length: appended chunk by chunk, as cpp-httplib does by default, an
  // 8 MB spill object was reallocated and copied a dozen times.
  auto handler_with_body = [this](const httplib::Request& req, httplib::Response& res,
                                  const httplib::ContentReader& read_body) {
    httplib::Request own = req;
    const uint64_t announced =
        std::strtoull(req.get_header_value("Content-Length").c_str(), nullptr, 10);
    own.body.reserve(size_t(std::min(announced, kMaxPayloadBytes)));
    read_body([&own](const char* data, size_t size) {
      own.body.append(data, size);
      return true;
    });
    state_->route(own, res);
  };
  http.Get(".*", handler);
  http.Post(".*", handler_with_body);
  http.Put(".*", handler_with_body);
  http.Delete(".*", handler);
}

AwsEmulatorServer::~AwsEmulatorServer() = default;

int AwsEmulatorServer::bind() {
  const auto& options = state_->options;
  int port = options.port == 0
                 ? state_->http.bind_to_any_port(options.host)
                 : (state_->http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port <= 0) {
    throw common::UserError(fmt::format(
        "cannot listen on {}:{}: the port is taken or the host is not local; pick another "
        "--port (0 picks a free one)",
        options.host, options.port));
  }
  state_->port = port;
  return port;
}

void AwsEmulatorServer::run() { state_->http.listen_after_bind(); }

void AwsEmulatorServer::stop() {
  {
    std::lock_guard lock(state_->stop_mutex);
    state_->stopping = true;
  }
  state_->stop_signal.notify_all();
  state_->http.stop();
}

Json AwsEmulatorServer::handshake() const {
  Json secrets = Json::array();
  for (const auto& [name, value] : state_->secrets) secrets.push_back(name);
  Json executions = Json::array();
  for (const auto& [id, execution] : state_->executions) executions.push_back(id);
  return Json{{"url", fmt::format("http://{}:{}", state_->options.host, state_->port)},
              {"region", state_->options.region},
              {"account_id", state_->options.account_id},
              {"access_key_id", "AKIDEMULATOR"},
              {"secret_access_key", "emulator-secret-key"},
              {"secrets", secrets},
              {"spill_bucket", state_->spill_bucket.empty() ? Json() : Json(state_->spill_bucket)},
              {"buckets", state_->s3.bucket_names()},
              {"glue_databases", state_->glue.database_names()},
              {"query_executions", executions}};
}

}  // namespace larkbase::aws_emulator
