// `scry serve` on an ephemeral port, asked with curl: each endpoint, the same search results as
// `scry search -q`, wrong parameters and paths refused with a JSON error and the right status, limits
// (request line, query length, time), concurrent clients, a file indexed while it runs, and the
// command line it refuses.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "tests/testlib/corpus.h"
#include "tests/testlib/run.h"
#include "tests/testlib/search_lines.h"
#include "tests/testlib/tree.h"
#include "util/file.h"
#include "util/shell_quote.h"

namespace scry {
namespace {

using nlohmann::json;
using Parameters = std::vector<std::pair<std::string, std::string>>;

struct Response {
  int status = 0;
  json body;
};

// A `scry serve` in `cwd` on a free port of 127.0.0.1, until the end of the test.
class Server {
 public:
  explicit Server(const std::filesystem::path& cwd, std::vector<std::string> args = {},
                  const std::string& listen = "127.0.0.1:0") {
    args.insert(args.begin(), {"serve", "--listen", listen});
    pid_ = testing::StartScry(cwd, args, log_.root() / "log");
    std::regex listening("listening on (\\S+):(\\d+)");
    for (int i = 0; i < 300 && port_ == 0; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      output_ = ReadFile(log_.root() / "log");
      std::smatch m;
      if (std::regex_search(output_, m, listening)) port_ = std::stoi(m[2]);
    }
    EXPECT_NE(port_, 0) << output_;
  }
  ~Server() {
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
  }

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  const std::string& output() const { return output_; }

  // GET `endpoint` with `parameters` URL-encoded.
  Response Get(const std::string& endpoint, const Parameters& parameters = {}) const {
    std::string args = "-G";
    for (const auto& [name, value] : parameters)
      args += " --data-urlencode " + ShellQuote(name + "=" + value);
    return Curl(args + " " + ShellQuote(url() + endpoint));
  }
  // GET `target` exactly as written: escapes and ".." are not touched.
  Response GetRaw(const std::string& target) const {
    return Curl("--path-as-is " + ShellQuote(url() + target));
  }

 private:
  Response Curl(const std::string& args) const {
    testing::RunResult r = testing::Run(log_.root(), "curl -sS -w '\\n%{http_code}' " + args);
    EXPECT_EQ(r.status, 0) << r.err;
    size_t newline = r.out.rfind('\n');
    Response response{std::atoi(r.out.c_str() + newline + 1),
                      json::parse(r.out.substr(0, newline), nullptr, false)};
    EXPECT_FALSE(response.body.is_discarded()) << "not JSON: " << r.out;
    return response;
  }

  testing::TempTree log_;
  pid_t pid_ = -1;
  int port_ = 0;
  std::string output_;
};

class HttpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteVariedCorpus(tree_);
    testing::RunResult index = testing::Scry(tree_.root(), "index --no-embed");
    ASSERT_EQ(index.status, 0) << index.err;
  }

  // The one-line error of a refused request, after checking its status.
  static std::string Refused(const Response& r, int status) {
    EXPECT_EQ(r.status, status) << r.body.dump();
    return r.body.value("error", "");
  }

  testing::TempTree tree_;
};

TEST_F(HttpTest, SearchAnswersWhatScrySearchQFinds) {
  Server server(tree_.root());
  EXPECT_EQ(server.output(),
            "listening on 127.0.0.1:" + server.url().substr(server.url().rfind(':') + 1) + "\n");
  for (std::string query :
       {"lang:go ParseConfig", "needle -file:long -file:latin1", "/retr(y|ies)/ -lang:python"}) {
    Response r = server.Get("/api/search", {{"q", query}, {"max_results", "500"}});
    EXPECT_EQ(r.status, 200) << query;
    EXPECT_EQ(testing::ServedLines(r.body), testing::PrintedLines(tree_.root(), query)) << query;
  }
  Response page = server.Get("/api/search", {{"q", "needle"}, {"max_results", "2"}, {"offset", "2"}});
  EXPECT_EQ(page.body["results"].size(), 2u);
  EXPECT_EQ(page.body["next_offset"], 4);
}

TEST_F(HttpTest, SymbolsFileSnapshotsAndHealth) {
  Server server(tree_.root());
  Response symbols =
      server.Get("/api/symbols", {{"q", "Handler"}, {"kinds", "struct,class"}, {"lang", "rust"}});
  ASSERT_EQ(symbols.status, 200);
  ASSERT_EQ(symbols.body["symbols"].size(), 1u) << symbols.body.dump();
  EXPECT_EQ(symbols.body["symbols"][0]["path"], "src/lib.rs");
  EXPECT_EQ(symbols.body["symbols"][0]["kind"], "struct");

  Response file = server.Get("/api/file", {{"path", "src/main.c"}, {"start_line", "3"}, {"end_line", "4"}});
  EXPECT_EQ(file.status, 200);
  EXPECT_EQ(
      file.body["text"],
      "static int parse_header(const char *buf, int len) {\n  if (len < 4) return -1;  /* too short */\n");
  EXPECT_EQ(file.body["total_lines"], 11);

  Response snapshots = server.Get("/api/snapshots");
  EXPECT_EQ(snapshots.status, 200);
  EXPECT_NE(snapshots.body.dump().find("\"worktree\""), std::string::npos) << snapshots.body.dump();
  EXPECT_EQ(server.Get("/healthz").body, json({{"status", "ok"}}));
}

