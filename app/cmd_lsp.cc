#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "app/lsp_server.h"
#include "app/service.h"

namespace scry {

int RunLsp(const LspCommand& cmd) {
  Service service(FindStore(std::filesystem::current_path(), cmd.common.store));
  return ServeLsp(service, stdin, stdout);
}

}  // namespace scry
