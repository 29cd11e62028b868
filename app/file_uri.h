// file:// URIs, as the Language Server Protocol names documents (RFC 8089; percent-encoded UTF-8).
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace scry {

// "file:///abs/path" for an absolute path, every byte but unreserved ones and '/' percent-encoded.
std::string FileUri(const std::filesystem::path& path);

// The path a file URI names ("file:///p", "file://localhost/p").  Throws scry::Error(kBadInput) for
// another scheme, a remote host or a malformed escape.
std::filesystem::path PathOfFileUri(std::string_view uri);

}  // namespace scry
