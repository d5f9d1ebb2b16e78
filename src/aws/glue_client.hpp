#pragma once
// AWS Glue Data Catalog: the calls the connector (read) and the crawler
// (write) make. Listing calls follow NextToken to the end; a failed page
// fails the whole call. Errors are AwsError (not_found(), already_exists()).
#include <memory>
#include <string>
#include <vector>

#include "aws/aws_config.hpp"
#include "aws/aws_transport.hpp"
#include "aws/glue_model.hpp"

namespace larkbase::aws {

struct GlueTableError {
  std::string table_name;
  std::string code;
  std::string message;
};

class GlueClient {
 public:
  // `catalog_id` empty: the caller's account (Glue's default).
  explicit GlueClient(AwsConfig config, std::string catalog_id = "");
  explicit GlueClient(std::shared_ptr<AwsTransport> transport, std::string catalog_id = "");

  std::vector<GlueDatabase> get_databases();
  GlueDatabase get_database(const std::string& name);
  void create_database(const GlueDatabase& database);
  void update_database(const std::string& name, const GlueDatabase& database);
  void delete_database(const std::string& name);

  // `expression`: Glue's table-name regex filter; empty lists every table.
  std::vector<GlueTable> get_tables(const std::string& database,
                                    const std::string& expression = "");
  GlueTable get_table(const std::string& database, const std::string& name);
  void create_table(const std::string& database, const GlueTable& table);
  void update_table(const std::string& database, const GlueTable& table);
  void delete_table(const std::string& database, const std::string& name);
  // Deletes in chunks of 100 (Glue's limit); returns the tables Glue could not delete.
  std::vector<GlueTableError> batch_delete_table(const std::string& database,
                                                 const std::vector<std::string>& names);

  // Page size asked of Glue's listing calls (tests use small pages).
  void set_page_size(int page_size) { page_size_ = page_size; }
  AwsTransport& transport() { return *transport_; }

 private:
  common::Json with_catalog(common::Json input) const;
  common::Json call(const std::string& operation, common::Json input);

  std::shared_ptr<AwsTransport> transport_;
  std::string catalog_id_;
  int page_size_ = 100;
};

}  // namespace larkbase::aws
