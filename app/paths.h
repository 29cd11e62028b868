// Paths as the commands take and print them.
#pragma once

#include <filesystem>
#include <string>

namespace scry {

// `path` relative to `base`, '/'-separated, without "." or a trailing '/'; "" for base itself.
std::string RelativeTo(const std::filesystem::path& base, const std::filesystem::path& path);

}  // namespace scry
