// The lines one file's output is made of, in the order and with the gaps ripgrep's searcher reports:
// the matched lines, the -A/-B context around them, and where a "--" break falls between groups.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "app/printer.h"

namespace scry {

struct OutputLine {
  bool is_match = false;
  bool after_break = false;  // not adjacent to the previous line of this file, with context on
  uint64_t number = 0;
  uint64_t offset = 0;
  std::string_view bytes;  // including its '\n', if it has one
  std::vector<Submatch> submatches;

  // The line without its '\n'.
  std::string_view text() const;
};

struct FileLines {
  std::vector<OutputLine> lines;
  // What rg counts as searched: all of the file, unless -m stopped it early.
  uint64_t bytes_searched = 0;
};

FileLines CollectLines(const FileMatches& file, const PrinterOptions& options);

}  // namespace scry
