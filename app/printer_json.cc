#include <chrono>
#include <cmath>
#include <cstdio>
#include <string>

#include "app/printer_formats.h"
#include "app/printer_json_data.h"
#include "app/printer_lines.h"

namespace scry {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// rg's Duration: whole seconds, the nanoseconds beyond them, and seconds with six decimals.
template <typename Json>
Json Elapsed(double seconds) {
  auto total_nanos = static_cast<uint64_t>(std::llround(seconds * 1e9));
  char human[64];
  std::snprintf(human, sizeof human, "%.6fs", seconds);
  Json elapsed;
  elapsed["secs"] = total_nanos / 1000000000;
  elapsed["nanos"] = total_nanos % 1000000000;
  elapsed["human"] = human;
  return elapsed;
}

class JsonPrinter : public Printer {
 public:
  JsonPrinter(const PrinterOptions& options, FILE* out) : options_(options), out_(out) {}

  void PrintFile(const FileMatches& file) override {
    auto started = std::chrono::steady_clock::now();
    FileLines lines = CollectLines(file, options_);
    ordered_json path = JsonData(file.path);
    uint64_t bytes_printed = 0;
    uint64_t matched_lines = 0;
    uint64_t matches = 0;
    auto emit = [&](const char* type, ordered_json data) {
      ordered_json message;
      message["type"] = type;
      message["data"] = std::move(data);
      std::string text = message.dump() + '\n';
      std::fwrite(text.data(), 1, text.size(), out_);
      return text.size();
    };

    bytes_printed += emit("begin", {{"path", path}});
    for (const OutputLine& line : lines.lines) {
      ordered_json submatches = ordered_json::array();
      for (const Submatch& m : line.submatches) {
        ordered_json submatch;
        submatch["match"] = JsonData(line.bytes.substr(m.begin, m.end - m.begin));
        submatch["start"] = m.begin;
        submatch["end"] = m.end;
        submatches.push_back(std::move(submatch));
      }
      ordered_json data;
      data["path"] = path;
      data["lines"] = JsonData(line.bytes);
      data["line_number"] = line.number;
      data["absolute_offset"] = line.offset;
      data["submatches"] = std::move(submatches);
      if (line.is_match) {
        ++matched_lines;
        matches += line.submatches.size();
      }
      bytes_printed += emit(line.is_match ? "match" : "context", std::move(data));
    }

    std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - started;
    ordered_json stats;
    stats["elapsed"] = Elapsed<ordered_json>(elapsed.count());
    stats["searches"] = 1;
    stats["searches_with_match"] = 1;
    stats["bytes_searched"] = lines.bytes_searched;
    stats["bytes_printed"] = bytes_printed;
    stats["matched_lines"] = matched_lines;
    stats["matches"] = matches;
    ordered_json end;
    end["path"] = path;
    end["binary_offset"] = nullptr;
    end["stats"] = std::move(stats);
    emit("end", std::move(end));

    elapsed_seconds_ += elapsed.count();
    bytes_printed_ += bytes_printed;
    matched_lines_ += matched_lines;
    matches_ += matches;
    bytes_searched_ += lines.bytes_searched;
    ++searches_;
  }

  // rg builds the summary from a map, so its keys come out sorted: plain json, not ordered_json.
  // Its counts cover only the files that printed something, as the printer's own do, so only the
  // total elapsed time comes from the caller.
  void Finish(double elapsed_seconds) override {
    json stats;
    stats["bytes_printed"] = bytes_printed_;
    stats["bytes_searched"] = bytes_searched_;
    stats["elapsed"] = Elapsed<json>(elapsed_seconds_);
    stats["matched_lines"] = matched_lines_;
    stats["matches"] = matches_;
    stats["searches"] = searches_;
    stats["searches_with_match"] = searches_;
    json summary;
    summary["type"] = "summary";
    summary["data"]["elapsed_total"] = Elapsed<json>(elapsed_seconds);
    summary["data"]["stats"] = std::move(stats);
    std::string text = summary.dump() + '\n';
    std::fwrite(text.data(), 1, text.size(), out_);
  }

 private:
  PrinterOptions options_;
  FILE* out_;
  double elapsed_seconds_ = 0;
  uint64_t bytes_printed_ = 0;
  uint64_t matched_lines_ = 0;
  uint64_t matches_ = 0;
  uint64_t bytes_searched_ = 0;
  uint64_t searches_ = 0;
};

}  // namespace

std::unique_ptr<Printer> MakeJsonPrinter(const PrinterOptions& options, FILE* out) {
  return std::make_unique<JsonPrinter>(options, out);
}

}  // namespace scry
