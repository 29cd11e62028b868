// PathFilter against ripgrep 13: for each set of -g/-t/-T flags, the paths PathFilter accepts out of
// the whole tree must be exactly those `rg --files` lists with the same flags.
#include "query/path_filter.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "query/file_types.h"
#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

using testing::RunCommand;
using testing::ShellQuote;
using testing::SortedLines;
using testing::TempTree;

struct Flag {
  char kind;  // 'g', 't' or 'T'
  std::string value;
};

// No hidden files and no ignore files here: rg lets a -g glob bring back a hidden or ignored path,
// which PathFilter cannot do because it only ever sees the paths the walk kept.
constexpr const char* kPaths[] = {
    "main.c",          "main.h",         "main.cc",          "lib.cpp",           "lib.hpp",
    "Makefile",        "GNUmakefile",    "CMakeLists.txt",   "notes.txt",         "README.md",
    "Dockerfile",      "app.Dockerfile", "Cargo.lock",       "Cargo.toml",        "composer.lock",
    "profile",         "run.sh",         "data.json",        "conf.yaml",         "conf.yml",
    "src/a.rs",        "src/b.go",       "src/c.py",         "src/d.ts",          "src/e.js",
    "src/f.java",      "src/g.kt",       "src/h.swift",      "src/i.scala",       "src/j.rb",
    "src/Gemfile",     "src/k.php",      "src/l.lua",        "src/m.pl",          "src/n.hs",
    "src/o.ml",        "src/p.ex",       "src/q.erl",        "src/r.xml",         "src/s.proto",
    "src/t.zig",       "src/u.sql",      "src/v.cs",         "src/w.css",         "src/x.html",
    "src/y.cmake",     "src/z.mk",       "src/deep/er/x.c",  "src/deep/er/y.txt", "vendor/lib/v.c",
    "vendor/v.txt",    "lib/vendor/w.c", "build/out.c",      "src/build/gen.c",   "docs/api/index.md",
    "docs/build.md",   "test/a_test.go", "test/data/in.txt", "x/y/z/w.c",         "foo",
    "sub/foo/inner.c", "weird[1].txt",   "a b.txt",          "comma,name.txt",
};

class PathFilterTest : public ::testing::Test {
 protected:
  void SetUp() override {
    for (const char* path : kPaths) tree_.Write(path, "x\n");
    all_paths_ = Ripgrep({});
    ASSERT_EQ(all_paths_.size(), std::size(kPaths));
  }

  std::vector<std::string> Ripgrep(const std::vector<Flag>& flags) const {
    std::string command = "cd " + ShellQuote(tree_.root().string()) + " && rg --no-config --files";
    for (const Flag& flag : flags) command += std::string(" -") + flag.kind + " " + ShellQuote(flag.value);
    return SortedLines(RunCommand(command + " 2>/dev/null"));
  }

  std::vector<std::string> Filtered(const std::vector<Flag>& flags) const {
    PathFilter filter;
    for (const Flag& flag : flags) {
      if (flag.kind == 'g') filter.AddGlob(flag.value);
      if (flag.kind == 't') filter.AddType(flag.value);
      if (flag.kind == 'T') filter.AddTypeNot(flag.value);
    }
    std::vector<std::string> kept;
    for (const std::string& path : all_paths_) {
      if (filter.Includes(path)) kept.push_back(path);
    }
    return kept;
  }

  TempTree tree_;
  std::vector<std::string> all_paths_;
};

std::string Describe(const std::vector<Flag>& flags) {
  std::string text;
  for (const Flag& flag : flags) text += std::string(" -") + flag.kind + " " + ShellQuote(flag.value);
  return text;
}

