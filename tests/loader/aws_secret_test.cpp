// `aws-sm:SECRET[#key]` source secrets, read from the AWS emulator (a child
// process seeded with --secret) by the project's Secrets Manager client: a
// Lark source whose app secret lives in Secrets Manager loads, in process and
// through the CLI; a missing secret or key fails with an error that names the
// secret and the remedy; the secret value is in no output, error or control
// database.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "aws_emulator_process.hpp"
#include "cli_process.hpp"
#include "common/error.hpp"
#include "common/json.hpp"
#include "emulator_process.hpp"
#include "lark_dataset.hpp"
#include "loader/connections.hpp"
#include "loader/lark_source.hpp"
#include "loader/load_runner.hpp"
#include "wrong_secret_check.hpp"

namespace larkbase::loader {
namespace {

constexpr const char* kPlainValue = "pg-password-7Qx!";

struct Fixture {
  std::filesystem::path dir;
  std::unique_ptr<larkbase::testing::EmulatorProcess> lark;
  std::unique_ptr<larkbase::testing::AwsEmulatorProcess> aws;

  Fixture() {
    dir = std::filesystem::temp_directory_path() /
          ("lb-loader-awssm-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    lark = std::make_unique<larkbase::testing::EmulatorProcess>(
        std::vector<std::string>{"--dataset", testing::write_shop_dataset(dir.string())});
    common::Json good = {{"lark_app_id", lark->app_id()}, {"lark_app_secret", secret()}};
    common::Json wrong = {{"lark_app_secret", "wrong-secret-Zz9"}};
    aws = std::make_unique<larkbase::testing::AwsEmulatorProcess>(std::vector<std::string>{
        "--secret", "lb/lark=" + good.dump(), "--secret", "lb/wrong=" + wrong.dump(), "--secret",
        std::string("lb/plain=") + kPlainValue});
    // The loader resolves its AWS configuration from the environment, as
    // every AWS client does; CLI children inherit it.
    ::setenv("AWS_ENDPOINT_URL", aws->url().c_str(), 1);
    ::setenv("AWS_REGION", aws->handshake().at("region").get<std::string>().c_str(), 1);
    ::setenv("AWS_ACCESS_KEY_ID", "AKIDEMULATOR", 1);
    ::setenv("AWS_SECRET_ACCESS_KEY", "emulator-secret-key", 1);
  }
  ~Fixture() { std::filesystem::remove_all(dir); }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string secret() const { return lark->app_secret(); }
  SourceConfig source(const std::string& reference) const {
    common::Json config = {{"api_url", lark->url()},
                           {"app_id", lark->app_id()},
                           {"app_secret", reference},
                           {"app_token", testing::kShopToken}};
    return {"shop", "lark", config.dump(), std::nullopt};
  }
};

TableConfig orders_config() {
  TableConfig t;
  t.config_id = 1;
  t.db_config_key = "shop";
  t.source_name = "orders";
  t.destination_key = "dst";
  t.destination_name = "shop_orders";
  t.strategy = "full";
  t.primary_key = {"$reserved_record_id"};
  return t;
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const common::UserError& e) {
    return e.what();
  }
  ADD_FAILURE() << "no UserError";
  return "";
}

TEST(AwsSmSecrets, LarkSourceLoadsWithTheAppSecretFromAJsonKey) {
  Fixture fx;
  SourceConfig source_config = fx.source("aws-sm:lb/lark#lark_app_secret");
  validate_source(source_config);  // a reference, accepted
  LarkSource source(source_config);
  std::string url = "sqlite:" + (fx.dir / "target.db").string();
  Target target(open_db(url), std::nullopt);
  LoadOutcome outcome = LoadRunner(orders_config(), source, target, 1765000000).run();
  EXPECT_EQ(outcome.rows_read, 5) << outcome.message;
  auto count = target.db().exec("SELECT COUNT(*) FROM " + target.table("shop_orders"));
  EXPECT_EQ(count.rows.at(0).at(0).value_or(""), "5");
  // The value really comes from the secret: another secret's wrong value
  // makes Lark refuse the token, and the error does not quote it.
  LarkSource wrong(fx.source("aws-sm:lb/wrong#lark_app_secret"));
  testing::expect_wrong_secret_refused(wrong, "wrong-secret-Zz9");
}

TEST(AwsSmSecrets, WholeSecretStringAndClearErrors) {
  Fixture fx;
  EXPECT_EQ(resolve_secret("password", "aws-sm:lb/plain"), kPlainValue);

  std::string missing = error_of([] { resolve_secret("password", "aws-sm:lb/absent"); });
  EXPECT_NE(missing.find("'lb/absent'"), std::string::npos) << missing;
  EXPECT_NE(missing.find("does not exist"), std::string::npos) << missing;
  EXPECT_NE(missing.find("create-secret"), std::string::npos) << missing;
  EXPECT_NE(missing.find("'password'"), std::string::npos) << missing;

  std::string no_key = error_of([] { resolve_secret("app_secret", "aws-sm:lb/lark#nokey"); });
  EXPECT_NE(no_key.find("'lb/lark'"), std::string::npos) << no_key;
  EXPECT_NE(no_key.find("'nokey'"), std::string::npos) << no_key;
  EXPECT_EQ(no_key.find(fx.secret()), std::string::npos) << no_key;

  // A key into a secret that is not JSON: the error does not quote it.
  std::string not_json = error_of([] { resolve_secret("password", "aws-sm:lb/plain#k"); });
  EXPECT_NE(not_json.find("not a JSON object"), std::string::npos) << not_json;
  EXPECT_EQ(not_json.find(kPlainValue), std::string::npos) << not_json;

  std::string malformed = error_of([] { resolve_secret("password", "aws-sm:#k"); });
  EXPECT_NE(malformed.find("aws-sm:SECRET_NAME"), std::string::npos) << malformed;
}

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The operator's path: add-source with an aws-sm reference, a load through
// the CLI, and a broken reference whose failure is recorded; the secret is in
// no output and nowhere in the control database file.
TEST(AwsSmSecrets, CliLoadsAndRecordsFailuresWithoutTheSecret) {
  Fixture fx;
  std::string control = "sqlite:" + (fx.dir / "control.db").string();
  std::string env = "LARKBASE_LOADER_CONTROL='" + control + "'";
  std::string lark = "--type lark --api-url " + fx.lark->url() + " --app-id " + fx.lark->app_id() +
                     " --base " + testing::kShopToken;
  std::vector<testing::CliResult> ok = {
      testing::run_loader(
          "add-source shop " + lark + " --app-secret aws-sm:lb/lark#lark_app_secret", env),
      testing::run_loader("add-source lake --type sqlite --path " + (fx.dir / "lake.db").string(),
                          env),
      testing::run_loader("add-table --source shop --source-table orders --target lake "
                          "--strategy full --primary-key '$reserved_record_id'",
                          env),
      testing::run_loader("run orders", env),
      testing::run_loader("add-source broken " + lark + " --app-secret aws-sm:lb/lark#gone", env),
      testing::run_loader("add-table --source broken --source-table orders --target lake "
                          "--target-table broken_orders --strategy full "
                          "--primary-key '$reserved_record_id'",
                          env),
  };
  for (const auto& r : ok) {
    EXPECT_EQ(r.exit_code, 0) << r.all();
    EXPECT_EQ(r.all().find(fx.secret()), std::string::npos) << r.all();
  }
  EXPECT_NE(ok[3].out.find("rows read 5"), std::string::npos) << ok[3].all();

  auto failed = testing::run_loader("run broken_orders", env);
  EXPECT_EQ(failed.exit_code, 3) << failed.all();
  EXPECT_NE(failed.all().find("'lb/lark'"), std::string::npos) << failed.all();
  EXPECT_NE(failed.all().find("'gone'"), std::string::npos) << failed.all();
  auto status = testing::run_loader("status --format json", env);
  auto history = testing::run_loader("history broken_orders --format json", env);
  for (const auto* r : {&failed, &status, &history}) {
    EXPECT_EQ(r->all().find(fx.secret()), std::string::npos) << r->all();
  }
  EXPECT_NE(history.all().find("lb/lark"), std::string::npos) << history.all();
  std::string control_file = file_bytes(fx.dir / "control.db");
  ASSERT_FALSE(control_file.empty());
  EXPECT_NE(control_file.find("aws-sm:lb/lark#lark_app_secret"), std::string::npos);
  EXPECT_EQ(control_file.find(fx.secret()), std::string::npos);
}

}  // namespace
}  // namespace larkbase::loader
