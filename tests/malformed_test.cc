// Malformed source at the index level: truncated files, 20,000 levels of nesting, invalid UTF-8 and a
// 50 MB minified file.  `scry index` succeeds, every file stays searchable exactly as rg finds it,
// every file's chunks cover it, parses that ran out of time are reported, and re-indexing after a
// change loses nothing.
#include <gtest/gtest.h>
#include <re2/re2.h>

#include <chrono>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testlib/chunks.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::ExpectChunksCover;
using testing::Rg;
using testing::RunResult;
using testing::Scry;
using testing::TempTree;

// The number before `label` in scry index's summary line; 0 when the summary leaves it out.
uint64_t Count(const std::string& summary, const std::string& label) {
  uint64_t count = 0;
  re2::RE2::PartialMatch(summary, "(\\d+) " + label, &count);
  return count;
}

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}

// `args` must not print the minified line: --vimgrep would print its 50 MB once per match.
void ExpectSameAsRg(const fs::path& root, const std::string& args) {
  RunResult rg = Rg(root, "--sort path " + args);
  RunResult scry = Scry(root, "search --sort path " + args);
  EXPECT_EQ(scry.out, rg.out) << args << "\n" << scry.err;
  EXPECT_EQ(scry.status, rg.status) << args;
}

// Files written just before an index run are read again by the next one (their mtimes are racy):
// these are old, so that a re-index reads only what changed since.
void Backdate(const fs::path& root) {
  auto old = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (e.is_regular_file()) fs::last_write_time(e.path(), old);
  }
}

// The minified file's size: 50 MB, as the issue asks.  On a 2-core machine this whole test takes about
// 4-5 s in a Release build and 7-9 s under ASan+UBSan; indexing the file is about 3 s of either, 2 s of
// which are the parse's time budget (ChunkBudget::max_parse_ms), after which it falls back to line
// windows.  The file compresses to almost nothing, so the store stays small.
constexpr size_t kMinifiedBytes = 50'000'000;
constexpr const char* kIndexParsingAll = "index --parse-max-bytes 100000000";

const std::vector<std::string> kGoodFiles = {"good/server.go", "good/lib.rs", "good/app.py",
                                             "good/notes.txt"};
const std::vector<std::string> kBadFiles = {"bad/truncated.rs", "bad/deep.js",    "bad/deep.c",
                                            "bad/deep_open.c",  "bad/invalid.py", "bad/app.min.js"};

