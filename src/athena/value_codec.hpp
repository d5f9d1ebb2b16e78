#pragma once
// Decoding of the nested objects of federation messages (athena-protocol.md §2,
// §5) in one serde version, into the canonical form Message::body holds.
#include <string>

#include "athena/message.hpp"

namespace larkbase::athena {

class ValueDecoder {
 public:
  ValueDecoder(Message& message, int version) : message_(message), version_(version) {}

  WireJson string(const WireJson& value, const std::string& path) const;
  WireJson string_or_null(const WireJson& value, const std::string& path) const;
  WireJson integer(const WireJson& value, const std::string& path) const;
  WireJson boolean(const WireJson& value, const std::string& path) const;
  WireJson size_string(const WireJson& value, const std::string& path) const;
  WireJson string_array(const WireJson& value, const std::string& path) const;
  WireJson string_map(const WireJson& value, const std::string& path) const;

  WireJson identity(const WireJson& value, const std::string& path) const;
  WireJson table_name(const WireJson& value, const std::string& path) const;
  WireJson table_names(const WireJson& value, const std::string& path) const;
  WireJson schema(const WireJson& value, const std::string& path) const;
  WireJson block(const WireJson& value, const std::string& path) const;
  WireJson split(const WireJson& value, const std::string& path) const;
  WireJson splits(const WireJson& value, const std::string& path) const;
  WireJson spill_location(const WireJson& value, const std::string& path) const;
  WireJson spill_locations(const WireJson& value, const std::string& path) const;
  WireJson encryption_key(const WireJson& value, const std::string& path) const;  // or null
  WireJson constraints(const WireJson& value, const std::string& path) const;
  WireJson capabilities(const WireJson& value, const std::string& path) const;

  WireJson value_set(const WireJson& value, const std::string& path) const;
  WireJson arrow_type(const WireJson& value, const std::string& path) const;
  WireJson expression(const WireJson& value, const std::string& path) const;

 private:
  WireJson marker(const WireJson& value, const std::string& path) const;
  WireJson array_of(const WireJson& value, const std::string& path,
                    WireJson (ValueDecoder::*item)(const WireJson&, const std::string&)
                        const) const;

  Message& message_;
  int version_;
};

// The members of `constraints` in `version`, in order (§5.1).
const std::vector<std::string>& constraint_members(int version);

}  // namespace larkbase::athena
