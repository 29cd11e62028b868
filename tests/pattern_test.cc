// scry::Pattern against ripgrep 13: every case runs rg and Pattern over the same file and compares the
// matching lines and every submatch (rg --json) and every reported column (rg --vimgrep).
#include "query/pattern.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/regex_parser.h"
#include "tests/testlib/rg_oracle.h"
#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

using testing::OracleResult;

std::string Corpus() {
  std::string long_line;
  for (int i = 0; i < 400; ++i)
    long_line += "word" + std::to_string(i) + " _x" + (i % 7 ? "" : " Straße") + " ";
  return "hello world\n"
         "Hello World HELLO\n"
         "foo_bar1 baz42 qux_9 x\n"
         "café naïve résumé Ünïcödé CAFÉ\n"
         "Ελληνικά αβγ ΑΒΓ σοφία ΣΟΦΊΑ σας\n"
         "Русский текст ПРИВЕТ привет\n"
         "中文字符 日本語テキスト 한국어\n"
         "Kelvin \u212A k K \u017F s S straße STRASSE ß ẞ\n"
         "crlf line\r\n"
         "\r\n"
         "\n"
         "tabs\tand  spaces\u00a0nbsp\u2003emsp\u3000ideo\n"
         "invalid \xff\xfe bytes \xc3 here \xe2\x82 end\n"
         "aaa bab abba baba\n"
         "x = a*b + c; // comment\n"
         "price: $100.00 [tag] {brace} (paren) a|b \\back\n"
         "__init__ _ 123 4.5 0x1F ١٢٣ ①\n"
         "circled \u24B6\u24D0 joiner a\u200Db mark e\u0301 x\n" +
         long_line + "\n";
}

struct Case {
  std::vector<std::string> patterns;
  PatternOptions options;
};

PatternOptions Opts(std::string_view flags) {
  PatternOptions o;
  o.ignore_case = flags.find('i') != std::string_view::npos;
  o.smart_case = flags.find('S') != std::string_view::npos;
  o.fixed_strings = flags.find('F') != std::string_view::npos;
  o.word = flags.find('w') != std::string_view::npos;
  return o;
}

// Runs every pattern under every flag set, comparing with rg; returns how many comparisons ran.
int CompareWithRg(const std::vector<std::string>& patterns, const std::vector<std::string_view>& flag_sets) {
  testing::TempTree tree;
  const std::string content = Corpus();
  tree.Write("corpus.txt", content);
  auto file = tree.root() / "corpus.txt";
  int compared = 0;
  for (const std::string& p : patterns) {
    for (std::string_view flags : flag_sets) {
      PatternOptions options = Opts(flags);
      SCOPED_TRACE("pattern '" + p + "' flags" + testing::RgFlags(options));
      Pattern pattern = Pattern::Compile({p}, options);
      SCOPED_TRACE("re2: " + pattern.re2_pattern());
      OracleResult rg = testing::RgJson(file, {p}, options);
      OracleResult ours = testing::ScryJson(pattern, content);
      EXPECT_EQ(rg.status, ours.status);
      EXPECT_EQ(rg.lines, ours.lines);
      EXPECT_EQ(testing::FirstDifference(rg.matches, ours.matches), "");
      OracleResult rg_vim = testing::RgVimgrep(file, {p}, options);
      EXPECT_EQ(testing::FirstDifference(rg_vim.matches, testing::ScryVimgrep(pattern, content).matches), "");
      ++compared;
    }
  }
  return compared;
}

TEST(PatternVsRg, LiteralsAndCase) {
  int n = CompareWithRg(
      {"hello", "Hello",  "HELLO", "straße", "STRASSE", "k",    "K",   "\u212A", "s",     "\u017F",  "σας",
       "ΣΟΦΊΑ", "привет", "café",  "É",      "ß",       "日本", "a|b", "\\$100", "\\x41", "\\u{3c3}"},
      {"", "i", "S"});
  EXPECT_GE(n, 60);
}

TEST(PatternVsRg, Classes) {
  CompareWithRg({"\\w+",
                 "\\W+",
                 "\\d+",
                 "\\D",
                 "\\s+",
                 "\\S+",
                 "\\pL+",
                 "\\PL+",
                 "\\p{Greek}+",
                 "\\p{Cyrillic}",
                 "\\p{Han}+",
                 "\\p{Lu}",
                 "[[:alpha:]]+",
                 "[[:^alpha:]]+",
                 "[^a-z ]+",
                 "[a-c]+",
                 "[^\\w ]",
                 "[\\W\\d]+",
                 "[[^a-z][a-c]]+",
                 "[\\s\\d]+",
                 ".",
                 ".+",
                 "(?s).+",
                 "[\\x00-\\x{10FFFF}]+",
                 "\\p{Nd}"},
                {"", "i"});
}

