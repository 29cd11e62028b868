// `scry mcp` driven by the official MCP TypeScript SDK client (@modelcontextprotocol/sdk, from npm)
// over stdio: the handshake, the tool list, each tool, paging, errors a model can act on, and a file
// indexed mid-session showing up without a restart.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "tests/testlib/client_report.h"
#include "tests/testlib/corpus.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"
#include "util/shell_quote.h"

namespace scry {
namespace {

using nlohmann::json;

class McpTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteVariedCorpus(tree_);
    testing::RunResult index = testing::Scry(tree_.root(), "index --no-embed");
    ASSERT_EQ(index.status, 0) << index.err;
  }

  // The client's report of a session making `calls`.
  json Session(const json& calls) { return testing::ClientReport(tree_.root(), "mcp_client.mjs", calls); }

  static json Call(const std::string& tool, const json& arguments) {
    return {{"name", tool}, {"arguments", arguments}};
  }

  testing::TempTree tree_;
};

TEST_F(McpTest, HandshakeListsToolsWithSchemasAModelCanFollow) {
  json report = Session(json::array());
  EXPECT_EQ(report["server"]["name"], "scry");
  EXPECT_NE(report["instructions"].get<std::string>().find("search"), std::string::npos);
  std::map<std::string, json> tools;
  for (const json& tool : report["tools"]) tools[tool["name"]] = tool;
  ASSERT_EQ(tools.size(), 6u) << report["tools"].dump();
  for (const char* name : {"search", "symbols", "read", "ask", "context", "snapshots"}) {
    ASSERT_TRUE(tools.contains(name)) << name;
    EXPECT_GT(tools[name]["description"].get<std::string>().size(), 40u) << name;
    EXPECT_EQ(tools[name]["inputSchema"]["type"], "object") << name;
  }
  EXPECT_EQ(tools["search"]["inputSchema"]["required"], json::array({"query"}));
  EXPECT_EQ(tools["read"]["inputSchema"]["required"], json::array({"path"}));
  EXPECT_TRUE(tools["search"]["inputSchema"]["properties"].contains("rev"));
}

TEST_F(McpTest, EachToolAnswersInCompactText) {
  json report = Session(json::array({
      Call("search", {{"query", "lang:go ParseConfig"}}),
      Call("symbols", {{"query", "Handler"}, {"kinds", {"struct"}}}),
      Call("read", {{"path", "src/main.c"}, {"start_line", 3}, {"end_line", 4}}),
      Call("snapshots", json::object()),
      Call("search", {{"query", "xyzzy-not-there"}}),
  }));
  const json& calls = report["calls"];
  ASSERT_EQ(calls.size(), 5u);
  for (const json& c : calls) EXPECT_FALSE(c.value("isError", true)) << c.dump();
  EXPECT_EQ(calls[0]["text"],
            "src/util.go\n  5: // ParseConfig reads a configuration file.\n"
            "  6: func ParseConfig(path string) (map[string]string, error) {\n");
  EXPECT_EQ(calls[1]["text"], "src/lib.rs:1  struct  Handler  pub struct Handler { retries: u32 }\n");
  EXPECT_EQ(calls[2]["text"],
            "src/main.c lines 3-4 of 11\n3\tstatic int parse_header(const char *buf, int len) {\n"
            "4\t  if (len < 4) return -1;  /* too short */\n");
  EXPECT_NE(calls[3]["text"].get<std::string>().find("worktree"), std::string::npos) << calls[3]["text"];
  EXPECT_EQ(calls[4]["text"], "No matches.\n");
}

TEST_F(McpTest, AskAndContextAnswerAQuestionInPlainWords) {
  json report = Session(json::array({
      Call("ask", {{"question", "where is the configuration file read"}, {"k", 3}}),
      Call("context", {{"question", "where is the configuration file read"}, {"budget", 200}}),
      Call("ask", {{"question", "configuration"}, {"mode", "semantic"}}),
      Call("ask", {{"question", "configuration"}, {"k", 0}}),
      Call("context", {{"question", "configuration"}, {"budget", 0}}),
  }));
  const json& calls = report["calls"];
  ASSERT_EQ(calls.size(), 5u);
  std::string ask = calls[0].value("text", "");
  // The tree is too small for a model: words only, and said so.
  EXPECT_TRUE(ask.starts_with("src/util.go:4-12  ParseConfig (definition)\n")) << ask;
  EXPECT_NE(ask.find("(words only"), std::string::npos) << ask;
  std::string context = calls[1].value("text", "");
  EXPECT_TRUE(context.starts_with("// src/util.go:4-12  ParseConfig (definition)\n\n// ParseConfig reads"))
      << context;
  EXPECT_TRUE(calls[2].value("isError", false)) << calls[2].dump();
  EXPECT_NE(calls[2].value("text", "").find("model"), std::string::npos) << calls[2].dump();
  EXPECT_NE(calls[3].value("text", "").find("k must be at least 1"), std::string::npos) << calls[3].dump();
  EXPECT_NE(calls[4].value("text", "").find("budget"), std::string::npos) << calls[4].dump();
}

