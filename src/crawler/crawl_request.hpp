#pragma once
// What one crawl registers: the tables of the bases a Lark control table
// names (LarkBase) or of the bitables in a Drive folder (LarkDrive), and how
// (dry run, prune). Built from the CLI flags or from a Lambda event in either
// accepted shape:
//   seed form:      {"handler_type": "lark_base", "larkBaseDataSourceId": "…",
//                    "larkTableDataSourceId": "…"}
//                   {"handler_type": "lark_drive", "larkDriveFolderToken": "…"}
//   reference form: {"handlerType": "LARK_BASE", "payload": {"larkBaseDataSourceId": "…",
//                    "larkTableDataSourceId": "…"}}
//                   {"handlerType": "LARK_DRIVE", "payload": {"larkDriveFolderToken": "…"}}
// Either form may add "dryRun"/"dry_run" and "prune" (booleans).
#include <string>

#include "common/json.hpp"

namespace larkbase::crawler {

enum class SourceKind { kLarkBase, kLarkDrive };

struct CrawlRequest {
  SourceKind kind = SourceKind::kLarkBase;
  std::string control_base;   // LarkBase: the control table's base token
  std::string control_table;  // LarkBase: the control table's id
  std::string folder_token;   // LarkDrive
  bool dry_run = false;
  bool prune = false;

  // "LarkBase" / "LarkDrive": the crawlingMethod the reference writes.
  std::string method() const;
  // LarkBase: "<base>:<table>"; LarkDrive: the folder token (the DataSource= of locations).
  std::string data_source() const;
  // "control table tblX of base appY" / "Drive folder fldX".
  std::string describe() const;
  // Throws UserError naming the missing id and how to give it.
  void validate() const;
};

// Throws UserError naming the bad key or value and listing the accepted shapes.
CrawlRequest parse_crawl_event(const common::Json& event);

}  // namespace larkbase::crawler
