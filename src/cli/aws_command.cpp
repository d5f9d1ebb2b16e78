// `larkbase aws ...`: explore the AWS side the connector and the crawler use
// (or the local AWS emulator) from the shell: who am I (STS), the Glue
// databases and tables with their Lark markers, an S3 listing, and which keys
// a Secrets Manager secret holds. Prints one JSON document (default) or an
// aligned text table on stdout. A secret's values are never printed.
#include <fmt/format.h>

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "aws/aws_config.hpp"
#include "aws/glue_client.hpp"
#include "aws/s3_client.hpp"
#include "aws/secrets_manager_client.hpp"
#include "aws/sts_client.hpp"
#include "catalog/glue_objects.hpp"
#include "cli/command_registry.hpp"
#include "cli/text_table.hpp"
#include "common/error.hpp"
#include "common/error_context.hpp"
#include "common/json.hpp"

namespace larkbase::cli {
namespace {

using common::Json;

struct AwsOptions {
  std::string region, endpoint_url;
  std::string output = "json";
  bool stats = false;
  std::string database;  // glue tables
  std::string table;     // glue table D.T
  std::string s3_url;    // s3 ls
  std::string secret;    // secret NAME
};

// resolve_aws_config() with --region / --endpoint-url standing in for
// AWS_REGION / AWS_ENDPOINT_URL when given.
aws::AwsConfig make_config(const AwsOptions& options) {
  aws::EnvLookup env = [options, process = aws::process_env()](const std::string& name) {
    if (name == "AWS_REGION" && !options.region.empty()) return std::optional(options.region);
    if (name == "AWS_ENDPOINT_URL" && !options.endpoint_url.empty()) {
      return std::optional(options.endpoint_url);
    }
    return process(name);
  };
  return aws::resolve_aws_config(env);
}

void print_json(const Json& document) { std::puts(document.dump(2).c_str()); }

bool json_output(const AwsOptions& options) { return options.output == "json"; }

void finish(const AwsOptions& options, aws::AwsTransport& transport) {
  if (options.stats) {
    std::fprintf(stderr, "aws calls: %s\n", transport.stats().snapshot().to_string().c_str());
  }
}

std::string parameter(const aws::GlueParameters& parameters, const std::string& key) {
  auto it = parameters.find(key);
  return it == parameters.end() ? "" : it->second;
}

void run_whoami(const AwsOptions& options) {
  auto config = make_config(options);
  Json where{{"region", config.region},
             {"credentials", config.credentials.source},
             {"sts_endpoint", config.endpoint(aws::AwsService::kSts)}};
  aws::StsClient sts(config);
  auto identity = sts.get_caller_identity();
  if (json_output(options)) {
    where["account"] = identity.account;
    where["arn"] = identity.arn;
    where["user_id"] = identity.user_id;
    print_json(where);
  } else {
    print_text_table({"account", "arn", "user_id", "region", "credentials"},
                     {{identity.account, identity.arn, identity.user_id, config.region,
                       config.credentials.source}});
  }
  finish(options, sts.transport());
}

void run_glue_databases(const AwsOptions& options) {
  aws::GlueClient glue(make_config(options));
  auto databases = glue.get_databases();
  if (json_output(options)) {
    Json out = Json::array();
    for (const auto& database : databases) out.push_back(aws::to_json(database));
    print_json(Json{{"databases", out}});
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& database : databases) {
      // A Lark database's location says how it was crawled and from which base.
      if (auto lark = catalog::parse_location(database.location_uri)) {
        rows.push_back({database.name, lark->method, lark->data_source, lark->base});
      } else {
        rows.push_back({database.name, "", "", database.location_uri});
      }
    }
    print_text_table({"name", "crawling_method", "data_source", "base / location_uri"}, rows);
  }
  finish(options, glue.transport());
}

void run_glue_tables(const AwsOptions& options) {
  aws::GlueClient glue(make_config(options));
  auto tables = common::with_context("Glue database " + options.database,
                                     [&] { return glue.get_tables(options.database); });
  if (json_output(options)) {
    Json out = Json::array();
    for (const auto& table : tables) out.push_back(aws::to_json(table));
    print_json(Json{{"database", options.database}, {"tables", out}});
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& table : tables) {
      size_t columns = table.storage_descriptor ? table.storage_descriptor->columns.size() : 0;
      rows.push_back({table.name, parameter(table.parameters, "classification"),
                      parameter(table.parameters, "larkBaseId"),
                      parameter(table.parameters, "larkTableId"), std::to_string(columns)});
    }
    print_text_table({"name", "classification", "larkBaseId", "larkTableId", "columns"}, rows);
  }
  finish(options, glue.transport());
}

