// scry-chunk-bench: how fast the tree-sitter chunker cuts real source trees, per language, and
// whether each file's chunks cover it exactly once.  bench/README.md explains the report.
//
//   scry-chunk-bench [--runs N] [--parse-only] ROOT...
//
// Every regular file under the ROOTs (symbolic links and .git directories skipped) that has no NUL
// byte and a language DetectLanguage knows is chunked by one CodeChunker on one thread, N times
// (default 1).  Only CodeChunker::Chunk is timed, not reading.  Prints a Markdown table to stdout;
// exits 1 if any file's chunks break the coverage property, naming the first few on stderr.
//
// --parse-only times tree-sitter's parse alone (ts_parser_parse_string, then freeing the tree) of
// the files `scry index` parses (those up to AnalyzeOptions::max_parse_bytes): the floor under any
// chunking built on tree-sitter, whatever it does with the tree.
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "grammars/languages.h"
#include "grammars/tree_sitter_ptr.h"
#include "indexer/code_chunker.h"
#include "indexer/document.h"

namespace scry {
namespace {

namespace fs = std::filesystem;

struct Totals {
  uint64_t files = 0, bytes = 0, chunks = 0, symbols = 0;  // from the first run
  std::vector<double> seconds, cpu_seconds;                // one per run
  std::set<std::string> fell_back, violations;             // paths, over all runs
  std::string slowest;
  double slowest_seconds = 0;
};

// The roots that are files, and the regular files under the others, in path order.
std::vector<fs::path> ListFiles(const std::vector<fs::path>& roots) {
  std::vector<fs::path> files;
  for (const fs::path& root : roots) {
    if (!fs::is_directory(root)) {
      files.push_back(root);
      continue;
    }
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied);
         it != fs::recursive_directory_iterator(); ++it) {
      if (it->is_symlink()) continue;
      if (it->is_directory() && it->path().filename() == ".git") it.disable_recursion_pending();
      if (it->is_regular_file()) files.push_back(it->path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool Read(const fs::path& path, std::string& content) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  content.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return !in.bad();
}

// The first way the chunks fail to cover [0, size) exactly once, in order; nullopt if they do not.
std::optional<std::string> CoverageViolation(const std::vector<Chunk>& chunks, uint64_t size) {
  uint64_t pos = 0;
  for (size_t i = 0; i < chunks.size(); ++i) {
    const Chunk& c = chunks[i];
    if (c.begin != pos || c.end <= c.begin) {
      return "chunk " + std::to_string(i) + " is [" + std::to_string(c.begin) + ", " + std::to_string(c.end) +
             ") (lines " + std::to_string(c.first_line) + "-" + std::to_string(c.last_line) +
             "), expected to begin at " + std::to_string(pos);
    }
    pos = c.end;
  }
  if (pos != size) return "chunks end at " + std::to_string(pos) + " of " + std::to_string(size) + " bytes";
  return std::nullopt;
}

// The machine may be shared: CPU time shows what contention does to the wall-clock figures.
double ThreadCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + now.tv_nsec / 1e9;
}

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

std::string Fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

void PrintRow(std::string_view name, const Totals& t) {
  double mb = t.bytes / 1e6;
  auto [fastest, slowest] = std::minmax_element(t.seconds.begin(), t.seconds.end());
  std::cout << "| " << name << " | " << t.files << " | " << Fixed(mb, 1) << " | " << t.chunks << " | "
            << t.symbols << " | " << Fixed(mb / Median(t.seconds), 2) << " | " << Fixed(mb / *slowest, 2)
            << "–" << Fixed(mb / *fastest, 2) << " | " << Fixed(mb / Median(t.cpu_seconds), 2) << " | "
            << t.fell_back.size() << " | " << t.violations.size() << " |\n";
}

void PrintReport(const std::map<Language, Totals>& by_language, int runs) {
  std::vector<std::pair<Language, const Totals*>> rows;
  Totals all;
  all.seconds.assign(runs, 0);
  all.cpu_seconds.assign(runs, 0);
  for (const auto& [language, t] : by_language) {
    rows.emplace_back(language, &t);
    all.files += t.files;
    all.bytes += t.bytes;
    all.chunks += t.chunks;
    all.symbols += t.symbols;
    for (int r = 0; r < runs; ++r) {
      all.seconds[r] += t.seconds[r];
      all.cpu_seconds[r] += t.cpu_seconds[r];
    }
    all.fell_back.insert(t.fell_back.begin(), t.fell_back.end());
    all.violations.insert(t.violations.begin(), t.violations.end());
  }
  std::sort(rows.begin(), rows.end(), [](auto& a, auto& b) { return a.second->bytes > b.second->bytes; });
  std::cout << "| language | files | MB | chunks | symbols | MB/s (median of " << runs
            << ") | MB/s range | CPU MB/s | fell back | coverage violations |\n"
            << "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n";
  for (const auto& [language, t] : rows) PrintRow(LanguageName(language), *t);
  if (rows.size() > 1) PrintRow("all", all);
  std::cout << "\nLongest single chunking per language:\n\n";
  for (const auto& [language, t] : rows) {
    std::cout << "- " << LanguageName(language) << ": " << Fixed(t->slowest_seconds * 1e3, 0) << " ms, "
              << t->slowest << "\n";
  }
  for (const std::string& path : all.fell_back) std::cout << "- fell back to line windows: " << path << "\n";
}

// Parses without chunking: one parser per language, made before the clock runs.
class ParseOnly {
 public:
  ParseOnly() {
    for (Language language : AllLanguages()) {
      parsers_[language].reset(ts_parser_new());
      ts_parser_set_language(parsers_[language].get(), TreeSitterLanguage(language));
    }
  }
  bool Skips(std::string_view content) const { return content.size() > AnalyzeOptions{}.max_parse_bytes; }
  void Parse(std::string_view content, Language language) {
    TreePtr tree(ts_parser_parse_string(parsers_[language].get(), nullptr, content.data(),
                                        static_cast<uint32_t>(content.size())));
  }

