#include "app/mcp_server.h"

#include <algorithm>
#include <array>
#include <string_view>

#include "app/json_rpc.h"
#include "app/request_arguments.h"
#include "util/error.h"

namespace scry {

namespace {

using Json = nlohmann::ordered_json;

// The revisions of the protocol this server speaks, newest first; a client asking for another gets
// the newest, and decides.
constexpr std::array<std::string_view, 4> kProtocolVersions = {"2025-11-25", "2025-06-18", "2025-03-26",
                                                               "2024-11-05"};

Json Property(const char* type, const char* description) {
  return {{"type", type}, {"description", description}};
}

Json Tool(const char* name, const char* description, Json properties, std::vector<std::string> required) {
  Json schema = {{"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return {{"name", name}, {"description", description}, {"inputSchema", std::move(schema)}};
}

Json Tools() {
  const char* rev =
      "A git revision (branch, tag, commit) whose indexed snapshot to use; omit for the working tree.";
  const char* max = "At most this many results (default 50, at most 500).";
  return Json::array({
      Tool("search",
           "Search the code with scry's query language; exact, like ripgrep. Terms are ANDed within a file: "
           "bare words and \"quoted strings\" are literals, /regex/ is a regular expression, `or` and "
           "parentheses combine, -term excludes. Filters: lang:go, file:REGEX (path), -file:vendor/, "
           "sym:Name (files defining that symbol), case:yes. Returns matching lines grouped by file, best "
           "files first.",
           {{"query", Property("string",
                               "e.g. `lang:go sym:Handler retry`, `\"TODO(\" -file:test`, `/fn \\w+_init/`")},
            {"rev", Property("string", rev)},
            {"max_results", Property("integer", max)},
            {"offset",
             Property("integer", "Skip this many matching lines: pass next_offset to get the next page.")}},
           {"query"}),
      Tool(
          "symbols",
          "Find definitions (functions, methods, classes, types...) by name: exact, prefix, substring or "
          "fuzzy, or /regex/. Returns path:line, kind, qualified name and signature.",
          {{"query", Property("string", "A name or part of one, e.g. `ParseConfig`, `parse_conf`, `/^New/`")},
           {"kinds",
            {{"type", "array"},
             {"items", {{"type", "string"}}},
             {"description", "Only these kinds, e.g. [\"function\", \"method\"]"}}},
           {"lang", Property("string", "Only this language, e.g. go, python, rust, ts")},
           {"rev", Property("string", rev)},
           {"max_results", Property("integer", max)}},
          {"query"}),
      Tool("read",
           "Read a file of the index, or a range of its lines, with line numbers. Paths are as search and "
           "symbols print them (relative to the indexed root).",
           {{"path", Property("string", "e.g. src/net/http/client.go")},
            {"start_line", Property("integer", "First line, 1-based (default 1)")},
            {"end_line", Property("integer", "Last line, inclusive (default: 400 lines from start_line)")},
            {"rev", Property("string", rev)}},
           {"path"}),
      Tool("ask",
           "Find the code that answers a question in plain words (\"where do we retry failed http "
           "requests\"), even when the code uses other words: keyword and semantic retrieval, fused. Returns "
           "the best chunks (functions, classes, windows of lines) as path:start-end with their symbol; read "
           "them with `read`, or use `context` to get their code at once.",
           {{"question", Property("string", "The question, as a developer would ask it")},
            {"mode",
             {{"type", "string"},
              {"enum", {"hybrid", "lexical", "semantic"}},
              {"description", "hybrid (default), lexical (words only) or semantic (meaning only)"}}},
            {"k", Property("integer", "How many chunks (default 10, at most 100)")},
            {"rev", Property("string", rev)}},
           {"question"}),
      Tool("context",
           "The code most relevant to a question, assembled for reading under a token budget: the best "
           "chunks' code, duplicates removed, neighbouring chunks joined, spread across files, each block "
           "headed by `// path:start-end  symbol (kind)`.",
           {{"question", Property("string", "The question, as a developer would ask it")},
            {"budget", Property("integer", "Tokens to fill, at most (default 4000, at most 32000)")},
            {"rev", Property("string", rev)}},
           {"question"}),
      Tool("snapshots",
           "List the indexed snapshots: the working tree and each indexed commit, with their revisions, "
           "so that a `rev` can be chosen for the other tools.",
           Json::object(), {}),
  });
}

std::string SearchText(const Json& answer) {
  std::string text;
  std::string_view last_path;
  for (const auto& r : answer["results"]) {
    const std::string& path = r["path"].get_ref<const std::string&>();
    if (!r.contains("line")) {
      text += path + "\n";
      continue;
    }
    if (path != last_path) text += path + "\n";
    last_path = path;
    text += "  " + std::to_string(r["line"].get<uint64_t>()) + ": " + r["text"].get<std::string>() + "\n";
  }
  if (answer["results"].empty()) text = "No matches.\n";
  if (answer["truncated"].get<bool>()) {
    text += "(more matches: call again with offset " + std::to_string(answer["next_offset"].get<uint64_t>()) +
            ", or narrow the query)\n";
  }
  return text;
}

std::string SymbolsText(const Json& answer) {
  std::string text;
  for (const auto& s : answer["symbols"]) {
    text += s["path"].get<std::string>() + ":" + std::to_string(s["name_position"]["line"].get<uint32_t>()) +
            "  " + s["kind"].get<std::string>() + "  " + s["qualified_name"].get<std::string>() + "  " +
            s["signature"].get<std::string>() + "\n";
  }
  if (answer["symbols"].empty()) text = "No symbols.\n";
  if (answer["truncated"].get<bool>()) text += "(more symbols: raise max_results or narrow the query)\n";
  return text;
}

std::string ReadText(const Json& answer) {
  std::string text = answer["path"].get<std::string>() + " lines " +
                     std::to_string(answer["start_line"].get<uint32_t>()) + "-" +
                     std::to_string(answer["end_line"].get<uint32_t>()) + " of " +
                     std::to_string(answer["total_lines"].get<uint32_t>()) + "\n";
  uint32_t number = answer["start_line"].get<uint32_t>();
  std::string_view body = answer["text"].get_ref<const std::string&>();
  for (size_t pos = 0; pos < body.size(); ++number) {
    size_t end = body.find('\n', pos);
    if (end == std::string_view::npos) end = body.size();
    text += std::to_string(number) + "\t" + std::string(body.substr(pos, end - pos)) + "\n";
    pos = end + 1;
  }
  if (answer["truncated"].get<bool>()) {
    text += "(more lines: call again with start_line " +
            std::to_string(answer["end_line"].get<uint32_t>() + 1) + ")\n";
  }
  return text;
}

// What a model should know about an answer the embedding service could not help with.
std::string SemanticFailureNote(const Json& answer) {
  if (!answer.contains("semantic_failure")) return "";
  return "(words only: " + answer["semantic_failure"].get<std::string>() + ")\n";
}

std::string AskText(const Json& answer) {
  std::string text;
  for (const auto& hit : answer["results"]) {
    std::string symbol = hit["symbol"].get<std::string>();
    text += hit["path"].get<std::string>() + ":" + std::to_string(hit["start_line"].get<uint32_t>()) + "-" +
            std::to_string(hit["end_line"].get<uint32_t>()) + "  " + (symbol.empty() ? "-" : symbol) + " (" +
            hit["kind"].get<std::string>() + ")\n";
  }
  if (answer["results"].empty()) text = "Nothing found.\n";
  if (answer.contains("semantic_failure")) {
    text += SemanticFailureNote(answer);
  } else if (!answer["semantic"].get<bool>()) {
    text += "(words only: this index has no model for meaning)\n";
  }
  return text;
}

std::string ContextText(const Json& answer) {
  std::string text;
  for (const auto& block : answer["blocks"]) {
    std::string symbol = block["symbol"].get<std::string>();
    text += "// " + block["path"].get<std::string>() + ":" +
            std::to_string(block["start_line"].get<uint32_t>()) + "-" +
            std::to_string(block["end_line"].get<uint32_t>()) +
            (symbol.empty() ? "" : "  " + symbol + " (" + block["kind"].get<std::string>() + ")") + "\n" +
            block["text"].get<std::string>() + "\n";
  }
  if (answer["blocks"].empty()) text = "Nothing found that fits the budget.\n";
  if (answer["totals"]["truncated"].get<bool>()) text += "(cut to the budget: raise it for more)\n";
  return text + SemanticFailureNote(answer);
}

std::string SnapshotsText(const Json& answer) {
  std::string text;
  for (const auto& s : answer["snapshots"]) {
    std::string rev = s["rev"].get<std::string>();
    text += s["name"].get<std::string>() + (rev.empty() ? "" : "  rev " + rev) + "  " +
            std::to_string(s["files"].get<uint64_t>()) + " files\n";
  }
  return text;
}

std::string CallTool(Service& service, const std::string& name, const nlohmann::json& arguments) {
  if (name == "search") return SearchText(service.Search(SearchArguments(arguments)));
  if (name == "symbols") return SymbolsText(service.Symbols(SymbolsArguments(arguments)));
  if (name == "read") return ReadText(service.Read(ReadArguments(arguments)));
  if (name == "ask") return AskText(service.Ask(AskArguments(arguments)));
  if (name == "context") return ContextText(service.Context(ContextArguments(arguments)));
  if (name == "snapshots") return SnapshotsText(service.Snapshots());
  throw JsonRpcError(kInvalidParams, "unknown tool: " + name);
}

nlohmann::json Initialize(const nlohmann::json& params) {
  std::string asked = params.is_object() ? params.value("protocolVersion", "") : "";
  bool known =
      std::find(kProtocolVersions.begin(), kProtocolVersions.end(), asked) != kProtocolVersions.end();
  return {
      {"protocolVersion", known ? asked : std::string(kProtocolVersions.front())},
      {"capabilities", {{"tools", {{"listChanged", false}}}}},
      {"serverInfo", {{"name", "scry"}, {"version", "0.1.0"}}},
      {"instructions",
       "scry indexes this repository's code. Use `search` for exact text or regex (scry's query language), "
       "`symbols` to find where something is defined, `read` to see code around a hit, and `snapshots` to "
       "list the indexed revisions."}};
}

}  // namespace

void ServeMcp(Service& service, std::FILE* in, std::FILE* out) {
  ServeJsonRpc(in, out, Framing::kLines, [&](const JsonRpcCall& call, bool*) -> nlohmann::json {
    if (call.method == "initialize") return Initialize(call.params);
    if (call.method == "ping") return nlohmann::json::object();
    if (call.method == "tools/list") return {{"tools", Tools()}};
    if (call.method == "tools/call") {
      if (!call.params.is_object() || !call.params.contains("name") || !call.params["name"].is_string()) {
        throw JsonRpcError(kInvalidParams, "tools/call needs a tool name");
      }
      nlohmann::json arguments = call.params.value("arguments", nlohmann::json::object());
      try {
        std::string text = CallTool(service, call.params["name"].get<std::string>(), arguments);
        return {{"content", {{{"type", "text"}, {"text", text}}}}, {"isError", false}};
      } catch (const Error& e) {
        // The model's to fix: a tool result it reads, not a protocol failure.
        return {{"content", {{{"type", "text"}, {"text", e.what()}}}}, {"isError", true}};
      }
    }
    if (call.notification) return nullptr;  // notifications/initialized, cancelled, ...
    throw JsonRpcError(kMethodNotFound, "no method " + call.method);
  });
}

}  // namespace scry
