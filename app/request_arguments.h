// The arguments of a request to app/service.h as a JSON object, as `scry mcp` tool calls and the
// `scry/search` request of `scry lsp` send them.  A missing argument takes its default; a wrong one
// throws scry::Error(kBadInput) naming it, for the client to fix.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "app/service.h"
#include "util/error.h"

namespace scry {

// The argument `name`, or `fallback` when it is absent or null.
template <typename T>
T Argument(const nlohmann::json& arguments, const char* name, T fallback) {
  if (!arguments.is_object() || !arguments.contains(name) || arguments[name].is_null()) return fallback;
  try {
    return arguments[name].get<T>();
  } catch (const nlohmann::json::exception&) {
    throw Error(ExitCode::kBadInput, std::string("argument '") + name + "' has the wrong type");
  }
}

// A string argument that must be there and not empty.
std::string Required(const nlohmann::json& arguments, const char* name);

// {query, rev?, max_results? (1-500, default 50), offset?}
ServiceSearch SearchArguments(const nlohmann::json& arguments);
// {query, kinds?, lang?, rev?, max_results?}
ServiceSymbols SymbolsArguments(const nlohmann::json& arguments);
// {path, rev?, start_line?, end_line?}
ServiceRead ReadArguments(const nlohmann::json& arguments);
// {question, mode? (hybrid), k? (1-100, default 10), rev?}
ServiceAsk AskArguments(const nlohmann::json& arguments);
// {question, budget? (tokens, 1-32000, default 4000), rev?}
ServiceContext ContextArguments(const nlohmann::json& arguments);

}  // namespace scry