void WriteTree(const TempTree& t) {
  t.Write("good/server.go",
          "package good\n\n// Serve is the needle.\nfunc Serve() error {\n\treturn nil\n}\n\n"
          "type Server struct{}\n");
  t.Write("good/lib.rs", "/// needle\npub fn parse(text: &str) -> usize {\n    text.len()\n}\n");
  t.Write("good/app.py", "class App:\n    def run(self):\n        return 'needle'\n");
  t.Write("good/notes.txt", "a needle in the notes\n");

  // Cut off in the middle of a method, without a final newline.
  t.Write("bad/truncated.rs",
          "pub struct Point {\n    x: i32,\n}\n\n// needle\nimpl Point {\n    pub fn new(x: i32) -> Self {\n"
          "        Point { x");
  // 20,000 nested brackets with a definition at the bottom, balanced...
  t.Write("bad/deep.js", "// needle\nconst x = " + std::string(20'000, '[') +
                             "function deepest(a) { return a; }" + std::string(20'000, ']') + ";\n");
  t.Write("bad/deep.c", "// needle\nvoid outer(void) " + Repeat("{\n", 20'000) + "int deepest(void);\n" +
                            Repeat("}\n", 20'000));
  // ...and never closed.
  t.Write("bad/deep_open.c", "// needle\nvoid open_ended(void) " + Repeat("{\n", 20'000));
  t.Write("bad/invalid.py",
          "# needle\ndef before():\n    return '\xff\xfe\xc3'\n\x80\x81 = 1\n# \xc3\x28 needle \xa0\n"
          "def after():\n    pass\n");
  std::string minified = "/* needle */\n";
  std::string_view statement = "function f(a){return a+1};var x=f(2);";
  minified.reserve(kMinifiedBytes);
  while (minified.size() + statement.size() + 1 <= kMinifiedBytes) minified += statement;
  minified += '\n';
  t.Write("bad/app.min.js", minified);
}

// Whether `scry chunks FILE`, which printed `r`, says the parse ran out of time; then its chunks
// must be line windows.
bool ParseFellBack(const std::string& file, const RunResult& r) {
  EXPECT_EQ(r.status, 0) << file << ": " << r.err;
  bool fell_back = r.err.find("ran out of time") != std::string::npos;
  if (fell_back) {
    EXPECT_NE(r.err.find(file), std::string::npos) << r.err;
    std::istringstream in(r.out);
    for (std::string line; std::getline(in, line);) {
      EXPECT_NE(line.find("\tlines\t-\t"), std::string::npos) << line;
    }
  } else {
    EXPECT_EQ(r.err, "") << file;
  }
  return fell_back;
}

TEST(MalformedTest, IndexSurvivesMalformedFilesAndReindexLosesNothing) {
  TempTree t;
  WriteTree(t);
  Backdate(t.root());
  // Files over 1 MiB are not parsed by default (below); this one is, to meet the time budget.
  RunResult index = Scry(t.root(), kIndexParsingAll);
  ASSERT_EQ(index.status, 0) << index.err;
  EXPECT_EQ(Count(index.out, "files"), kGoodFiles.size() + kBadFiles.size()) << index.out;
  EXPECT_EQ(Count(index.out, "skipped"), 0u) << index.out;

  // Every file is searchable, as rg searches it.
  ExpectSameAsRg(t.root(), "--vimgrep needle");
  ExpectSameAsRg(t.root(), "-c 'var x=f\\(2\\)'");

  // Every file's chunks cover it; the summary counts exactly the parses `scry chunks` says ran out of
  // time (the 50 MB file's usually does, within ChunkBudget::max_parse_ms = 2000 ms).
  uint64_t fell_back = 0;
  std::vector<std::string> chunks_before;
  for (const std::vector<std::string>* files : {&kGoodFiles, &kBadFiles}) {
    for (const std::string& file : *files) {
      RunResult chunks = ExpectChunksCover(t.root(), file);
      bool file_fell_back = ParseFellBack(file, chunks);
      EXPECT_TRUE(files == &kBadFiles || !file_fell_back) << file;
      fell_back += file_fell_back;
      chunks_before.push_back(chunks.out);
    }
  }
  EXPECT_EQ(Count(index.out, "parses ran out of time"), fell_back) << index.out;

  // Definitions are still found around and inside the malformed parts.
  EXPECT_EQ(Scry(t.root(), "symbols --exact Serve").out,
            "good/server.go:4:6\tfunction\tgood.Serve\tfunc Serve() error {\n");
  EXPECT_TRUE(Scry(t.root(), "symbols -t js --exact deepest")
                  .out.starts_with("bad/deep.js:2:20020\tfunction\tdeepest\t"));
  EXPECT_EQ(Scry(t.root(), "symbols -t c --exact deepest").out,
            "bad/deep.c:20002:5\tfunction\touter.deepest\tint deepest(void);\n");
  EXPECT_EQ(Scry(t.root(), "symbols -t py '/^(before|after)$/'").out,
            "bad/invalid.py:6:5\tfunction\tafter\tdef after():\n"  // shorter names first
            "bad/invalid.py:2:5\tfunction\tbefore\tdef before():\n");
  EXPECT_EQ(Scry(t.root(), "symbols -t rust --exact Point").out,
            "bad/truncated.rs:1:12\tstruct\tPoint\tpub struct Point {\n");

  // A good file changes: only it is read again, and nothing already indexed is lost.
  t.Write("good/server.go",
          "package good\n\n// Serve is the needle.\nfunc Serve() error {\n\treturn nil\n}\n\n"
          "// Stop is another needle.\nfunc Stop() {}\n");
  RunResult again = Scry(t.root(), kIndexParsingAll);
  ASSERT_EQ(again.status, 0) << again.err;
  EXPECT_EQ(Count(again.out, "read"), 1u) << again.out;
  EXPECT_EQ(Count(again.out, "files"), kGoodFiles.size() + kBadFiles.size()) << again.out;
  EXPECT_EQ(Count(again.out, "removed"), 0u) << again.out;
  EXPECT_EQ(Count(again.out, "parses ran out of time"), 0u) << again.out;  // the big file was not read
  ExpectSameAsRg(t.root(), "--vimgrep needle");
  ExpectSameAsRg(t.root(), "-c 'var x=f\\(2\\)'");
  size_t i = 0;
  for (const std::vector<std::string>* files : {&kGoodFiles, &kBadFiles}) {
    for (const std::string& file : *files) {
      std::string chunks = Scry(t.root(), "chunks " + file).out;
      if (file == "good/server.go") {
        ExpectChunksCover(t.root(), file);
        EXPECT_NE(chunks, chunks_before[i]);
      } else {
        EXPECT_EQ(chunks, chunks_before[i]) << file;
      }
      ++i;
    }
  }
  EXPECT_EQ(Scry(t.root(), "symbols -t go '/./'").out,
            "good/server.go:9:6\tfunction\tgood.Stop\tfunc Stop() {}\n"
            "good/server.go:4:6\tfunction\tgood.Serve\tfunc Serve() error {\n");
  EXPECT_EQ(Scry(t.root(), "symbols -t c --exact deepest").status, 0);
  EXPECT_EQ(Scry(t.root(), "check").status, 0);
}

// By default a file over 1 MiB in a parsed language gets line windows without a parse, and the
// summary, `scry stats` and `scry chunks` say so.
TEST(MalformedTest, LargeFilesAreNotParsedAndSaySo) {
  TempTree t;
  std::string big = "function first() { return 1; }\n";
  while (big.size() <= (1 << 20))
    big += "var filler = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15];\n";
  t.Write("big.js", big);
  t.Write("small.js", "function first() { return 1; }\n");
  RunResult index = Scry(t.root(), "index");
  ASSERT_EQ(index.status, 0) << index.err;
  EXPECT_EQ(Count(index.out, "files over 1048576 bytes not parsed"), 1u) << index.out;
  EXPECT_NE(Scry(t.root(), "stats").out.find("too large to parse     1\n"), std::string::npos);
  RunResult chunks = ExpectChunksCover(t.root(), "big.js");
  EXPECT_NE(chunks.err.find("big.js: too large to parse"), std::string::npos) << chunks.err;
  EXPECT_EQ(chunks.out.find("\tdefinition\t"), std::string::npos) << chunks.out;
  RunResult symbols = Scry(t.root(), "symbols --exact first");
  EXPECT_EQ(symbols.out, "small.js:1:10\tfunction\tfirst\tfunction first() { return 1; }\n");
  // Searched all the same.
  EXPECT_EQ(Scry(t.root(), "search --sort path -c 'function first'").out, "big.js:1\nsmall.js:1\n");
}

}  // namespace
}  // namespace scry
