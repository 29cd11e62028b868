// `scry lsp` driven by VS Code's JSON-RPC library (vscode-jsonrpc, from npm) over stdio: the
// lifecycle and its exit status, workspace symbols with UTF-16 or UTF-8 columns, definitions and
// references of the word under the cursor, scry/search against `scry search -q`, errors, and a file
// indexed mid-session showing up without a restart.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

#include "app/file_uri.h"
#include "tests/testlib/client_report.h"
#include "tests/testlib/corpus.h"
#include "tests/testlib/run.h"
#include "tests/testlib/search_lines.h"
#include "tests/testlib/tree.h"
#include "util/shell_quote.h"

namespace scry {
namespace {

using nlohmann::json;

// `const s = "é日本"; ` puts 38 bytes, 33 UTF-16 code units, before `afterAccents`.
constexpr char kAccents[] =
    "const s = \"\xc3\xa9\xe6\x97\xa5\xe6\x9c\xac\"; export function afterAccents() { return s; }\n";

class LspTest : public ::testing::Test {
 protected:
  void SetUp() override {
    testing::WriteVariedCorpus(tree_);
    tree_.Write("web/accents.js", kAccents);
    tree_.Write("src/other.c",
                "int parse_header_v2 = 0; /* PARSE_HEADER, Parse_header */\n"
                "int both(void) { return parse_header(\"a\", 1) + parse_header(\"b\", 1); }\n");
    testing::RunResult index = testing::Scry(tree_.root(), "index --no-embed");
    ASSERT_EQ(index.status, 0) << index.err;
  }

  // The client's report of a session: `steps` after `initialize` (offering `encodings`, if any).
  json Session(const json& steps, const json& encodings = nullptr) {
    json capabilities = json::object();
    if (!encodings.is_null()) capabilities["general"] = {{"positionEncodings", encodings}};
    json all =
        json::array({Request("initialize",
                             {{"processId", nullptr}, {"rootUri", Uri("")}, {"capabilities", capabilities}}),
                     Notify("initialized", json::object())});
    for (const json& step : steps) all.push_back(step);
    return RawSession(all);
  }

  json RawSession(const json& steps) { return testing::ClientReport(tree_.root(), "lsp_client.mjs", steps); }

  static json Request(const std::string& method, const json& params) {
    return {{"request", method}, {"params", params}};
  }
  static json Notify(const std::string& method, const json& params) {
    return {{"notify", method}, {"params", params}};
  }
  std::string Uri(const std::string& path) {
    return FileUri(std::filesystem::canonical(tree_.root()) / path);
  }
  json At(const std::string& path, int line, int character) {
    return {{"textDocument", {{"uri", Uri(path)}}}, {"position", {{"line", line}, {"character", character}}}};
  }
  json Location(const std::string& path, int line, int start, int end) {
    return {
        {"uri", Uri(path)},
        {"range",
         {{"start", {{"line", line}, {"character", start}}}, {"end", {{"line", line}, {"character", end}}}}}};
  }

