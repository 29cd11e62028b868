// `scry symbols` end to end: a small tree in six languages is indexed with tree-sitter, then names are
// looked up exactly, by prefix, fuzzily and by /regex/, filtered by kind, type, glob and limit, printed
// as text and JSON; the symbol table follows the tree through re-indexing.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testlib/errors.h"
#include "tests/testlib/run.h"
#include "tests/testlib/sources.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using testing::ExpectOneLineError;
using testing::kGo;
using testing::kPython;
using testing::kRust;
using testing::Lines;
using testing::RunResult;
using testing::Scry;
using testing::TempTree;

constexpr std::string_view kC = R"(#include <stdio.h>

#define MAX_DEPTH 64

struct parser {
  int depth;
};

typedef struct parser parser_t;

int parse_config(const char *path) {
  return 0;
}

static void handle_signal(int sig) {
  (void)sig;
}
)";

constexpr std::string_view kTypeScript = R"(export interface Handler {
  handle(req: Request): Response;
}

export class HttpServer {
  constructor(private port: number) {}

  handle(req: Request): Response {
    return new Response();
  }
}

export function createServer(port: number): HttpServer {
  return new HttpServer(port);
}

export function prepareSession(id: string): void {}
)";

constexpr std::string_view kJava = R"(package web;

public class RequestHandler {
    public void handle(String request) {
    }

    public static RequestHandler create() {
        return new RequestHandler();
    }
}
)";

void WriteSources(const TempTree& t) {
  t.Write("srv/server.go", kGo);
  t.Write("py/repo.py", kPython);
  t.Write("c/parser.c", kC);
  t.Write("web/server.ts", kTypeScript);
  t.Write("rs/lib.rs", kRust);
  t.Write("java/RequestHandler.java", kJava);
}

// The hits of `symbols ARGS` as "path:line:col kind qualified" (the signature is checked elsewhere).
std::vector<std::string> Hits(const fs::path& cwd, const std::string& args) {
  RunResult r = Scry(cwd, "symbols " + args);
  EXPECT_EQ(r.err, "") << args;
  EXPECT_EQ(r.status, r.out.empty() ? 1 : 0) << args;
  std::vector<std::string> hits;
  for (const std::string& line : Lines(r.out)) {
    std::vector<std::string> fields;
    std::istringstream in(line);
    for (std::string field; std::getline(in, field, '\t');) fields.push_back(field);
    EXPECT_EQ(fields.size(), 4u) << line;
    if (fields.size() < 3) continue;
    hits.push_back(fields[0] + " " + fields[1] + " " + fields[2]);
  }
  return hits;
}

std::vector<std::string> First(std::vector<std::string> v, size_t n) {
  v.resize(std::min(n, v.size()));
  return v;
}

class SymbolsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    tree_ = new TempTree();
    WriteSources(*tree_);
    RunResult r = Scry(tree_->root(), "index");
    ASSERT_EQ(r.status, 0) << r.err;
    ASSERT_NE(r.out.find(" 28 symbols"), std::string::npos) << r.out;
  }
  static void TearDownTestSuite() { delete tree_; }
  static const fs::path& root() { return tree_->root(); }

  static TempTree* tree_;
};

TempTree* SymbolsTest::tree_ = nullptr;

