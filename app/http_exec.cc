// The `scry` side of app/http_twin.h: what needs cpp-httplib becomes scry-http, built beside scry.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/http_twin.h"
#include "indexer/embeddings.h"
#include "util/error.h"

namespace scry {

namespace {

std::vector<std::string>& CommandLine() {
  static std::vector<std::string> argv;
  return argv;
}

// Executes scry-http with this process's command line; `what` (a command, a model) begins the error
// line if it cannot.
[[noreturn]] void BecomeHttpTwin(const std::string& what) {
  std::error_code error;
  std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  std::filesystem::path twin = self.parent_path() / "scry-http";
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(twin.c_str()));
  for (size_t i = 1; i < CommandLine().size(); ++i) argv.push_back(CommandLine()[i].data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  if (!error) execv(twin.c_str(), argv.data());
  throw Error(ExitCode::kIo, what + ": cannot run " + twin.string() +
                                 " (built beside scry): " + (error ? error.message() : std::strerror(errno)));
}

}  // namespace

void SetUpHttp(int argc, char** argv) {
  CommandLine().assign(argv, argv + argc);
  SetHttpEmbedderOpener([](const HttpEmbedderConfig& endpoint) -> std::unique_ptr<Embedder> {
    BecomeHttpTwin("embedding service " + endpoint.url + " (model " + endpoint.model + ")");
  });
}

int RunServe(const ServeCommand&) { BecomeHttpTwin("serve"); }

int RunMcp(const McpCommand&) { BecomeHttpTwin("mcp"); }

}  // namespace scry
