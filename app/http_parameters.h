// The query string of an HTTP API request, checked against what its endpoint takes: an unknown or
// repeated parameter, or a number that is not one, is a 400 naming it, never silently ignored.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <map>
#include <string>
#include <string_view>

namespace scry {

class HttpParameters {
 public:
  // `given` as cpp-httplib decodes it (httplib::Params).  Throws scry::Error(kBadInput).
  HttpParameters(const std::multimap<std::string, std::string>& given,
                 std::initializer_list<std::string_view> known);

  // The value of `name`, or `fallback` when absent.
  std::string Text(std::string_view name, std::string fallback = "") const;
  // A whole number in [min, max], or `fallback` when absent.  Throws scry::Error(kBadInput).
  uint64_t Number(std::string_view name, uint64_t fallback, uint64_t min, uint64_t max) const;

 private:
  std::map<std::string, std::string, std::less<>> values_;
};

}  // namespace scry
