// The address `scry serve --listen HOST:PORT` binds.
//
// The host must be written: "127.0.0.1:7070" or "localhost:7070" serve this machine only, and any
// other host (0.0.0.0, a LAN address, "[::]") serves the network because the user typed it.  An omitted
// host (":7070", "7070") is refused rather than read as "every interface", as some servers read it.
#pragma once

#include <string>
#include <string_view>

namespace scry {

struct ListenAddress {
  std::string host;  // without the brackets of an IPv6 literal
  int port = 0;      // 0: any free port
};

// Throws scry::Error(kBadInput) naming what is missing or wrong.
ListenAddress ParseListenAddress(std::string_view text);

// Whether only this machine can reach `host`: localhost, 127.0.0.0/8 or ::1.
bool IsLoopback(std::string_view host);

}  // namespace scry
