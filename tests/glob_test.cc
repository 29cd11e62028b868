#include "util/glob.h"

#include <gtest/gtest.h>

#include <string>

#include "util/error.h"

namespace scry {
namespace {

struct Case {
  const char* glob;
  const char* path;
  bool matches;
};

// Expected answers are ripgrep 13's (checked with `rg --files -g GLOB` on trees holding these paths).
constexpr Case kCases[] = {
    // No '/': the final component, at any depth.
    {"foo", "foo", true},
    {"foo", "a/b/foo", true},
    {"foo", "foo/bar", false},
    {"foo", "xfoo", false},
    {"*.c", "main.c", true},
    {"*.c", "src/deep/main.c", true},
    {"*.c", "main.cc", false},
    {"*.c", "main.c/x", false},
    {"a*b", "axxb", true},
    {"a*b", "a/b", false},
    {"*", "anything/at/all", true},
    {"?.txt", "a.txt", true},
    {"?.txt", "ab.txt", false},
    {"a?b", "a/b", false},
    {"x**y", "xaby", true},
    {"x**y", "xa/by", false},
    // A '/' anchors to the root; a leading '/' anchors and is dropped.
    {"src/*.c", "src/main.c", true},
    {"src/*.c", "lib/src/main.c", false},
    {"src/*.c", "src/sub/main.c", false},
    {"/foo", "foo", true},
    {"/foo", "a/foo", false},
    {"/*.c", "main.c", true},
    {"/*.c", "src/main.c", false},
    // "**" as a whole component.
    {"**", "a/b/c", true},
    {"**/foo", "foo", true},
    {"**/foo", "a/b/foo", true},
    {"**/foo/bar", "x/foo/bar", true},
    {"**/foo/bar", "foo/bar", true},
    {"foo/**", "foo/a", true},
    {"foo/**", "foo/a/b", true},
    {"foo/**", "foo", false},
    {"foo/**", "xfoo/a", false},
    {"a/**/b", "a/b", true},
    {"a/**/b", "a/x/b", true},
    {"a/**/b", "a/x/y/b", true},
    {"a/**/b", "a/xb", false},
    {"a/**/b", "ab", false},
    {"a/**/*.c", "a/x/y/z.c", true},
    {"**/*.c", "z.c", true},
    // Character classes: ranges, negation with '!' or '^', ']' or '-' literal first, '-' literal last.
    {"*.[ch]", "x.h", true},
    {"*.[ch]", "x.o", false},
    {"[a-c]x", "bx", true},
    {"[a-c]x", "dx", false},
    {"[!a-c]x", "dx", true},
    {"[!a-c]x", "ax", false},
    {"[^a-c]x", "dx", true},
    {"[]a]x", "]x", true},
    {"[a-]x", "-x", true},
    {"[-a]x", "-x", true},
    {"[Mm]akefile", "makefile", true},
    {"a[/]b", "a/b", true},  // globset lets a class match '/'
    // Backslash escapes.
    {"\\*", "*", true},
    {"\\*", "x", false},
    {"a\\?", "a?", true},
    {"a\\?", "ab", false},
    {"\\[a]", "[a]", true},
    // Alternation, with empty alternatives dropped as globset does.
    {"*.{c,h}", "x.h", true},
    {"*.{c,h}", "x.o", false},
    {"{src,lib}/*.c", "lib/x.c", true},
    {"*{c,}", "a.c", true},
    {"*{c,}", "a.h", false},
    {"a,b", "a,b", true},
    {"[{]x", "{x", true},
};

TEST(GlobTest, MatchesLikeRipgrep) {
  for (const Case& c : kCases) {
    EXPECT_EQ(Glob::Compile(c.glob).Matches(c.path), c.matches) << "glob " << c.glob << " path " << c.path;
  }
}

TEST(GlobTest, KeepsThePatternAsWritten) { EXPECT_EQ(Glob::Compile("/src/*.c").pattern(), "/src/*.c"); }

TEST(GlobTest, ManyStarsStayFast) {
  Glob glob = Glob::Compile("*a*a*a*a*a*a*a*a*a*a*b");
  EXPECT_FALSE(glob.Matches(std::string(500, 'a')));
}

void ExpectBadGlob(const char* glob, const std::string& message) {
  try {
    Glob::Compile(glob);
    ADD_FAILURE() << "no error for " << glob;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
    EXPECT_EQ(std::string(e.what()), message);
  }
}

TEST(GlobTest, InvalidGlobsNameThemselves) {
  ExpectBadGlob("[a", "error parsing glob '[a': unclosed character class; missing ']'");
  ExpectBadGlob("[]", "error parsing glob '[]': unclosed character class; missing ']'");
  ExpectBadGlob("a\\", "error parsing glob 'a\\': dangling '\\'");
  ExpectBadGlob("[z-a]", "error parsing glob '[z-a]': invalid range; 'z' > 'a'");
  ExpectBadGlob(
      "{a,b",
      "error parsing glob '{a,b': unclosed alternate group; missing '}' (maybe escape '{' with '[{]'?)");
  ExpectBadGlob("{a,{b}}", "error parsing glob '{a,{b}}': nested alternate groups are not allowed");
}

}  // namespace
}  // namespace scry
