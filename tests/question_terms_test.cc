// The words the lexical side of `scry ask` looks for (query/ask.h QuestionTerms).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "query/ask.h"

namespace scry {
namespace {

using Terms = std::vector<std::string>;

TEST(QuestionTerms, StopWordsGoAndCommonEndingsAreCut) {
  EXPECT_EQ(QuestionTerms("where do we retry failed http requests"),
            (Terms{"retry", "fail", "http", "request"}));
  EXPECT_EQ(QuestionTerms("How is the config file parsed?"), (Terms{"config", "file", "pars"}));
}

TEST(QuestionTerms, AnEndingIsCutOnlyFromALongWord) {
  // "retried" and "retries" become "retr", which the substring match finds in "retry" too.
  EXPECT_EQ(QuestionTerms("retried retries"), (Terms{"retr"}));
  EXPECT_EQ(QuestionTerms("uses bytes"), (Terms{"byte"}));  // "uses" is a stop word; "bytes" -> "byte"
  EXPECT_EQ(QuestionTerms("bus"), (Terms{"bus"}));
}

TEST(QuestionTerms, IdentifiersSplitAndRepeatsAndShortStemsGo) {
  EXPECT_EQ(QuestionTerms("parseConfig parse_config ok x1"), (Terms{"parse", "config"}));
  EXPECT_TRUE(QuestionTerms("how do we do it?").empty());
}

}  // namespace
}  // namespace scry
