// Git blob ids: how the store names a document's content.
//
// Documents are content-addressed by the id git gives a blob (SHA-1 of "blob <size>\0" + content), so a
// file is indexed once whatever paths, branches and commits hold it, and a working-tree file and the
// committed blob with the same bytes are the same document.
#pragma once

#include <array>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>

namespace scry {

// A git object id (SHA-1): blobs here, commits and trees in vcs/.
using ObjectId = std::array<uint8_t, 20>;
using BlobId = ObjectId;

// Hashes an id by its first bytes: SHA-1 output is uniform already.
struct ObjectIdHash {
  size_t operator()(const ObjectId& id) const {
    size_t h;
    std::memcpy(&h, id.data(), sizeof(h));
    return h;
  }
};

BlobId ComputeBlobId(std::string_view content);
// 40 lower-case hex digits, as git prints an id.
std::string ObjectIdHex(const ObjectId& id);
// The id 40 hex digits spell, or nullopt.
std::optional<ObjectId> ObjectIdFromHex(std::string_view hex);

}  // namespace scry