 private:
  std::map<Language, ParserPtr> parsers_;
};

// One pass over the files; the first pass also counts what does not depend on timing.  With
// `parse_only`, files are parsed instead of chunked.
void Run(const std::vector<fs::path>& files, int run, CodeChunker& chunker, ParseOnly* parse_only,
         std::map<Language, Totals>& by_language, std::vector<std::string>& violations) {
  std::string content;
  for (const fs::path& path : files) {
    if (!Read(path, content) || IsBinary(content)) continue;
    std::optional<Language> language = DetectLanguage(path.string(), content);
    if (!language || (parse_only && parse_only->Skips(content))) continue;
    double cpu_start = ThreadCpuSeconds();
    auto start = std::chrono::steady_clock::now();
    CodeChunks result;
    if (parse_only) {
      parse_only->Parse(content, *language);
    } else {
      result = chunker.Chunk(content, *language);
    }
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    double cpu_seconds = ThreadCpuSeconds() - cpu_start;

    Totals& t = by_language[*language];
    t.seconds.resize(run + 1);
    t.seconds[run] += seconds;
    t.cpu_seconds.resize(run + 1);
    t.cpu_seconds[run] += cpu_seconds;
    if (seconds > t.slowest_seconds) {
      t.slowest_seconds = seconds;
      t.slowest = path.string();
    }
    if (run == 0) {
      ++t.files;
      t.bytes += content.size();
      t.chunks += result.chunks.size();
      t.symbols += result.symbols.size();
    }
    if (result.fell_back) t.fell_back.insert(path.string());
    if (parse_only) continue;
    if (auto violation = CoverageViolation(result.chunks, content.size())) {
      if (t.violations.insert(path.string()).second) violations.push_back(path.string() + ": " + *violation);
    }
  }
}

int Main(int argc, char** argv) {
  int runs = 1;
  std::optional<ParseOnly> parse_only;
  std::vector<fs::path> roots;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--runs" && i + 1 < argc) {
      runs = std::atoi(argv[++i]);
    } else if (arg == "--parse-only") {
      parse_only.emplace();
    } else {
      roots.push_back(fs::canonical(arg));
    }
  }
  if (roots.empty() || runs < 1) {
    std::cerr << "usage: scry-chunk-bench [--runs N] [--parse-only] ROOT...\n";
    return 2;
  }
  CodeChunker chunker;
  // Each language compiles its queries on first use: do it before the clock runs.
  for (Language language : AllLanguages()) chunker.Chunk("x\n", language);

  std::vector<fs::path> files = ListFiles(roots);
  std::map<Language, Totals> by_language;
  std::vector<std::string> violations;
  for (int run = 0; run < runs; ++run) {
    auto start = std::chrono::steady_clock::now();
    Run(files, run, chunker, parse_only ? &*parse_only : nullptr, by_language, violations);
    double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::cerr << "run " << run + 1 << "/" << runs << ": " << files.size() << " files in " << Fixed(seconds, 1)
              << " s\n";
  }
  for (auto& [language, t] : by_language) {
    t.seconds.resize(runs);
    t.cpu_seconds.resize(runs);
  }
  PrintReport(by_language, runs);
  for (size_t i = 0; i < violations.size() && i < 10; ++i) std::cerr << "coverage: " << violations[i] << "\n";
  return violations.empty() ? 0 : 1;
}

}  // namespace
}  // namespace scry

int main(int argc, char** argv) {
  try {
    return scry::Main(argc, argv);
  } catch (const std::filesystem::filesystem_error& e) {
    std::cerr << "scry-chunk-bench: " << e.what() << "\n";
    return 2;
  }
}
