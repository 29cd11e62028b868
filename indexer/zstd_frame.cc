#include "indexer/zstd_frame.h"

#include <zstd.h>

#include <algorithm>
#include <bit>
#include <memory>

#include "util/error.h"

namespace scry {

namespace {

// The window must reach from the end of the target back to the start of the base.
constexpr int kMinWindowLog = 10;  // zstd's least
constexpr int kMaxWindowLog = 27;
// zstd's default level: a frame here is small whatever the level, its time is not.
constexpr int kLevel = 3;

struct FreeCCtx {
  void operator()(ZSTD_CCtx* c) const { ZSTD_freeCCtx(c); }
};
struct FreeDCtx {
  void operator()(ZSTD_DCtx* d) const { ZSTD_freeDCtx(d); }
};

// A context per thread, reused: creating one allocates its tables anew.
ZSTD_CCtx* CompressionContext() {
  thread_local std::unique_ptr<ZSTD_CCtx, FreeCCtx> context(ZSTD_createCCtx());
  return context.get();
}

ZSTD_DCtx* DecompressionContext() {
  thread_local std::unique_ptr<ZSTD_DCtx, FreeDCtx> context(ZSTD_createDCtx());
  return context.get();
}

}  // namespace

std::string EncodeDelta(std::string_view base, std::string_view target) {
  const uint64_t span = uint64_t{base.size()} + target.size();
  const int window_log = std::max(kMinWindowLog, static_cast<int>(std::bit_width(span)));
  if (window_log > kMaxWindowLog) return {};
  ZSTD_CCtx* context = CompressionContext();
  ZSTD_CCtx_reset(context, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, kLevel);
  ZSTD_CCtx_setParameter(context, ZSTD_c_windowLog, window_log);
  ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 0);  // the section has its own checksum
  ZSTD_CCtx_refPrefix(context, base.data(), base.size());
  std::string frame(ZSTD_compressBound(target.size()), '\0');
  size_t n = ZSTD_compress2(context, frame.data(), frame.size(), target.data(), target.size());
  if (ZSTD_isError(n)) throw Error(ExitCode::kIo, std::string("zstd: ") + ZSTD_getErrorName(n));
  frame.resize(n);
  return frame;
}

bool DecodeDelta(std::string_view base, std::string_view delta, char* out, uint64_t size) {
  ZSTD_DCtx* context = DecompressionContext();
  ZSTD_DCtx_reset(context, ZSTD_reset_session_and_parameters);
  ZSTD_DCtx_setParameter(context, ZSTD_d_windowLogMax, kMaxWindowLog);
  ZSTD_DCtx_refPrefix(context, base.data(), base.size());
  return Decompress(delta, out, size);
}

std::string Compress(std::string_view bytes) {
  ZSTD_CCtx* context = CompressionContext();
  ZSTD_CCtx_reset(context, ZSTD_reset_session_and_parameters);
  ZSTD_CCtx_setParameter(context, ZSTD_c_compressionLevel, kLevel);
  ZSTD_CCtx_setParameter(context, ZSTD_c_checksumFlag, 0);
  std::string frame(ZSTD_compressBound(bytes.size()), '\0');
  size_t n = ZSTD_compress2(context, frame.data(), frame.size(), bytes.data(), bytes.size());
  if (ZSTD_isError(n)) throw Error(ExitCode::kIo, std::string("zstd: ") + ZSTD_getErrorName(n));
  frame.resize(n);
  return frame;
}

std::optional<uint64_t> DecompressedSize(std::string_view frame) {
  unsigned long long size = ZSTD_getFrameContentSize(frame.data(), frame.size());
  if (size == ZSTD_CONTENTSIZE_UNKNOWN || size == ZSTD_CONTENTSIZE_ERROR) return std::nullopt;
  return size;
}

bool Decompress(std::string_view frame, char* out, uint64_t size) {
  size_t n = ZSTD_decompressDCtx(DecompressionContext(), out, size, frame.data(), frame.size());
  return !ZSTD_isError(n) && n == size;
}

}  // namespace scry