TEST_F(HttpTest, WrongParametersAreA400NamingThem) {
  Server server(tree_.root());
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", "needle (or"}}), 400),
            "query: column 9: 'or' needs a term on each side");
  EXPECT_EQ(Refused(server.Get("/api/search"), 400), "parameter 'q' is required");
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", "x"}, {"max_results", "ten"}}), 400),
            "parameter 'max_results' must be a whole number from 1 to 500, not 'ten'");
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", "x"}, {"max_results", "0"}}), 400),
            "parameter 'max_results' must be a whole number from 1 to 500, not '0'");
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", "x"}, {"offset", "-1"}}), 400),
            "parameter 'offset' must be a whole number from 0 to 4294967295, not '-1'");
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", "x"}, {"limit", "3"}}), 400),
            "unknown parameter 'limit' (this endpoint takes q, rev, max_results, offset)");
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", "x"}, {"q", "y"}}), 400),
            "parameter 'q' is given twice");
  EXPECT_EQ(Refused(server.Get("/api/snapshots", {{"x", "1"}}), 400),
            "unknown parameter 'x' (this endpoint takes none)");
  EXPECT_NE(Refused(server.Get("/api/search", {{"q", "x"}, {"rev", "no-such-rev"}}), 400).find("no-such-rev"),
            std::string::npos);
  EXPECT_NE(Refused(server.Get("/api/symbols", {{"q", "x"}, {"kinds", "gizmo"}}), 400).find("unknown kind"),
            std::string::npos);
  EXPECT_EQ(Refused(server.Get("/api/symbols", {{"q", "x"}, {"lang", "cobol"}}), 400),
            "unrecognized file type: cobol (scry search --type-list shows the known ones)");
  EXPECT_EQ(Refused(server.Get("/api/file", {{"path", "src/main.c"}, {"start_line", "0"}}), 400),
            "parameter 'start_line' must be a whole number from 1 to 4294967295, not '0'");
  EXPECT_EQ(Refused(server.Get("/api/file", {{"path", "src/main.c"}, {"start_line", "99"}}), 400),
            "src/main.c: has 11 lines, not 99");
  EXPECT_EQ(Refused(server.Get("/api/nothing"), 404),
            "no endpoint /api/nothing (GET /api/search, /api/symbols, /api/file, /api/snapshots, /healthz)");
  EXPECT_EQ(server.Get("/healthz").status, 200) << "the server goes on";
}

TEST_F(HttpTest, OnlyFilesOfTheIndexCanBeRead) {
  Server server(tree_.root());
  const std::string outside = "parameter 'path' must be relative to the indexed root, without '..'";
  EXPECT_EQ(Refused(server.Get("/api/file", {{"path", "../../etc/passwd"}}), 400), outside);
  EXPECT_EQ(Refused(server.Get("/api/file", {{"path", "/etc/passwd"}}), 400), outside);
  EXPECT_EQ(Refused(server.Get("/api/file", {{"path", "src/../../etc/passwd"}}), 400), outside);
  EXPECT_EQ(Refused(server.GetRaw("/api/file?path=%2e%2e%2f%2e%2e%2fetc%2fpasswd"), 400), outside);
  EXPECT_EQ(Refused(server.GetRaw("/api/file?path=%2Fetc%2Fpasswd"), 400), outside);
  EXPECT_EQ(server.GetRaw("/api/../../etc/passwd").status, 404);
  EXPECT_EQ(server.GetRaw("/api/file/../../../etc/passwd?path=x").status, 404);
  // Files the walk left out (ignored, hidden) are not in the index, so not readable either.
  EXPECT_NE(Refused(server.Get("/api/file", {{"path", "debug.log"}}), 404).find("not a file of the index"),
            std::string::npos);
  EXPECT_NE(Refused(server.Get("/api/file", {{"path", ".env"}}), 404).find("not a file of the index"),
            std::string::npos);
}

TEST_F(HttpTest, LongRequestsAreRefused) {
  Server server(tree_.root());
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", std::string(3000, 'a')}}), 400),
            "parameter 'q' is longer than 2048 bytes");
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", std::string(10000, 'a')}}), 414),
            "the request line is longer than 8 KiB");
  EXPECT_EQ(server.Get("/healthz").status, 200);
}

TEST_F(HttpTest, ASearchOverItsTimeLimitIsA504) {
  testing::TempTree big;
  std::string text;
  // Not ASCII, so that RE2 walks every byte (Hyperscan, query/line_prefilter.h, would rule these
  // lines out at once).
  for (int i = 0; i < 400; ++i) text += "lorem ipsum dolor sit amét " + std::to_string(i) + " consectetur\n";
  for (int i = 0; i < 300; ++i) big.Write(std::to_string(i) + ".txt", text);
  ASSERT_EQ(testing::Scry(big.root(), "index --no-embed").status, 0);
  Server server(big.root(), {"--time-limit-ms", "1"});
  EXPECT_EQ(Refused(server.Get("/api/search", {{"q", "/(\\w+\\s+){3}\\d+ x/"}}), 504),
            "query: took longer than 1 ms; make it more selective (a longer literal, lang:, file:)");
  EXPECT_EQ(server.Get("/healthz").status, 200);
}

