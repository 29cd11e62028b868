// ripgrep 13's default colours, byte for byte as its terminal writer emits them: every coloured span
// starts with a reset and ends with one, even the column number, whose colour spec is empty.
#pragma once

#include <string>
#include <string_view>

namespace scry {

inline constexpr std::string_view kAnsiReset = "\x1b[0m";
inline constexpr std::string_view kAnsiPath = "\x1b[0m\x1b[35m";
inline constexpr std::string_view kAnsiLineNumber = "\x1b[0m\x1b[32m";
inline constexpr std::string_view kAnsiColumn = "\x1b[0m";
inline constexpr std::string_view kAnsiMatch = "\x1b[0m\x1b[1m\x1b[31m";

// Appends `text` to `out`, wrapped in `start` and a reset when `color` is on.
void AppendColored(std::string* out, bool color, std::string_view start, std::string_view text);

}  // namespace scry
