#pragma once
// batch_create and the record updates: turn cells in Lark's write form into the form search returns
// (text string -> segment array, link id list -> {link_record_ids}, ...),
// rejects values of the wrong JSON type with the per-type conversion codes
// (1254060...), and fills the automatic cells (created time/user, auto number).
#include <cstdint>
#include <string>

#include "common/json.hpp"
#include "emulator/api_error.hpp"
#include "emulator/table.hpp"

namespace larkbase::emulator {

struct WriteStamp {
  int64_t now_ms = 0;
  common::Json author;  // person object of the app that writes
  int64_t auto_number = 0;
};

// A stamp at the emulator's clock (now) by the app `app_id`.
WriteStamp write_stamp_now(const std::string& app_id);

// The stored record ({record_id, fields, created_*, last_modified_*}) for one
// written `fields` object. Throws ApiError (status per `mode`).
common::Json record_from_write(const Table& table, const std::string& record_id,
                               const common::Json& written, const WriteStamp& stamp,
                               ErrorStatusMode mode);

// `existing` (a stored record, as Table::record_locked gives it with the
// automatic keys) with the cells of `written` replaced (null clears a cell),
// the modified time/user cells and last_modified_* moved to `stamp`; created_*
// and the auto number kept. Throws ApiError as record_from_write.
common::Json record_from_update(const Table& table, const std::string& record_id,
                                const common::Json& existing, const common::Json& written,
                                const WriteStamp& stamp, ErrorStatusMode mode);

}  // namespace larkbase::emulator
