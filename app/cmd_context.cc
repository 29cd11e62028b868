#include <cstdint>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "app/answer_json.h"
#include "app/ask_session.h"
#include "app/commands.h"
#include "query/context.h"
#include "util/error.h"

namespace scry {

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
    std::string j = ContextJson(context, options.budget, result.hits.size())
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    std::printf("%s\n", j.c_str());
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
