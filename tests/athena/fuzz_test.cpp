// A seeded random mutator over the SDK fixtures: whatever the bytes, the parser
// either returns a message or throws common::Error (UserError) with a message;
// nothing else escapes and nothing crashes (run under ASan for memory errors).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "athena/constraints_mapping.hpp"
#include "athena/message.hpp"
#include "common/base64.hpp"

namespace larkbase::athena {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> fixtures() {
  std::vector<std::string> out;
  for (const auto& entry : fs::recursive_directory_iterator(LARKBASE_FIXTURE_DIR)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    out.push_back(text.str());
  }
  return out;
}

// Mutations that reach deep: byte flips and deletions in the JSON text, and
// byte flips inside one base64 Arrow payload (re-encoded so the base64 is valid).
std::string mutate(std::string text, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> kind(0, 3);
  auto position = [&](size_t size) {
    return std::uniform_int_distribution<size_t>(0, size - 1)(rng);
  };
  switch (kind(rng)) {
    case 0:
      text[position(text.size())] = char(rng());
      break;
    case 1: {
      const size_t at = position(text.size());
      text.erase(at, std::min<size_t>(text.size() - at, 1 + rng() % 16));
      break;
    }
    case 2: {
      const size_t from = position(text.size());
      const size_t to = position(text.size());
      text.insert(to, text.substr(from, 1 + rng() % 32));
      break;
    }
    default: {
      // Find a long base64 string and corrupt its decoded bytes.
      size_t start = text.find("\"/////", position(text.size()));
      if (start == std::string::npos) start = text.find("\"/////");
      if (start == std::string::npos) start = text.find("\"jA");
      if (start == std::string::npos) break;
      const size_t end = text.find('"', start + 1);
      if (end == std::string::npos) break;
      std::string bytes;
      try {
        bytes = common::base64_decode(text.substr(start + 1, end - start - 1));
      } catch (const common::Error&) {
        break;  // an earlier mutation broke this string already
      }
      if (bytes.empty()) break;
      for (int i = 0; i < 1 + int(rng() % 4); ++i) bytes[position(bytes.size())] = char(rng());
      text.replace(start + 1, end - start - 1, common::base64_encode(bytes));
    }
  }
  return text;
}

TEST(AthenaFuzzTest, MutatedFixturesParseOrFailCleanly) {
  const std::vector<std::string> inputs = fixtures();
  ASSERT_FALSE(inputs.empty());
  std::mt19937_64 rng(20261206);
  int parsed = 0, rejected = 0;
  for (int iteration = 0; iteration < 4000; ++iteration) {
    std::string text = inputs[size_t(iteration) % inputs.size()];
    for (int n = 0; n < 1 + int(rng() % 3); ++n) text = mutate(std::move(text), rng);
    try {
      Message message = parse_message(text);
      if (message.body.contains("constraints")) {
        try {
          to_pushdown(message, message.body["constraints"]);
        } catch (const common::UserError&) {
        }
      }
      write_message(message);
      ++parsed;
    } catch (const common::Error& error) {
      EXPECT_GT(std::string(error.what()).size(), 10u);
      ++rejected;
    }
  }
  // Both outcomes occur, so the mutator reaches past the JSON syntax check.
  EXPECT_GT(parsed, 100);
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace larkbase::athena
