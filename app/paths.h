// Paths as the commands take and print them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "indexer/store.h"

namespace scry {

// `path` relative to `base`, '/'-separated, without "." or a trailing '/'; "" for base itself.
std::string RelativeTo(const std::filesystem::path& base, const std::filesystem::path& path);

// The store a reading command uses: `--store` if given, else the nearest one above `cwd`.
StoreLocation FindStore(const std::filesystem::path& cwd, const std::optional<std::string>& store_option);

}  // namespace scry
