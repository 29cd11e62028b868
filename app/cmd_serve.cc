#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "app/http_server.h"
#include "app/service.h"
#include "util/error.h"

namespace scry {

int RunServe(const ServeCommand& cmd) {
  // One store a server: its paths, revisions and snapshots are the API's namespace.
  if (cmd.stores.size() > 1) {
    throw Error(ExitCode::kBadInput, "serve: one --store per server (got " +
                                         std::to_string(cmd.stores.size()) +
                                         "); start a server per store, each on its own port");
  }
  if (cmd.time_limit_ms <= 0) throw Error(ExitCode::kBadInput, "serve: --time-limit-ms must be positive");
  if (cmd.threads == 0) throw Error(ExitCode::kBadInput, "serve: --threads must be positive");
  HttpOptions options{ParseListenAddress(cmd.listen), std::chrono::milliseconds(cmd.time_limit_ms),
                      cmd.threads};
  std::optional<std::string> store;
  if (!cmd.stores.empty()) store = cmd.stores.front();
  Service service(FindStore(std::filesystem::current_path(), store), /*threads=*/1);
  if (!IsLoopback(options.address.host)) {
    std::fprintf(stderr, "scry: serving %s to the network, without authentication\n", cmd.listen.c_str());
  }
  ServeHttp(service, options, stderr);
  return 0;
}

}  // namespace scry
