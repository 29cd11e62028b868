#include "query/pattern.h"

#include <re2/re2.h>
#include <string.h>

#include <algorithm>
#include <optional>

#include "query/re2_translate.h"
#include "query/regex_parser.h"
#include "query/required_literal.h"
#include "query/trigram_plan.h"
#include "query/utf8.h"
#include "util/error.h"

namespace scry {

namespace {

// rg joins its patterns with '|' as text, before parsing, so a flag like (?i) in one pattern reaches
// the ones after it, and smart case looks at all of them together.
std::string JoinPatterns(const std::vector<std::string>& patterns, bool fixed_strings) {
  std::string joined;
  for (size_t i = 0; i < patterns.size(); ++i) {
    if (i) joined += '|';
    joined += fixed_strings ? EscapeRegexLiteral(patterns[i]) : patterns[i];
  }
  return joined;
}

// The byte length of the last code point of a non-empty s, 1 if it is not valid UTF-8 (as bstr's
// decode_last_utf8 counts it).
size_t LastCodePointLength(std::string_view s) {
  for (size_t n = 1; n <= 4 && n <= s.size(); ++n) {
    size_t length = 0;
    if (DecodeUtf8(s.substr(s.size() - n), &length) != kInvalidRune && length == n) return n;
  }
  return 1;
}

// Whether every match begins with a literal byte that RE2 looks for with memchr before running its
// DFA (RE2's prefix acceleration): then RE2 skips text as fast as Hyperscan would.
bool Re2AcceleratesPrefix(const regex::Node& node) {
  switch (node.kind) {
    case regex::Node::Kind::kLiteral:
      return !node.fold_case;
    case regex::Node::Kind::kConcat:
      return !node.subs.empty() && Re2AcceleratesPrefix(node.subs[0]);
    case regex::Node::Kind::kRepeat:
      return node.min > 0 && Re2AcceleratesPrefix(node.subs[0]);
    default:
      return false;
  }
}

re2::RE2::Options Re2Options() {
  re2::RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(int64_t{256} << 20);
  return options;
}

}  // namespace

std::string EscapeRegexLiteral(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    if (std::string_view("\\.+*?()|[]{}^$#&-~").find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

bool SmartCaseFolds(std::string_view pattern) {
  regex::ParseResult analysis = regex::ParseRegex(pattern, false);
  return analysis.any_literal && !analysis.any_uppercase;
}

Pattern::Pattern(Pattern&&) noexcept = default;
Pattern& Pattern::operator=(Pattern&&) noexcept = default;
Pattern::~Pattern() = default;

Pattern Pattern::Compile(const std::vector<std::string>& patterns, const PatternOptions& options) {
  std::string joined = JoinPatterns(patterns, options.fixed_strings);
  bool fold_case = options.ignore_case;
  if (!fold_case && options.smart_case) fold_case = SmartCaseFolds(joined);
  regex::ParseResult parsed = regex::ParseRegex(joined, fold_case);

  Pattern pattern;
  std::string body;
  try {
    body = regex::TranslateToRe2(parsed.root);
  } catch (const Error& e) {
    throw Error(ExitCode::kBadInput,
                "regex parse error in '" + regex::ShowPattern(joined) + "': " + e.what());
  }
  if (options.word) {
    // rg 13's WordMatcher: the match is the capture group, which must sit between non-word
    // characters or line boundaries (not between \b's).
    std::string non_word = regex::PerlClassRe2('W');
    pattern.re2_pattern_ = "(?m)(?:^|" + non_word + ")(" + body + ")(?:" + non_word + "|$)";
  } else {
    pattern.re2_pattern_ = "(?m)" + body;
  }
  pattern.capture_group_ = options.word ? 1 : 0;

  pattern.re_ = std::make_unique<re2::RE2>(pattern.re2_pattern_, Re2Options());
  if (!pattern.re_->ok()) {
    throw Error(ExitCode::kBadInput,
                "regex parse error in '" + regex::ShowPattern(joined) + "': " + pattern.re_->error());
  }
  if (options.word) {
    pattern.word_inner_ = std::make_unique<re2::RE2>(body, Re2Options());
  }
  pattern.prefilter_ = PlanTrigrams(parsed.root);
  pattern.required_ = RequiredLiteral(parsed.root);
  pattern.line_prefix_ = RequiredLinePrefix(parsed.root);
  pattern.required_mask_ = RequiredCharMask(parsed.root);
  pattern.word_boundary_text_ = WordBoundaryText::For(parsed.root);
  // Hyperscan pays where RE2 would walk every byte: not where memmem finds a required literal's
  // lines first, nor where RE2 jumps to a literal first byte (the -w wrapper leaves it none).  Under
  // -w the pattern alone finds every line the wrapper lets through, and more.
  if (pattern.required_.empty() && (options.word || !Re2AcceleratesPrefix(parsed.root))) {
    pattern.line_prefilter_ = LinePrefilter::For(parsed.root);
  }
  return pattern;
}

Pattern Pattern::Clone() const {
  Pattern copy;
  copy.re2_pattern_ = re2_pattern_;
  copy.capture_group_ = capture_group_;
  copy.prefilter_ = prefilter_;
  copy.required_ = required_;
  copy.line_prefix_ = line_prefix_;
  copy.required_mask_ = required_mask_;
  copy.re_ = std::make_unique<re2::RE2>(re_->pattern(), Re2Options());
  if (word_inner_) copy.word_inner_ = std::make_unique<re2::RE2>(word_inner_->pattern(), Re2Options());
  if (word_boundary_text_) copy.word_boundary_text_ = word_boundary_text_->Clone();
  copy.line_prefilter_ = line_prefilter_;
  return copy;
}

PatternPerWorker::PatternPerWorker(const Pattern* pattern, unsigned threads) : pattern_(pattern) {
  for (unsigned t = 0; pattern && threads > 1 && t < threads; ++t) copies_.push_back(pattern->Clone());
}

std::string_view Pattern::SearchText(std::string_view content, std::string* storage) const {
  return word_boundary_text_ ? word_boundary_text_->Rewrite(content, storage) : content;
}

std::string Pattern::DescribeLineSearch() const {
  if (!required_.empty()) return "memmem " + required_ + " then RE2";
  if (!line_prefilter_) return "RE2";
  if (line_prefilter_->expression().empty()) return "none in ASCII files, RE2 in others";
  return "hyperscan " + line_prefilter_->expression() + " (ASCII files) then RE2";
}

bool Pattern::CandidateLines(std::string_view text, std::vector<LineRange>* out) const {
  if (!line_prefilter_ || !IsAscii(text)) return false;
  line_prefilter_->Candidates(text, out);
  return true;
}

size_t Pattern::FindMatchingLine(std::string_view text, size_t from, size_t to) const {
  to = std::min(to, text.size());
  if (from > to) return std::string_view::npos;
  if (required_.empty()) return FindMatchingLineIn(text, from, to);
  // Only lines holding the required literal can match: find them with memmem (glibc's beats
  // string_view::find, which stops at every occurrence of the first byte) and verify each line with
  // RE2, keeping the whole text as RE2's context so that ^, $ and \b see the real neighbours.
  while (from < to) {
    const void* at = memmem(text.data() + from, to - from, required_.data(), required_.size());
    if (at == nullptr) return std::string_view::npos;
    size_t hit = static_cast<size_t>(static_cast<const char*>(at) - text.data());
    size_t newline = text.rfind('\n', hit);  // the literal holds no '\n', so this is before the hit
    size_t line_start = std::max(from, newline == std::string_view::npos ? 0 : newline + 1);
    size_t line_end = text.find('\n', hit);
    if (line_end == std::string_view::npos) line_end = text.size();
    size_t found = FindMatchingLineIn(text, line_start, line_end);
    if (found != std::string_view::npos) return found;
    from = line_end + 1;
  }
  return std::string_view::npos;
}

size_t Pattern::FindMatchingLineIn(std::string_view text, size_t from, size_t to) const {
  re2::StringPiece match;
  if (!re_->Match(re2::StringPiece(text.data(), text.size()), from, to, re2::RE2::UNANCHORED, &match, 1)) {
    return std::string_view::npos;
  }
  size_t at = static_cast<size_t>(match.data() - text.data());
  // An empty match after the final '\n' is not on any line rg knows of.
  if (at == text.size() && (text.empty() || text.back() == '\n')) return std::string_view::npos;
  if (at == 0) return 0;
  size_t newline = text.rfind('\n', at - 1);
  return newline == std::string_view::npos ? 0 : newline + 1;
}

bool Pattern::FindAt(std::string_view line, size_t at, bool first_line_of_file, Submatch* out) const {
  re2::StringPiece groups[2];
  if (!re_->Match(re2::StringPiece(line.data(), line.size()), at, line.size(), re2::RE2::UNANCHORED, groups,
                  capture_group_ + 1)) {
    return false;
  }
  auto offset = [&](const re2::StringPiece& piece) {
    return static_cast<size_t>(piece.data() - line.data());
  };
  out->begin = offset(groups[capture_group_]);
  out->end = out->begin + groups[capture_group_].size();
  if (word_inner_ == nullptr) return true;
  // rg 13's WordMatcher::fast_find sees the whole search buffer, not the line.  Unless the match
  // touches the buffer's start or end, it drops the first and last code point of the whole match,
  // assuming both are \W, and keeps the rest if the pattern matches all of it.  At the start of any
  // line but a file's first, the leading code point was matched by ^ rather than \W, so rg reports a
  // match one code point short (-w '\w+' finds "ello" in a second line "Hello").
  size_t begin = offset(groups[0]);
  size_t end = begin + groups[0].size();
  if ((begin == 0 && first_line_of_file) || end == line.size() || begin == end) return true;
  size_t first_length = 0;
  DecodeUtf8(line.substr(begin, end - begin), &first_length);
  size_t last_length = LastCodePointLength(line.substr(begin, end - begin));
  if (begin + first_length > end - last_length) return true;
  std::string_view inner = line.substr(begin + first_length, end - last_length - begin - first_length);
  if (re2::RE2::FullMatch(re2::StringPiece(inner.data(), inner.size()), *word_inner_)) {
    out->begin = begin + first_length;
    out->end = end - last_length;
  }
  return true;
}

void Pattern::MatchesInLine(std::string_view line, std::vector<Submatch>* out,
                            bool first_line_of_file) const {
  std::string storage;
  line = SearchText(line, &storage);
  // grep-matcher's find_iter: after an empty match the search resumes one byte later (even inside a
  // UTF-8 sequence), and an empty match right where the previous match ended is skipped.
  size_t next = 0;
  std::optional<size_t> last_end;
  Submatch match;
  while (next <= line.size() && FindAt(line, next, first_line_of_file, &match)) {
    if (match.begin == match.end) {
      next = match.end + 1;
      if (last_end == match.end) continue;
    } else {
      next = match.end;
    }
    last_end = match.end;
    out->push_back(match);
  }
}

void Pattern::MatchesInFileLine(std::string_view content, size_t line_start,
                                std::vector<Submatch>* out) const {
  size_t line_end = content.find('\n', line_start);
  bool last_unterminated = line_end == std::string_view::npos;
  if (last_unterminated) line_end = content.size();
  std::string_view line = content.substr(line_start, line_end - line_start);
  MatchesInLine(line, out, line_start == 0);
  if (last_unterminated && !out->empty() && out->back().begin == line.size() &&
      out->back().end == line.size()) {
    out->pop_back();
  }
}

}  // namespace scry
