// The optional LLM retry advisor against an OpenAI-compatible endpoint served
// by a real HTTP server inside the test: the request has the chat completions
// shape with the model, the instructions and the failure; the answer's
// decision, confidence, reason and advisor land in the control row and the
// run's history. A garbage or unreachable answer falls back to the rules,
// with the cause recorded; the API key never reaches the control database.
#include <gtest/gtest.h>
#include <httplib.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <thread>

#include "cli_process.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "loader/control_store.hpp"
#include "loader/llm_advisor.hpp"
#include "loader/scheduler.hpp"

namespace larkbase::loader {
namespace {

constexpr const char* kApiKey = "sk-test-never-stored-41";
constexpr const char* kModel = "advisor-test-model";

// An OpenAI-compatible /chat/completions that records what it was sent and
// answers with `content` as the assistant message (or `raw` as the body).
class ChatEndpoint {
 public:
  ChatEndpoint() {
    server_.Post(
        "/v1/chat/completions", [this](const httplib::Request& request, httplib::Response& reply) {
          std::lock_guard<std::mutex> lock(mutex_);
          authorization_ = request.get_header_value("Authorization");
          body_ = request.body;
          ++calls_;
          if (!raw_.empty()) {
            reply.set_content(raw_, "application/json");
            return;
          }
          common::Json answer = {{"id", "chatcmpl-1"},
                                 {"object", "chat.completion"},
                                 {"choices",
                                  {{{"index", 0},
                                    {"message", {{"role", "assistant"}, {"content", content_}}},
                                    {"finish_reason", "stop"}}}}};
          reply.set_content(answer.dump(), "application/json");
        });
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::yield();
  }
  ~ChatEndpoint() {
    server_.stop();
    thread_.join();
  }
  std::string base_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  void answer(const std::string& content) {
    std::lock_guard<std::mutex> lock(mutex_);
    content_ = content;
  }
  void answer_raw(const std::string& body) {
    std::lock_guard<std::mutex> lock(mutex_);
    raw_ = body;
  }
  std::string authorization() {
    std::lock_guard<std::mutex> lock(mutex_);
    return authorization_;
  }
  std::string body() {
    std::lock_guard<std::mutex> lock(mutex_);
    return body_;
  }
  int calls() {
    std::lock_guard<std::mutex> lock(mutex_);
    return calls_;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::string authorization_, body_, content_, raw_;
  int calls_ = 0;
};

// A SQLite control database with one load that failed because its source
// table does not exist (the rules say REVIEW).
struct FailedLoad {
  std::filesystem::path dir;
  std::string control;
  FakeClock clock{*parse_utc("2026-03-01 00:00:00")};
  long long id = 0;

