// Random patterns from a small grammar over random text: Pattern must report exactly what rg 13
// reports, and the trigram plan must admit every line rg matches.
#include <gtest/gtest.h>

#include <functional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "indexer/trigram.h"
#include "query/pattern.h"
#include "tests/testlib/rg_oracle.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

bool Admits(const TrigramQuery& q, const std::set<Trigram>& present) {
  switch (q.op) {
    case TrigramQuery::Op::kAll:
      return true;
    case TrigramQuery::Op::kNone:
      return false;
    case TrigramQuery::Op::kAnd:
      for (Trigram t : q.trigrams) {
        if (!present.contains(t)) return false;
      }
      for (const TrigramQuery& sub : q.subs) {
        if (!Admits(sub, present)) return false;
      }
      return true;
    case TrigramQuery::Op::kOr:
      for (Trigram t : q.trigrams) {
        if (present.contains(t)) return true;
      }
      for (const TrigramQuery& sub : q.subs) {
        if (Admits(sub, present)) return true;
      }
      return false;
  }
  return false;
}

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  // With `ascii`, text of ASCII characters only, which searches hand to Hyperscan first
  // (query/line_prefilter.h).
  std::string Text(int lines, bool ascii = false) {
    static const std::vector<std::string> kPieces = {"a", "b", "c", "A", "B", "é", "É",
                                                     " ", "_", "1", "ſ", "K", "k", "S"};
    static const std::vector<std::string> kAsciiPieces = {"a", "b", "c", "A", "B", " ", "_",
                                                          "1", "K", "k", "S", "s", "-", "\t"};
    const std::vector<std::string>& pieces = ascii ? kAsciiPieces : kPieces;
    std::string text;
    for (int i = 0; i < lines; ++i) {
      int length = Pick(12);
      for (int j = 0; j < length; ++j) text += pieces[Pick(pieces.size())];
      text += '\n';
    }
    return text;
  }

  std::string Regex(int depth) {
    static const std::vector<std::string> kAtoms = {"a",    "b",     "c",    "A",   "é",   "k",   "s",
                                                    "K",    ".",     "\\w",  "\\W", "\\d", "\\s", "[ab]",
                                                    "[^a]", "[a-c]", "\\pL", "_",   " ",   "ab",  "ba"};
    switch (depth <= 0 ? 0 : Pick(8)) {
      case 0:
      case 1:
      case 2:
        return kAtoms[Pick(kAtoms.size())];
      case 3:
        return Regex(depth - 1) + Regex(depth - 1);
      case 4:
        return Regex(depth - 1) + "|" + Regex(depth - 1);
      case 5: {
        // Built by appending: GCC 12 warns falsely about "(" + std::string at -O3.
        std::string group(1, '(');
        group += Regex(depth - 1);
        group += ')';
        group += std::vector<std::string>{"*", "+", "?", "{2}", "*?"}[Pick(5)];
        return group;
      }
      case 6:
        return std::vector<std::string>{"^", "$", "(?i)"}[Pick(3)] + Regex(depth - 1);
      default:
        return Regex(depth - 1) + Regex(depth - 1) + Regex(depth - 1);
    }
  }

  PatternOptions Options() {
    PatternOptions o;
    int kind = Pick(6);
    o.ignore_case = kind == 1;
    o.smart_case = kind == 2;
    o.word = kind == 3;
    return o;
  }

 private:
  size_t Pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  std::mt19937 rng_;
};

// 250 rounds of a random pattern over random text (ASCII only with `ascii`): each must find what rg
// finds; `check` then looks further at the round.
void RandomRounds(
    uint32_t seed, bool ascii,
    const std::function<void(const std::string&, const Pattern&, const testing::OracleResult&)>& check) {
  Generator gen(seed);
  testing::TempTree tree;
  for (int round = 0; round < 250; ++round) {
    std::string text = gen.Text(25, ascii);
    std::string regex = gen.Regex(3);
    PatternOptions options = gen.Options();
    SCOPED_TRACE("round " + std::to_string(round) + " pattern '" + regex + "' flags" +
                 testing::RgFlags(options));
    tree.Write("t.txt", text);
    Pattern pattern = Pattern::Compile({regex}, options);
    testing::OracleResult rg = testing::RgJson(tree.root() / "t.txt", {regex}, options);
    testing::OracleResult ours = testing::ScryJson(pattern, text);
    ASSERT_EQ(rg.lines, ours.lines) << pattern.re2_pattern();
    ASSERT_EQ(testing::FirstDifference(rg.matches, ours.matches), "") << pattern.re2_pattern();
    check(text, pattern, rg);
    if (::testing::Test::HasFatalFailure()) return;
  }
}

// ASCII text goes through Hyperscan's line prefilter before RE2; patterns still carry non-ASCII
// literals, Unicode classes and case folding (the Kelvin sign, the long s) to get its ASCII parts right.
TEST(PatternProperty, RandomPatternsOverAsciiTextMatchRg) {
  int lines_matched = 0, prefiltered = 0;
  RandomRounds(20261207, true,
               [&](const std::string& text, const Pattern& pattern, const testing::OracleResult& rg) {
                 std::vector<LineRange> candidates;
                 prefiltered += pattern.CandidateLines(text, &candidates);
                 lines_matched += rg.lines.size();
               });
  EXPECT_GT(lines_matched, 500);
  EXPECT_GT(prefiltered, 50);  // patterns that cannot match an empty string and start with no literal
}

TEST(PatternProperty, RandomPatternsMatchRgAndPlansAdmitEveryMatchingLine) {
  int lines_checked = 0;
  RandomRounds(20261126, false,
               [&](const std::string& text, const Pattern& pattern, const testing::OracleResult& rg) {
                 std::vector<std::string_view> lines;
                 for (size_t start = 0; start < text.size();) {
                   size_t end = text.find('\n', start);
                   lines.push_back(std::string_view(text).substr(start, end - start));
                   start = end + 1;
                 }
                 for (size_t line : rg.lines) {
                   std::set<Trigram> present;
                   ForEachTrigram(lines[line - 1], [&](Trigram t) { present.insert(t); });
                   ASSERT_TRUE(Admits(pattern.prefilter(), present))
                       << "plan " << pattern.prefilter().ToString() << " rejects line " << line;
                   ++lines_checked;
                 }
               });
  EXPECT_GT(lines_checked, 500);
}

}  // namespace
}  // namespace scry
