#include "app/lsp_server.h"

#include <algorithm>
#include <map>
#include <string_view>

#include "app/file_uri.h"
#include "app/json_rpc.h"
#include "app/lsp_position.h"
#include "app/request_arguments.h"
#include "util/error.h"
#include "util/file.h"
#include "util/line_of.h"

namespace scry {

namespace {

using Json = nlohmann::json;

// Error codes the Language Server Protocol adds to JSON-RPC's.
constexpr int kServerNotInitialized = -32002;
constexpr int kRequestFailed = -32803;

// Bounds on an answer: an editor lists these, nobody pages through more.
constexpr size_t kMaxWorkspaceSymbols = 100;
constexpr size_t kMaxDefinitions = 50;
constexpr size_t kMaxReferenceLines = 1000;

// LSP's SymbolKind for scry's kind names (indexer/symbol.h); Variable for any other.
int LspSymbolKind(std::string_view kind) {
  static const std::map<std::string_view, int> kKinds = {
      {"module", 2},    {"namespace", 3},  {"class", 5},   {"method", 6},    {"field", 8},
      {"enum", 10},     {"interface", 11}, {"trait", 11},  {"function", 12}, {"macro", 12},
      {"variable", 13}, {"constant", 14},  {"struct", 23}, {"type", 26},
  };
  auto it = kKinds.find(kind);
  return it == kKinds.end() ? 13 : it->second;
}

Json Position(uint32_t line, uint32_t character) { return {{"line", line}, {"character", character}}; }

class LspServer {
 public:
  explicit LspServer(Service& service) : service_(service) {}

  Json Handle(const JsonRpcCall& call, bool* stop) {
    if (call.method == "exit") {
      *stop = true;
      return nullptr;
    }
    if (!initialized_ && call.method != "initialize") {
      if (call.notification) return nullptr;
      throw JsonRpcError(kServerNotInitialized, "initialize first");
    }
    if (shut_down_ && !call.notification) throw JsonRpcError(kInvalidRequest, "the server is shut down");
    try {
      return Dispatch(call);
    } catch (const Error& e) {
      throw JsonRpcError(e.code() == ExitCode::kBadInput ? kInvalidParams : kRequestFailed, e.what());
    }
  }

  int exit_status() const { return shut_down_ ? 0 : 1; }

 private:
  Json Dispatch(const JsonRpcCall& call) {
    const Json& params = call.params;
    if (call.method == "initialize") return Initialize(params);
    if (call.method == "shutdown") {
      shut_down_ = true;
      return nullptr;
    }
    if (call.method == "workspace/symbol")
      return WorkspaceSymbols(Argument<std::string>(params, "query", ""));
    if (call.method == "textDocument/definition" || call.method == "textDocument/references") {
      std::string word = WordAtCursor(params);
      if (word.empty()) return nullptr;
      return call.method == "textDocument/definition" ? Definitions(word) : References(word);
    }
    if (call.method == "scry/search") return service_.Search(SearchArguments(params));
    if (call.method == "textDocument/didOpen" || call.method == "textDocument/didChange") {
      Synchronise(params);
    } else if (call.method == "textDocument/didClose") {
      open_.erase(Uri(params));
    } else if (!call.notification) {
      throw JsonRpcError(kMethodNotFound, "no method " + call.method);
    }
    return nullptr;  // initialized, $/cancelRequest, didSave, ...
  }

  Json Initialize(const Json& params) {
    initialized_ = true;
    Json general = Argument<Json>(Argument<Json>(params, "capabilities", Json::object()), "general", Json());
    Json offered = Argument<Json>(general, "positionEncodings", Json::array());
    bool utf8 = offered.is_array() && std::find(offered.begin(), offered.end(), "utf-8") != offered.end();
    encoding_ = utf8 ? PositionEncoding::kUtf8 : PositionEncoding::kUtf16;
    return {{"capabilities",
             {{"positionEncoding", utf8 ? "utf-8" : "utf-16"},
              {"textDocumentSync", {{"openClose", true}, {"change", 1}}},  // 1: the full text each time
              {"workspaceSymbolProvider", true},
              {"definitionProvider", true},
              {"referencesProvider", true}}},
            {"serverInfo", {{"name", "scry"}, {"version", "0.1.0"}}}};
  }

  static std::string Uri(const Json& params) {
    return Argument<std::string>(Argument<Json>(params, "textDocument", Json::object()), "uri", "");
  }

