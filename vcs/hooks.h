// scry's git hooks: post-commit, post-checkout, post-merge and post-rewrite scripts that start
// `scry hooks run` in the background, so that the index follows the repository.
//
// A hook that was there before is moved aside to `<name>.scry-chained`; scry's script runs it first,
// with the same arguments and stdin, and exits with its status, so git sees what it saw before.
// Uninstalling moves it back.  The scripts launch scry detached and silent and never fail the git
// command: a missing scry binary just means no indexing.
#pragma once

#include <array>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "vcs/repository.h"

namespace scry {

inline constexpr std::array<const char*, 4> kHookNames = {"post-commit", "post-checkout", "post-merge",
                                                          "post-rewrite"};

// Where git runs this repository's hooks from: core.hooksPath (relative to the work tree), else
// `<common git dir>/hooks`, which linked work trees share.
std::filesystem::path HooksDir(const Repository& repo);

struct HookState {
  enum class Owner { kNone, kScry, kOther };
  std::string name;
  Owner owner = Owner::kNone;
  bool chained = false;  // `<name>.scry-chained` exists: the hook scry's script runs first
};

// The state of each of kHookNames in `dir`, in that order.
std::vector<HookState> HookStates(const std::filesystem::path& dir);

// Writes scry's four hooks into `dir` (created if missing), each launching `scry` (an absolute path;
// the script falls back to `scry` on PATH when it is gone) as `scry hooks run [--store STORE]`.
// Hooks already there are chained; scry's own are rewritten, so installing twice changes nothing.
// Throws scry::Error naming the hook, before changing anything, when one is a symbolic link
// (kBadInput) or not writable (kIo), or when another program's hook replaced scry's and the hook
// scry chained is still there (kBadInput: moving the new one aside would overwrite it).
void InstallHooks(const std::filesystem::path& dir, const std::filesystem::path& scry,
                  const std::optional<std::filesystem::path>& store);

// Removes scry's hooks from `dir` and moves the chained ones back, exactly as they were.  A hook
// another program wrote over scry's is left alone.  Returns the states found before.
std::vector<HookState> UninstallHooks(const std::filesystem::path& dir);

}  // namespace scry
