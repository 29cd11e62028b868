#include "indexer/blob_id.h"

#include <git2.h>

#include <cstring>

#include "indexer/libgit2_init.h"
#include "util/error.h"

namespace scry {

BlobId ComputeBlobId(std::string_view content) {
  InitLibgit2();
  git_oid oid;
  if (git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB) != 0) {
    throw Error(ExitCode::kIo, "cannot hash blob: " + std::string(git_error_last()->message));
  }
  BlobId id;
  std::memcpy(id.data(), oid.id, id.size());
  return id;
}

std::string ObjectIdHex(const ObjectId& id) {
  static const char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(40);
  for (uint8_t b : id) {
    hex += kHex[b >> 4];
    hex += kHex[b & 15];
  }
  return hex;
}

std::optional<ObjectId> ObjectIdFromHex(std::string_view hex) {
  if (hex.size() != 40) return std::nullopt;
  git_oid oid;
  std::string text(hex);
  if (git_oid_fromstr(&oid, text.c_str()) != 0) return std::nullopt;
  ObjectId id;
  std::memcpy(id.data(), oid.id, id.size());
  return id;
}

}  // namespace scry
