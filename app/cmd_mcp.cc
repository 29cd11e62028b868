#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "app/mcp_server.h"
#include "app/service.h"

namespace scry {

int RunMcp(const McpCommand& cmd) {
  // No store is a startup error, not a tool error: the agent's configuration is what needs fixing.
  Service service(FindStore(std::filesystem::current_path(), cmd.common.store));
  ServeMcp(service, stdin, stdout);
  return 0;
}

}  // namespace scry
