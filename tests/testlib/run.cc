#include "tests/testlib/run.h"

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

RunResult Rg(const std::filesystem::path& cwd, const std::string& args) {
  return Run(cwd, "rg --no-config " + args);
}

}  // namespace scry::testing
