#include "postgres_cluster.hpp"

#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace larkbase::testing {
namespace {

const char* kBin = "/usr/lib/postgresql/15/bin/";

int free_port() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

// Runs a server binary as `postgres` when we are root (initdb refuses root).
void run(const std::string& command, const std::string& log) {
  std::string prefix = geteuid() == 0 ? "runuser -u postgres -- " : "";
  std::string full = prefix + command + " >>" + log + " 2>&1";
  if (std::system(full.c_str()) != 0) {
    throw std::runtime_error("postgres test cluster: '" + command + "' failed; see " + log);
  }
}

bool can_connect(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  bool ok = PQstatus(c) == CONNECTION_OK;
  PQfinish(c);
  return ok;
}

}  // namespace

PostgresCluster::PostgresCluster() {
  char templ[] = "/tmp/larkbase-pg-XXXXXX";
  if (!mkdtemp(templ)) throw std::runtime_error("postgres test cluster: mkdtemp failed");
  dir_ = templ;
  if (geteuid() == 0) {
    passwd* pw = getpwnam("postgres");
    if (!pw)
      throw std::runtime_error("postgres test cluster: no `postgres` user to run the server");
    if (chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      throw std::runtime_error("postgres test cluster: cannot chown " + dir_);
    }
  }
  std::string log = dir_ + "/setup.log";
  run(std::string(kBin) + "initdb -D " + dir_ + "/data -A trust -U postgres -E UTF8 --no-sync",
      log);
  port_ = free_port();
  start();
}

void PostgresCluster::start() {
  std::string log = dir_ + "/setup.log";
  run(std::string(kBin) + "pg_ctl -D " + dir_ + "/data -l " + dir_ +
          "/server.log -w -t 60 -o \"-p " + std::to_string(port_) + " -k " + dir_ +
          " -c listen_addresses=127.0.0.1 -c fsync=off " +
          "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200\" start",
      log);
  // pg_ctl -w waited for the server; confirm over TCP with a deadline.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!can_connect(url("postgres"))) {
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("postgres test cluster did not accept connections; see " + dir_);
    }
  }
}

void PostgresCluster::stop() {
  run(std::string(kBin) + "pg_ctl -D " + dir_ + "/data -m fast -w stop", dir_ + "/setup.log");
}

PostgresCluster::~PostgresCluster() {
  std::string prefix = geteuid() == 0 ? "runuser -u postgres -- " : "";
  std::string stop =
      prefix + kBin + "pg_ctl -D " + dir_ + "/data -m immediate -w stop >/dev/null 2>&1";
  (void)std::system(stop.c_str());
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

std::string PostgresCluster::url(const std::string& name) const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

std::string PostgresCluster::create_database(const std::string& prefix) {
  std::string name = prefix + "_" + std::to_string(getpid()) + "_" + std::to_string(next_db_++);
  PGconn* c = PQconnectdb(url("postgres").c_str());
  PGresult* r = PQexec(c, ("CREATE DATABASE " + name).c_str());
  bool ok = PQresultStatus(r) == PGRES_COMMAND_OK;
  std::string error = PQerrorMessage(c);
  PQclear(r);
  PQfinish(c);
  if (!ok) throw std::runtime_error("cannot create test database " + name + ": " + error);
  return url(name);
}

PostgresCluster& postgres_cluster() {
  // Started on first use, stopped when the binary exits.
  static auto* cluster = new PostgresCluster();
  static std::unique_ptr<PostgresCluster> owner(cluster);
  return *cluster;
}

}  // namespace larkbase::testing
