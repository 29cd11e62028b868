#include "query/line_prefilter.h"

#include <hs.h>
#include <re2/re2.h>

#include <bitset>
#include <cstdio>
#include <cstring>
#include <limits>
#include <optional>

#include "query/utf8.h"

namespace scry {

namespace {

using regex::CharClass;
using regex::ClassItem;
using regex::Node;

constexpr char32_t kKelvinSign = 0x212A;  // folds to k and K
constexpr char32_t kLongS = 0x017F;       // folds to s and S

// The code points that matter in ASCII text: the 128 ASCII characters, then the two others that fold
// to ASCII letters.
constexpr size_t kKelvinBit = 128, kLongSBit = 129;
using Reach = std::bitset<130>;
using AsciiSet = std::bitset<128>;

char32_t CodePoint(size_t bit) { return bit == kKelvinBit ? kKelvinSign : bit == kLongSBit ? kLongS : bit; }

// Which of those code points an item of a class holds.
Reach ItemReach(const ClassItem& item) {
  Reach reach;
  switch (item.kind) {
    case ClassItem::Kind::kRange:
      for (size_t bit = 0; bit < reach.size(); ++bit)
        reach[bit] = item.lo <= CodePoint(bit) && CodePoint(bit) <= item.hi;
      break;
    case ClassItem::Kind::kNamed: {
      // The parser keeps Unicode classes by their RE2 name: ask RE2 about each code point.
      re2::RE2 named("[" + (item.negated ? "\\P" + item.name.substr(2) : item.name) + "]");
      for (size_t bit = 0; bit < reach.size(); ++bit) {
        reach[bit] = named.ok() && re2::RE2::FullMatch(EncodeUtf8(CodePoint(bit)), named);
      }
      break;
    }
    case ClassItem::Kind::kNegatedUnion:
      for (const ClassItem& sub : item.items) reach |= ItemReach(sub);
      reach.flip();
      break;
  }
  return reach;
}

// What matches each ASCII character under rg's case folding (Unicode's simple folding): the
// character, and with folding its other case and the Kelvin sign or long s.
AsciiSet Fold(const Reach& reach, bool fold_case) {
  AsciiSet set;
  for (int c = 0; c < 128; ++c) {
    bool in = reach[c];
    if (fold_case && c >= 'a' && c <= 'z') in = in || reach[c - 'a' + 'A'];
    if (fold_case && c >= 'A' && c <= 'Z') in = in || reach[c - 'A' + 'a'];
    if (fold_case && (c == 'k' || c == 'K')) in = in || reach[kKelvinBit];
    if (fold_case && (c == 's' || c == 'S')) in = in || reach[kLongSBit];
    set[c] = in;
  }
  return set;
}

// rg folds a class's case before negating it: [^k] under (?i) matches neither k, K nor the Kelvin
// sign.  rg never lets a pattern match a line terminator.
AsciiSet ClassAscii(const CharClass& char_class, bool fold_case) {
  Reach reach;
  for (const ClassItem& item : char_class.items) reach |= ItemReach(item);
  AsciiSet set = Fold(reach, fold_case);
  if (char_class.negated) set.flip();
  set['\n'] = false;
  return set;
}

AsciiSet LiteralAscii(char32_t rune, bool fold_case) {
  Reach reach;
  for (size_t bit = 0; bit < reach.size(); ++bit) reach[bit] = CodePoint(bit) == rune;
  AsciiSet set = Fold(reach, fold_case);
  set['\n'] = false;
  return set;
}

std::string Hex(int c) {
  char text[8];
  std::snprintf(text, sizeof text, "\\x%02x", c);
  return text;
}

// A set of ASCII characters in Hyperscan's syntax, every byte escaped; nullopt for none.
std::optional<std::string> SetExpression(const AsciiSet& set) {
  if (set.none()) return std::nullopt;
  if (set.count() == 1) {
    for (int c = 0; c < 128; ++c) {
      if (set[c]) return Hex(c);
    }
  }
  std::string out = "[";
  for (int c = 0; c < 128;) {
    if (!set[c]) {
      ++c;
      continue;
    }
    int last = c;
    while (last + 1 < 128 && set[last + 1]) ++last;
    out += Hex(c);
    if (last > c) out += "-" + Hex(last);
    c = last + 1;
  }
  return out + "]";
}

// What `node` matches in ASCII text, in Hyperscan's syntax; nullopt when it matches nothing there.
std::optional<std::string> Expression(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kEmpty:
      return std::string();
    case Node::Kind::kLiteral:
      return SetExpression(LiteralAscii(node.rune, node.fold_case));
    case Node::Kind::kClass:
      return SetExpression(ClassAscii(node.char_class, node.fold_case));
    case Node::Kind::kLineStart:
    case Node::Kind::kTextStart:  // a file's start is a line's: ^ matches there and more
      return std::string("^");
    case Node::Kind::kLineEnd:
      return std::string("$");
    case Node::Kind::kWordBoundary:
      return std::string("\\b");
    case Node::Kind::kNotWordBoundary:
      return std::string("\\B");
    case Node::Kind::kRepeat: {
      std::optional<std::string> sub = Expression(node.subs[0]);
      if (!sub) return node.min == 0 ? std::optional<std::string>("") : std::nullopt;
      std::string bounds = "{" + std::to_string(node.min) + "," +
                           (node.max < 0 ? std::string() : std::to_string(node.max)) + "}";
      return "(?:" + *sub + ")" + bounds;
    }
    case Node::Kind::kConcat: {
      std::string out;
      for (const Node& sub : node.subs) {
        std::optional<std::string> part = Expression(sub);
        if (!part) return std::nullopt;
        out += *part;
      }
      return out;
    }
    case Node::Kind::kAlternate: {
      std::string out;
      bool any = false;
      for (const Node& sub : node.subs) {
        std::optional<std::string> part = Expression(sub);
        if (!part) continue;
        out += (any ? "|" : "") + *part;
        any = true;
      }
      if (!any) return std::nullopt;
      return "(?:" + out + ")";
    }
  }
  return std::nullopt;
}

// Whether node matches an empty string somewhere.  Hyperscan never reports an empty match, and
// such a pattern matches lines with nothing for it to find.
bool CanBeEmpty(const Node& node) {
  switch (node.kind) {
    case Node::Kind::kLiteral:
    case Node::Kind::kClass:
      return false;
    case Node::Kind::kRepeat:
      return node.min == 0 || CanBeEmpty(node.subs[0]);
    case Node::Kind::kConcat:
      for (const Node& sub : node.subs) {
        if (!CanBeEmpty(sub)) return false;
      }
      return true;
    case Node::Kind::kAlternate:
      for (const Node& sub : node.subs) {
        if (CanBeEmpty(sub)) return true;
      }
      return false;
    default:  // empty, anchors, word boundaries
      return true;
  }
}

// Hyperscan's scratch space for the calling thread, grown to fit each database it meets.
class ThreadScratch {
 public:
  ~ThreadScratch() { hs_free_scratch(scratch_); }
  hs_scratch_t* For(const hs_database_t* database) {
    if (hs_alloc_scratch(database, &scratch_) != HS_SUCCESS) return nullptr;
    return scratch_;
  }

