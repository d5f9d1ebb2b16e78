#pragma once
// An aligned text table on stdout, for listings and query results. Widths are
// measured in terminal columns (East Asian wide characters count two). A cell
// longer than 40 columns is cut on a character boundary and ends with "..." (so
// UTF-8 stays valid); column names are never cut. Control characters from the data
// are shown escaped (ESC as \x1b, U+009B as \u009b), never sent to the terminal;
// a newline or tab in a cell shows as a space.
#include <string>
#include <vector>

namespace larkbase::cli {

void print_text_table(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows);

// `text` with control characters (C0, DEL, C1) escaped as described above; newline
// and tab are escaped too unless `keep_layout`, when they become spaces.
std::string visible_text(const std::string& text, bool keep_layout);

// Terminal columns `text` takes (UTF-8; wide characters count two).
size_t display_width(const std::string& text);

}  // namespace larkbase::cli
