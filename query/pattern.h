// A search pattern, compiled once: ripgrep's syntax and line-oriented semantics, executed by RE2.
//
// ripgrep (Rust's regex crate) and RE2 read almost the same syntax, but differ where it matters for
// exact results: rg's \w, \d, \s, \b and case folding are Unicode-aware while RE2's Perl classes are
// ASCII; rg never lets a pattern match a line terminator; -w, -F, -i and -S have rg's own meanings.
// Pattern parses the rg pattern itself, rewrites it into an RE2 pattern with rg's meaning, and derives
// the trigram query that any matching document must satisfy.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "query/line_prefilter.h"
#include "query/trigram_query.h"
#include "query/word_boundary.h"

namespace re2 {
class RE2;
}

namespace scry {

struct PatternOptions {
  bool ignore_case = false;    // -i
  bool smart_case = false;     // -S: case-insensitive unless the pattern has an upper-case letter
  bool fixed_strings = false;  // -F: every pattern is a literal
  bool word = false;           // -w: matches must be surrounded by word boundaries
};

// A match's byte range within the line it was found in.
struct Submatch {
  size_t begin = 0;
  size_t end = 0;
  bool operator==(const Submatch&) const = default;
};

class Pattern {
 public:
  // Several patterns (rg -e P1 -e P2) match where any of them does.
  // Throws scry::Error(kBadInput) naming the pattern and RE2's or the parser's reason.
  static Pattern Compile(const std::vector<std::string>& patterns, const PatternOptions& options);

  // An independent copy with RE2 objects of its own.  RE2 serialises the threads that share one
  // object on its DFA cache lock, so each search thread works with its own copy.
  Pattern Clone() const;

  Pattern(Pattern&&) noexcept;
  Pattern& operator=(Pattern&&) noexcept;
  ~Pattern();

  // What a document must contain to possibly match.
  const TrigramQuery& prefilter() const { return prefilter_; }

  // The ASCII text every matching line starts with, ignoring ASCII case; "" if none is known.
  const std::string& line_prefix() const { return line_prefix_; }

  // The CharMask (indexer/symbol.h) bits of characters every match contains: a cheap test for names.
  uint64_t required_mask() const { return required_mask_; }

  // How a file's matching lines are found, for --explain: "memmem LITERAL then RE2",
  // "hyperscan EXPRESSION (ASCII files) then RE2", or "RE2".
  std::string DescribeLineSearch() const;

  // The RE2 pattern that carries rg's meaning (for --explain and tests).
  const std::string& re2_pattern() const { return re2_pattern_; }

  // What FindMatchingLine searches for a file's `content`: content itself, or, for a pattern with \b
  // or \B that query/word_boundary.h applies to, a copy in *storage where rg's Unicode word boundaries
  // are where RE2 sees them.  Same length and lines, so offsets found in it are offsets in content.
  std::string_view SearchText(std::string_view content, std::string* storage) const;

  // Finds the first line of text (from SearchText) at or after byte `from` (which must be a line
  // start) that rg would report as matching.  Lines end at '\n'.  Returns the line's start offset, or
  // npos.  This is the fast path: one RE2 pass over a whole buffer, not one call per line.
  // With `to`, only lines that start before `to` (a line start or text.size()) are looked at.
  size_t FindMatchingLine(std::string_view text, size_t from, size_t to = std::string_view::npos) const;

  // Appends the ranges of whole lines of `text` (from SearchText) that hold every line
  // FindMatchingLine can find, as found by Hyperscan (query/line_prefilter.h), and returns true; or
  // returns false, appending nothing, when it cannot tell (the text is not all ASCII, or the pattern
  // is not one Hyperscan takes) and every line must be searched.
  bool CandidateLines(std::string_view text, std::vector<LineRange>* out) const;

  // Every match rg would report in `line` (without its '\n'), in order, as --vimgrep and --json print
  // them.  `first_line_of_file` says whether the line starts at byte 0 of its file: rg 13's -w matcher
  // looks at that (see FindAt), so it changes -w results for matches at the start of a line.
  // Empty matches are reported, like rg; but rg drops an empty match at the very end of a file's last
  // line when that line has no '\n', which the caller must do since `line` does not say.
  // `line` is the file's own text: it goes through SearchText here.
  void MatchesInLine(std::string_view line, std::vector<Submatch>* out, bool first_line_of_file = true) const;

  // The same for the line of `content` (a whole file) that starts at `line_start`, applying both of
  // the file-level rules above.
  void MatchesInFileLine(std::string_view content, size_t line_start, std::vector<Submatch>* out) const;

 private:
  Pattern() = default;

  // FindMatchingLine with RE2 alone, searching text[from, to) with all of text as context.
  size_t FindMatchingLineIn(std::string_view text, size_t from, size_t to) const;

  // rg's find_at: the first match starting at or after byte `at` of `line`, seen in the whole line.
  bool FindAt(std::string_view line, size_t at, bool first_line_of_file, Submatch* out) const;

  std::string re2_pattern_;
  std::string required_;  // a literal every match contains, searched for with memmem first
  std::string line_prefix_;
  uint64_t required_mask_ = 0;
  int capture_group_ = 0;  // 1 under -w, where the match is the group inside the word wrapper
  TrigramQuery prefilter_;
  std::unique_ptr<re2::RE2> re_;
  std::unique_ptr<re2::RE2> word_inner_;                  // under -w, the pattern alone, for rg's fast path
  std::unique_ptr<WordBoundaryText> word_boundary_text_;  // null unless the pattern needs it
  std::shared_ptr<const LinePrefilter> line_prefilter_;   // null when Hyperscan does not take it
};

// A Pattern for each worker of an OrderedParallel (util/ordered_parallel.h): RE2 serialises the
// threads that share one object, so several workers get a copy each, while a lone one runs on the
// calling thread and uses the original.  A null pattern stays null.
class PatternPerWorker {
 public:
  PatternPerWorker(const Pattern* pattern, unsigned threads);
  const Pattern* operator[](unsigned worker) const { return copies_.empty() ? pattern_ : &copies_[worker]; }

 private:
  const Pattern* pattern_;
  std::vector<Pattern> copies_;
};

// regex::escape from Rust's regex crate, which rg -F applies to each pattern: `literal` as a pattern
// that matches exactly it.
std::string EscapeRegexLiteral(std::string_view literal);

// rg -S: whether smart case makes `pattern` case-insensitive (it has a literal and no upper case).
// Throws scry::Error(kBadInput) for a pattern that does not parse.
bool SmartCaseFolds(std::string_view pattern);

}  // namespace scry
