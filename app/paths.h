// Paths as the commands take and print them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "app/commands.h"
#include "indexer/store.h"
#include "query/path_filter.h"

namespace scry {

// `path` relative to `base`, '/'-separated, without "." or a trailing '/'; "" for base itself.
std::string RelativeTo(const std::filesystem::path& base, const std::filesystem::path& path);

// The store a reading command uses: `--store` if given, else the nearest one above `cwd`.
StoreLocation FindStore(const std::filesystem::path& cwd, const std::optional<std::string>& store_option);

// The filter that -g, -t and -T describe.  Throws scry::Error(kBadInput) naming a bad glob or type.
PathFilter MakePathFilter(const PathFilterOptions& options);

}  // namespace scry
