#include "app/http_parameters.h"

#include <charconv>

#include "util/error.h"

namespace scry {

HttpParameters::HttpParameters(const std::multimap<std::string, std::string>& given,
                               std::initializer_list<std::string_view> known) {
  for (const auto& [name, value] : given) {
    bool is_known = false;
    for (std::string_view k : known) is_known |= k == name;
    if (!is_known) {
      std::string list;
      for (std::string_view k : known) list += (list.empty() ? "" : ", ") + std::string(k);
      throw Error(ExitCode::kBadInput, "unknown parameter '" + name + "' (this endpoint takes " +
                                           (list.empty() ? "none" : list) + ")");
    }
    if (!values_.emplace(name, value).second) {
      throw Error(ExitCode::kBadInput, "parameter '" + name + "' is given twice");
    }
  }
}

std::string HttpParameters::Text(std::string_view name, std::string fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second;
}

uint64_t HttpParameters::Number(std::string_view name, uint64_t fallback, uint64_t min, uint64_t max) const {
  auto it = values_.find(name);
  if (it == values_.end()) return fallback;
  const std::string& text = it->second;
  uint64_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() || value < min ||
      value > max) {
    throw Error(ExitCode::kBadInput, "parameter '" + std::string(name) + "' must be a whole number from " +
                                         std::to_string(min) + " to " + std::to_string(max) + ", not '" +
                                         text + "'");
  }
  return value;
}

}  // namespace scry
