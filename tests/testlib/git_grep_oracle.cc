#include "tests/testlib/git_grep_oracle.h"

#include <algorithm>
#include <stdexcept>

#include "tests/testlib/rg_oracle.h"

namespace scry::testing {

namespace {

// The field of `out` from `*at` to the next `end`; moves `*at` past it.
std::string_view Field(std::string_view out, size_t* at, char end) {
  size_t stop = out.find(end, *at);
  if (stop == std::string_view::npos) throw std::runtime_error("truncated git grep -z output");
  std::string_view field = out.substr(*at, stop - *at);
  *at = stop + 1;
  return field;
}

}  // namespace

void PrintTo(const GrepLine& line, std::ostream* out) {
  *out << line.path << ':' << line.line << ':' << line.column << ':' << line.text;
}

std::vector<GrepLine> GitGrep(const GitRepo& repo, std::string_view revision,
                              const std::vector<std::string>& patterns, const PatternOptions& options) {
  if (options.smart_case) throw std::invalid_argument("git grep has no smart case");
  // rg's -i, -F and -w are git grep's; -F after -E wins.
  std::string args = "grep -z -n -I --column -E" + RgFlags(options);
  for (const std::string& p : patterns) args += " -e " + ShellQuote(p);
  RunResult r = repo.TryRun(args + " " + ShellQuote(revision) + " --");
  if (r.status == 1 && r.err.empty()) return {};
  if (r.status != 0) throw std::runtime_error("git grep failed: " + r.err);

  // -z: REV:path NUL line NUL column NUL text '\n', paths verbatim.
  std::string prefix = std::string(revision) + ":";
  std::vector<GrepLine> lines;
  for (size_t at = 0; at < r.out.size();) {
    GrepLine row;
    std::string_view path = Field(r.out, &at, '\0');
    if (!path.starts_with(prefix)) throw std::runtime_error("git grep printed " + std::string(path));
    row.path = path.substr(prefix.size());
    row.line = std::stoul(std::string(Field(r.out, &at, '\0')));
    row.column = std::stoul(std::string(Field(r.out, &at, '\0')));
    row.text = Field(r.out, &at, '\n');
    lines.push_back(std::move(row));
  }
  std::sort(lines.begin(), lines.end());
  return lines;
}

}  // namespace scry::testing
