#include "app/request_arguments.h"

#include <algorithm>

namespace scry {

namespace {

constexpr size_t kMaxResults = 500;
constexpr int64_t kMaxAsk = 100;
constexpr int64_t kMaxBudget = 32000;

size_t Limit(const nlohmann::json& arguments) {
  int64_t n = Argument<int64_t>(arguments, "max_results", 50);
  if (n < 1) throw Error(ExitCode::kBadInput, "max_results must be at least 1");
  return std::min<size_t>(n, kMaxResults);
}

}  // namespace

std::string Required(const nlohmann::json& arguments, const char* name) {
  std::string value = Argument<std::string>(arguments, name, "");
  if (value.empty()) throw Error(ExitCode::kBadInput, std::string("argument '") + name + "' is required");
  return value;
}

ServiceSearch SearchArguments(const nlohmann::json& arguments) {
  ServiceSearch request;
  request.query = Required(arguments, "query");
  request.rev = Argument<std::string>(arguments, "rev", "");
  request.max_results = Limit(arguments);
  request.offset = static_cast<size_t>(std::max<int64_t>(Argument<int64_t>(arguments, "offset", 0), 0));
  return request;
}

ServiceSymbols SymbolsArguments(const nlohmann::json& arguments) {
  ServiceSymbols request;
  request.query = Required(arguments, "query");
  request.kinds = Argument<std::vector<std::string>>(arguments, "kinds", {});
  request.lang = Argument<std::string>(arguments, "lang", "");
  request.rev = Argument<std::string>(arguments, "rev", "");
  request.max_results = Limit(arguments);
  return request;
}

ServiceRead ReadArguments(const nlohmann::json& arguments) {
  ServiceRead request;
  request.path = Required(arguments, "path");
  request.rev = Argument<std::string>(arguments, "rev", "");
  int64_t start = Argument<int64_t>(arguments, "start_line", 1),
          end = Argument<int64_t>(arguments, "end_line", 0);
  if (start < 1 || end < 0)
    throw Error(ExitCode::kBadInput, "start_line and end_line are 1-based line numbers");
  request.start_line = static_cast<uint32_t>(std::min<int64_t>(start, UINT32_MAX));
  request.end_line = static_cast<uint32_t>(std::min<int64_t>(end, UINT32_MAX));
  return request;
}

ServiceAsk AskArguments(const nlohmann::json& arguments) {
  ServiceAsk request;
  request.question = Required(arguments, "question");
  request.mode = Argument<std::string>(arguments, "mode", "hybrid");
  request.k = static_cast<size_t>(std::clamp<int64_t>(Argument<int64_t>(arguments, "k", 10), 0, kMaxAsk));
  request.rev = Argument<std::string>(arguments, "rev", "");
  return request;
}

ServiceContext ContextArguments(const nlohmann::json& arguments) {
  ServiceContext request;
  request.question = Required(arguments, "question");
  request.budget =
      static_cast<uint64_t>(std::clamp<int64_t>(Argument<int64_t>(arguments, "budget", 4000), 0, kMaxBudget));
  request.rev = Argument<std::string>(arguments, "rev", "");
  return request;
}

}  // namespace scry
