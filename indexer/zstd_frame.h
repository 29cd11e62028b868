// zstd frames, the store's second compressor after LZ4 (whose speed the bulk of the content needs):
//
// - a document's content as the difference from another document's: a frame compressed with the
//   base content as its prefix, holding little more than what the new version adds.  On git.git's
//   last 100 first-parent commits, the 905 changed versions (23.5 MB) come to 6.3 MB as frames of
//   their own and 0.17 MB as frames over the versions they replace;
// - a small section of a store file on its own (indexer/container.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace scry {

// `target` as a frame over `base`.  Empty if the pair is too large for a frame's window (128 MiB).
std::string EncodeDelta(std::string_view base, std::string_view target);

// Writes the `size` bytes `delta` encodes over `base` into `out`; false if the frame is damaged or
// does not decode to `size` bytes (the caller names the file).
[[nodiscard]] bool DecodeDelta(std::string_view base, std::string_view delta, char* out, uint64_t size);

// `bytes` as a frame of their own, which records their size.
std::string Compress(std::string_view bytes);
// The size a frame of Compress records, if it records one.
std::optional<uint64_t> DecompressedSize(std::string_view frame);
// Writes the `size` bytes of `frame` into `out`; false if it is damaged.
[[nodiscard]] bool Decompress(std::string_view frame, char* out, uint64_t size);

}  // namespace scry
