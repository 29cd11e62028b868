#include "util/subtokens.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include "query/bm25.h"

namespace scry {
namespace {

using Strings = std::vector<std::string>;

struct SplitCase {
  std::string text;
  Strings subtokens;
};

void ExpectSplits(const std::vector<SplitCase>& cases) {
  for (const SplitCase& c : cases) EXPECT_EQ(Subtokens(c.text), c.subtokens) << c.text;
}

TEST(SubtokensTest, SplitsTheUsualIdentifierStyles) {
  ExpectSplits({
      {"parseHTTPRequest_v2 foo-bar", {"parse", "http", "request", "v2", "foo", "bar"}},
      {"getValueOrDefault", {"get", "value", "or", "default"}},
      {"StringBuilder", {"string", "builder"}},
      {"http_request_free", {"http", "request", "free"}},
      {"MAX_BUFFER_SIZE", {"max", "buffer", "size"}},
      {"__init__", {"init"}},
      {"kebab-case-name", {"kebab", "case", "name"}},
  });
}

TEST(SubtokensTest, AnAcronymEndsBeforeTheCapitalOfTheNextWord) {
  ExpectSplits({
      {"XMLHttpRequest", {"xml", "http", "request"}},
      {"IOError", {"io", "error"}},
      {"getURL", {"get", "url"}},
      {"URLs", {"urls"}},
      {"userIDsByName", {"user", "ids", "by", "name"}},
      {"HTTPSConnection", {"https", "connection"}},
      {"ASet", {"set"}},
      {"HTTP", {"http"}},
  });
}

TEST(SubtokensTest, DigitsStayWithWhatPrecedesThem) {
  ExpectSplits({
      {"utf8Decode", {"utf8", "decode"}},
      {"md5sum", {"md5sum"}},
      {"x86_64", {"x86", "64"}},
      {"HTTP2Server", {"http2", "server"}},
      {"Vec3f", {"vec3f"}},
      {"int32_t", {"int32"}},
  });
}

TEST(SubtokensTest, SeparatorsAndSubtokensUnderTwoBytesAreDropped) {
  ExpectSplits({
      {"", {}},
      {"x", {}},
      {"a_b_cd", {"cd"}},
      {"getX", {"get"}},
      {"foo.bar::baz->qux(a, b);", {"foo", "bar", "baz", "qux"}},
      {"  \t\n-_-  ", {}},
  });
}

TEST(SubtokensTest, RepeatsAreKeptInOrder) { ExpectSplits({{"foo_foo FOO", {"foo", "foo", "foo"}}}); }

TEST(SubtokensTest, NonAsciiBytesAreCaselessLettersInsideSubtokens) {
  ExpectSplits({
      {"größe_berechnen", {"größe", "berechnen"}},
      {"größeBerechnen", {"größe", "berechnen"}},
      {"ÄrgerMacher", {"Ärger", "macher"}},  // not lower-cased: only ASCII is
      {"日本語 テキスト", {"日本語", "テキスト"}},
      {"é", {"é"}},  // one character, two bytes
      {"\xff\xfe", {"\xff\xfe"}},
  });
}

TEST(SubtokensTest, LowerCaseSubtokensAreViewsIntoTheText) {
  const std::string text = "parse_HTTP_request";
  std::vector<bool> inside;
  Strings seen;
  ForEachSubtoken(text, [&](std::string_view subtoken) {
    inside.push_back(subtoken.data() >= text.data() && subtoken.data() < text.data() + text.size());
    seen.emplace_back(subtoken);
  });
  EXPECT_EQ(seen, (Strings{"parse", "http", "request"}));
  EXPECT_EQ(inside, (std::vector<bool>{true, false, true}));
}

TEST(Bm25Test, RarerTermsWeighMoreAndNoneWeighsNothing) {
  EXPECT_GT(Bm25Idf(1000, 1), Bm25Idf(1000, 10));
  EXPECT_GT(Bm25Idf(1000, 10), Bm25Idf(1000, 999));
  EXPECT_GT(Bm25Idf(1000, 1000), 0.0);
  EXPECT_GT(Bm25Idf(0, 0), 0.0);
  EXPECT_EQ(Bm25Idf(10, 20), Bm25Idf(10, 10));
}

TEST(Bm25Test, IdfKnownValues) {
  EXPECT_NEAR(Bm25Idf(10, 1), std::log(1 + 9.5 / 1.5), 1e-12);
  EXPECT_NEAR(Bm25Idf(10, 1), 1.992430164690206, 1e-12);
  EXPECT_NEAR(Bm25Idf(2, 1), std::log(2.0), 1e-12);
  EXPECT_NEAR(Bm25Idf(1000, 1000), 0.0004996252914324798, 1e-15);
}

TEST(Bm25Test, TermFrequencyRaisesTheScoreWithDiminishingReturns) {
  const double idf = Bm25Idf(100, 5);
  const Bm25Params params;
  double previous = Bm25TermScore(idf, 0, 100, 100);
  EXPECT_EQ(previous, 0.0);
  double previous_gain = INFINITY;
  for (uint32_t tf = 1; tf <= 20; ++tf) {
    double score = Bm25TermScore(idf, tf, 100, 100);
    EXPECT_GT(score, previous) << tf;
    EXPECT_LT(score - previous, previous_gain) << tf;
    previous_gain = score - previous;
    previous = score;
  }
  EXPECT_LT(Bm25TermScore(idf, 1000000, 100, 100), idf * (params.k1 + 1));
  EXPECT_NEAR(Bm25TermScore(idf, 1000000, 100, 100), idf * (params.k1 + 1), 1e-4);
}

TEST(Bm25Test, LongerDocumentsScoreLowerUnlessBIsZero) {
  const double idf = Bm25Idf(100, 5);
  EXPECT_GT(Bm25TermScore(idf, 2, 50, 100), Bm25TermScore(idf, 2, 100, 100));
  EXPECT_GT(Bm25TermScore(idf, 2, 100, 100), Bm25TermScore(idf, 2, 200, 100));
  const Bm25Params no_length = {.k1 = 1.2, .b = 0.0};
  EXPECT_EQ(Bm25TermScore(idf, 2, 50, 100, no_length), Bm25TermScore(idf, 2, 200, 100, no_length));
}

TEST(Bm25Test, TermScoreKnownValues) {
  const double idf = Bm25Idf(10, 1);
  // tf (k1 + 1) / (tf + k1 (1 - b + b dl / avgdl)) with k1 = 1.2, b = 0.75.
  EXPECT_NEAR(Bm25TermScore(idf, 2, 100, 100), idf * 2 * 2.2 / 3.2, 1e-12);
  EXPECT_NEAR(Bm25TermScore(idf, 2, 100, 100), 2.7395914764490334, 1e-12);
  EXPECT_NEAR(Bm25TermScore(idf, 1, 200, 100), 1.413982697522082, 1e-12);
  // No documents yet: every document is average.
  EXPECT_NEAR(Bm25TermScore(idf, 2, 37, 0), 2.7395914764490334, 1e-12);
}

}  // namespace
}  // namespace scry
