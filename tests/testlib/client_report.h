// The protocol clients of tests/clients, run against the scry binary under test.
#pragma once

#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace scry::testing {

// `node SCRIPT SCRY STEPS` in `cwd`: the one JSON object the script prints about its session.
nlohmann::json ClientReport(const std::filesystem::path& cwd, const std::string& script,
                            const nlohmann::json& steps);

}  // namespace scry::testing
