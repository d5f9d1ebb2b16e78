#pragma once
// One simdjson on-demand parser per thread, shared by every whole-document
// parse made on that thread: the Lark response envelope, then the page
// normaliser over the same body.
//
// Why shared: a parser keeps buffers of about five bytes per byte of the
// largest document it has parsed (6 MB for a 1.2 MB page of 500 records). One
// parser for envelopes plus one per split reader held two such sets per scan
// stream; sharing keeps it to one per thread.
//
// Rule for callers: a document (and every value or string_view taken from it)
// is valid only until the next iterate() on the same thread, so finish with it
// (copy what must outlive it) before calling code that may parse again.
#include <simdjson.h>

namespace larkbase::common {

simdjson::ondemand::parser& thread_json_parser();

}  // namespace larkbase::common
