// Oracle test: the printer fed with rg -F's matches must write what rg writes, byte for byte.
#include "app/printer.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"

namespace scry {
namespace {

using testing::RunCommand;
using testing::ShellQuote;
using testing::TempTree;

struct TestFile {
  std::string path;
  std::string content;
};

std::string Lines(int from, int to) {
  std::string text;
  for (int i = from; i <= to; ++i) text += "line " + std::to_string(i) + "\n";
  return text;
}

// In the order rg --sort path visits them.
std::vector<TestFile> Corpus() {
  return {
      {"a/long.txt", std::string(5000, 'x') + " foo " + std::string(3000, 'y') + "\nfoo\n"},
      {"a/notes.txt", "foo at the start\n" + Lines(2, 4) + "foo and foo\n\n" + "foofoo\n" + Lines(8, 20) +
                          "a foo\n" + Lines(22, 23) + "foo\n" + Lines(25, 28) + "abab foo ab\n" +
                          Lines(30, 31) + "last foo\n"},
      {"b.txt", "crlf foo\r\nplain\r\n\r\nfoo again\r\nno\r\nfinal foo"},
      {"c/latin1.txt", "caf\xe9 foo\n\xff\xfe\nfoo \xc3\xa9t\xe9\nfoo\n"},
      {"d.txt", "nothing to see\n"},
      {"e.txt", Lines(1, 6) + "only foo here"},
      // Past rg's 64 KiB read buffer, where -m's early stop shows in bytes_searched.
      {"f/big.txt", Lines(1, 8000) + "foo late\n" + Lines(8002, 8003) + "foo\nfoo\n" + Lines(8006, 9000)},
  };
}

// rg -F's matcher: every non-overlapping occurrence of the literal.
std::vector<Submatch> FindLiteral(std::string_view line, std::string_view literal) {
  std::vector<Submatch> found;
  for (size_t at = line.find(literal); at != std::string_view::npos; at = line.find(literal, at)) {
    found.push_back({at, at + literal.size()});
    at += literal.size();
  }
  return found;
}

FileMatches Search(const TestFile& file, std::string_view literal, std::optional<uint64_t> max_count) {
  FileMatches matches{.path = file.path, .content = file.content, .lines = {}};
  std::string_view content = file.content;
  uint64_t number = 1;
  for (size_t offset = 0; offset < content.size(); ++number) {
    size_t newline = content.find('\n', offset);
    size_t end = newline == std::string_view::npos ? content.size() : newline;
    std::vector<Submatch> found = FindLiteral(content.substr(offset, end - offset), literal);
    if (!found.empty() && (!max_count || matches.lines.size() < *max_count)) {
      matches.lines.push_back({.number = number, .offset = offset, .submatches = std::move(found)});
    }
    offset = end + 1;
  }
  return matches;
}

PrinterOptions ParseFlags(const std::string& flags) {
  PrinterOptions options;
  std::istringstream words(flags);
  for (std::string flag; words >> flag;) {
    auto number = [&] { return static_cast<uint32_t>(std::stoul(flag.substr(2))); };
    if (flag == "-n") {
      options.line_numbers = true;
    } else if (flag == "--heading") {
      options.heading = true;
    } else if (flag == "--no-heading") {
      options.heading = false;
    } else if (flag == "--column") {
      options.column = true;
    } else if (flag == "-o") {
      options.only_matching = true;
    } else if (flag == "--color=always") {
      options.color = true;
    } else if (flag == "--vimgrep") {
      options.format = OutputFormat::kVimgrep;
    } else if (flag == "--json") {
      options.format = OutputFormat::kJson;
    } else if (flag == "-l") {
      options.format = OutputFormat::kFilesWithMatches;
    } else if (flag == "-c") {
      options.format = OutputFormat::kCount;
    } else if (flag == "-0") {
      options.null_after_path = true;
    } else if (flag.starts_with("-A")) {
      options.after_context = number();
    } else if (flag.starts_with("-B")) {
      options.before_context = number();
    } else if (flag.starts_with("-C")) {
      options.before_context = options.after_context = number();
    } else if (flag.starts_with("-m")) {
      options.max_count = number();
    } else {
      ADD_FAILURE() << "flag not understood by the test: " << flag;
    }
  }
  return options;
}

struct Case {
  std::string literal;
  std::string flags;
};

void PrintTo(const Case& c, std::ostream* out) { *out << "rg -F " << c.flags << " " << c.literal; }

std::string PrintWithScry(const Case& c, std::vector<TestFile> files) {
  PrinterOptions options = ParseFlags(c.flags);
  std::string literal = c.literal;
  options.find_matches = [literal](std::string_view content, size_t line_start, std::vector<Submatch>* out) {
    size_t end = content.find('\n', line_start);
    *out = FindLiteral(content.substr(line_start, end == std::string_view::npos ? end : end - line_start),
                       literal);
  };
  char* buffer = nullptr;
  size_t size = 0;
  FILE* out = open_memstream(&buffer, &size);
  auto printer = MakePrinter(options, out);
  for (const TestFile& file : files) {
    FileMatches matches = Search(file, c.literal, options.max_count);
    if (!matches.lines.empty()) printer->PrintFile(matches);
  }
  printer->Finish(0.001);
  std::fclose(out);
  std::string printed(buffer, size);
  std::free(buffer);
  return printed;
}

std::string PrintWithRipgrep(const Case& c, const TempTree& tree) {
  return RunCommand("cd " + ShellQuote(tree.root().string()) + " && rg --no-config --sort path -F " +
                    c.flags + " -- " + ShellQuote(c.literal));
}

// Elapsed times are the only values allowed to differ.
nlohmann::json WithoutElapsed(const std::string& line) {
  nlohmann::json message = nlohmann::json::parse(line);
  message["data"].erase("elapsed_total");
  if (message["data"].contains("stats")) message["data"]["stats"].erase("elapsed");
  return message;
}

// Keeps every byte, field order included, except the elapsed objects' contents.
std::string BlankElapsed(std::string text) {
  static const re2::RE2 elapsed(R"re(("elapsed(?:_total)?":)\{[^}]*\})re");
  re2::RE2::GlobalReplace(&text, elapsed, "\\1{}");
  return text;
}

class PrinterOracleTest : public ::testing::TestWithParam<Case> {};

TEST_P(PrinterOracleTest, MatchesRipgrep) {
  TempTree tree;
  for (const TestFile& file : Corpus()) tree.Write(file.path, file.content);
  std::string expected = PrintWithRipgrep(GetParam(), tree);
  ASSERT_FALSE(expected.empty()) << "rg printed nothing; is it installed?";
  std::string actual = PrintWithScry(GetParam(), Corpus());
  if (ParseFlags(GetParam().flags).format != OutputFormat::kJson) {
    EXPECT_EQ(actual, expected);
    return;
  }
  std::vector<std::string> expected_lines = testing::Lines(expected);
  std::vector<std::string> actual_lines = testing::Lines(actual);
  ASSERT_EQ(actual_lines.size(), expected_lines.size());
  for (size_t i = 0; i < expected_lines.size(); ++i) {
    EXPECT_EQ(WithoutElapsed(actual_lines[i]), WithoutElapsed(expected_lines[i])) << "message " << i;
  }
  EXPECT_EQ(BlankElapsed(actual), BlankElapsed(expected));
}

std::vector<Case> Cases() {
  std::vector<Case> cases;
  for (const char* flags : {"",
                            "-n",
                            "--heading",
                            "--heading -n",
                            "--no-heading -n",
                            "--column",
                            "--heading --column",
                            "-o",
                            "-o -n --column",
                            "-o -A1",
                            "-A1",
                            "-A2 -n",
                            "-B1",
                            "-B3 -n",
                            "-C1",
                            "-C2 -n",
                            "-C4 --heading -n",
                            "-C1 --heading",
                            "-A0",
                            "--color=always",
                            "--color=always -n",
                            "--color=always --heading -n",
                            "--color=always --column -C1",
                            "--color=always -o -n",
                            "--vimgrep",
                            "--vimgrep --color=always",
                            "--vimgrep -A1",
                            "-l",
                            "-l -0",
                            "-c",
                            "-c -0",
                            "--color=always -l",
                            "--color=always -c",
                            "-m1",
                            "-m1 -A2 -n",
                            "-m2 -C1",
                            "-m1 -A6 --heading -n",
                            "-m3 -B2 -A1 -n",
                            "--json",
                            "--json -C2",
                            "--json -m1 -A3",
                            "--json -m2",
                            "--json -m2 -A1",
                            "--json -m1 -B2 -A9",
                            "-m2 -A1 -n"}) {
    cases.push_back({"foo", flags});
  }
  for (const char* flags : {"--color=always", "--vimgrep", "-o --column", "--json", "-C1 -n"}) {
    cases.push_back({"ab", flags});
    cases.push_back({"line 2", flags});
  }
  return cases;
}

std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = std::to_string(info.index) + "_" + info.param.literal + "_" + info.param.flags;
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

INSTANTIATE_TEST_SUITE_P(Flags, PrinterOracleTest, ::testing::ValuesIn(Cases()), CaseName);

}  // namespace
}  // namespace scry