// Every symbol, with the scope conventions of each language: Go's package and receiver, Rust's impl
// with "::", classes and interfaces around their methods; module-level definitions unqualified.
TEST_F(SymbolsTest, EverySymbolWithItsQualifiedName) {
  std::vector<std::string> all = Hits(root(), "--limit 0 '/./'");
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<std::string>{
                     "c/parser.c:11:5 function parse_config",
                     "c/parser.c:15:13 function handle_signal",
                     "c/parser.c:3:9 macro MAX_DEPTH",
                     "c/parser.c:5:8 struct parser",
                     "c/parser.c:9:23 type parser_t",
                     "java/RequestHandler.java:3:14 class RequestHandler",
                     "java/RequestHandler.java:4:17 method RequestHandler.handle",
                     "java/RequestHandler.java:7:34 method RequestHandler.create",
                     "py/repo.py:10:9 method Repository.handle_request",
                     "py/repo.py:14:5 function open_repository",
                     "py/repo.py:4:7 class Repository",
                     "py/repo.py:7:9 method Repository.__init__",
                     "rs/lib.rs:10:12 method Config::handle",
                     "rs/lib.rs:13:8 function parse_config",
                     "rs/lib.rs:1:12 struct Config",
                     "rs/lib.rs:6:12 method Config::parse",
                     "srv/server.go:11:18 method srv.(*Server).Handle",
                     "srv/server.go:15:17 method srv.Server.Close",
                     "srv/server.go:19:6 function srv.NewServer",
                     "srv/server.go:23:7 constant srv.DefaultAddr",
                     "srv/server.go:6:6 struct srv.Server",
                     "web/server.ts:13:17 function createServer",
                     "web/server.ts:17:17 function prepareSession",
                     "web/server.ts:1:18 interface Handler",
                     "web/server.ts:2:3 method Handler.handle",
                     "web/server.ts:5:14 class HttpServer",
                     "web/server.ts:6:3 method HttpServer.constructor",
                     "web/server.ts:8:3 method HttpServer.handle",
                 }));
}

TEST_F(SymbolsTest, TextLineIsPositionKindQualifiedNameSignature) {
  RunResult r = Scry(root(), "symbols --exact NewServer");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "srv/server.go:19:6\tfunction\tsrv.NewServer\tfunc NewServer(addr string) *Server {\n");
  // The signature is the definition's first line after its comments, without indentation.
  r = Scry(root(), "symbols --exact handle_request");
  EXPECT_EQ(r.out,
            "py/repo.py:10:9\tmethod\tRepository.handle_request\tdef handle_request(self, request):\n");
}

// Exact case first, then the same name in another case, then prefixes, then the name inside a longer
// one; within a class shorter names first, then path and line.
TEST_F(SymbolsTest, DefaultModeRanksExactThenCaseThenPrefixThenSubstring) {
  const std::vector<std::string> expected = {
      "srv/server.go:11:18 method srv.(*Server).Handle",
      "java/RequestHandler.java:4:17 method RequestHandler.handle",
      "rs/lib.rs:10:12 method Config::handle",
      "web/server.ts:2:3 method Handler.handle",
      "web/server.ts:8:3 method HttpServer.handle",
      "web/server.ts:1:18 interface Handler",
      "c/parser.c:15:13 function handle_signal",
      "py/repo.py:10:9 method Repository.handle_request",
      "java/RequestHandler.java:3:14 class RequestHandler",
  };
  EXPECT_EQ(Hits(root(), "Handle"), expected);

  RunResult json = Scry(root(), "symbols --json Handle");
  std::vector<std::string> matches;
  for (const std::string& line : Lines(json.out)) {
    matches.push_back(nlohmann::json::parse(line)["data"]["match"].get<std::string>());
  }
  EXPECT_EQ(matches, (std::vector<std::string>{"exact", "exact-ignoring-case", "exact-ignoring-case",
                                               "exact-ignoring-case", "exact-ignoring-case", "prefix",
                                               "prefix", "prefix", "substring"}));
}

TEST_F(SymbolsTest, FuzzyMatchesComeAfterExactAndPrefix) {
  EXPECT_EQ(Hits(root(), "parse"),
            (std::vector<std::string>{
                "rs/lib.rs:6:12 method Config::parse", "c/parser.c:5:8 struct parser",
                "c/parser.c:9:23 type parser_t", "c/parser.c:11:5 function parse_config",
                "rs/lib.rs:13:8 function parse_config",
                "web/server.ts:17:17 function prepareSession",  // p.....a r S e
            }));
  EXPECT_EQ(Hits(root(), "opnrep"), (std::vector<std::string>{"py/repo.py:14:5 function open_repository"}));
  RunResult json = Scry(root(), "symbols --json opnrep");
  EXPECT_EQ(nlohmann::json::parse(json.out)["data"]["match"], "fuzzy");
  // --exact and --prefix leave the fuzzy match out.
  EXPECT_EQ(Hits(root(), "--prefix parse").size(), 5u);
  EXPECT_EQ(Hits(root(), "--exact parse"), (std::vector<std::string>{"rs/lib.rs:6:12 method Config::parse"}));
}

