#include "indexer/libgit2_init.h"

#include <git2.h>
#include <git2/sys/stream.h>

#include <cstddef>
#include <cstdint>
#include <string>

// What the link's --wrap options call instead of libgit2's TLS, SSH and Kerberos code (the header
// says why).  They are defined here, beside InitLibgit2, because this object file is linked into
// every binary that calls libgit2, before the archive that refers to them.  Unused where libgit2 is
// a shared library (sanitizer builds).
extern "C" {

int __wrap_git_mbedtls_stream_global_init() { return 0; }
int __wrap_git_transport_ssh_global_init() { return 0; }

// GSS-API (RFC 2744), which libgit2 calls for HTTP's Negotiate authentication only.  Every call
// fails as a GSS-API library without mechanisms would (GSS_S_FAILURE), and releases release nothing.
using OM_uint32 = uint32_t;
struct GssBuffer {
  size_t length;
  void* value;
};
constexpr OM_uint32 kGssFailure = 13u << 16;

void* __wrap_GSS_C_NT_HOSTBASED_SERVICE = nullptr;

OM_uint32 __wrap_gss_indicate_mechs(OM_uint32* minor, void** mechanisms) {
  *minor = 0;
  *mechanisms = nullptr;
  return kGssFailure;
}
OM_uint32 __wrap_gss_import_name(OM_uint32* minor, void*, void*, void** name) {
  *minor = 0;
  *name = nullptr;
  return kGssFailure;
}
OM_uint32 __wrap_gss_init_sec_context(OM_uint32* minor, void*, void**, void*, void*, OM_uint32, OM_uint32,
                                      void*, void*, void**, GssBuffer* output, OM_uint32*, OM_uint32*) {
  *minor = 0;
  if (output) *output = {0, nullptr};
  return kGssFailure;
}
OM_uint32 __wrap_gss_display_status(OM_uint32* minor, OM_uint32, int, void*, OM_uint32* context,
                                    GssBuffer* text) {
  *minor = 0;
  *context = 0;
  *text = {0, nullptr};
  return kGssFailure;
}
OM_uint32 __wrap_gss_release_buffer(OM_uint32* minor, GssBuffer* buffer) {
  *minor = 0;
  if (buffer) *buffer = {0, nullptr};
  return 0;
}
OM_uint32 __wrap_gss_release_name(OM_uint32* minor, void** name) {
  *minor = 0;
  if (name) *name = nullptr;
  return 0;
}
OM_uint32 __wrap_gss_release_oid_set(OM_uint32* minor, void** set) {
  *minor = 0;
  if (set) *set = nullptr;
  return 0;
}
OM_uint32 __wrap_gss_delete_sec_context(OM_uint32* minor, void** context, GssBuffer* output) {
  *minor = 0;
  if (context) *context = nullptr;
  if (output) *output = {0, nullptr};
  return 0;
}

}  // extern "C"

namespace scry {

namespace {

int Refuse(git_stream** /*out*/, const char* host, const char* /*port*/) {
  git_error_set_str(
      GIT_ERROR_NET,
      (std::string("scry reads local repositories only; it does not connect to ") + host).c_str());
  return -1;
}

int RefuseWrap(git_stream** out, git_stream* /*in*/, const char* host) { return Refuse(out, host, nullptr); }

}  // namespace

void InitLibgit2() {
  static const int initialised = [] {
    int n = git_libgit2_init();
    git_stream_registration refuse = {GIT_STREAM_VERSION, Refuse, RefuseWrap};
    git_stream_register(static_cast<git_stream_t>(GIT_STREAM_STANDARD | GIT_STREAM_TLS), &refuse);
    // git does not hash objects again when it reads them, and neither need we: the pack's own
    // checksums guard against damage.  Hashing every tree and blob read cost a small commit's
    // index a tenth of its time.
    git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
    return n;
  }();
  (void)initialised;
}

}  // namespace scry
