#pragma once
// The local servers' common life cycle (`larkbase emulator`, `larkbase
// aws-emulator`): bind, print the handshake JSON as the one stdout line, serve
// until SIGTERM or SIGINT. The signals are blocked in every thread and taken by
// one waiting thread, so the server stops from a normal context.
#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <string>
#include <thread>

namespace larkbase::cli {

// Server: bind(), handshake() (a JSON value with dump()), run() until stop().
template <class Server>
void serve_until_signal(Server& server) {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  server.bind();
  std::string handshake = server.handshake().dump() + "\n";
  std::fputs(handshake.c_str(), stdout);
  std::fflush(stdout);

  std::thread waiter([&] {
    int received = 0;
    sigwait(&signals, &received);
    server.stop();
  });
  server.run();
  // run() only returns after stop(); if it returned on its own, wake the waiter.
  pthread_kill(waiter.native_handle(), SIGTERM);
  waiter.join();
}

}  // namespace larkbase::cli
