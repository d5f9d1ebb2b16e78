#pragma once
// Turns a table_control_dbconfig row into a live connection. Connection
// fields hold either plain values (host, port, database) or references to
// secrets — `env:NAME`, `file:/path` or `aws-sm:SECRET[#key]` (aws_secret.hpp)
// — resolved only here, at connect time. Passwords must be references: a
// clear password is refused on add-source.
#include <memory>
#include <string>

#include "loader/control_types.hpp"
#include "loader/db.hpp"
#include "loader/source.hpp"

namespace larkbase::loader {

// Throws UserError naming the missing or unsafe field.
void validate_source(const SourceConfig& source);
std::string resolve_secret(const std::string& field, const std::string& reference);
std::unique_ptr<Db> connect(const SourceConfig& source);
// The Source a load reads: SQL over connect() or a Lark Base (lark_source.hpp).
std::unique_ptr<Source> open_source(const SourceConfig& source);

}  // namespace larkbase::loader