TEST_F(SymbolsTest, CaseRules) {
  // The same name in lower case: now the lower-case ones are exact.
  EXPECT_EQ(First(Hits(root(), "handle"), 5),
            (std::vector<std::string>{
                "java/RequestHandler.java:4:17 method RequestHandler.handle",
                "rs/lib.rs:10:12 method Config::handle",
                "web/server.ts:2:3 method Handler.handle",
                "web/server.ts:8:3 method HttpServer.handle",
                "srv/server.go:11:18 method srv.(*Server).Handle",
            }));
  // No name is written in upper case: all five equal it ignoring case, and rank by path.
  const std::vector<std::string> by_path = {
      "java/RequestHandler.java:4:17 method RequestHandler.handle",
      "rs/lib.rs:10:12 method Config::handle",
      "srv/server.go:11:18 method srv.(*Server).Handle",
      "web/server.ts:2:3 method Handler.handle",
      "web/server.ts:8:3 method HttpServer.handle",
  };
  EXPECT_EQ(First(Hits(root(), "HANDLE"), 5), by_path);
  EXPECT_EQ(Hits(root(), "--exact HANDLE"), by_path);
  // --exact ignores case but still puts the exact case first.
  EXPECT_EQ(Hits(root(), "--exact Handle"),
            (std::vector<std::string>{"srv/server.go:11:18 method srv.(*Server).Handle",
                                      "java/RequestHandler.java:4:17 method RequestHandler.handle",
                                      "rs/lib.rs:10:12 method Config::handle",
                                      "web/server.ts:2:3 method Handler.handle",
                                      "web/server.ts:8:3 method HttpServer.handle"}));
  // A /regex/ is case-sensitive unless -i.
  EXPECT_EQ(Hits(root(), "'/^handle/'"), (std::vector<std::string>{
                                             "java/RequestHandler.java:4:17 method RequestHandler.handle",
                                             "rs/lib.rs:10:12 method Config::handle",
                                             "web/server.ts:2:3 method Handler.handle",
                                             "web/server.ts:8:3 method HttpServer.handle",
                                             "c/parser.c:15:13 function handle_signal",
                                             "py/repo.py:10:9 method Repository.handle_request",
                                         }));
  EXPECT_EQ(Hits(root(), "-i '/^handle/'"), (std::vector<std::string>{
                                                "java/RequestHandler.java:4:17 method RequestHandler.handle",
                                                "rs/lib.rs:10:12 method Config::handle",
                                                "srv/server.go:11:18 method srv.(*Server).Handle",
                                                "web/server.ts:2:3 method Handler.handle",
                                                "web/server.ts:8:3 method HttpServer.handle",
                                                "web/server.ts:1:18 interface Handler",
                                                "c/parser.c:15:13 function handle_signal",
                                                "py/repo.py:10:9 method Repository.handle_request",
                                            }));
}

TEST_F(SymbolsTest, RegexMatchesAnywhereInTheName) {
  EXPECT_EQ(Hits(root(), "'/Serv(er)?$/'"), (std::vector<std::string>{
                                                "srv/server.go:6:6 struct srv.Server",
                                                "srv/server.go:19:6 function srv.NewServer",
                                                "web/server.ts:5:14 class HttpServer",
                                                "web/server.ts:13:17 function createServer",
                                            }));
  EXPECT_EQ(Hits(root(), "'/^[A-Z_]+$/'"), (std::vector<std::string>{"c/parser.c:3:9 macro MAX_DEPTH"}));
  // In JSON a regex hit says how it matched.
  RunResult json = Scry(root(), "symbols --json '/^[A-Z_]+$/'");
  ASSERT_EQ(json.status, 0) << json.err;
  EXPECT_EQ(nlohmann::json::parse(json.out)["data"]["match"], "regex");
}

