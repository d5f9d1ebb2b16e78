#include "athena/spill.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>
#include <openssl/rand.h>

#include <memory>

#include "columnar/ipc.hpp"
#include "common/error.hpp"

namespace larkbase::athena {
namespace {

constexpr int kTagBytes = 16;

std::string random_bytes(size_t n) {
  std::string out(n, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(out.data()), int(n)) != 1) {
    throw common::InternalError("OpenSSL RAND_bytes failed");
  }
  return out;
}

const EVP_CIPHER* cipher_for(const EncryptionKey& key) {
  if (key.nonce.size() != 12) {
    throw common::UserError(fmt::format(
        "the split's encryption nonce is {} bytes; AES-GCM spill needs 12", key.nonce.size()));
  }
  if (key.key.size() == 32) return EVP_aes_256_gcm();
  if (key.key.size() == 16) return EVP_aes_128_gcm();
  throw common::UserError(fmt::format(
      "the split's encryption key is {} bytes; AES-GCM spill needs 16 or 32", key.key.size()));
}

using CipherContext = std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)>;

CipherContext new_context(const EncryptionKey& key, bool encrypt) {
  CipherContext context(EVP_CIPHER_CTX_new(), &EVP_CIPHER_CTX_free);
  const auto* k = reinterpret_cast<const unsigned char*>(key.key.data());
  const auto* iv = reinterpret_cast<const unsigned char*>(key.nonce.data());
  if (!context ||
      EVP_CipherInit_ex(context.get(), cipher_for(key), nullptr, k, iv, encrypt ? 1 : 0) != 1) {
    throw common::InternalError("OpenSSL could not set up AES-GCM");
  }
  return context;
}

}  // namespace

EncryptionKey make_encryption_key() { return {random_bytes(32), random_bytes(12)}; }

std::string random_uuid() {
  std::string bytes = random_bytes(16);
  bytes[6] = char((bytes[6] & 0x0f) | 0x40);
  bytes[8] = char((bytes[8] & 0x3f) | 0x80);
  std::string out;
  for (size_t i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    out += fmt::format("{:02x}", static_cast<unsigned char>(bytes[i]));
  }
  return out;
}

std::string encode_spill_object(const columnar::RecordBatch& batch,
                                const std::optional<EncryptionKey>& key) {
  return encode_spill_object(std::vector<columnar::RecordBatch>{batch}, key);
}

std::string encode_spill_object(const std::vector<columnar::RecordBatch>& parts,
                                const std::optional<EncryptionKey>& key) {
  std::string bytes = columnar::write_record_batch_message(parts, columnar::IpcFraming::kLegacy,
                                                           key ? kTagBytes : 0);
  if (!key) return bytes;
  // Encrypted in place (GCM is a stream mode), then the tag appended into the room
  // reserved for it: no second multi-megabyte buffer to allocate, copy and fault in.
  CipherContext context = new_context(*key, true);
  auto* data = reinterpret_cast<unsigned char*>(bytes.data());
  int written = 0;
  int final_bytes = 0;
  unsigned char tag[kTagBytes];
  if (EVP_CipherUpdate(context.get(), data, &written, data, int(bytes.size())) != 1 ||
      EVP_CipherFinal_ex(context.get(), data + written, &final_bytes) != 1 ||
      size_t(written + final_bytes) != bytes.size() ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_GET_TAG, kTagBytes, tag) != 1) {
    throw common::InternalError("OpenSSL AES-GCM encryption failed");
  }
  bytes.append(reinterpret_cast<const char*>(tag), kTagBytes);
  return bytes;
}

std::string decrypt_spill_object(const std::string& bytes, const EncryptionKey& key) {
  if (bytes.size() < size_t(kTagBytes)) throw common::UserError("spill object shorter than a tag");
  CipherContext context = new_context(key, false);
  const size_t body = bytes.size() - kTagBytes;
  std::string out(body, '\0');
  int written = 0;
  int final_bytes = 0;
  std::string tag = bytes.substr(body);
  if (EVP_CipherUpdate(context.get(), reinterpret_cast<unsigned char*>(out.data()), &written,
                       reinterpret_cast<const unsigned char*>(bytes.data()), int(body)) != 1 ||
      EVP_CIPHER_CTX_ctrl(context.get(), EVP_CTRL_GCM_SET_TAG, kTagBytes, tag.data()) != 1 ||
      EVP_CipherFinal_ex(context.get(), reinterpret_cast<unsigned char*>(out.data()) + written,
                         &final_bytes) != 1) {
    throw common::UserError("spill object does not decrypt with the split's key (tag mismatch)");
  }
  out.resize(size_t(written + final_bytes));
  return out;
}

}  // namespace larkbase::athena
