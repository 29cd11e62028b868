#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/ask_session.h"
#include "app/commands.h"
#include "query/context.h"
#include "util/error.h"

namespace scry {

namespace {

// Ask is asked for this many chunks a block: duplicates dropped, neighbours joined and chunks that do
// not fit still leave material to fill the budget with.
constexpr size_t kHitsPerBlock = 3;

void PrintJson(const Context& context, uint64_t budget, size_t hits_considered) {
  nlohmann::ordered_json blocks = nlohmann::ordered_json::array();
  for (const ContextBlock& b : context.blocks) {
    blocks.push_back({{"path", b.path},
                      {"start_line", b.start_line},
                      {"end_line", b.end_line},
                      {"symbol", b.symbol},
                      {"scope", b.scope},
                      {"kind", b.kind},
                      {"score", b.score},
                      {"tokens", b.tokens},
                      {"lines_cut", b.lines_cut},
                      {"also_in", b.also_in},
                      {"text", b.text}});
  }
  nlohmann::ordered_json j = {{"blocks", std::move(blocks)},
                              {"totals",
                               {{"tokens", context.tokens},
                                {"budget", budget},
                                {"truncated", context.truncated},
                                {"hits_considered", hits_considered}}}};
  std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
}

}  // namespace

int RunContext(const ContextCommand& cmd) {
  if (cmd.budget <= 0) {
    throw Error(ExitCode::kBadInput,
                "--budget " + std::to_string(cmd.budget) + ": expected a positive number of tokens");
  }
  if (cmd.k == 0) throw Error(ExitCode::kBadInput, "-k 0: expected at least one block");
  AskSession session(cmd.common, cmd.question);
  AskResult result = session.Ask(cmd.k > SIZE_MAX / kHitsPerBlock ? SIZE_MAX : cmd.k * kHitsPerBlock);

  ContextOptions options;
  options.budget = static_cast<uint64_t>(cmd.budget);
  options.max_blocks = cmd.k;
  options.display = [&](std::string_view path) { return session.DisplayPath(path); };
  options.include = session.request().include;
  Context context = AssembleContext(session.snapshot(), result.hits, options);

  if (cmd.json) {
    PrintJson(context, options.budget, result.hits.size());
  } else {
    for (const ContextBlock& block : context.blocks) {
      std::string text = RenderBlock(block);
      std::fwrite(text.data(), 1, text.size(), stdout);
    }
  }
  if (context.blocks.empty() && !result.hits.empty()) {
    std::fprintf(stderr, "scry: context: no block of code fits a budget of %lld tokens\n",
                 static_cast<long long>(cmd.budget));
  }
  return context.blocks.empty() ? static_cast<int>(ExitCode::kNoMatch) : 0;
}

}  // namespace scry
