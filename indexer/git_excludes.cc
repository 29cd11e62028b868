#include "indexer/git_excludes.h"

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <string>
#include <string_view>

namespace scry {

namespace {

std::optional<std::string> Env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return std::nullopt;
  return std::string(value);
}

std::optional<std::string> ReadWhole(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

std::optional<std::string> FirstLine(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  if (line.ends_with('\r')) line.pop_back();
  return line;
}

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f'; }

// rg 13 does not parse the config: it takes the first line shaped like "excludesfile = VALUE" in any
// section, case-insensitively, and replaces every '~' in VALUE with $HOME.
std::optional<std::filesystem::path> ParseExcludesFile(std::string_view config) {
  constexpr std::string_view kKey = "excludesfile";
  while (!config.empty()) {
    size_t end = config.find('\n');
    std::string_view line = config.substr(0, end);
    config = end == std::string_view::npos ? std::string_view() : config.substr(end + 1);

    size_t i = 0;
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (line.size() - i < kKey.size()) continue;
    bool key_matches = true;
    for (size_t k = 0; k < kKey.size(); ++k) {
      if (std::tolower(static_cast<unsigned char>(line[i + k])) != kKey[k]) key_matches = false;
    }
    if (!key_matches) continue;
    i += kKey.size();
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (i == line.size() || line[i] != '=') continue;
    ++i;
    while (i < line.size() && IsSpace(line[i])) ++i;
    if (i == line.size()) continue;

    std::string value(line.substr(i));
    if (auto home = Env("HOME")) {
      for (size_t at = value.find('~'); at != std::string::npos; at = value.find('~', at + home->size())) {
        value.replace(at, 1, *home);
      }
    }
    return std::filesystem::path(value);
  }
  return std::nullopt;
}

std::optional<std::filesystem::path> XdgConfigHome() {
  if (auto xdg = Env("XDG_CONFIG_HOME")) return std::filesystem::path(*xdg);
  if (auto home = Env("HOME")) return std::filesystem::path(*home) / ".config";
  return std::nullopt;
}

}  // namespace

std::optional<std::filesystem::path> GlobalExcludesFile() {
  if (auto home = Env("HOME")) {
    if (auto config = ReadWhole(std::filesystem::path(*home) / ".gitconfig")) {
      if (auto path = ParseExcludesFile(*config)) return path;
    }
  }
  auto xdg = XdgConfigHome();
  if (!xdg) return std::nullopt;
  if (auto config = ReadWhole(*xdg / "git/config")) {
    if (auto path = ParseExcludesFile(*config)) return path;
  }
  return *xdg / "git/ignore";
}

std::optional<std::filesystem::path> RepositoryExcludeFile(const std::filesystem::path& dir,
                                                           bool dot_git_is_file) {
  if (!dot_git_is_file) return dir / ".git/info/exclude";
  auto gitdir_line = FirstLine(dir / ".git");
  constexpr std::string_view kPrefix = "gitdir: ";
  if (!gitdir_line || !gitdir_line->starts_with(kPrefix)) return std::nullopt;
  std::filesystem::path git_dir = dir / gitdir_line->substr(kPrefix.size());
  auto commondir = FirstLine(git_dir / "commondir");
  if (!commondir) return std::nullopt;
  std::filesystem::path common =
      commondir->starts_with('.') ? git_dir / *commondir : std::filesystem::path(*commondir);
  return common / "info/exclude";
}

}  // namespace scry
