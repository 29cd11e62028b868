// Quoting for /bin/sh: scripts scry writes and commands tests run.
#pragma once

#include <string>
#include <string_view>

namespace scry {

// `s` as one shell word, whatever bytes it holds: 'it'\''s'.
std::string ShellQuote(std::string_view s);

}  // namespace scry