TEST_F(PathFilterTest, GlobsMatchRipgrep) {
  const std::vector<std::vector<Flag>> cases = {
      {{'g', "*.c"}},
      {{'g', "!*.c"}},
      {{'g', "*.c"}, {'g', "!vendor"}},
      {{'g', "!vendor"}, {'g', "*.c"}},
      {{'g', "!vendor/"}},
      {{'g', "!/vendor"}},
      {{'g', "vendor"}},
      {{'g', "vendor/**"}},
      {{'g', "**/vendor/**"}},
      {{'g', "src/**/*.c"}},
      {{'g', "src/*"}},
      {{'g', "/*.c"}},
      {{'g', "!build/"}},
      {{'g', "build"}},
      {{'g', "*.{c,h}"}},
      {{'g', "*.md"}, {'g', "!docs/**"}},
      {{'g', "!docs/**"}, {'g', "*.md"}},
      {{'g', "*.txt"}, {'g', "!*.txt"}, {'g', "notes.txt"}},
      {{'g', "!*.txt"}, {'g', "*.txt"}},
      {{'g', "foo"}},
      {{'g', "!foo"}},
      {{'g', "!foo/"}},
      {{'g', "weird\\[1\\].txt"}},
      {{'g', "a b.txt"}},
      {{'g', "x/**/w.c"}},
      {{'g', "[A-Z]*"}},
      {{'g', "#comment"}},
      {{'g', "!src/*/"}},
  };
  for (const auto& flags : cases) EXPECT_EQ(Filtered(flags), Ripgrep(flags)) << Describe(flags);
}

TEST_F(PathFilterTest, TypesMatchRipgrep) {
  const std::vector<std::vector<Flag>> cases = {
      {{'t', "c"}},
      {{'t', "cpp"}},
      {{'t', "make"}},
      {{'t', "cmake"}},
      {{'t', "docker"}},
      {{'t', "json"}, {'t', "toml"}},
      {{'t', "sh"}},
      {{'t', "ruby"}},
      {{'t', "md"}},
      {{'t', "protobuf"}},
      {{'T', "c"}},
      {{'T', "c"}, {'T', "txt"}},
      {{'t', "c"}, {'T', "c"}},
      {{'T', "c"}, {'t', "c"}},
      {{'t', "c"}, {'t', "cpp"}, {'T', "cpp"}},
      {{'t', "all"}},
      {{'T', "all"}},
  };
  for (const auto& flags : cases) EXPECT_EQ(Filtered(flags), Ripgrep(flags)) << Describe(flags);
  for (const FileType& type : DefaultFileTypes()) {
    const std::vector<Flag> flags = {{'t', std::string(type.name)}};
    EXPECT_EQ(Filtered(flags), Ripgrep(flags)) << Describe(flags);
  }
}

TEST_F(PathFilterTest, GlobsAndTypesTogetherMatchRipgrep) {
  const std::vector<std::vector<Flag>> cases = {
      {{'g', "*.c"}, {'t', "py"}},      {{'g', "!vendor"}, {'t', "c"}},        {{'g', "!*.h"}, {'t', "c"}},
      {{'g', "src/**"}, {'T', "rust"}}, {{'g', "!src/deep/**"}, {'T', "txt"}}, {{'g', "vendor"}, {'t', "c"}},
  };
  for (const auto& flags : cases) EXPECT_EQ(Filtered(flags), Ripgrep(flags)) << Describe(flags);
}

TEST(PathFilterBasics, EmptyFilterIncludesEverything) {
  PathFilter filter;
  EXPECT_TRUE(filter.empty());
  EXPECT_TRUE(filter.Includes("any/path.xyz"));
  filter.AddTypeNot("c");
  EXPECT_FALSE(filter.empty());
}

TEST(PathFilterBasics, InvalidGlobIsBadInputNamingIt) {
  PathFilter filter;
  try {
    filter.AddGlob("![a");
    FAIL() << "expected scry::Error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kBadInput);
    EXPECT_EQ(std::string(e.what()), "error parsing glob '![a': unclosed character class; missing ']'");
  }
}

TEST(PathFilterBasics, UnknownTypeIsBadInputNamingIt) {
  for (bool negated : {false, true}) {
    PathFilter filter;
    try {
      negated ? filter.AddTypeNot("proto") : filter.AddType("proto");
      FAIL() << "expected scry::Error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kBadInput);
      EXPECT_TRUE(std::string(e.what()).starts_with("unrecognized file type: proto")) << e.what();
    }
  }
}

TEST(PathFilterBasics, TypeListHasRipgrepFormat) {
  std::vector<std::string> ours = FileTypeList();
  std::vector<std::string> rg = SortedLines(RunCommand("rg --no-config --type-list"));
  ASSERT_FALSE(ours.empty());
  EXPECT_TRUE(std::is_sorted(ours.begin(), ours.end()));
  for (const std::string& line : ours) {
    EXPECT_TRUE(std::binary_search(rg.begin(), rg.end(), line)) << "not in rg --type-list: " << line;
  }
}

}  // namespace
}  // namespace scry