TEST_F(HttpTest, ConcurrentClientsGetTheSameAnswers) {
  Server server(tree_.root());
  std::string search = ShellQuote(server.url() + "/api/search?q=needle&max_results=500");
  std::string symbols = ShellQuote(server.url() + "/api/symbols?q=parse");
  testing::TempTree out;
  testing::RunResult r = testing::Run(
      out.root(), "for i in $(seq 16); do curl -sS -o s$i " + search + " & curl -sS -o y$i " + symbols +
                      " & done; wait; wc -c < s1; md5sum s* | cut -d' ' -f1 | sort -u | wc -l; "
                      "md5sum y* | cut -d' ' -f1 | sort -u | wc -l");
  std::vector<std::string> lines = testing::Lines(r.out);
  ASSERT_EQ(lines.size(), 3u) << r.out << r.err;
  EXPECT_GT(std::stoi(lines[0]), 1000);
  EXPECT_EQ(lines[1], "1") << "16 searches, one answer";
  EXPECT_EQ(lines[2], "1") << "16 symbol lookups, one answer";
  EXPECT_EQ(json::parse(ReadFile(out.root() / "s1")),
            server.Get("/api/search", {{"q", "needle"}, {"max_results", "500"}}).body);
}

TEST_F(HttpTest, FilesIndexedWhileItRunsAreFoundEvenAfterARebuild) {
  Server server(tree_.root());
  auto found_after = [&](const std::string& marker, const std::string& index) {
    EXPECT_EQ(server.Get("/api/search", {{"q", marker}}).body["results"], json::array());
    tree_.Write(marker + ".txt", marker + "\n");
    ASSERT_EQ(testing::Scry(tree_.root(), index).status, 0);
    Response r = server.Get("/api/search", {{"q", marker}});
    EXPECT_EQ(testing::ServedLines(r.body), std::vector<std::string>{marker + ".txt:1:1:" + marker});
  };
  found_after("fresh_marker_41", "index --no-embed");
  // The server keeps its catalog open between requests; a rebuild replaces the file under it.
  found_after("fresh_marker_42", "index --rebuild --no-embed");
  EXPECT_EQ(server.Get("/api/snapshots").body["snapshots"].size(), 1u);
}

TEST_F(HttpTest, ANonLoopbackAddressIsServedWhenNamedAndSaidSo) {
  Server server(tree_.root(), {}, "0.0.0.0:0");
  EXPECT_NE(server.output().find("scry: serving 0.0.0.0:0 to the network, without authentication\n"),
            std::string::npos)
      << server.output();
  EXPECT_EQ(server.Get("/healthz").status, 200);
}

TEST_F(HttpTest, TheCommandLineIsCheckedBeforeServing) {
  auto refused = [&](const std::string& args) {
    testing::RunResult r = testing::Scry(tree_.root(), "serve " + args);
    EXPECT_EQ(r.status, 2) << args;
    return r.err;
  };
  EXPECT_EQ(
      refused("--listen :7070"),
      "scry: --listen :7070: name the host: 127.0.0.1:7070 for this machine only, 0.0.0.0:7070 for every "
      "network interface\n");
  EXPECT_EQ(refused("--listen 7070"), "scry: --listen 7070: expected HOST:PORT, e.g. 127.0.0.1:7070\n");
  EXPECT_EQ(refused("--listen 127.0.0.1:http"),
            "scry: --listen 127.0.0.1:http: the port must be a number from 0 to 65535 (0: any free port)\n");
  EXPECT_EQ(refused("--store a --store b"),
            "scry: serve: one --store per server (got 2); start a server per store, each on its own port\n");
  EXPECT_EQ(refused("--time-limit-ms 0"), "scry: serve: --time-limit-ms must be positive\n");

  Server server(tree_.root());
  std::string port = server.url().substr(server.url().rfind(':') + 1);
  testing::RunResult taken = testing::Run(
      tree_.root(), "timeout 10 " + ShellQuote(testing::ScryBinary()) + " serve --listen 127.0.0.1:" + port);
  EXPECT_EQ(taken.status, 5);
  EXPECT_EQ(taken.err, "scry: cannot listen on 127.0.0.1:" + port + " (in use, or not this machine's)\n");
}

TEST_F(HttpTest, ScryWithoutItsServerBesideItSaysWhatIsMissing) {
  testing::TempTree alone;
  std::filesystem::copy_file(testing::ScryBinary(), alone.root() / "scry");
  testing::RunResult r = testing::Run(tree_.root(), ShellQuote((alone.root() / "scry").string()) + " serve");
  EXPECT_EQ(r.status, 5);
  EXPECT_EQ(r.err, "scry: serve: cannot run " + (alone.root() / "scry-http").string() +
                       " (built beside scry): No such file or directory\n");
}

}  // namespace
}  // namespace scry