TEST(PatternVsRg, AnchorsAndEmptyMatches) {
  CompareWithRg(
      {"^",    "$", "^$",   "a*",   "x?",    "(?:)",  "^\\w+",       "\\w+$",  "e\\z", "z*$",
       "\\s*", "|", "\\r$", "^\\r", "\\bba", "ab\\b", "\\bworld\\b", "\\Bell", "\\b_", "\\b[0-9]+\\b"},
      {"", "i"});
}

TEST(PatternVsRg, RepetitionAlternationGroups) {
  CompareWithRg({"a+b",
                 "ab*a",
                 "(?:ab|ba)+",
                 "a{2}",
                 "a{1,2}",
                 "a{2,}",
                 "b+?",
                 "(?U)b+",
                 "(?U)b+?",
                 "a??b",
                 "(?P<x>ba)(b|a)",
                 "world|World|wor",
                 "(a|ab)(c|bcd)",
                 "(?i)hello|world",
                 "x(?i:HELLO)",
                 "(?i)s(?-i)S",
                 "(?x) h e l l o  # comment",
                 "\\d+\\.\\d+",
                 "[a-z]+_[a-z0-9]+",
                 "a**"},
                {"", "i"});
}

TEST(PatternVsRg, WordMode) {
  CompareWithRg({"hello", "a", "ab", "\\w+", "ba", "_", "x", "[a-z]+", "a*", "b|ba", "\\s", "1", "é", "ß",
                 "s", "word1\\d", "^", "$", "k"},
                {"w", "wi"});
}

TEST(PatternVsRg, FixedStrings) {
  CompareWithRg(
      {"a*b", "$100.00", "(paren)", "[tag]", "a|b", "\\back", "{brace}", ".", "HELLO", "Straße", "x"},
      {"F", "Fi", "FS", "Fw"});
}

TEST(PatternVsRg, SmartCaseLooksAtLiteralsOnly) {
  // \W, \S and \pL are not upper-case literals; \x41 and [A-Z] are.
  CompareWithRg({"\\Whello", "\\Shello", "\\pLello", "\\x41", "[A-Z]ello", "h\\p{Lu}", "\\w+", "ΣΟΦ"}, {"S"});
}

TEST(PatternVsRg, SeveralPatternsAreJoinedAsText) {
  testing::TempTree tree;
  const std::string content = Corpus();
  tree.Write("c.txt", content);
  const std::vector<std::pair<std::vector<std::string>, std::string_view>> cases = {
      {{"hello", "world"}, ""}, {{"(?i)hello", "world"}, ""}, {{"Hello", "world"}, "S"}, {{"ab", "a"}, "w"},
      {{"a*", "b"}, ""},        {{"a.b", "(x)"}, "F"},
  };
  for (const auto& [patterns, flags] : cases) {
    SCOPED_TRACE(patterns[0] + " " + patterns[1] + " flags " + std::string(flags));
    Pattern pattern = Pattern::Compile(patterns, Opts(flags));
    OracleResult rg = testing::RgJson(tree.root() / "c.txt", patterns, Opts(flags));
    EXPECT_EQ(testing::FirstDifference(rg.matches, testing::ScryJson(pattern, content).matches), "");
  }
}

TEST(Pattern, UnsupportedSyntaxIsABadInputErrorNamingThePattern) {
  for (std::string p : {"[^\\W_]", "[a--b]", "(?-u:a)", "\\p{Alphabetic}"}) {
    try {
      Pattern::Compile({p}, {});
      ADD_FAILURE() << p << " compiled";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kBadInput);
      EXPECT_NE(std::string(e.what()).find(p), std::string::npos) << e.what();
    }
  }
}

TEST(PatternVsRg, InvalidPatternsFailLikeRg) {
  testing::TempTree tree;
  tree.Write("c.txt", "abc\n");
  for (std::string p : {"(", "[a", "a{2,1}", "a\nb", "\\p{Nope}", ")", "*a", "a{", "\\n", "[\\n]", "\\1",
                        "\\/", "(?<n>a)", "a{,2}", "(?z)"}) {
    SCOPED_TRACE(p);
    int status = 0;
    testing::RunCommand("rg --no-config -e " + testing::ShellQuote(p) + " " +
                            (tree.root() / "c.txt").string() + " 2>/dev/null",
                        &status);
    EXPECT_EQ(status, 2);
    try {
      Pattern::Compile({p}, {});
      ADD_FAILURE() << "compiled";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kBadInput);
      std::string message = e.what();
      EXPECT_EQ(message.find('\n'), std::string::npos) << "one line";
      EXPECT_NE(message.find(regex::ShowPattern(p)), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace scry
