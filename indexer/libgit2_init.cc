#include "indexer/libgit2_init.h"

#include <git2.h>

// What the link's --wrap=mbedtls_x509_crt_parse_file calls instead of mbedTLS: the certificates are
// left unread, and mbedTLS's MBEDTLS_ERR_X509_FILE_IO_ERROR tells libgit2 so.  It is defined here,
// beside InitLibgit2, because this object file is linked into every binary that calls libgit2,
// before the archive that refers to it.  Unused where libgit2 is a shared library (sanitizer builds).
extern "C" int __wrap_mbedtls_x509_crt_parse_file(void* /*chain*/, const char* /*path*/) {
  constexpr int kFileIoError = -0x2900;
  return kFileIoError;
}

namespace scry {

void InitLibgit2() {
  static const int initialised = [] {
    int n = git_libgit2_init();
    // git does not hash objects again when it reads them, and neither need we: the pack's own
    // checksums guard against damage.  Hashing every tree and blob read cost a small commit's
    // index a tenth of its time.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    return n;
  }();
  (void)initialised;
}

}  // namespace scry
