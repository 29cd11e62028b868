// `scry serve` in the `scry` binary: it becomes `scry-serve`, built beside it.
//
// The HTTP server needs cpp-httplib, and Debian's is a shared library that loads OpenSSL, Kerberos,
// zlib and Brotli: 3.5 ms of dynamic linking and relocation at every start.  Every other command
// (a fork, a symbol lookup, a git hook) would pay it, so the server lives in its own executable and
// `scry` links none of it.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <vector>

#include "app/commands.h"
#include "util/error.h"

namespace scry {

int RunServe(const ServeCommand& cmd) {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  std::filesystem::path server = self.parent_path() / "scry-serve";
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(server.c_str()));
  for (size_t i = 1; i < cmd.argv.size(); ++i) argv.push_back(const_cast<char*>(cmd.argv[i].c_str()));
  argv.push_back(nullptr);
  if (!error) execv(server.c_str(), argv.data());
  throw Error(ExitCode::kIo, "serve: cannot run " + server.string() +
                                 " (built beside scry): " + (error ? error.message() : std::strerror(errno)));
}

}  // namespace scry
