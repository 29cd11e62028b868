#include "query/trigram_plan.h"

#include <algorithm>
#include <string>
#include <vector>

#include "query/utf8.h"

namespace scry {

namespace {

using regex::ClassItem;
using regex::Node;

// Beyond these sizes a set is cut back to prefixes/suffixes to keep the plan small (codesearch's limits).
constexpr size_t kMaxExact = 7;
constexpr size_t kMaxSet = 20;
constexpr size_t kMaxClass = 100;

using StringSet = std::vector<std::string>;

void Clean(StringSet* set, bool suffix) {
  auto reversed = [](const std::string& s) { return std::string(s.rbegin(), s.rend()); };
  if (suffix) {
    std::sort(set->begin(), set->end(),
              [&](const auto& a, const auto& b) { return reversed(a) < reversed(b); });
  } else {
    std::sort(set->begin(), set->end());
  }
  set->erase(std::unique(set->begin(), set->end()), set->end());
}

size_t MinLength(const StringSet& set) {
  size_t min = set.empty() ? 0 : set[0].size();
  for (const std::string& s : set) min = std::min(min, s.size());
  return min;
}

StringSet Cross(const StringSet& a, const StringSet& b, bool suffix) {
  StringSet out;
  for (const std::string& x : a) {
    for (const std::string& y : b) out.push_back(x + y);
  }
  Clean(&out, suffix);
  return out;
}

StringSet Union(StringSet a, const StringSet& b, bool suffix) {
  a.insert(a.end(), b.begin(), b.end());
  Clean(&a, suffix);
  return a;
}

void Absorb(const TrigramQuery& q, TrigramQuery::Op op, TrigramQuery* into) {
  if (q.op == op) {
    into->trigrams.insert(into->trigrams.end(), q.trigrams.begin(), q.trigrams.end());
    into->subs.insert(into->subs.end(), q.subs.begin(), q.subs.end());
  } else if (q.trigrams.size() == 1 && q.subs.empty()) {
    // A single trigram reads the same under AND and OR.
    into->trigrams.push_back(q.trigrams[0]);
  } else {
    into->subs.push_back(q);
  }
}

TrigramQuery Combine(TrigramQuery::Op op, const TrigramQuery& a, const TrigramQuery& b) {
  TrigramQuery out{op, {}, {}};
  Absorb(a, op, &out);
  Absorb(b, op, &out);
  std::sort(out.trigrams.begin(), out.trigrams.end());
  out.trigrams.erase(std::unique(out.trigrams.begin(), out.trigrams.end()), out.trigrams.end());
  std::vector<TrigramQuery> subs;
  std::vector<std::string> seen;
  for (TrigramQuery& sub : out.subs) {
    std::string text = sub.ToString();
    if (std::find(seen.begin(), seen.end(), text) != seen.end()) continue;
    seen.push_back(text);
    subs.push_back(std::move(sub));
  }
  out.subs = std::move(subs);
  return out;
}

TrigramQuery And(const TrigramQuery& a, const TrigramQuery& b) {
  using Op = TrigramQuery::Op;
  if (a.op == Op::kNone || b.op == Op::kNone) return TrigramQuery::None();
  if (a.op == Op::kAll) return b;
  if (b.op == Op::kAll) return a;
  return Combine(Op::kAnd, a, b);
}

TrigramQuery Or(const TrigramQuery& a, const TrigramQuery& b) {
  using Op = TrigramQuery::Op;
  if (a.op == Op::kAll || b.op == Op::kAll) return TrigramQuery::All();
  if (a.op == Op::kNone) return b;
  if (b.op == Op::kNone) return a;
  return Combine(Op::kOr, a, b);
}

// q AND (one of the strings of `set` occurs), when every string is long enough to say so.
TrigramQuery AndTrigrams(const TrigramQuery& q, const StringSet& set) {
  if (MinLength(set) < 3) return q;
  TrigramQuery any = TrigramQuery::None();
  for (const std::string& s : set) {
    TrigramQuery all = TrigramQuery::All();
    for (size_t i = 0; i + 3 <= s.size(); ++i) {
      auto b = [&](size_t k) { return static_cast<uint8_t>(s[i + k]); };
      all = And(all, TrigramQuery{TrigramQuery::Op::kAnd, {PackTrigram(b(0), b(1), b(2))}, {}});
    }
    any = Or(any, all);
  }
  return And(q, any);
}

struct Info {
  bool can_empty = false;
  bool has_exact = false;
  StringSet exact;
  StringSet prefix;
  StringSet suffix;
  TrigramQuery match = TrigramQuery::All();

