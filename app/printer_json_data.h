// ripgrep's JSON "arbitrary data" value: {"text": ...} when the bytes are valid UTF-8, otherwise
// {"bytes": <standard base64>}, since JSON strings cannot carry arbitrary bytes.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

namespace scry {

bool IsValidUtf8(std::string_view bytes);

nlohmann::ordered_json JsonData(std::string_view bytes);

}  // namespace scry
