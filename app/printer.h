// Printing search results in ripgrep's formats, byte for byte.
//
// The searcher hands the printer one file at a time: its path, its whole content and the lines that
// matched, each with the byte ranges of its matches.  The printer owns everything about presentation:
// headings, line numbers, colours, context lines (-A/-B/-C) and their "--" separators, --vimgrep,
// --json (ripgrep's JSON Lines: begin, match, context, end, summary), -l, -c.
#pragma once

#include <cstdint>
#include <cstdio>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "query/search.h"

namespace scry {

struct FileMatches {
  std::string path;                // as it is to be printed
  std::string_view content;        // the whole file
  std::vector<MatchedLine> lines;  // in file order
};

enum class OutputFormat { kStandard, kVimgrep, kJson, kFilesWithMatches, kCount };

struct PrinterOptions {
  OutputFormat format = OutputFormat::kStandard;
  bool heading = false;          // group matches under the file name (rg's default on a terminal)
  bool line_numbers = false;     // -n (rg's default on a terminal)
  bool column = false;           // --column (implies line numbers, as in rg)
  bool color = false;            // --color=always, or auto on a terminal
  bool only_matching = false;    // -o
  uint32_t before_context = 0;   // -B
  uint32_t after_context = 0;    // -A
  bool null_after_path = false;  // -0 (for -l)
  // -m: the caller hands over at most this many matched lines.  rg keeps printing the after-context
  // of the last one and reports the lines there that match as matches, so the printer needs
  // find_matches (Pattern::MatchesInFileLine) to tell them apart.  Without it they print as context.
  std::optional<uint64_t> max_count;
  std::function<void(std::string_view content, size_t line_start, std::vector<Submatch>* out)> find_matches;
};

class Printer {
 public:
  virtual ~Printer() = default;
  // Called for files with at least one matched line, in the order they are to appear.
  virtual void PrintFile(const FileMatches& file) = 0;
  // Called once at the end (the JSON summary message; nothing for other formats).
  virtual void Finish(double elapsed_seconds) = 0;
};

std::unique_ptr<Printer> MakePrinter(const PrinterOptions& options, FILE* out);

}  // namespace scry