void run_glue_table(const AwsOptions& options) {
  auto dot = options.table.find('.');
  if (dot == std::string::npos || dot == 0 || dot + 1 == options.table.size()) {
    throw common::UserError(fmt::format(
        "'{}' is not DATABASE.TABLE; name the Glue table with its database, e.g. sales.orders",
        options.table));
  }
  aws::GlueClient glue(make_config(options));
  auto table = common::with_context("Glue table " + options.table, [&] {
    return glue.get_table(options.table.substr(0, dot), options.table.substr(dot + 1));
  });
  if (json_output(options)) {
    print_json(Json{{"table", aws::to_json(table)}});
  } else {
    // The field-mapping comment is shown decoded; any other comment as it is.
    bool escaped = parameter(table.parameters, std::string(catalog::kParamCommentEscape)) ==
                   catalog::kCommentEscapePercent;
    std::vector<std::vector<std::string>> rows;
    if (table.storage_descriptor) {
      for (const auto& column : table.storage_descriptor->columns) {
        if (auto field = catalog::parse_column_comment(column.comment, escaped)) {
          rows.push_back(
              {column.name, column.type, field->field_id, field->field_name, field->type});
        } else {
          rows.push_back({column.name, column.type, "", column.comment, ""});
        }
      }
    }
    print_text_table(
        {"column", "type", "lark_field_id", "lark_field_name / comment", "lark_field_type"}, rows);
    std::vector<std::vector<std::string>> parameters;
    for (const auto& [key, value] : table.parameters) parameters.push_back({key, value});
    if (table.storage_descriptor && !table.storage_descriptor->location.empty()) {
      parameters.push_back({"(location)", table.storage_descriptor->location});
    }
    if (!table.table_type.empty()) parameters.push_back({"(table type)", table.table_type});
    std::puts("");
    print_text_table({"parameter", "value"}, parameters);
  }
  finish(options, glue.transport());
}

// "s3://bucket/prefix" -> {bucket, prefix}.
std::pair<std::string, std::string> parse_s3_url(const std::string& url) {
  constexpr std::string_view kScheme = "s3://";
  std::string rest = url.starts_with(kScheme) ? url.substr(kScheme.size()) : "";
  auto slash = rest.find('/');
  std::string bucket = rest.substr(0, slash);
  if (bucket.empty()) {
    throw common::UserError(
        fmt::format("'{}' is not an S3 location; give s3://BUCKET or s3://BUCKET/PREFIX", url));
  }
  return {bucket, slash == std::string::npos ? "" : rest.substr(slash + 1)};
}

void run_s3_ls(const AwsOptions& options) {
  auto [bucket, prefix] = parse_s3_url(options.s3_url);
  aws::S3Client s3(make_config(options));
  auto objects =
      common::with_context(options.s3_url, [&] { return s3.list_objects(bucket, prefix); });
  if (json_output(options)) {
    Json out = Json::array();
    for (const auto& object : objects) {
      out.push_back({{"key", object.key},
                     {"size", object.size},
                     {"etag", object.etag},
                     {"last_modified", object.last_modified}});
    }
    print_json(Json{{"bucket", bucket}, {"prefix", prefix}, {"objects", out}});
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& object : objects) {
      rows.push_back({object.last_modified, std::to_string(object.size), object.key});
    }
    print_text_table({"last_modified", "size", "key"}, rows);
  }
  finish(options, s3.transport());
}

