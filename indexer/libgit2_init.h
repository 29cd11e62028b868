// libgit2, initialised once per process, for local repositories only.
#pragma once

namespace scry {

// Initialises libgit2 once per process; every libgit2 user calls it first.  Not done at start-up: a
// search that never reads git should not pay for it.
//
// scry reads local repositories only, and never opens a network connection.  libgit2's
// initialisation would still set up TLS (mbedTLS's entropy pool and the whole of the system's CA
// certificates) and SSH (OpenSSL's error strings, through libssh2): 56 of the 66 million
// instructions of a `scry fork` once.  And its HTTP Negotiate authentication links Kerberos's
// GSS-API, six shared libraries that cost every process 3 ms to load on a slow machine.  Where
// libgit2 is linked statically, the link wraps the two set-ups with functions that do nothing and
// the GSS-API calls with ones that fail (CMakeLists.txt's `--wrap` options), and links no Kerberos.
// Whatever the link, InitLibgit2 registers socket and TLS streams that refuse to connect, so that
// nothing can reach the skipped set-up or the failing GSS-API; libssh2 initialises itself if an
// SSH session is ever opened.
void InitLibgit2();

}  // namespace scry