TEST_F(SymbolsTest, RegexAnchoredAtTheStartKeepsItsCaseRules) {
  // A prefix after ^ narrows the sorted names to those starting with it ignoring case; the regex
  // still decides the case.
  auto sorted = [](std::vector<std::string> hits) {
    std::sort(hits.begin(), hits.end());
    return hits;
  };
  EXPECT_EQ(sorted(Hits(root(), "'/^Handle/'")), (std::vector<std::string>{
                                                     "srv/server.go:11:18 method srv.(*Server).Handle",
                                                     "web/server.ts:1:18 interface Handler",
                                                 }));
  EXPECT_EQ(sorted(Hits(root(), "'/^handle_/'")), (std::vector<std::string>{
                                                      "c/parser.c:15:13 function handle_signal",
                                                      "py/repo.py:10:9 method Repository.handle_request",
                                                  }));
  EXPECT_EQ(Hits(root(), "--limit 0 '/^(?i)handle/'").size(), 8u);
  EXPECT_EQ(sorted(Hits(root(), "'/^Close|^parser_/'")), (std::vector<std::string>{
                                                             "c/parser.c:9:23 type parser_t",
                                                             "srv/server.go:15:17 method srv.Server.Close",
                                                         }));
}

TEST_F(SymbolsTest, KindFilter) {
  EXPECT_EQ(Hits(root(), "-k method,function Handle"),
            (std::vector<std::string>{
                "srv/server.go:11:18 method srv.(*Server).Handle",
                "java/RequestHandler.java:4:17 method RequestHandler.handle",
                "rs/lib.rs:10:12 method Config::handle",
                "web/server.ts:2:3 method Handler.handle",
                "web/server.ts:8:3 method HttpServer.handle",
                "c/parser.c:15:13 function handle_signal",
                "py/repo.py:10:9 method Repository.handle_request",
            }));
  EXPECT_EQ(Hits(root(), "-k interface -k class Handle"),
            (std::vector<std::string>{"web/server.ts:1:18 interface Handler",
                                      "java/RequestHandler.java:3:14 class RequestHandler"}));
  EXPECT_EQ(
      Hits(root(), "-k struct,type '/./'"),
      (std::vector<std::string>{"c/parser.c:5:8 struct parser", "rs/lib.rs:1:12 struct Config",
                                "srv/server.go:6:6 struct srv.Server", "c/parser.c:9:23 type parser_t"}));
  EXPECT_EQ(Hits(root(), "-k constant Addr"),
            (std::vector<std::string>{"srv/server.go:23:7 constant srv.DefaultAddr"}));
  // A kind with no symbol of that name: nothing, exit 1.
  EXPECT_EQ(Hits(root(), "-k trait Handle"), std::vector<std::string>{});

  ExpectOneLineError(Scry(root(), "symbols -k method,bogus Handle"), 2, "bogus");
}

// Each of -k, -t, -T and -g takes one value: the query may come after them, before them or between.
TEST_F(SymbolsTest, FiltersTakeOneValueEach) {
  const std::vector<std::string> expected = {"srv/server.go:11:18 method srv.(*Server).Handle"};
  EXPECT_EQ(Hits(root(), "-t go Handle"), expected);
  EXPECT_EQ(Hits(root(), "-k method -t go Handle"), expected);
  EXPECT_EQ(Hits(root(), "-k method Handle -t go"), expected);
  EXPECT_EQ(Hits(root(), "Handle -g '*.go' -k method"), expected);
}

TEST_F(SymbolsTest, TypeAndGlobFilters) {
  EXPECT_EQ(Hits(root(), "-t go Handle"),
            (std::vector<std::string>{"srv/server.go:11:18 method srv.(*Server).Handle"}));
  EXPECT_EQ(Hits(root(), "-t py -t c Handle"),
            (std::vector<std::string>{"c/parser.c:15:13 function handle_signal",
                                      "py/repo.py:10:9 method Repository.handle_request"}));
  EXPECT_EQ(Hits(root(), "-T go -T ts -T java Handle"),
            (std::vector<std::string>{"rs/lib.rs:10:12 method Config::handle",
                                      "c/parser.c:15:13 function handle_signal",
                                      "py/repo.py:10:9 method Repository.handle_request"}));
  EXPECT_EQ(Hits(root(), "-g '*.rs' Handle"),
            (std::vector<std::string>{"rs/lib.rs:10:12 method Config::handle"}));
  EXPECT_EQ(
      Hits(root(), "-g '!web/**' -g '!*.java' Handle"),
      (std::vector<std::string>{
          "srv/server.go:11:18 method srv.(*Server).Handle", "rs/lib.rs:10:12 method Config::handle",
          "c/parser.c:15:13 function handle_signal", "py/repo.py:10:9 method Repository.handle_request"}));
  EXPECT_EQ(Hits(root(), "-t go -k function '/./'"),
            (std::vector<std::string>{"srv/server.go:19:6 function srv.NewServer"}));
  EXPECT_EQ(Hits(root(), "-t ruby Handle"), std::vector<std::string>{});
}