  void Synchronise(const Json& params) {
    const Json document = Argument<Json>(params, "textDocument", Json::object());
    if (document.contains("text")) {
      open_[Uri(params)] = Argument<std::string>(document, "text", "");
      return;
    }
    Json changes = Argument<Json>(params, "contentChanges", Json::array());
    if (changes.is_array() && !changes.empty())
      open_[Uri(params)] = Argument<std::string>(changes.back(), "text", "");
  }

  // The text of an open document, else of the file on disk.
  std::string DocumentText(const std::string& uri) {
    auto open = open_.find(uri);
    return open != open_.end() ? open->second : ReadFile(PathOfFileUri(uri));
  }

  // The identifier under the cursor of a TextDocumentPositionParams.
  std::string WordAtCursor(const Json& params) {
    std::string uri = Uri(params);
    if (uri.empty()) throw Error(ExitCode::kBadInput, "textDocument.uri is required");
    Json position = Argument<Json>(params, "position", Json::object());
    std::string text = DocumentText(uri);
    std::string_view line = LineOf(text, uint64_t{Argument<uint32_t>(position, "line", 0)} + 1);
    return std::string(
        IdentifierAt(line, ByteColumn(line, Argument<uint32_t>(position, "character", 0), encoding_)));
  }

  // An LSP Location for `length` bytes at a 1-based line and a 0-based byte column of an indexed file;
  // `line` holds at least the line's first `column` bytes.
  Json Location(const std::string& path, uint32_t number, size_t column, size_t length,
                std::string_view line) {
    uint32_t start = EncodedColumn(line, column, encoding_),
             end = EncodedColumn(line, column + length, encoding_);
    return {{"uri", FileUri(service_.store().root / path)},
            {"range", {{"start", Position(number - 1, start)}, {"end", Position(number - 1, end)}}}};
  }

  // The Location of a symbol's name, from app/service.h's symbol JSON.
  Json NameLocation(const nlohmann::ordered_json& symbol) {
    std::string path = symbol["path"], name = symbol["name"];
    uint32_t number = symbol["name_position"]["line"], column = symbol["name_position"]["column"];
    return Location(path, number, column, name.size(), symbol["name_line_text"].get<std::string>());
  }

  Json WorkspaceSymbols(const std::string& query) {
    Json out = Json::array();
    if (query.empty()) return out;  // the protocol's "all symbols": too many to be of use
    ServiceSymbols request;
    request.query = query;
    request.max_results = kMaxWorkspaceSymbols;
    nlohmann::ordered_json answer = service_.Symbols(request);
    for (const auto& symbol : answer["symbols"]) {
      Json information = {{"name", symbol["name"]},
                          {"kind", LspSymbolKind(symbol["kind"].get<std::string>())},
                          {"location", NameLocation(symbol)}};
      if (!symbol["scope"].get<std::string>().empty()) information["containerName"] = symbol["scope"];
      out.push_back(std::move(information));
    }
    return out;
  }

  Json Definitions(const std::string& word) {
    Json out = Json::array();
    ServiceSymbols request;
    request.query = word;
    request.max_results = kMaxDefinitions;
    request.exact = true;
    nlohmann::ordered_json answer = service_.Symbols(request);
    for (const auto& symbol : answer["symbols"]) {
      if (symbol["name"] == word) out.push_back(NameLocation(symbol));  // exact case only
    }
    return out;
  }

  Json References(const std::string& word) {
    Json out = Json::array();
    ServiceSearch request;
    request.query = "case:yes /\\b" + word + "\\b/";
    request.max_results = kMaxReferenceLines;
    auto answer = service_.Search(request);
    for (const auto& result : answer["results"]) {
      std::string path = result["path"], text = result["text"];
      uint32_t number = result["line"];
      size_t found = 0;
      for (size_t at = text.find(word); at != std::string::npos; at = text.find(word, at + 1)) {
        if (IsWholeWord(text, at, word.size())) {
          out.push_back(Location(path, number, at, word.size(), text));
          found++;
        }
      }
      // The occurrence lies past the part of a long line the search shows.
      if (found == 0)
        out.push_back(Location(path, number, result["column"].get<size_t>() - 1, word.size(), text));
    }
    return out;
  }

  Service& service_;
  bool initialized_ = false, shut_down_ = false;
  PositionEncoding encoding_ = PositionEncoding::kUtf16;
  std::map<std::string, std::string> open_;  // uri -> text
};

}  // namespace

int ServeLsp(Service& service, std::FILE* in, std::FILE* out) {
  LspServer server(service);
  ServeJsonRpc(in, out, Framing::kContentLength,
               [&](const JsonRpcCall& call, bool* stop) { return server.Handle(call, stop); });
  return server.exit_status();
}

}  // namespace scry
