#include <span>
#include <string>

#include "app/printer_color.h"
#include "app/printer_formats.h"
#include "app/printer_lines.h"

namespace scry {
namespace {

class StandardPrinter : public Printer {
 public:
  StandardPrinter(const PrinterOptions& options, FILE* out) : options_(options), out_(out) {
    // --vimgrep is rg's standard format with one row per match and these settings forced.
    per_match_ = options_.format == OutputFormat::kVimgrep;
    if (per_match_) {
      options_.heading = false;
      options_.column = true;
    }
    options_.line_numbers = options_.line_numbers || options_.column;
  }

  void PrintFile(const FileMatches& file) override {
    path_ = file.path;
    text_.clear();
    // rg separates files only once something has been printed: a blank line under --heading,
    // otherwise the context separator when context is on.
    if (ever_written_) {
      if (options_.heading) {
        text_ += '\n';
      } else if (options_.before_context > 0 || options_.after_context > 0) {
        text_ += "--\n";
      }
    }
    if (options_.heading) {
      AppendColored(&text_, options_.color, kAnsiPath, path_);
      text_ += '\n';
    }
    for (const OutputLine& line : CollectLines(file, options_).lines) {
      if (line.after_break) text_ += "--\n";
      if (line.is_match) {
        AppendMatch(line);
      } else {
        AppendPrelude('-', line.number, 0);
        AppendLine(line.text());
      }
    }
    std::fwrite(text_.data(), 1, text_.size(), out_);
    ever_written_ = true;
  }

  void Finish(double) override {}

 private:
  // Path, line number and column, each followed by `separator`; a column of 0 is not printed.
  void AppendPrelude(char separator, uint64_t number, uint64_t column) {
    if (!options_.heading) {
      AppendColored(&text_, options_.color, kAnsiPath, path_);
      text_ += separator;
    }
    if (options_.line_numbers) {
      AppendColored(&text_, options_.color, kAnsiLineNumber, std::to_string(number));
      text_ += separator;
    }
    if (options_.column && column > 0) {
      AppendColored(&text_, options_.color, kAnsiColumn, std::to_string(column));
      text_ += separator;
    }
  }

  void AppendLine(std::string_view text) {
    text_ += text;
    text_ += '\n';
  }

  void AppendMatch(const OutputLine& line) {
    std::string_view text = line.text();
    // Without match positions rg prints the plain line, without a column, whatever the mode.
    if (line.submatches.empty()) {
      AppendPrelude(':', line.number, 0);
      AppendLine(text);
      return;
    }
    if (options_.only_matching) {
      for (const Submatch& m : line.submatches) {
        AppendPrelude(':', line.number, m.begin + 1);
        AppendColored(&text_, options_.color && m.begin < m.end, kAnsiMatch,
                      text.substr(m.begin, m.end - m.begin));
        text_ += '\n';
      }
    } else if (per_match_) {
      for (const Submatch& m : line.submatches) {
        AppendPrelude(':', line.number, m.begin + 1);
        AppendHighlighted(text, {&m, 1});
      }
    } else {
      AppendPrelude(':', line.number, line.submatches.front().begin + 1);
      AppendHighlighted(text, line.submatches);
    }
  }

  // The line with its matches coloured.  Like rg, touching or overlapping matches share one span and
  // empty ones open none.
  void AppendHighlighted(std::string_view text, std::span<const Submatch> matches) {
    if (!options_.color) {
      AppendLine(text);
      return;
    }
    size_t written = 0;
    bool in_match = false;
    for (Submatch m : matches) {
      if (written < m.begin) {
        if (in_match) text_ += kAnsiReset;
        in_match = false;
        text_ += text.substr(written, m.begin - written);
      } else if (written < m.end) {
        m.begin = written;
      } else {
        continue;
      }
      if (m.begin < m.end) {
        if (!in_match) text_ += kAnsiMatch;
        in_match = true;
        text_ += text.substr(m.begin, m.end - m.begin);
      }
      written = m.end;
    }
    if (in_match) text_ += kAnsiReset;
    AppendLine(text.substr(written));
  }

  PrinterOptions options_;
  FILE* out_;
  bool per_match_ = false;
  bool ever_written_ = false;
  std::string_view path_;
  std::string text_;
};

}  // namespace

std::unique_ptr<Printer> MakeStandardPrinter(const PrinterOptions& options, FILE* out) {
  return std::make_unique<StandardPrinter>(options, out);
}

}  // namespace scry