  testing::TempTree tree_;
};

TEST_F(LspTest, InitializeAdvertisesWhatItServesAndShutdownThenExitIsStatusZero) {
  json report = Session(json::array({Request("shutdown", nullptr), Notify("exit", nullptr)}));
  const json& capabilities = report["responses"][0]["result"]["capabilities"];
  EXPECT_EQ(capabilities["positionEncoding"], "utf-16");
  EXPECT_EQ(capabilities["textDocumentSync"], json({{"openClose", true}, {"change", 1}}));
  EXPECT_EQ(capabilities["workspaceSymbolProvider"], true);
  EXPECT_EQ(capabilities["definitionProvider"], true);
  EXPECT_EQ(capabilities["referencesProvider"], true);
  EXPECT_EQ(report["responses"][0]["result"]["serverInfo"]["name"], "scry");
  EXPECT_EQ(report["responses"][1], json({{"result", nullptr}}));
  EXPECT_EQ(report["exitCode"], 0);
}

TEST_F(LspTest, ExitWithoutShutdownIsStatusOneAndRequestsNeedInitializeFirst) {
  json report =
      RawSession(json::array({Request("workspace/symbol", {{"query", "Handler"}}), Notify("exit", nullptr)}));
  EXPECT_EQ(report["responses"][0]["error"]["code"], -32002) << report.dump();
  EXPECT_EQ(report["exitCode"], 1);
  // The input ending without `exit` is the same as an exit without shutdown.
  EXPECT_EQ(Session(json::array())["exitCode"], 1);
}

TEST_F(LspTest, RequestsAfterShutdownAreRefused) {
  json report =
      Session(json::array({Request("shutdown", nullptr), Request("workspace/symbol", {{"query", "x"}})}));
  EXPECT_EQ(report["responses"][2]["error"]["code"], -32600) << report.dump();
}

TEST_F(LspTest, WorkspaceSymbolsPointAtTheNameInUtf16CodeUnits) {
  json report = Session(json::array({
      Request("workspace/symbol", {{"query", "ParseConfig"}}),
      Request("workspace/symbol", {{"query", "afterAccents"}}),
      Request("workspace/symbol", {{"query", ""}}),
  }));
  const json& parse_config = report["responses"][1]["result"][0];
  EXPECT_EQ(parse_config["name"], "ParseConfig");
  EXPECT_EQ(parse_config["kind"], 12);  // Function
  EXPECT_EQ(parse_config["location"], Location("src/util.go", 5, 5, 16));
  EXPECT_EQ(report["responses"][2]["result"][0]["location"], Location("web/accents.js", 0, 33, 45));
  EXPECT_EQ(report["responses"][3]["result"], json::array());
}

TEST_F(LspTest, ColumnsAreBytesWhenTheClientOffersUtf8) {
  json report = Session(json::array({Request("workspace/symbol", {{"query", "afterAccents"}})}),
                        json::array({"utf-8", "utf-16"}));
  EXPECT_EQ(report["responses"][0]["result"]["capabilities"]["positionEncoding"], "utf-8");
  EXPECT_EQ(report["responses"][1]["result"][0]["location"], Location("web/accents.js", 0, 38, 50));
}

TEST_F(LspTest, DefinitionIsTheSymbolNamedLikeTheWordUnderTheCursor) {
  // The open document's text, not the file's, says which word is under the cursor.
  json open = {{"textDocument",
                {{"uri", Uri("scratch.c")},
                 {"languageId", "c"},
                 {"version", 1},
                 {"text", "x = 1;\ny = parse_header(p);\n"}}}};
  json change = {{"textDocument", {{"uri", Uri("scratch.c")}, {"version", 2}}},
                 {"contentChanges", json::array({{{"text", "\n\n    ParseConfig()\n"}}})}};
  json report = Session(json::array({
      Notify("textDocument/didOpen", open), Request("textDocument/definition", At("scratch.c", 1, 7)),
      Request("textDocument/definition", At("scratch.c", 1, 2)),  // on " = ": no word
      Notify("textDocument/didChange", change),
      Request("textDocument/definition", At("scratch.c", 2, 15)),       // just after the word
      Request("textDocument/definition", At("web/accents.js", 0, 40)),  // not open: read from disk
  }));
  const json& responses = report["responses"];
  EXPECT_EQ(responses[1]["result"], json::array({Location("src/main.c", 2, 11, 23)})) << report.dump();
  EXPECT_EQ(responses[2]["result"], nullptr);
  EXPECT_EQ(responses[3]["result"], json::array({Location("src/util.go", 5, 5, 16)}));
  EXPECT_EQ(responses[4]["result"], json::array({Location("web/accents.js", 0, 33, 45)}));
}

TEST_F(LspTest, ReferencesAreTheWholeWordCaseSensitiveOccurrences) {
  json report = Session(json::array({
      Request("textDocument/references", At("src/main.c", 2, 14)),
  }));
  json locations = report["responses"][1]["result"];
  std::vector<std::string> found;
  for (const json& l : locations) found.push_back(l.dump());
  std::sort(found.begin(), found.end());
  std::vector<std::string> expected;
  for (const json& l : {Location("src/main.c", 2, 11, 23), Location("src/main.c", 9, 8, 20),
                        Location("src/other.c", 1, 24, 36), Location("src/other.c", 1, 47, 59)}) {
    expected.push_back(l.dump());
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(found, expected) << report.dump();
}

TEST_F(LspTest, ScrySearchAnswersWhatScrySearchQFinds) {
  for (std::string query :
       {"lang:go ParseConfig", "needle -file:long -file:latin1", "/retr(y|ies)/ -lang:python"}) {
    json report = Session(json::array({Request("scry/search", {{"query", query}, {"max_results", 500}})}));
    const json& answer = report["responses"][1]["result"];
    EXPECT_EQ(testing::ServedLines(answer), testing::PrintedLines(tree_.root(), query)) << query;
    EXPECT_EQ(answer["truncated"], false);
  }
  json paged = Session(json::array({Request("scry/search", {{"query", "needle"}, {"max_results", 2}})}));
  EXPECT_EQ(paged["responses"][1]["result"]["next_offset"], 2) << paged.dump();
}

TEST_F(LspTest, BadRequestsAreErrorsThatSayWhatToChange) {
  json report = Session(json::array({
      Request("scry/search", {{"query", "needle (or"}}),
      Request("scry/search", json::object()),
      Request("scry/search", {{"query", "x"}, {"max_results", "ten"}}),
      Request("textDocument/definition", {{"textDocument", {{"uri", "http://example.com/a.c"}}},
                                          {"position", {{"line", 0}, {"character", 0}}}}),
      Request("textDocument/definition", At("no/such/file.c", 0, 0)),
      Request("textDocument/references", {{"position", {{"line", 0}, {"character", 0}}}}),
      Request("textDocument/hover", At("src/main.c", 0, 0)),
      Request("scry/search", {{"query", "parse_header"}}),
  }));
  const json& responses = report["responses"];
  auto error = [&](size_t i, int code) {
    EXPECT_EQ(responses[i]["error"].value("code", 0), code) << responses[i].dump();
    return responses[i]["error"].value("message", "");
  };
  EXPECT_EQ(error(1, -32602), "query: column 9: 'or' needs a term on each side");
  EXPECT_EQ(error(2, -32602), "argument 'query' is required");
  EXPECT_EQ(error(3, -32602), "argument 'max_results' has the wrong type");
  EXPECT_EQ(error(4, -32602), "http://example.com/a.c: not a file:// URI");
  EXPECT_NE(error(5, -32803).find("no/such/file.c"), std::string::npos);
  EXPECT_EQ(error(6, -32602), "textDocument.uri is required");
  EXPECT_EQ(error(7, -32601), "no method textDocument/hover");
  EXPECT_EQ(responses[8]["result"]["files"], 2) << "the server goes on";
}

TEST_F(LspTest, AFileIndexedDuringTheSessionIsFound) {
  std::string write = "printf 'package util\\n\\nfunc FreshSymbol41() {}\\n' > " +
                      ShellQuote((tree_.root() / "src/fresh.go").string());
  std::string index = "cd " + ShellQuote(tree_.root().string()) + " && " + ShellQuote(testing::ScryBinary()) +
                      " index --no-embed";
  json report = Session(json::array({
      Request("workspace/symbol", {{"query", "FreshSymbol41"}}),
      {{"exec", write + " && " + index}},
      Request("workspace/symbol", {{"query", "FreshSymbol41"}}),
  }));
  EXPECT_EQ(report["responses"][1]["result"], json::array());
  EXPECT_EQ(report["responses"][2]["result"][0]["location"], Location("src/fresh.go", 2, 5, 18))
      << report.dump();
}

}  // namespace
}  // namespace scry
