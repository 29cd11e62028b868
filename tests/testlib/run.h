// Running programs from tests: the scry binary under test, ripgrep as the oracle, git.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace scry::testing {

struct RunResult {
  std::string out;
  std::string err;
  int status = -1;
};

// Runs `command` with /bin/sh in `cwd`, capturing stdout, stderr and the exit status.
RunResult Run(const std::filesystem::path& cwd, const std::string& command);

// `scry ARGS` and `rg --no-config ARGS` in `cwd`; ARGS are shell words, quote them with ShellQuote.
RunResult Scry(const std::filesystem::path& cwd, const std::string& args);

// Starts `scry ARGS...` in `cwd` without waiting, stdout and stderr to `output`; returns its pid
// (for tests that kill it, search while it runs, or talk to it as a server).
pid_t StartScry(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                const std::filesystem::path& output = "/dev/null");
RunResult Rg(const std::filesystem::path& cwd, const std::string& args);

// `node SCRIPT ARGS` for a script of tests/clients, which imports the protocol clients npm installed
// beside it.
RunResult NodeClient(const std::filesystem::path& cwd, const std::string& script, const std::string& args);

// The scry binary under test.
std::string ScryBinary();

// A program's output, one string per line, without the line breaks.
std::vector<std::string> Lines(const std::string& text);

}  // namespace scry::testing
