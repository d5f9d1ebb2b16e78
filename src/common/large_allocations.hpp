#pragma once
// Large buffers (1 MiB and up) get their own mapping and go back to the system
// when freed.
//
// glibc maps an allocation on its own above a threshold that starts at 128 KiB
// and rises to the size of every mapped block freed, so a few pages into a scan
// every large buffer (a batch's columns, a parser's tape, a spill block) comes
// from a thread's malloc arena instead. Freed in another order than made, and
// often on another thread, they leave holes the arena keeps: a long scan's
// resident memory grew with the table while its live memory did not
// (docs/sql.md, "Output"). A fixed threshold stops the rise. Called once at
// start, before any thread; a MALLOC_MMAP_THRESHOLD_ set in the environment
// is the user's choice and is kept.
namespace larkbase::common {

void map_large_allocations_on_their_own();

}  // namespace larkbase::common
