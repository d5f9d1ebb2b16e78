#pragma once
// A throw-away PostgreSQL cluster for tests: initdb + pg_ctl on a free port,
// socket and data in a temporary folder, trust auth over 127.0.0.1. As root
// (CI), the server runs as the `postgres` system user, which owns the folder.
// One cluster per test binary (a GoogleTest global environment); each test
// creates its own database.
#include <string>

namespace larkbase::testing {

class PostgresCluster {
 public:
  PostgresCluster();
  ~PostgresCluster();
  PostgresCluster(const PostgresCluster&) = delete;
  PostgresCluster& operator=(const PostgresCluster&) = delete;

  int port() const { return port_; }
  // Stops the server (fast shutdown) and starts it again on the same port
  // and data, for tests of what survives a database outage.
  void stop();
  void start();
  // A libpq URL for database `name` on this cluster.
  std::string url(const std::string& name) const;
  // Creates a fresh, empty database and returns its URL.
  std::string create_database(const std::string& prefix);

 private:
  std::string dir_;
  int port_ = 0;
  int next_db_ = 0;
};

// The binary's cluster, started on first use, stopped at exit.
PostgresCluster& postgres_cluster();

}  // namespace larkbase::testing
