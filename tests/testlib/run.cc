#include "tests/testlib/run.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "tests/testlib/tree.h"

namespace scry::testing {

namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

RunResult Run(const std::filesystem::path& cwd, const std::string& command) {
  TempTree scratch;
  auto err = scratch.root() / "stderr";
  RunResult result;
  result.out = RunCommand(
      "cd " + ShellQuote(cwd.string()) + " && " + command + " 2>" + ShellQuote(err.string()), &result.status);
  result.err = Slurp(err);
  return result;
}

RunResult Scry(const std::filesystem::path& cwd, const std::string& args) {
  return Run(cwd, ShellQuote(SCRY_BINARY) + " " + args);
}

pid_t StartScry(const std::filesystem::path& cwd, const std::vector<std::string>& args,
                const std::filesystem::path& output) {
  std::vector<std::string> argv_strings = {"scry"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = fork();
  if (pid == 0) {
    if (chdir(cwd.c_str()) != 0) _exit(127);
    int out = ::open(output.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    dup2(out, 1);
    dup2(out, 2);
    execv(SCRY_BINARY, argv.data());
    _exit(127);
  }
  return pid;
}

RunResult Rg(const std::filesystem::path& cwd, const std::string& args) {
  return Run(cwd, "rg --no-config " + args);
}

RunResult NodeClient(const std::filesystem::path& cwd, const std::string& script, const std::string& args) {
  return Run(cwd, ShellQuote(NODE_BINARY) + " " + ShellQuote(std::string(SCRY_CLIENTS_DIR) + "/" + script) +
                      " " + args);
}

std::string ScryBinary() { return SCRY_BINARY; }

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace scry::testing
