#include "query/name_match.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <new>
#include <random>
#include <string>
#include <vector>

// Counting allocations on this thread, to hold Match to its promise of allocating nothing.  Not
// inlined: GCC would then see free() on operator new's result and warn of a mismatch.
namespace {
thread_local size_t allocations = 0;
}  // namespace

[[gnu::noinline]] void* operator new(size_t size) {
  ++allocations;
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
[[gnu::noinline]] void operator delete(void* p) noexcept { std::free(p); }
[[gnu::noinline]] void operator delete(void* p, size_t) noexcept { std::free(p); }

namespace scry {
namespace {

NameMatch ClassOf(std::string_view query, std::string_view name) {
  return NameMatcher(query).Match(name).match;
}

// Asserts that `names` are in strictly decreasing order of how well they match `query`.
void ExpectRanked(std::string_view query, const std::vector<std::string>& names) {
  NameMatcher matcher(query);
  for (size_t i = 0; i + 1 < names.size(); ++i) {
    NameScore better = matcher.Match(names[i]), worse = matcher.Match(names[i + 1]);
    EXPECT_NE(better.match, NameMatch::kNone) << query << " / " << names[i];
    EXPECT_GT(better, worse) << query << ": " << names[i] << " (" << better.score << ") over " << names[i + 1]
                             << " (" << worse.score << ")";
  }
}

TEST(NameMatchTest, ClassesFromExactToFuzzy) {
  EXPECT_EQ(ClassOf("Foo", "Foo"), NameMatch::kExact);
  EXPECT_EQ(ClassOf("Foo", "foo"), NameMatch::kExactIgnoringCase);
  EXPECT_EQ(ClassOf("Foo", "FOO"), NameMatch::kExactIgnoringCase);
  EXPECT_EQ(ClassOf("Foo", "foobar"), NameMatch::kPrefix);
  EXPECT_EQ(ClassOf("Foo", "getFoo"), NameMatch::kSubstring);
  EXPECT_EQ(ClassOf("Foo", "f_o_o"), NameMatch::kFuzzy);
  EXPECT_EQ(ClassOf("Foo", "oof"), NameMatch::kNone);
  EXPECT_EQ(ClassOf("Foo", "fo"), NameMatch::kNone);
  ExpectRanked("Foo", {"Foo", "foo", "foobar", "getFoo", "f_o_o"});
}

TEST(NameMatchTest, AClassOutranksAnyScoreInALowerOne) {
  // A long prefix match against a short, perfect-looking fuzzy one.
  ExpectRanked("get", {"get_a_very_long_name_that_goes_on_and_on_and_on", "g_e_t"});
  ExpectRanked("item", {"itemsWithAVeryLongTailThatNeverEnds", "disItem"});
}

TEST(NameMatchTest, EmptyQueryOrNameMatchesNothing) {
  EXPECT_EQ(ClassOf("", ""), NameMatch::kNone);
  EXPECT_EQ(ClassOf("", "foo"), NameMatch::kNone);
  EXPECT_EQ(ClassOf("foo", ""), NameMatch::kNone);
}

TEST(NameMatchTest, ShorterPrefixMatchesRankFirstThenTheQuerysCase) {
  ExpectRanked("get", {"getX", "getValue", "getValueOrDefault"});
  ExpectRanked("Get", {"GetFoo", "getFoo"});
  ExpectRanked("get", {"getFoo", "GetFoo"});
}

TEST(NameMatchTest, SubstringsAtAWordStartRankFirstThenShorterNames) {
  ExpectRanked("count", {"getCount", "item_count", "getItemCount", "recount", "discount", "discounts"});
  ExpectRanked("Count", {"get_Count", "get_count"});
  // The word-start occurrence counts even when an earlier one is not at a word start.
  ExpectRanked("map", {"bitmapMap", "bitmapmap"});
}

TEST(NameMatchTest, FuzzyPrefersWordStarts) {
  ExpectRanked("fb", {"fooBar", "fabric"});
  ExpectRanked("fb", {"foo_bar", "fabric"});
  ExpectRanked("fb", {"foo.bar", "fabric"});
  ExpectRanked("fb", {"foo::bar", "fxxbric"});
  ExpectRanked("gdc", {"getDataCount", "goodDocs"});
  ExpectRanked("hr", {"HTTPRequest", "hour"});   // the capital that ends an acronym starts a word
  ExpectRanked("ud", {"utf8Decode", "unused"});  // a letter after a digit starts a word
  ExpectRanked("sbn", {"size_by_name", "subname"});
  ExpectRanked("sbn", {"sizeByName", "subname"});
}

TEST(NameMatchTest, FuzzyPrefersConsecutiveCharactersAndSmallGaps) {
  ExpectRanked("abd", {"abxxd", "axbxd"});
  ExpectRanked("ab", {"axxxxbxxxxx", "axxxxxxxxxb"});
}

TEST(NameMatchTest, FuzzyTiesGoToTheShorterName) {
  ExpectRanked("fb", {"fooBar", "fooBarBaz", "fooBarBazQux"});
}

TEST(NameMatchTest, FuzzyScoresTheBestAlignmentNotTheFirst) {
  // The first f...b is plain; the later one hits fooBar's word starts.
  ExpectRanked("fb", {"xfxbxfooBar", "xfxbxfooxxx"});
}

TEST(NameMatchTest, UpperCaseInTheQueryPrefersUpperCaseInTheName) {
  ExpectRanked("aB", {"a_Bx", "a_bx"});
  EXPECT_EQ(NameMatcher("ab").Match("a_Bx"), NameMatcher("ab").Match("a_bx"));
}

TEST(NameMatchTest, LongNamesStillMatchAndRankWordStarts) {
  const std::string tail(400, 'x');
  EXPECT_EQ(ClassOf("fb", "f" + tail + "b"), NameMatch::kFuzzy);
  EXPECT_EQ(ClassOf("fb", "f" + tail), NameMatch::kNone);
  ExpectRanked("gdc", {"getDataCount" + tail, "goodDocs" + tail});
  ExpectRanked("abd", {"abxxd" + tail, "axbxd" + tail});
}

TEST(NameMatchTest, NonAsciiBytesCompareAsBytes) {
  EXPECT_EQ(ClassOf("größe", "größe"), NameMatch::kExact);
  EXPECT_EQ(ClassOf("größe", "Größe"), NameMatch::kExactIgnoringCase);
  EXPECT_EQ(ClassOf("öl", "ÖL"), NameMatch::kNone);  // only ASCII folds
  EXPECT_EQ(ClassOf("gb", "größe_berechnen"), NameMatch::kFuzzy);
  EXPECT_EQ(ClassOf("日本", "日本語"), NameMatch::kPrefix);
  ExpectRanked("gb", {"größe_berechnen", "großbrechen"});
}

// A plain statement of the classes, against which random names check the matcher.
NameMatch ReferenceClass(const std::string& query, const std::string& name) {
  auto fold = [](std::string s) {
    for (char& c : s) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return s;
  };
  if (query.empty()) return NameMatch::kNone;
  if (name == query) return NameMatch::kExact;
  std::string q = fold(query), n = fold(name);
  if (n == q) return NameMatch::kExactIgnoringCase;
  if (n.starts_with(q)) return NameMatch::kPrefix;
  if (n.find(q) != std::string::npos) return NameMatch::kSubstring;
  size_t matched = 0;
  for (char c : n) {
    if (matched < q.size() && c == q[matched]) ++matched;
  }
  return matched == q.size() ? NameMatch::kFuzzy : NameMatch::kNone;
}

TEST(NameMatchTest, RandomBytesAgreeWithTheReferenceAndTheRequiredMask) {
  const std::string alphabet = "aAbB_-:1\xc3\xa9\xff";
  std::mt19937 random(11);
  auto random_string = [&](size_t max_length) {
    std::string s(random() % (max_length + 1), ' ');
    for (char& c : s) c = alphabet[random() % alphabet.size()];
    return s;
  };
  for (int round = 0; round < 20000; ++round) {
    std::string query = random_string(4);
    std::string name = random_string(round % 10 == 0 ? 600 : 12);
    NameMatcher matcher(query);
    NameScore got = matcher.Match(name);
    ASSERT_EQ(got.match, ReferenceClass(query, name)) << "query " << query << " name " << name;
    if (got.match != NameMatch::kNone) {
      ASSERT_EQ(CharMask(name) & matcher.required_mask(), matcher.required_mask()) << query << " / " << name;
    }
  }
}

TEST(NameMatchTest, RequiredMaskRejectsNamesLackingACharacter) {
  NameMatcher matcher("fbz");
  auto passes = [&](std::string_view name) {
    return (CharMask(name) & matcher.required_mask()) == matcher.required_mask();
  };
  EXPECT_FALSE(passes("fooBar"));
  EXPECT_TRUE(passes("fizzBuzz"));
  EXPECT_TRUE(passes("ZBF"));  // folded, and order is Match's business
  EXPECT_EQ(CharMask("FooBar"), CharMask("foobar"));
  EXPECT_NE(CharMask("a_1"), CharMask("a_2"));
  EXPECT_NE(CharMask("a_"), CharMask("a-"));
  EXPECT_NE(CharMask("a::b"), CharMask("a.b"));
  EXPECT_NE(CharMask("\xc3\xa9"), CharMask("e"));
  EXPECT_EQ(CharMask(""), 0u);
}

TEST(NameMatchTest, MatchDoesNotAllocate) {
  const std::string query = "getDataCountOfTheTree";  // longer than a std::string holds inline
  const std::vector<std::string> names = {
      query,         "GetDataCountOfTheTree",      query + "Now",
      "my_" + query, "get_data_count_of_the_tree", "get_data_count_of_the_tree" + std::string(300, 'x'),
      "nothing"};
  size_t before_construction = allocations;
  NameMatcher matcher(query);
  EXPECT_GT(allocations, before_construction);  // the counter does see allocations
  std::vector<NameMatch> classes;
  classes.reserve(names.size());
  size_t before = allocations;
  for (const std::string& name : names) classes.push_back(matcher.Match(name).match);
  EXPECT_EQ(allocations, before);
  EXPECT_EQ(classes, (std::vector<NameMatch>{NameMatch::kExact, NameMatch::kExactIgnoringCase,
                                             NameMatch::kPrefix, NameMatch::kSubstring, NameMatch::kFuzzy,
                                             NameMatch::kFuzzy, NameMatch::kNone}));
}

}  // namespace
}  // namespace scry