TEST_F(McpTest, ResultsAreBoundedAndSayHowToGetTheRest) {
  json report = Session(json::array({
      Call("search", {{"query", "needle"}, {"max_results", 2}}),
      Call("search", {{"query", "needle"}, {"max_results", 2}, {"offset", 2}}),
      Call("search", {{"query", "needle"}, {"max_results", 500}}),
  }));
  const json& calls = report["calls"];
  std::string first = calls[0]["text"], second = calls[1]["text"], all = calls[2]["text"];
  EXPECT_NE(first.find("(more matches: call again with offset 2"), std::string::npos) << first;
  EXPECT_NE(second.find("offset 4"), std::string::npos) << second;
  EXPECT_EQ(all.find("more matches"), std::string::npos) << all;
  // The pages are the whole list's first lines, in its order.
  auto lines = [](const std::string& text) {
    std::vector<std::string> out;
    for (const std::string& l : testing::Lines(text)) {
      if (l.starts_with("  ")) out.push_back(l);
    }
    return out;
  };
  std::vector<std::string> pages = lines(first), whole = lines(all);
  for (const std::string& l : lines(second)) pages.push_back(l);
  ASSERT_GE(whole.size(), 4u);
  EXPECT_EQ(pages, std::vector<std::string>(whole.begin(), whole.begin() + 4));
}

TEST_F(McpTest, WrongCallsAreToolErrorsAndTheServerGoesOn) {
  json report = Session(json::array({
      Call("search", {{"query", "needle (or"}}),
      Call("search", json::object()),
      Call("read", {{"path", "../../etc/passwd"}}),
      Call("read", {{"path", "src/main.c"}, {"start_line", 0}}),
      Call("symbols", {{"query", "x"}, {"kinds", {"gizmo"}}}),
      Call("search", {{"query", "lang:cobol x"}}),
      Call("no_such_tool", json::object()),
      Call("search", {{"query", "parse_header"}}),
  }));
  const json& calls = report["calls"];
  ASSERT_EQ(calls.size(), 8u);
  auto error = [&](size_t i) {
    EXPECT_TRUE(calls[i].value("isError", false)) << calls[i].dump();
    return calls[i].value("text", "");
  };
  EXPECT_NE(error(0).find("query: column 9"), std::string::npos);
  EXPECT_NE(error(1).find("'query' is required"), std::string::npos);
  EXPECT_NE(error(2).find("not a file of the index"), std::string::npos);
  EXPECT_NE(error(3).find("1-based"), std::string::npos);
  EXPECT_NE(error(4).find("unknown kind"), std::string::npos);
  EXPECT_NE(error(5).find("unrecognized file type: cobol"), std::string::npos);
  EXPECT_NE(calls[6].value("protocolError", "").find("unknown tool"), std::string::npos) << calls[6].dump();
  EXPECT_FALSE(calls[7].value("isError", true));
  EXPECT_NE(calls[7]["text"].get<std::string>().find("src/main.c"), std::string::npos);
}

TEST_F(McpTest, AFileIndexedDuringTheSessionIsFound) {
  std::string write = "printf 'fresh_marker_41\\n' > " + ShellQuote((tree_.root() / "new.txt").string());
  std::string index = "cd " + ShellQuote(tree_.root().string()) + " && " + ShellQuote(testing::ScryBinary()) +
                      " index --no-embed";
  json report = Session(json::array({
      Call("search", {{"query", "fresh_marker_41"}}),
      {{"exec", write + " && " + index}},
      Call("search", {{"query", "fresh_marker_41"}}),
  }));
  const json& calls = report["calls"];
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0]["text"], "No matches.\n");
  EXPECT_EQ(calls[1]["text"], "new.txt\n  1: fresh_marker_41\n");
}

}  // namespace
}  // namespace scry