// What a secret holds, without a single value: the keys of a JSON object, or
// only its kind.
void run_secret(const AwsOptions& options) {
  aws::SecretsManagerClient secrets(make_config(options));
  auto value = common::with_context("secret " + options.secret,
                                    [&] { return secrets.get_secret_value(options.secret); });
  Json keys = Json::array();
  std::string kind = "binary";
  if (!value.secret_string.empty() || value.secret_binary.empty()) {
    kind = "string (not a JSON object)";
    try {
      Json parsed = Json::parse(value.secret_string);
      if (parsed.is_object()) {
        kind = "JSON object";
        for (const auto& [key, member] : parsed.items()) keys.push_back(key);
      }
    } catch (const Json::exception&) {
      // Not JSON: only the kind is shown (and the parser's message, which may quote
      // the text, is dropped).
    }
  }
  value = {};  // nothing of the value outlives this point
  if (json_output(options)) {
    print_json(Json{{"name", options.secret}, {"kind", kind}, {"keys", keys}});
  } else {
    std::vector<std::vector<std::string>> rows;
    for (const auto& key : keys) rows.push_back({key.get<std::string>()});
    std::printf("secret %s: %s\n", options.secret.c_str(), kind.c_str());
    if (!rows.empty()) print_text_table({"key"}, rows);
  }
  finish(options, secrets.transport());
}

void setup(CLI::App& app) {
  auto options = std::make_shared<AwsOptions>();
  auto* aws = app.add_subcommand(
      "aws", "Explore the AWS side (STS, Glue, S3, Secrets Manager) or the local AWS emulator");
  aws->require_subcommand(1);
  aws->add_option("--region", options->region, "AWS region (env AWS_REGION)");
  aws->add_option("--endpoint-url", options->endpoint_url,
                  "one endpoint for every service, e.g. the AWS emulator's URL "
                  "(env AWS_ENDPOINT_URL)");
  aws->add_option("--output", options->output, "json (one document) or table")
      ->check(CLI::IsMember({"json", "table"}));
  aws->add_flag("--stats", options->stats, "print AWS call counts to stderr");

  auto* whoami = aws->add_subcommand("whoami", "The caller's account and ARN (STS)");
  whoami->callback([options] { run_whoami(*options); });

  auto* glue = aws->add_subcommand("glue", "Glue Data Catalog: databases and tables");
  glue->require_subcommand(1);
  auto* databases = glue->add_subcommand("databases", "List the Glue databases");
  databases->callback([options] { run_glue_databases(*options); });
  auto* tables = glue->add_subcommand("tables", "List the tables of a Glue database");
  tables->add_option("--database", options->database, "Glue database")->required();
  tables->callback([options] { run_glue_tables(*options); });
  auto* table = glue->add_subcommand("table", "One Glue table: columns and parameters");
  table->add_option("name", options->table, "DATABASE.TABLE")->required();
  table->callback([options] { run_glue_table(*options); });

  auto* s3 = aws->add_subcommand("s3", "S3 objects");
  s3->require_subcommand(1);
  auto* ls = s3->add_subcommand("ls", "List the objects under s3://BUCKET/PREFIX");
  ls->add_option("url", options->s3_url, "s3://BUCKET[/PREFIX]")->required();
  ls->callback([options] { run_s3_ls(*options); });

  auto* secret =
      aws->add_subcommand("secret", "The keys a Secrets Manager secret holds (never its values)");
  secret->add_option("name", options->secret, "secret name or ARN")->required();
  secret->callback([options] { run_secret(*options); });

  // Global options may also follow the subcommand: `aws glue tables --output table`.
  for (auto* sub : {whoami, glue, databases, tables, table, s3, ls, secret}) sub->fallthrough();
}

const CommandRegistration kAws{"aws", setup};

}  // namespace
}  // namespace larkbase::cli