  void AddExact() {
    if (has_exact) match = AndTrigrams(match, exact);
  }

  void SimplifySet(StringSet* set, bool is_suffix) {
    Clean(set, is_suffix);
    match = AndTrigrams(match, *set);
    // Keep at most two bytes of each string: the trigrams of longer ones are in `match` now.
    for (size_t n = 3; n == 3 || set->size() > kMaxSet; --n) {
      for (std::string& s : *set) {
        if (s.size() >= n) s = is_suffix ? s.substr(s.size() - (n - 1)) : s.substr(0, n - 1);
      }
      Clean(set, is_suffix);
    }
    // A prefix "ab" makes "abc" redundant.
    StringSet kept;
    for (const std::string& s : *set) {
      bool redundant = !kept.empty() && (is_suffix ? s.ends_with(kept.back()) : s.starts_with(kept.back()));
      if (!redundant) kept.push_back(s);
    }
    *set = std::move(kept);
  }

  void Simplify(bool force) {
    Clean(&exact, false);
    if (has_exact &&
        (exact.size() > kMaxExact || (MinLength(exact) >= 3 && force) || MinLength(exact) >= 4)) {
      AddExact();
      for (const std::string& s : exact) {
        prefix.push_back(s.size() < 3 ? s : s.substr(0, 2));
        suffix.push_back(s.size() < 3 ? s : s.substr(s.size() - 2));
      }
      exact.clear();
      has_exact = false;
    }
    if (!has_exact) {
      SimplifySet(&prefix, false);
      SimplifySet(&suffix, true);
    }
  }
};

Info EmptyString() {
  Info info;
  info.can_empty = true;
  info.has_exact = true;
  info.exact = {""};
  return info;
}

Info AnyChar() {
  Info info;
  info.prefix = {""};
  info.suffix = {""};
  return info;
}

Info AnyMatch() {
  Info info = AnyChar();
  info.can_empty = true;
  return info;
}

Info Exact(StringSet strings) {
  Info info;
  info.has_exact = true;
  info.exact = std::move(strings);
  Clean(&info.exact, false);
  return info;
}

Info Concat(Info x, Info y) {
  Info xy;
  xy.match = And(x.match, y.match);
  if (x.has_exact && y.has_exact) {
    xy.has_exact = true;
    xy.exact = Cross(x.exact, y.exact, false);
  } else {
    if (x.has_exact) {
      xy.prefix = Cross(x.exact, y.prefix, false);
    } else {
      xy.prefix = x.can_empty ? Union(x.prefix, y.prefix, false) : x.prefix;
    }
    if (y.has_exact) {
      xy.suffix = Cross(x.suffix, y.exact, true);
    } else {
      xy.suffix = y.can_empty ? Union(y.suffix, x.suffix, true) : y.suffix;
    }
  }
  // A trigram may straddle the boundary between x and y, where neither side's sets see it.
  if (!x.has_exact && !y.has_exact && x.suffix.size() <= kMaxSet && y.prefix.size() <= kMaxSet &&
      MinLength(x.suffix) + MinLength(y.prefix) >= 3) {
    xy.match = AndTrigrams(xy.match, Cross(x.suffix, y.prefix, false));
  }
  xy.can_empty = x.can_empty && y.can_empty;
  xy.Simplify(false);
  return xy;
}

Info Alternate(Info x, Info y) {
  Info xy;
  if (x.has_exact && y.has_exact) {
    xy.has_exact = true;
    xy.exact = Union(x.exact, y.exact, false);
  } else if (x.has_exact) {
    xy.prefix = Union(x.exact, y.prefix, false);
    xy.suffix = Union(x.exact, y.suffix, true);
    x.AddExact();
  } else if (y.has_exact) {
    xy.prefix = Union(x.prefix, y.exact, false);
    xy.suffix = Union(x.suffix, y.exact, true);
    y.AddExact();
  } else {
    xy.prefix = Union(x.prefix, y.prefix, false);
    xy.suffix = Union(x.suffix, y.suffix, true);
  }
  xy.can_empty = x.can_empty || y.can_empty;
  xy.match = Or(x.match, y.match);
  xy.Simplify(false);
  return xy;
}

// Every string that matches code point c, lower-cased in ASCII as the index is.  False if unknown.
bool RuneStrings(char32_t c, bool fold_case, StringSet* out) {
  if (c >= 'A' && c <= 'Z') c += 'a' - 'A';
  if (!fold_case || c >= 0x80) {
    if (fold_case && c != 0x212A && c != 0x17F) return false;
    out->push_back(EncodeUtf8(c));
  }
  // The only non-ASCII code points whose simple case folds include ASCII letters.
  if (fold_case) {
    if (c == 'k' || c == 0x212A) {
      *out = Union(*out, {"k", EncodeUtf8(0x212A)}, false);
    } else if (c == 's' || c == 0x17F) {
      *out = Union(*out, {"s", EncodeUtf8(0x17F)}, false);
    } else {
      out->push_back(EncodeUtf8(c));
    }
  }
  return true;
}

Info AnalyzeClass(const Node& node) {
  const regex::CharClass& cls = node.char_class;
  if (cls.negated) return AnyChar();
  StringSet strings;
  for (const ClassItem& item : cls.items) {
    if (item.kind != ClassItem::Kind::kRange) return AnyChar();
    for (char32_t c = item.lo; c <= item.hi; ++c) {
      if (c == '\n') continue;
      if (strings.size() > kMaxClass || !RuneStrings(c, node.fold_case, &strings)) return AnyChar();
    }
  }
  return Exact(std::move(strings));
}

Info Analyze(const Node& node) {
  Info info;
  switch (node.kind) {
    case Node::Kind::kEmpty:
    case Node::Kind::kLineStart:
    case Node::Kind::kTextStart:
    case Node::Kind::kLineEnd:
    case Node::Kind::kWordBoundary:
    case Node::Kind::kNotWordBoundary:
      info = EmptyString();
      break;
    case Node::Kind::kLiteral: {
      StringSet strings;
      info = RuneStrings(node.rune, node.fold_case, &strings) ? Exact(std::move(strings)) : AnyChar();
      break;
    }
    case Node::Kind::kClass:
      info = AnalyzeClass(node);
      break;
    case Node::Kind::kRepeat:
      if (node.max == 0) {
        info = EmptyString();
      } else if (node.min == 0 && node.max == 1) {
        info = Alternate(Analyze(node.subs[0]), EmptyString());
      } else if (node.min == 0) {
        info = AnyMatch();
      } else {
        // x{n,m} with n >= 1 contains at least one x; what follows it is unknown.
        info = Analyze(node.subs[0]);
        if (info.has_exact) {
          info.prefix = info.exact;
          info.suffix = info.exact;
          info.exact.clear();
          info.has_exact = false;
        }
      }
      break;
    case Node::Kind::kConcat:
      info = EmptyString();
      for (const Node& sub : node.subs) info = Concat(std::move(info), Analyze(sub));
      break;
    case Node::Kind::kAlternate:
      info = Analyze(node.subs[0]);
      for (size_t i = 1; i < node.subs.size(); ++i) info = Alternate(std::move(info), Analyze(node.subs[i]));
      break;
  }
  info.Simplify(false);
  return info;
}

}  // namespace

TrigramQuery PlanTrigrams(const regex::Node& root) {
  Info info = Analyze(root);
  info.Simplify(true);
  info.AddExact();
  return info.match;
}

}  // namespace scry
