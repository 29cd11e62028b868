// The query language's parser (query/query_syntax.h): precedence, quoting, fields, settings, and an
// error naming the column for every malformed query.
#include "query/query_syntax.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "util/error.h"

namespace scry {
namespace {

std::string Tree(std::string_view query) { return ToString(*ParseQuery(query).root); }

TEST(QuerySyntax, AndBindsTighterThanOrAndParenthesesGroup) {
  EXPECT_EQ(Tree("a b or c"), "((\"a\" \"b\") or \"c\")");
  EXPECT_EQ(Tree("a (b or c)"), "(\"a\" (\"b\" or \"c\"))");
  EXPECT_EQ(Tree("a OR b or c"), "(\"a\" or \"b\" or \"c\")");
  EXPECT_EQ(Tree("((a))"), "\"a\"");
}

TEST(QuerySyntax, MinusNegatesAnAtomOrAGroup) {
  EXPECT_EQ(Tree("-a"), "-\"a\"");
  EXPECT_EQ(Tree("a -(b or c)"), "(\"a\" -(\"b\" or \"c\"))");
  EXPECT_EQ(Tree("--a"), "--\"a\"");
  // A lone '-' is a word, as is one inside a word.
  EXPECT_EQ(Tree("a - b"), "(\"a\" \"-\" \"b\")");
  EXPECT_EQ(Tree("foo-bar"), "\"foo-bar\"");
}

TEST(QuerySyntax, QuotesAndSlashesDelimitLiteralsAndRegexes) {
  ParsedQuery q = ParseQuery(R"("a \"quoted\" \\ (paren" /x\/y\d+/)");
  ASSERT_EQ(q.root->children.size(), 2u);
  EXPECT_EQ(q.root->children[0].value, R"(a "quoted" \ (paren)");
  EXPECT_FALSE(q.root->children[0].regex);
  EXPECT_EQ(q.root->children[1].value, R"(x/y\d+)");
  EXPECT_TRUE(q.root->children[1].regex);
  EXPECT_EQ(q.root->children[1].column, 26u);
}

TEST(QuerySyntax, AWordIsALiteralEvenWithColonsOrBrackets) {
  ParsedQuery q = ParseQuery("std::string foo.bar( x:y");
  ASSERT_EQ(q.root->children.size(), 3u);
  for (const QueryNode& n : q.root->children) EXPECT_EQ(n.kind, QueryNode::Kind::kContent);
  EXPECT_EQ(q.root->children[1].value, "foo.bar(");
  // Inside parentheses a ')' ends the word.
  EXPECT_EQ(Tree("(a or b)"), "(\"a\" or \"b\")");
}

TEST(QuerySyntax, FieldsMakeAtomsOfTheirKind) {
  ParsedQuery q =
      ParseQuery(R"(lang:go file:_test\.go$ path:src/ -file:vendor/ sym:Handler sym:/^Parse/ content:"a b")");
  std::vector<std::pair<QueryNode::Kind, std::string>> atoms;
  for (const QueryNode& n : q.root->children) {
    const QueryNode& atom = n.kind == QueryNode::Kind::kNot ? n.children[0] : n;
    atoms.push_back({atom.kind, atom.value});
  }
  using K = QueryNode::Kind;
  EXPECT_EQ(atoms, (std::vector<std::pair<K, std::string>>{{K::kLang, "go"},
                                                           {K::kFile, R"(_test\.go$)"},
                                                           {K::kFile, "src/"},
                                                           {K::kFile, "vendor/"},
                                                           {K::kSym, "Handler"},
                                                           {K::kSym, "^Parse"},
                                                           {K::kContent, "a b"}}));
  EXPECT_TRUE(q.root->children[5].regex);
}

TEST(QuerySyntax, CaseAndRevSetTheWholeQuery) {
  ParsedQuery q = ParseQuery("case:yes Foo rev:v1.2 bar");
  EXPECT_EQ(q.case_mode, CaseMode::kYes);
  EXPECT_EQ(q.rev, "v1.2");
  EXPECT_EQ(ToString(*q.root), "(\"Foo\" \"bar\")");
  EXPECT_FALSE(ParseQuery("x").case_mode.has_value());
  EXPECT_EQ(ParseQuery("case:no x case:no").case_mode, CaseMode::kNo);
  // Settings alone parse (the caller says there is nothing to search for).
  EXPECT_FALSE(ParseQuery("rev:main").root.has_value());
}

TEST(QuerySyntax, EveryMalformedQueryNamesItsColumn) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"", "query: column 1: empty query"},
      {"   ", "query: column 1: empty query"},
      {"(a", "query: column 1: '(' is never closed"},
      {"a )", "query: column 3: ')' closes nothing"},
      {"a ()", "query: column 3: empty parentheses"},
      {"or a", "query: column 1: 'or' needs a term on each side"},
      {"a or", "query: column 5: 'or' needs a term on each side"},
      {"a or or b", "query: column 6: 'or' needs a term on each side"},
      {"\"open", "query: column 1: the quote is never closed"},
      {"a /open", "query: column 3: the regex is never closed"},
      {"a \"\"", "query: column 3: empty quotes"},
      {"file:", "query: column 1: file: needs a value"},
      {"a lang: b", "query: column 3: lang: needs a value"},
      {"case:maybe a", "query: column 1: case: takes yes, no or auto, not 'maybe'"},
      {"case:yes a case:no", "query: column 12: two different case: values"},
      {"rev:a rev:b x", "query: column 7: two different rev: values"},
      {"a case:yes or b", "query: column 3: case: and rev: set the whole query and cannot be or-ed"},
      {"-case:yes a", "query: column 2: case: sets the whole query and cannot be negated or grouped"},
      {"(rev:x a)", "query: column 2: rev: sets the whole query and cannot be negated or grouped"},
  };
  for (const auto& [query, message] : cases) {
    try {
      ParseQuery(query);
      ADD_FAILURE() << "no error for: " << query;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kBadInput) << query;
      EXPECT_TRUE(std::string_view(e.what()).starts_with(message)) << query << "\n" << e.what();
    }
  }
}

}  // namespace
}  // namespace scry
