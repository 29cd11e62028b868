#include "app/listen_address.h"

#include <charconv>

#include "util/error.h"

namespace scry {

ListenAddress ParseListenAddress(std::string_view text) {
  auto bad = [&](const std::string& why) {
    return Error(ExitCode::kBadInput, "--listen " + std::string(text) + ": " + why);
  };
  size_t colon = text.rfind(':');
  if (colon == std::string_view::npos) throw bad("expected HOST:PORT, e.g. 127.0.0.1:7070");
  std::string_view host = text.substr(0, colon), port = text.substr(colon + 1);
  if (host.starts_with('[') && host.ends_with(']')) host = host.substr(1, host.size() - 2);
  if (host.empty()) {
    throw bad("name the host: 127.0.0.1" + std::string(text.substr(colon)) +
              " for this machine only, 0.0.0.0" + std::string(text.substr(colon)) +
              " for every network interface");
  }
  ListenAddress address{std::string(host), 0};
  auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), address.port);
  if (port.empty() || error != std::errc() || end != port.data() + port.size() || address.port < 0 ||
      address.port > 65535) {
    throw bad("the port must be a number from 0 to 65535 (0: any free port)");
  }
  return address;
}

bool IsLoopback(std::string_view host) {
  return host == "localhost" || host == "::1" || host.starts_with("127.");
}

}  // namespace scry
