#include "app/printer_lines.h"

#include <algorithm>
#include <string>

namespace scry {

std::string_view OutputLine::text() const {
  return bytes.ends_with('\n') ? bytes.substr(0, bytes.size() - 1) : bytes;
}

namespace {

size_t LineEnd(std::string_view content, size_t begin) {
  size_t newline = content.find('\n', begin);
  return newline == std::string_view::npos ? content.size() : newline + 1;
}

// `line_start` > 0 is the start of a line; returns the start of the line before it.
size_t PreviousLineStart(std::string_view content, size_t line_start) {
  if (line_start < 2) return 0;
  size_t newline = content.rfind('\n', line_start - 2);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

// rg reads a file through a line buffer (64 KiB, grown to hold longer lines) and, when -m stops it
// early, counts as searched only what it rolled out of that buffer before the one holding `stop`.
// Each roll keeps the last `context` lines, plus the line before them, for a later before-context,
// and everything from the last line it printed on.
uint64_t BufferedBytesBefore(std::string_view content, size_t stop, uint32_t context,
                             const std::vector<OutputLine>& printed) {
  size_t start = 0;
  size_t capacity = 64 * 1024;
  while (start + capacity < content.size()) {
    size_t newline = content.rfind('\n', start + capacity - 1);
    if (newline == std::string_view::npos || newline < start) {
      capacity *= 2;
      continue;
    }
    size_t complete_end = newline + 1;
    if (stop <= complete_end) break;
    size_t next = complete_end;
    if (context > 0) {
      for (uint32_t i = 0; i <= context && next > start; ++i) next = PreviousLineStart(content, next);
      for (const OutputLine& line : printed) {
        size_t end = line.offset + line.bytes.size();
        if (end > next && end <= complete_end) next = end;
      }
    }
    if (next <= start) {
      capacity *= 2;
      continue;
    }
    start = next;
  }
  return start;
}

class Collector {
 public:
  Collector(std::string_view content, bool context) : content_(content), context_(context) {}

  void Add(bool is_match, uint64_t number, size_t offset, std::vector<Submatch> submatches) {
    size_t end = LineEnd(content_, offset);
    lines_.push_back({.is_match = is_match,
                      .after_break = context_ && !lines_.empty() && offset != emitted_end_,
                      .number = number,
                      .offset = offset,
                      .bytes = content_.substr(offset, end - offset),
                      .submatches = std::move(submatches)});
    emitted_end_ = end;
  }

  // Adds up to `count` context lines before the matched line at `offset`, never repeating a line.
  void AddBefore(uint64_t number, size_t offset, uint32_t count) {
    size_t start = offset;
    uint64_t first = number;
    for (uint32_t i = 0; i < count && start > 0 && !(!lines_.empty() && start <= emitted_end_); ++i) {
      start = PreviousLineStart(content_, start);
      --first;
    }
    for (; start < offset; start = LineEnd(content_, start)) Add(false, first++, start, {});
  }

  // Adds up to `count` context lines after the last added line, stopping before `limit`.
  void AddAfter(uint32_t count, size_t limit) {
    uint64_t number = lines_.back().number;
    for (uint32_t i = 0; i < count && emitted_end_ < content_.size() && emitted_end_ < limit; ++i) {
      Add(false, ++number, emitted_end_, {});
    }
  }

  // rg's behaviour once -m is reached: the after-context goes on, lines in it that match are printed
  // as matches, and every line, matching or not, uses up one line of the context.  Returns whether
  // all of it was used up, which is when rg stops reading; otherwise it ran into the end of the file.
  bool AddAfterLimit(uint32_t count, const PrinterOptions& options) {
    uint64_t number = lines_.back().number;
    uint32_t i = 0;
    for (; i < count && emitted_end_ < content_.size(); ++i) {
      size_t offset = emitted_end_;
      std::vector<Submatch> submatches;
      if (options.find_matches) options.find_matches(content_, offset, &submatches);
      bool is_match = !submatches.empty();
      Add(is_match, ++number, offset, std::move(submatches));
    }
    return i == count;
  }

  size_t emitted_end() const { return emitted_end_; }
  std::vector<OutputLine> Take() { return std::move(lines_); }

 private:
  std::string_view content_;
  bool context_;
  std::vector<OutputLine> lines_;
  size_t emitted_end_ = 0;
};

}  // namespace

FileLines CollectLines(const FileMatches& file, const PrinterOptions& options) {
  Collector collector(file.content, options.before_context > 0 || options.after_context > 0);
  bool limited = options.max_count && file.lines.size() >= *options.max_count;
  bool stopped_early = false;
  for (size_t i = 0; i < file.lines.size(); ++i) {
    const MatchedLine& line = file.lines[i];
    collector.AddBefore(line.number, line.offset, options.before_context);
    collector.Add(true, line.number, line.offset, line.submatches);
    bool last = i + 1 == file.lines.size();
    if (last && limited) {
      stopped_early = collector.AddAfterLimit(options.after_context, options);
    } else {
      collector.AddAfter(options.after_context, last ? file.content.size() : file.lines[i + 1].offset);
    }
  }
  FileLines result;
  result.lines = collector.Take();
  result.bytes_searched =
      stopped_early
          ? BufferedBytesBefore(file.content, collector.emitted_end(),
                                std::max(options.before_context, options.after_context), result.lines)
          : file.content.size();
  return result;
}

}  // namespace scry
