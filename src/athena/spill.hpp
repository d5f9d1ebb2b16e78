#pragma once
// Spilling ReadRecords blocks (athena-protocol.md §6): each spilled block is one
// RecordBatch message in legacy framing (metadata V4) at `<split key>.<n>`,
// AES-GCM encrypted with the split's key and nonce unless encryption is off.
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "columnar/record_batch.hpp"

namespace larkbase::athena {

struct EncryptionKey {
  std::string key;    // 16 or 32 raw bytes
  std::string nonce;  // 12 raw bytes
};

// Where spilled objects go (S3 on Lambda; the tests use an in-memory store).
class SpillStore {
 public:
  virtual ~SpillStore() = default;
  // Throws common::ExternalError naming bucket/key on failure.
  virtual void put(const std::string& bucket, const std::string& key, std::string bytes) = 0;
  // Uploads from now on fit their retries before `deadline` (nullopt: none); a
  // store without remote calls ignores it.
  virtual void set_deadline(std::optional<std::chrono::steady_clock::time_point> deadline) {
    (void)deadline;
  }
};

// A fresh key: 32 random bytes + a 12-byte nonce (OpenSSL RAND_bytes).
EncryptionKey make_encryption_key();
// A random UUID (version 4) for spill keys.
std::string random_uuid();

// The bytes of one spilled object.
std::string encode_spill_object(const columnar::RecordBatch& batch,
                                const std::optional<EncryptionKey>& key);
// The object of the rows of `parts` in order, one message, without concatenating them.
std::string encode_spill_object(const std::vector<columnar::RecordBatch>& parts,
                                const std::optional<EncryptionKey>& key);
// The reverse, for tests and tools: decrypts (when keyed) and returns the IPC message.
std::string decrypt_spill_object(const std::string& bytes, const EncryptionKey& key);

}  // namespace larkbase::athena
