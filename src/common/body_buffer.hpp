#pragma once
// One response-body buffer per thread, reused from page to page.
//
// A Lark page is 1–2 MB of JSON. Allocated and freed once a page, these bodies
// came from the reading threads' malloc arenas, which fragmented: a long scan's
// resident memory grew with the table (about 20 MB more at 1,000,000 rows than
// at 100,000, while its live memory grew by 5 MB; docs/sql.md). A reader that
// is done with a body hands it back here, and the next response on the same
// thread is received into it, so a stream keeps one buffer, not a trail of them.
// Threads that never hand a body back are unaffected.
#include <string>

namespace larkbase::common {

// An empty string with this thread's spare capacity (none if it has no spare).
std::string take_body_buffer();

// Keeps `body`'s storage as this thread's spare (when larger than the spare it
// has, and not huge); the contents are discarded.
void recycle_body_buffer(std::string&& body);

}  // namespace larkbase::common
