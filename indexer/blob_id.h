// Git blob ids: how the store names a document's content.
//
// Documents are content-addressed by the id git gives a blob (SHA-1 of "blob <size>\0" + content), so a
// file is indexed once whatever paths, branches and commits hold it, and a working-tree file and the
// committed blob with the same bytes are the same document.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace scry {

using BlobId = std::array<uint8_t, 20>;

BlobId ComputeBlobId(std::string_view content);
std::string BlobIdHex(const BlobId& id);

}  // namespace scry
