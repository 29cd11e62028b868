// libgit2, initialised once per process and without TLS certificates.
#pragma once

namespace scry {

// Initialises libgit2 once per process; every libgit2 user calls it first.  Not done at start-up: a
// search that never reads git should not pay for it.
//
// libgit2's initialisation also parses the system's CA certificates (the whole of
// /etc/ssl/certs/ca-certificates.crt, through mbedTLS): 53 of the 63 million instructions of a
// `scry fork`, 10 ms on a slow machine, for TLS connections scry never opens (it reads local
// repositories only).  Where libgit2 is linked statically, the link wraps the one function that
// parses them (CMakeLists.txt, `--wrap=mbedtls_x509_crt_parse_file`) so that it reports a file it
// could not read: libgit2 then starts with no CA chain, which it allows.
void InitLibgit2();

}  // namespace scry