TEST_F(SymbolsTest, LimitKeepsTheBestHits) {
  std::vector<std::string> all = Hits(root(), "Handle");
  ASSERT_EQ(all.size(), 9u);
  EXPECT_EQ(Hits(root(), "--limit 2 Handle"), First(all, 2));
  EXPECT_EQ(Hits(root(), "--limit 1 Handle"), First(all, 1));
  EXPECT_EQ(Hits(root(), "--limit 0 Handle"), all);
  EXPECT_EQ(Hits(root(), "--limit 100 Handle"), all);
}

TEST_F(SymbolsTest, JsonHasEveryFieldOfAKnownSymbol) {
  RunResult r = Scry(root(), "symbols --json --exact Handle --limit 1");
  ASSERT_EQ(r.status, 0) << r.err;
  ASSERT_EQ(std::count(r.out.begin(), r.out.end(), '\n'), 1) << r.out;
  nlohmann::json expected = {
      {"type", "symbol"},
      {"data",
       {
           {"name", "Handle"},
           {"kind", "method"},
           {"scope", "srv.(*Server)"},
           {"qualified_name", "srv.(*Server).Handle"},
           {"language", "go"},
           {"path", "srv/server.go"},
           {"start", {{"line", 10}, {"column", 0}}},  // the doc comment above
           {"end", {{"line", 13}, {"column", 1}}},    // after the closing brace, exclusive
           {"name_position", {{"line", 11}, {"column", 17}}},
           {"signature", "func (s *Server) Handle(w http.ResponseWriter, r *http.Request) {"},
           {"match", "exact"},
       }},
  };
  EXPECT_EQ(nlohmann::json::parse(r.out), expected);
  // The fields come in the documented order.
  std::vector<std::string> keys;
  nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(r.out);
  for (const auto& [key, value] : ordered["data"].items()) keys.push_back(key);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "kind", "scope", "qualified_name", "language", "path",
                                            "start", "end", "name_position", "signature", "match"}));

  // A Rust impl method: "::" and the impl's type as scope; columns are 0-based bytes.
  r = Scry(root(), "symbols --json -t rust --exact handle");
  nlohmann::json rust = nlohmann::json::parse(r.out)["data"];
  EXPECT_EQ(rust["scope"], "Config");
  EXPECT_EQ(rust["qualified_name"], "Config::handle");
  EXPECT_EQ(rust["language"], "rust");
  EXPECT_EQ(rust["name_position"], (nlohmann::json{{"line", 10}, {"column", 11}}));
  EXPECT_EQ(rust["start"], (nlohmann::json{{"line", 10}, {"column", 4}}));
  EXPECT_EQ(rust["end"], (nlohmann::json{{"line", 10}, {"column", 27}}));

  // A Go constant: the definition starts at `const`, not at its spec.
  r = Scry(root(), "symbols --json --exact DefaultAddr");
  nlohmann::json constant = nlohmann::json::parse(r.out)["data"];
  EXPECT_EQ(constant["start"], (nlohmann::json{{"line", 23}, {"column", 0}}));
  EXPECT_EQ(constant["name_position"], (nlohmann::json{{"line", 23}, {"column", 6}}));
  EXPECT_EQ(constant["signature"], "const DefaultAddr = \":8080\"");
}

TEST_F(SymbolsTest, PathsAreRelativeToTheCurrentDirectory) {
  RunResult r = Scry(root() / "srv", "symbols -k function,method --exact close");
  EXPECT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out, "server.go:15:17\tmethod\tsrv.Server.Close\tfunc (s Server) Close() error {\n");
  r = Scry(root() / "srv", "symbols --exact open_repository");
  EXPECT_EQ(r.out, "../py/repo.py:14:5\tfunction\topen_repository\tdef open_repository(path):\n");
}