 private:
  hs_scratch_t* scratch_ = nullptr;
};

struct Collector {
  std::string_view text;
  std::vector<LineRange>* out;
  size_t first = 0;    // the first range this scan appended
  size_t covered = 0;  // bytes in the ranges this scan appended
};

// Lines less than this many bytes apart share a range: RE2 then makes one pass over lines that match
// densely instead of one call per line.
constexpr size_t kJoinGap = 256;
// Once the candidate lines hold half the bytes scanned, past this many, the rest of the text is one
// range: where most lines match (a table of hex constants), RE2 alone is faster than both together.
constexpr size_t kDenseAfter = 4096;

int OnMatch(unsigned, unsigned long long, unsigned long long to, unsigned, void* context) {
  Collector& c = *static_cast<Collector*>(context);
  if (to == 0) return 0;  // an empty match: the pattern cannot make one (CanBeEmpty)
  // Matches never hold '\n' (no class does), so the match's last byte is on its line.
  size_t last = static_cast<size_t>(to) - 1;
  bool have = c.out->size() > c.first;
  if (have && last < c.out->back().end) return 0;
  const void* newline = memrchr(c.text.data(), '\n', last);
  size_t begin = newline ? static_cast<const char*>(newline) - c.text.data() + 1 : 0;
  size_t end = c.text.find('\n', last);
  if (end == std::string_view::npos) end = c.text.size();
  if (have && begin <= c.out->back().end + kJoinGap) {
    c.covered += end - c.out->back().end;
    c.out->back().end = end;
  } else {
    c.covered += end - begin;
    c.out->push_back({begin, end});
  }
  if (last > kDenseAfter && c.covered * 2 > last) {
    c.out->back().end = c.text.size();
    return 1;  // stops the scan
  }
  return 0;
}

}  // namespace

std::shared_ptr<const LinePrefilter> LinePrefilter::For(const Node& root) {
  if (hs_valid_platform() != HS_SUCCESS || CanBeEmpty(root)) return nullptr;
  std::shared_ptr<LinePrefilter> filter(new LinePrefilter());
  std::optional<std::string> expression = Expression(root);
  if (!expression) return filter;  // no ASCII text can match
  hs_compile_error_t* error = nullptr;
  if (hs_compile(expression->c_str(), HS_FLAG_PREFILTER | HS_FLAG_MULTILINE, HS_MODE_BLOCK, nullptr,
                 &filter->database_, &error) != HS_SUCCESS) {
    hs_free_compile_error(error);  // e.g. "Pattern too large": RE2 alone, then
    return nullptr;
  }
  filter->expression_ = std::move(*expression);
  return filter;
}

LinePrefilter::~LinePrefilter() { hs_free_database(database_); }

void LinePrefilter::Candidates(std::string_view text, std::vector<LineRange>* out) const {
  if (database_ == nullptr || text.empty()) return;
  if (text.size() > std::numeric_limits<unsigned>::max()) {  // beyond what hs_scan takes
    out->push_back({0, text.size()});
    return;
  }
  thread_local ThreadScratch scratch;
  Collector collector{text, out, out->size()};
  hs_scratch_t* space = scratch.For(database_);
  hs_error_t scanned = space == nullptr ? HS_NOMEM
                                        : hs_scan(database_, text.data(), static_cast<unsigned>(text.size()),
                                                  0, space, OnMatch, &collector);
  if (scanned != HS_SUCCESS && scanned != HS_SCAN_TERMINATED) {
    out->resize(collector.first);  // cannot happen short of memory; every line is a candidate then
    out->push_back({0, text.size()});
  }
}

}  // namespace scry
