// Running another program to completion, and finding the running one.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace scry {

struct ProcessResult {
  int status = 0;      // the exit status, or 128 + the signal that ended it
  std::string output;  // stdout and stderr, interleaved as written
};

// Runs `program` with `args` (argv[0] first) in `cwd`, stdin from /dev/null, and waits for it.
// Throws scry::Error(kIo) naming the program when it cannot be started.
ProcessResult RunProcess(const std::filesystem::path& program, const std::vector<std::string>& args,
                         const std::filesystem::path& cwd);

// The running executable: a path that stays valid even if the file was replaced since it started.
constexpr const char* kSelfExecutable = "/proc/self/exe";

// Where the running executable lives on disk now, absolute.
std::filesystem::path SelfExecutablePath();

}  // namespace scry
