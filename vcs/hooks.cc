#include "vcs/hooks.h"

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "util/error.h"
#include "util/file.h"
#include "util/shell_quote.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

// What tells scry's hooks from others: the second line of the script.
constexpr std::string_view kMarker = "\n# scry-hook: ";

// The script of every hook, @HOOK@, @SCRY@ and @STORE@ replaced.  It must return to git at once and
// print nothing, whatever scry does: the chained hook's status is the only status, and scry runs in
// the background, in a session of its own (setsid), so that neither git nor a terminal waits for it
// or signals it.  `${0%/*}` rather than the absolute directory keeps the hooks working when the
// repository moves.
constexpr std::string_view kScript = R"(#!/bin/sh
# scry-hook: keeps the scry index up to date; `scry hooks uninstall` removes it.
# The hook this one replaced runs first, with the same arguments and stdin; git gets its status.
status=0
chained="${0%/*}/@HOOK@.scry-chained"
if [ -x "$chained" ]; then
  "$chained" "$@"
  status=$?
fi
# Index in the background, silently; without a scry binary, do nothing.
scry=@SCRY@
[ -x "$scry" ] || scry=$(command -v scry) || exit $status
detach=
command -v setsid >/dev/null 2>&1 && detach=setsid
$detach "$scry" hooks run@STORE@ </dev/null >/dev/null 2>&1 &
exit $status
)";

std::string Script(const std::string& name, const fs::path& scry, const std::optional<fs::path>& store) {
  std::string script(kScript);
  auto replace = [&](std::string_view placeholder, const std::string& value) {
    size_t at = script.find(placeholder);
    script.replace(at, placeholder.size(), value);
  };
  replace("@HOOK@", name);
  replace("@SCRY@", ShellQuote(scry.string()));
  replace("@STORE@", store ? " --store " + ShellQuote(store->string()) : "");
  return script;
}

fs::path ChainedPath(const fs::path& hook) {
  fs::path chained = hook;
  chained += ".scry-chained";
  return chained;
}

bool IsSymlink(const fs::path& path) { return fs::is_symlink(fs::symlink_status(path)); }

HookState StateOf(const fs::path& dir, const char* name) {
  HookState state{name};
  fs::path hook = dir / name;
  state.chained = fs::exists(fs::symlink_status(ChainedPath(hook)));
  if (IsSymlink(hook)) {
    state.owner = HookState::Owner::kOther;
  } else if (fs::exists(hook)) {
    bool scry = ReadFile(hook).find(kMarker) != std::string::npos;
    state.owner = scry ? HookState::Owner::kScry : HookState::Owner::kOther;
  }
  return state;
}

// Whether installing over `state` would lose or break something; throws naming it if so.
void CheckInstallable(const fs::path& dir, const HookState& state) {
  fs::path hook = dir / state.name;
  if (IsSymlink(hook)) {
    throw Error(ExitCode::kBadInput,
                "hook " + hook.string() + " is a symbolic link: scry does not install over it");
  }
  if (fs::exists(hook) && ::access(hook.c_str(), W_OK) != 0) {
    throw Error(ExitCode::kIo, "hook " + hook.string() + " is not writable: " + std::strerror(errno));
  }
  if (state.owner == HookState::Owner::kOther && state.chained) {
    throw Error(ExitCode::kBadInput, "hook " + hook.string() + " is not scry's and " +
                                         ChainedPath(hook).string() +
                                         " is already there: move one of them away first");
  }
}

void Rename(const fs::path& from, const fs::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    throw Error(ExitCode::kIo,
                "cannot rename " + from.string() + " to " + to.string() + ": " + std::strerror(errno));
  }
}

}  // namespace

fs::path HooksDir(const Repository& repo) {
  git_config* config = nullptr;
  CheckGit(git_repository_config_snapshot(&config, repo.get()),
           "cannot read the git configuration of " + repo.git_dir().string());
  git_buf value = GIT_BUF_INIT;
  int found = git_config_get_path(&value, config, "core.hooksPath");
  std::optional<fs::path> configured;
  if (found == 0) configured = value.ptr;
  git_buf_dispose(&value);
  git_config_free(config);
  if (found == GIT_ENOTFOUND) git_error_clear();
  if (found != GIT_ENOTFOUND) CheckGit(found, "cannot read core.hooksPath in " + repo.git_dir().string());
  if (configured) {
    // Git runs hooks from the top of the work tree, or the git directory of a bare repository.
    fs::path base = repo.workdir().empty() ? repo.git_dir() : repo.workdir();
    return (base / *configured).lexically_normal();
  }
  return fs::path(git_repository_commondir(repo.get())).lexically_normal() / "hooks";
}

std::vector<HookState> HookStates(const fs::path& dir) {
  std::vector<HookState> states;
  for (const char* name : kHookNames) states.push_back(StateOf(dir, name));
  return states;
}

void InstallHooks(const fs::path& dir, const fs::path& scry, const std::optional<fs::path>& store) {
  std::vector<HookState> states = HookStates(dir);
  for (const HookState& state : states) CheckInstallable(dir, state);
  fs::create_directories(dir);
  for (const HookState& state : states) {
    fs::path hook = dir / state.name;
    if (state.owner == HookState::Owner::kOther) Rename(hook, ChainedPath(hook));
    WriteFileAtomically(hook, Script(state.name, scry, store), 0755);
  }
}

std::vector<HookState> UninstallHooks(const fs::path& dir) {
  std::vector<HookState> states = HookStates(dir);
  for (const HookState& state : states) {
    fs::path hook = dir / state.name;
    if (state.owner == HookState::Owner::kOther) continue;
    if (state.chained) {
      Rename(ChainedPath(hook), hook);
    } else if (state.owner == HookState::Owner::kScry) {
      fs::remove(hook);
    }
  }
  return states;
}

}  // namespace scry