TEST_F(SymbolsTest, ExitStatusForNoHitsAndBadInput) {
  RunResult none = Scry(root(), "symbols xyzzyq");
  EXPECT_EQ(none.status, 1);
  EXPECT_EQ(none.out, "");
  EXPECT_EQ(none.err, "");

  for (const char* query : {"''", "//"}) {
    ExpectOneLineError(Scry(root(), std::string("symbols ") + query), 2);
  }
  ExpectOneLineError(Scry(root(), "symbols '/a(b/'"), 2, "a(b");
}

TEST(SymbolsNoIndexTest, ExitThreeWithoutAnIndex) {
  TempTree t;
  WriteSources(t);
  RunResult r = Scry(t.root(), "symbols Handle");
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("scry index"), std::string::npos) << r.err;
}

TEST(SymbolsNoIndexTest, DefaultLimitIsOneHundred) {
  TempTree t;
  std::string c;
  for (int i = 0; i < 150; ++i) {
    std::string n = std::to_string(1000 + i);
    c += "int fn_" + n + "(void) { return " + n + "; }\n";
  }
  t.Write("many.c", c);
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  std::vector<std::string> hundred = Hits(t.root(), "fn_");
  ASSERT_EQ(hundred.size(), 100u);
  // All are prefixes of the same length: in line order.
  EXPECT_EQ(hundred.front(), "many.c:1:5 function fn_1000");
  EXPECT_EQ(hundred.back(), "many.c:100:5 function fn_1099");
  EXPECT_EQ(Hits(t.root(), "--limit 0 fn_").size(), 150u);
}

TEST(SymbolsReindexTest, SymbolsFollowTheTree) {
  TempTree t;
  WriteSources(t);
  t.Write("copy/server.go", kGo);  // the same document at a second path
  ASSERT_EQ(Scry(t.root(), "index").status, 0);
  EXPECT_EQ(Hits(t.root(), "--exact NewServer"),
            (std::vector<std::string>{"copy/server.go:19:6 function srv.NewServer",
                                      "srv/server.go:19:6 function srv.NewServer"}));

  // Delete one file, change another: renamed, moved and new definitions.
  fs::remove(t.root() / "copy/server.go");
  fs::remove(t.root() / "java/RequestHandler.java");
  t.Write("py/repo.py",
          "class Repository:\n"
          "    def handle_response(self, response):\n"
          "        return response\n");
  RunResult again = Scry(t.root(), "index");
  ASSERT_EQ(again.status, 0) << again.err;

  EXPECT_EQ(Hits(t.root(), "--exact NewServer"),
            (std::vector<std::string>{"srv/server.go:19:6 function srv.NewServer"}));
  EXPECT_EQ(Hits(t.root(), "RequestHandler"), std::vector<std::string>{});
  EXPECT_EQ(Hits(t.root(), "-t java '/./'"), std::vector<std::string>{});
  EXPECT_EQ(Hits(t.root(), "handle_request"), std::vector<std::string>{});
  EXPECT_EQ(Hits(t.root(), "open_repository"), std::vector<std::string>{});
  EXPECT_EQ(Hits(t.root(), "-t py '/./'"),
            (std::vector<std::string>{"py/repo.py:1:7 class Repository",
                                      "py/repo.py:2:9 method Repository.handle_response"}));
  // The files left alone keep their symbols.
  EXPECT_EQ(Hits(t.root(), "-T py '/./'").size(), 28u - 4u - 3u);
}

TEST(SymbolsReindexTest, NoParseIndexHasNoSymbols) {
  TempTree t;
  WriteSources(t);
  RunResult index = Scry(t.root(), "index --no-parse");
  ASSERT_EQ(index.status, 0) << index.err;
  EXPECT_NE(index.out.find(" 0 symbols"), std::string::npos) << index.out;
  for (const char* query : {"Handle", "'/./'", "--exact NewServer"}) {
    RunResult r = Scry(t.root(), std::string("symbols ") + query);
    EXPECT_EQ(r.status, 1) << query;
    EXPECT_EQ(r.out, "") << query;
  }
  // Search still works, and the files are chunked in line windows.
  EXPECT_EQ(Scry(t.root(), "search -l --sort path NewServer").out, "srv/server.go\n");
  EXPECT_EQ(Scry(t.root(), "chunks srv/server.go").out, "1-23\tlines\t-\t359 bytes\n");
}

}  // namespace
}  // namespace scry
