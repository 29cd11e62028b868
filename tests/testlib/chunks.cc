#include "tests/testlib/chunks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <vector>

#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry::testing {

namespace {

std::string Slurp(const std::filesystem::path& path) {
  std::string content(std::filesystem::file_size(path), '\0');
  std::ifstream in(path, std::ios::binary);
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  EXPECT_TRUE(in) << "cannot read " << path;
  return content;
}

// Lines as rg counts them: '\n'-terminated, plus a last line without one.
uint64_t LineCount(std::string_view content) {
  uint64_t n = std::count(content.begin(), content.end(), '\n');
  return n + (!content.empty() && content.back() != '\n');
}

}  // namespace

namespace {

void CheckCoverage(const std::filesystem::path& root, const std::string& file, const RunResult& text) {
  std::string content = Slurp(root / file);
  RunResult json = Scry(root, "chunks --json " + ShellQuote(file));
  ASSERT_EQ(json.status, 0) << json.err;
  ASSERT_EQ(text.status, 0) << text.err;
  std::vector<std::string> json_lines = Lines(json.out), text_lines = Lines(text.out);
  ASSERT_EQ(json_lines.size(), text_lines.size());
  if (content.empty()) {
    EXPECT_TRUE(json_lines.empty());
    return;
  }
  ASSERT_FALSE(json_lines.empty());
  uint64_t next_line = 1, next_byte = 0;
  for (size_t i = 0; i < json_lines.size(); ++i) {
    nlohmann::json message = nlohmann::json::parse(json_lines[i]);
    ASSERT_EQ(message["type"], "chunk");
    const nlohmann::json& c = message["data"];
    EXPECT_EQ(c["path"], file);
    uint64_t first = c["first_line"], last = c["last_line"], begin = c["begin"], end = c["end"];
    ASSERT_EQ(first, next_line) << json_lines[i];
    ASSERT_EQ(begin, next_byte) << json_lines[i];
    ASSERT_LE(first, last);
    ASSERT_LT(begin, end);
    ASSERT_TRUE(begin == 0 || content[begin - 1] == '\n') << "starts mid-line: " << json_lines[i];
    ASSERT_EQ(LineCount(std::string_view(content).substr(begin, end - begin)), last - first + 1)
        << json_lines[i];
    std::string kind = c["kind"];
    EXPECT_TRUE(kind == "lines" || kind == "definition" || kind == "merged") << kind;
    EXPECT_EQ(kind == "definition", !c["name"].get<std::string>().empty()) << json_lines[i];
    // The text line: first-last, kind, qualified name or '-', size.
    std::string prefix = std::to_string(first) + "-" + std::to_string(last) + "\t" + kind + "\t";
    std::string suffix = "\t";  // (not "\t" + ...: GCC 12 warns falsely about that at -O3)
    suffix += std::to_string(end - begin);
    suffix += " bytes";
    EXPECT_TRUE(text_lines[i].starts_with(prefix) && text_lines[i].ends_with(suffix)) << text_lines[i];
    next_line = last + 1;
    next_byte = end;
  }
  EXPECT_EQ(next_line - 1, LineCount(content));
  EXPECT_EQ(next_byte, content.size());
}

}  // namespace

RunResult ExpectChunksCover(const std::filesystem::path& root, const std::string& file) {
  SCOPED_TRACE(file);
  RunResult text = Scry(root, "chunks " + ShellQuote(file));
  CheckCoverage(root, file, text);
  return text;
}

}  // namespace scry::testing
