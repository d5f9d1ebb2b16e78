// The emulator at the HTTP layer, over raw sockets: requests it cannot read get
// Lark envelopes that say what is wrong (a search without a body: 9499; 413 and
// 414 say "too large" / "too long", not "no API"); stalled clients neither hold
// up other clients nor keep their connections for ever; bad flags are refused.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "server_fixture.hpp"

namespace larkbase::testing {
namespace {

int port_of(const EmulatorProcess& emulator) {
  std::string url = emulator.url();
  return std::stoi(url.substr(url.rfind(':') + 1));
}

// A connected TCP socket, closed on destruction.
class Socket {
 public:
  explicit Socket(int port) : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(uint16_t(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd_ < 0 || connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
      throw std::runtime_error("cannot connect to the emulator");
    }
    timeval timeout{60, 0};  // a bound for a broken server, never reached when it works
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  }
  ~Socket() { close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  void send_all(const std::string& data) {
    for (size_t sent = 0; sent < data.size();) {
      ssize_t n = ::send(fd_, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return;  // the server may close early (413): what it said is still readable
      sent += size_t(n);
    }
  }
  // Everything until the server closes the connection (or the 60 s bound).
  std::string read_to_end() {
    std::string out;
    char buffer[4096];
    while (true) {
      ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
      if (n <= 0) return out;
      out.append(buffer, size_t(n));
    }
  }
  // Whether the server has closed this connection (without waiting).
  bool closed_by_server() {
    char byte;
    ssize_t n = recv(fd_, &byte, 1, MSG_DONTWAIT | MSG_PEEK);
    return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
  }

 private:
  int fd_;
};

struct RawReply {
  int status = 0;
  common::Json body;
};

RawReply parse_reply(const std::string& text) {
  RawReply reply;
  if (text.size() > 12) reply.status = std::stoi(text.substr(9, 3));
  auto body = text.find("\r\n\r\n");
  if (body != std::string::npos && body + 4 < text.size()) {
    reply.body = common::Json::parse(text.substr(body + 4), nullptr, false);
  }
  return reply;
}

RawReply round_trip(const EmulatorProcess& emulator, const std::string& request) {
  Socket socket(port_of(emulator));
  socket.send_all(request);
  return parse_reply(socket.read_to_end());
}

std::string search_path() { return table_path(kBase, kOrders, "/records/search"); }

TEST(EmulatorTransport, ASearchWithoutABodyIsInvalidParameters9499) {
  const auto& emulator = shared_emulator();
  std::string token = EmulatorClient(emulator).fetch_token().body["tenant_access_token"];
  for (const std::string& length : {std::string(""), std::string("Content-Length: 0\r\n")}) {
    SCOPED_TRACE(length.empty() ? "no Content-Length" : "Content-Length: 0");
    RawReply reply = round_trip(emulator, "POST " + search_path() +
                                              " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                                              "Authorization: Bearer " +
                                              token + "\r\n" + length + "\r\n");
    EXPECT_EQ(reply.status, 400);
    EXPECT_EQ(reply.body.value("code", 0), 9499) << reply.body.dump();
    EXPECT_EQ(reply.body.value("msg", "").find("no API"), std::string::npos) << reply.body.dump();
  }
}

TEST(EmulatorTransport, TooLongAndTooLargeRequestsSaySo) {
  const auto& emulator = shared_emulator();
  RawReply long_uri = round_trip(emulator, "GET /open-apis/" + std::string(9000, 'a') +
                                               " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(long_uri.status, 414);
  EXPECT_NE(long_uri.body.value("msg", "").find("URI Too Long"), std::string::npos)
      << long_uri.body.dump();

  Socket socket(port_of(emulator));
  const size_t size = (size_t(64) << 20) + 1;
  socket.send_all("POST " + search_path() + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" +
                  "Content-Type: application/json\r\nContent-Length: " + std::to_string(size) +
                  "\r\n\r\n");
  std::string chunk(1 << 20, ' ');
  for (size_t sent = 0; sent < size; sent += chunk.size()) {
    socket.send_all(sent + chunk.size() > size ? chunk.substr(0, size - sent) : chunk);
  }
  RawReply large = parse_reply(socket.read_to_end());
  EXPECT_EQ(large.status, 413);
  EXPECT_NE(large.body.value("msg", "").find("Too Large"), std::string::npos) << large.body.dump();
  EXPECT_EQ(large.body.value("msg", "").find("no API"), std::string::npos) << large.body.dump();
}

// 40 half-sent requests: more than the 16 worker threads kept ready.
constexpr int kStalled = 40;

std::vector<std::unique_ptr<Socket>> stall(const EmulatorProcess& emulator) {
  std::vector<std::unique_ptr<Socket>> stalled;
  for (int i = 0; i < kStalled; ++i) {
    stalled.push_back(std::make_unique<Socket>(port_of(emulator)));
    stalled.back()->send_all("POST " + search_path() +
                             " HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"fil");
  }
  return stalled;
}

TEST(EmulatorTransport, StalledClientsDoNotHoldUpOthers) {
  // A long read timeout: every stalled connection is still held by the server
  // while the other client is answered.
  auto emulator = start_emulator({"--read-timeout-ms", "60000"});
  auto stalled = stall(*emulator);
  EmulatorClient client(*emulator);
  EXPECT_EQ(client.fetch_token().body["code"], 0);
  EXPECT_EQ(authed_client(*emulator).get(table_path(kBase, kOrders, "/fields")).status, 200);
  for (auto& socket : stalled) EXPECT_FALSE(socket->closed_by_server());
}

TEST(EmulatorTransport, StalledClientsAreCutOffAfterTheReadTimeout) {
  auto emulator = start_emulator({"--read-timeout-ms", "200"});
  auto stalled = stall(*emulator);
  // Each read ends when the server closes the connection (the 60 s socket
  // bound would leave it open and fail the check).
  for (auto& socket : stalled) {
    socket->read_to_end();
    EXPECT_TRUE(socket->closed_by_server());
  }
  EXPECT_EQ(EmulatorClient(*emulator).fetch_token().body["code"], 0);
}

// `larkbase emulator ARGS` output and exit status; `timeout` ends an emulator
// that wrongly starts serving.
std::pair<int, std::string> run_emulator(const std::string& args) {
  std::string command =
      "timeout 60 '" + larkbase_binary() + "' emulator --port 0 " + args + " 2>&1";
  std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(command.c_str(), "r"), pclose);
  std::string out;
  char buffer[4096];
  while (fgets(buffer, sizeof buffer, pipe.get()) != nullptr) out += buffer;
  int status = pclose(pipe.release());
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST(EmulatorTransport, NegativeRowsAreRefused) {
  auto [status, output] = run_emulator("--demo --rows -5");
  EXPECT_NE(status, 0) << output;
  EXPECT_NE(status, 124) << "the emulator started serving: " << output;
  EXPECT_NE(output.find("--rows -5 is negative"), std::string::npos) << output;
}

}  // namespace
}  // namespace larkbase::testing
