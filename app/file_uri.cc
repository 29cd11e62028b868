#include "app/file_uri.h"

#include "util/error.h"

namespace scry {

namespace {

constexpr std::string_view kScheme = "file://";

bool IsUnreserved(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
         c == '_' || c == '~' || c == '/';
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

Error BadUri(std::string_view uri, const char* why) {
  return Error(ExitCode::kBadInput, std::string(uri) + ": " + why);
}

}  // namespace

std::string FileUri(const std::filesystem::path& path) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string uri(kScheme);
  for (unsigned char c : path.string()) {
    if (IsUnreserved(c)) {
      uri += static_cast<char>(c);
    } else {
      uri += '%';
      uri += kHex[c >> 4];
      uri += kHex[c & 15];
    }
  }
  return uri;
}

std::filesystem::path PathOfFileUri(std::string_view uri) {
  if (!uri.starts_with(kScheme)) throw BadUri(uri, "not a file:// URI");
  std::string_view rest = uri.substr(kScheme.size());
  size_t slash = rest.find('/');
  std::string_view host = rest.substr(0, slash);
  if (slash == std::string_view::npos || (!host.empty() && host != "localhost")) {
    throw BadUri(uri, "names a file on another host");
  }
  std::string path;
  for (size_t i = slash; i < rest.size(); ++i) {
    if (rest[i] != '%') {
      path += rest[i];
      continue;
    }
    int high = i + 2 < rest.size() ? HexValue(rest[i + 1]) : -1, low = high < 0 ? -1 : HexValue(rest[i + 2]);
    if (low < 0) throw BadUri(uri, "has a malformed %-escape");
    path += static_cast<char>(high * 16 + low);
    i += 2;
  }
  return path;
}

}  // namespace scry