  FailedLoad() {
    dir = std::filesystem::temp_directory_path() /
          ("lb-loader-llm-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    control = "sqlite:" + (dir / "control.db").string();
    open_db("sqlite:" + (dir / "src.db").string())->exec_script("CREATE TABLE t (id INTEGER);");
    ControlStore store(open_db(control));
    store.migrate();
    for (const char* key : {"src", "lake"}) {
      common::Json config = {{"path", (dir / (std::string(key) + ".db")).string()}};
      store.add_source({key, "sqlite", config.dump(), std::nullopt}, clock.now());
    }
    TableConfig t;
    t.db_config_key = "src";
    t.source_name = "invoices";  // not in the source
    t.destination_key = "lake";
    t.destination_name = "invoices_b";
    t.strategy = "full";
    id = store.add_table(t, clock.now());
    Scheduler scheduler(control, clock, SchedulerOptions{});
    EXPECT_EQ(scheduler.run_once().failed, 1);
  }
  ~FailedLoad() { std::filesystem::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string control_bytes() const {
    std::ifstream in(dir / "control.db", std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
};

LlmAdvisorConfig config_for(const std::string& base_url) {
  LlmAdvisorConfig config;
  config.base_url = base_url;
  config.model = kModel;
  config.api_key = kApiKey;
  config.timeout = std::chrono::milliseconds(10000);
  return config;
}

TEST(LlmAdvisor, DecidesThroughTheEndpointAndIsRecorded) {
  ChatEndpoint endpoint;
  endpoint.answer(
      "```json\n{\"decision\": \"retry\", \"confidence\": 0.77, \"reason\": \"looks like a "
      "replication lag\"}\n```");
  FailedLoad failed;
  ControlStore store(open_db(failed.control));
  auto decisions =
      analyse_failed_loads(store, 3, config_for(endpoint.base_url()), failed.clock.now());
  ASSERT_EQ(decisions.size(), 1u);
  EXPECT_EQ(endpoint.calls(), 1);
  // The request: bearer key, the model, a system instruction and the failure.
  EXPECT_EQ(endpoint.authorization(), std::string("Bearer ") + kApiKey);
  common::Json request = common::Json::parse(endpoint.body());
  EXPECT_EQ(request.at("model"), kModel);
  const auto& messages = request.at("messages");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].at("role"), "system");
  EXPECT_NE(messages[0].at("content").get<std::string>().find("RETRY"), std::string::npos);
  EXPECT_EQ(messages[1].at("role"), "user");
  std::string facts = messages[1].at("content").get<std::string>();
  EXPECT_NE(facts.find("invoices_b"), std::string::npos) << facts;
  EXPECT_NE(facts.find("invoices"), std::string::npos) << facts;
  EXPECT_NE(facts.find("sqlite"), std::string::npos) << facts;

  // The LLM's answer wins over the rules (which say REVIEW for a missing
  // table), in the row and in the run's history.
  TableConfig t = store.table(failed.id);
  EXPECT_EQ(t.retry_decision.value_or(""), "RETRY");
  EXPECT_DOUBLE_EQ(t.retry_confidence.value_or(0), 0.77);
  EXPECT_EQ(t.retry_reason.value_or(""), "looks like a replication lag");
  EXPECT_EQ(t.retry_advisor.value_or(""), std::string("llm:") + kModel);
  EXPECT_EQ(t.retry_count, 1);
  auto history = store.history(failed.id, 1);
  ASSERT_EQ(history.size(), 1u);
  EXPECT_EQ(history[0].retry_decision.value_or(""), "RETRY");
  EXPECT_EQ(history[0].retry_reason.value_or(""), "looks like a replication lag");
  EXPECT_EQ(history[0].retry_advisor.value_or(""), std::string("llm:") + kModel);
  EXPECT_EQ(failed.control_bytes().find(kApiKey), std::string::npos);
}

TEST(LlmAdvisor, GarbageAnswersFallBackToTheRulesWithTheCause) {
  ChatEndpoint endpoint;
  FailedLoad failed;
  ControlStore store(open_db(failed.control));
  for (const std::string& garbage :
       {std::string("I think you should retry"),
        std::string(R"({"decision": "MAYBE", "confidence": 0.5, "reason": "x"})"),
        std::string(R"({"decision": "RETRY", "confidence": 7, "reason": "x"})")}) {
    endpoint.answer(garbage);
    RetryDecision d = advise_retry({"invoices_b", "full", "sqlite", "no such table: invoices"},
                                   config_for(endpoint.base_url()));
    EXPECT_EQ(d.advisor, "rules") << garbage;
    EXPECT_EQ(d.decision, "REVIEW") << garbage;
    EXPECT_NE(d.reason.find("LLM advisor unavailable: an unusable answer"), std::string::npos)
        << d.reason;
  }
  endpoint.answer_raw("<html>not json</html>");
  auto decisions =
      analyse_failed_loads(store, 3, config_for(endpoint.base_url()), failed.clock.now());
  ASSERT_EQ(decisions.size(), 1u);
  TableConfig t = store.table(failed.id);
  EXPECT_EQ(t.retry_decision.value_or(""), "REVIEW");
  EXPECT_EQ(t.retry_advisor.value_or(""), "rules");
  EXPECT_EQ(t.retry_reason.value_or("").rfind("rule '", 0), 0u) << t.retry_reason.value_or("");
  EXPECT_NE(t.retry_reason.value_or("").find("LLM advisor unavailable"), std::string::npos);
  EXPECT_EQ(t.retry_reason.value_or("").find("<html>"), std::string::npos);
  EXPECT_EQ(store.history(failed.id, 1).at(0).retry_advisor.value_or(""), "rules");
}

TEST(LlmAdvisor, UnreachableEndpointFallsBackAndNoAdvisorMeansRules) {
  std::string closed_base;
  {
    ChatEndpoint gone;  // a port that was free a moment ago and is closed now
    closed_base = gone.base_url();
  }
  RetryDecision d =
      advise_retry({"t", "full", "sqlite", "database is locked"}, config_for(closed_base));
  EXPECT_EQ(d.advisor, "rules");
  EXPECT_EQ(d.decision, "RETRY");
  EXPECT_NE(d.reason.find("LLM advisor unavailable"), std::string::npos) << d.reason;
  EXPECT_EQ(d.reason.find(kApiKey), std::string::npos);
  RetryDecision plain = advise_retry({"t", "full", "sqlite", "database is locked"}, std::nullopt);
  EXPECT_EQ(plain.advisor, "rules");
  EXPECT_EQ(plain.reason.find("LLM"), std::string::npos);
}

// The operator's path: `loader retry-analysis` with the advisor configured
// by the environment records and shows the LLM's decision; with a broken
// endpoint it shows the rules' decision and the cause. The key is in no
// output and no log line.
TEST(LlmAdvisor, CliRetryAnalysisUsesTheConfiguredAdvisor) {
  ChatEndpoint endpoint;
  endpoint.answer(R"({"decision": "RETRY", "confidence": 0.6, "reason": "flaky network"})");
  FailedLoad failed;
  std::string env = "LARKBASE_LOADER_CONTROL='" + failed.control + "' LARKBASE_LLM_URL='" +
                    endpoint.base_url() + "' LARKBASE_LLM_MODEL='" + kModel +
                    "' LARKBASE_LLM_API_KEY='" + kApiKey + "'";
  auto analysis = testing::run_loader("retry-analysis --format json", env);
  ASSERT_EQ(analysis.exit_code, 0) << analysis.all();
  EXPECT_EQ(analysis.all().find(kApiKey), std::string::npos) << analysis.all();
  EXPECT_EQ(endpoint.authorization(), std::string("Bearer ") + kApiKey);
  common::Json rows = common::Json::parse(analysis.out);
  ASSERT_EQ(rows.size(), 1u) << analysis.out;
  EXPECT_EQ(rows[0].at("retry_decision"), "RETRY");
  EXPECT_EQ(rows[0].at("retry_advisor"), std::string("llm:") + kModel);
  EXPECT_EQ(rows[0].at("retry_reason"), "flaky network");

  // The RETRY released the row; the next tick fails it again, and this time
  // the endpoint answers garbage: the rules decide, and say why.
  Scheduler scheduler(failed.control, failed.clock, SchedulerOptions{});
  EXPECT_EQ(scheduler.run_once().failed, 1);
  endpoint.answer("no idea");
  analysis = testing::run_loader("retry-analysis --format json", env);
  ASSERT_EQ(analysis.exit_code, 0) << analysis.all();
  EXPECT_EQ(analysis.all().find(kApiKey), std::string::npos) << analysis.all();
  rows = common::Json::parse(analysis.out);
  ASSERT_EQ(rows.size(), 1u) << analysis.out;
  EXPECT_EQ(rows[0].at("retry_decision"), "REVIEW");
  EXPECT_EQ(rows[0].at("retry_advisor"), "rules");
  EXPECT_NE(rows[0].at("retry_reason").get<std::string>().find("LLM advisor unavailable"),
            std::string::npos);
  auto history = testing::run_loader("history invoices_b --format json", env);
  ASSERT_EQ(history.exit_code, 0) << history.all();
  common::Json runs = common::Json::parse(history.out);
  ASSERT_EQ(runs.size(), 2u) << history.out;
  EXPECT_EQ(runs[0].at("retry_advisor"), "rules");
  EXPECT_EQ(runs[1].at("retry_advisor"), std::string("llm:") + kModel);
  EXPECT_EQ(failed.control_bytes().find(kApiKey), std::string::npos);

  auto half =
      testing::run_loader("retry-analysis", "LARKBASE_LOADER_CONTROL='" + failed.control +
                                                "' LARKBASE_LLM_URL='" + endpoint.base_url() + "'");
  EXPECT_EQ(half.exit_code, 2) << half.all();
  EXPECT_NE(half.all().find("LARKBASE_LLM_MODEL"), std::string::npos) << half.all();
}

TEST(LlmAdvisor, ConfiguredFromTheEnvironment) {
  ::unsetenv("LARKBASE_LLM_URL");
  ::unsetenv("LARKBASE_LLM_MODEL");
  ::unsetenv("LARKBASE_LLM_API_KEY");
  ::unsetenv("LARKBASE_LLM_API_KEY_REF");
  EXPECT_FALSE(llm_advisor_from_env().has_value());
  ::setenv("LARKBASE_LLM_URL", "http://127.0.0.1:9/v1", 1);
  try {
    llm_advisor_from_env();
    ADD_FAILURE() << "a URL without a model was accepted";
  } catch (const common::UserError& e) {
    EXPECT_NE(std::string(e.what()).find("LARKBASE_LLM_MODEL"), std::string::npos) << e.what();
  }
  ::setenv("LARKBASE_LLM_MODEL", kModel, 1);
  ::setenv("LB_TEST_LLM_KEY", kApiKey, 1);
  ::setenv("LARKBASE_LLM_API_KEY_REF", "env:LB_TEST_LLM_KEY", 1);
  auto config = llm_advisor_from_env();
  ASSERT_TRUE(config.has_value());
  EXPECT_EQ(config->model, kModel);
  EXPECT_EQ(config->api_key, kApiKey);
  ::unsetenv("LARKBASE_LLM_URL");
  ::unsetenv("LARKBASE_LLM_MODEL");
  ::unsetenv("LARKBASE_LLM_API_KEY_REF");
}

}  // namespace
}  // namespace larkbase::loader
