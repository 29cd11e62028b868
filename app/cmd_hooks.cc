#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <thread>

#include "app/coalesced_runs.h"
#include "app/commands.h"
#include "app/run_log.h"
#include "indexer/store.h"
#include "util/error.h"
#include "util/process.h"
#include "vcs/hooks.h"
#include "vcs/repository.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

constexpr size_t kLogLines = 200;
constexpr size_t kStatusLogLines = 5;

// A rebase fires a hook per commit, tens of milliseconds apart: a run waits for them to stop for
// kQuiet, but indexes at least every kLongest while they go on.
constexpr std::chrono::milliseconds kQuiet(300);
constexpr std::chrono::milliseconds kLongest(10000);

// While another writer (a `scry index` typed by hand) holds the store, a run waits for it, up to
// this many seconds: that index may have read the tree before the change that fired the hook.
constexpr int kBusyRetries = 600;

struct HookedRepository {
  Repository repo;
  fs::path worktree;
  StoreLocation store;
  fs::path log() const { return store.dir / "hooks.log"; }
};

HookedRepository OpenHookedRepository(const CommonOptions& common) {
  fs::path cwd = fs::current_path();
  std::optional<Repository> repo = Repository::Discover(cwd);
  if (!repo) throw Error(ExitCode::kBadInput, "not in a git repository: " + cwd.string());
  fs::path worktree = repo->workdir();
  if (worktree.empty()) {
    throw Error(ExitCode::kBadInput, "the repository " + repo->git_dir().string() + " has no work tree");
  }
  std::optional<fs::path> store;
  if (common.store) store = *common.store;
  StoreLocation location = StoreForRoot(worktree, store);
  return {std::move(*repo), worktree, location};
}

std::string Joined(const std::vector<std::string>& names) {
  std::string text;
  for (const std::string& name : names) text += (text.empty() ? "" : ", ") + name;
  return text;
}

std::string UtcNow() {
  std::time_t now = std::time(nullptr);
  std::tm utc;
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", &utc);
  return text;
}

std::string LastLine(std::string output) {
  while (!output.empty() && output.back() == '\n') output.pop_back();
  size_t newline = output.rfind('\n');
  return newline == std::string::npos ? output : output.substr(newline + 1);
}

ProcessResult IndexWhenStoreIsFree(const std::vector<std::string>& args, const fs::path& worktree) {
  for (int retry = 0;; ++retry) {
    ProcessResult result = RunProcess(kSelfExecutable, args, worktree);
    if (result.status != static_cast<int>(ExitCode::kBusy) || retry == kBusyRetries) return result;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

// Runs `scry index` in the work tree as a separate process, so that a hook run indexes exactly as
// the command does, and appends a line to the log: when, the exit status, how long, and the last
// line the index printed (its summary, or its error).
void IndexAndLog(const HookedRepository& hooked, const CommonOptions& common) {
  std::vector<std::string> args = {"scry", "index"};
  if (common.store) {
    args.push_back("--store");
    args.push_back(hooked.store.dir.string());
  }
  std::string started = UtcNow();
  auto start = std::chrono::steady_clock::now();
  ProcessResult result;
  try {
    result = IndexWhenStoreIsFree(args, hooked.worktree);
  } catch (const Error& e) {
    result = {static_cast<int>(e.code()), e.what()};
  }
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  char timing[64];
  std::snprintf(timing, sizeof(timing), " exit %d %.2fs ", result.status, seconds);
  AppendToLog(hooked.log(), started + timing + LastLine(result.output), kLogLines);
}

}  // namespace

int RunHooksInstall(const HooksCommand& cmd) {
  HookedRepository hooked = OpenHookedRepository(cmd.common);
  fs::path dir = HooksDir(hooked.repo);
  std::optional<fs::path> store;
  if (cmd.common.store) store = hooked.store.dir;
  InstallHooks(dir, SelfExecutablePath(), store);
  std::vector<std::string> chained;
  for (const HookState& state : HookStates(dir)) {
    if (state.chained) chained.push_back(state.name);
  }
  std::printf("installed scry's post-commit, post-checkout, post-merge and post-rewrite hooks in %s",
              dir.c_str());
  if (!chained.empty()) std::printf(" (running the earlier %s first)", Joined(chained).c_str());
  std::printf("\n");
  return 0;
}

int RunHooksUninstall(const HooksCommand& cmd) {
  HookedRepository hooked = OpenHookedRepository(cmd.common);
  fs::path dir = HooksDir(hooked.repo);
  std::vector<std::string> removed, restored;
  for (const HookState& state : UninstallHooks(dir)) {
    if (state.owner == HookState::Owner::kScry) removed.push_back(state.name);
    if (state.owner != HookState::Owner::kOther && state.chained) restored.push_back(state.name);
  }
  if (removed.empty() && restored.empty()) {
    std::printf("no scry hooks in %s\n", dir.c_str());
    return 0;
  }
  std::printf("removed scry's hooks from %s", dir.c_str());
  if (!restored.empty()) std::printf(" (restored the earlier %s)", Joined(restored).c_str());
  std::printf("\n");
  return 0;
}

int RunHooksRun(const HooksCommand& cmd) {
  HookedRepository hooked = OpenHookedRepository(cmd.common);
  fs::create_directories(hooked.store.dir);
  const fs::path& dir = hooked.store.dir;
  int runs = RequestRun({dir / "hooks.pending", dir / "hooks.lock", kQuiet, kLongest},
                        [&] { IndexAndLog(hooked, cmd.common); });
  if (runs == 0) {
    std::printf("another `scry hooks run` is indexing %s and will index it again\n", hooked.worktree.c_str());
  } else {
    std::printf("indexed %s %d time%s (log: %s)\n", hooked.worktree.c_str(), runs, runs == 1 ? "" : "s",
                hooked.log().c_str());
  }
  return 0;
}

int RunHooksStatus(const HooksCommand& cmd) {
  HookedRepository hooked = OpenHookedRepository(cmd.common);
  fs::path dir = HooksDir(hooked.repo);
  std::printf("hooks in %s\n", dir.c_str());
  for (const HookState& state : HookStates(dir)) {
    const char* owner = state.owner == HookState::Owner::kScry    ? "scry's"
                        : state.owner == HookState::Owner::kOther ? "not scry's"
                                                                  : "not installed";
    std::string chained = state.chained ? ", chaining " + state.name + ".scry-chained" : "";
    std::printf("  %-14s %s%s\n", state.name.c_str(), owner, chained.c_str());
  }
  std::vector<std::string> lines = LastLogLines(hooked.log(), kStatusLogLines);
  std::printf("%s: %s\n", hooked.log().c_str(), lines.empty() ? "no runs yet" : "the last runs");
  for (const std::string& line : lines) std::printf("  %s\n", line.c_str());
  return 0;
}

}  // namespace scry
