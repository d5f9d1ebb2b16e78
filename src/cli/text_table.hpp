#pragma once
// An aligned text table on stdout, for listings and query results. Widths are
// measured in terminal columns (East Asian wide characters count two), and a
// long cell is cut on a character boundary, so UTF-8 stays valid.
#include <string>
#include <vector>

namespace larkbase::cli {

void print_text_table(const std::vector<std::string>& header,
                      const std::vector<std::vector<std::string>>& rows);

// Terminal columns `text` takes (UTF-8; wide characters count two).
size_t display_width(const std::string& text);

}  // namespace larkbase::cli
