#include <string>

#include "app/printer_color.h"
#include "app/printer_formats.h"

namespace scry {
namespace {

class SummaryPrinter : public Printer {
 public:
  SummaryPrinter(const PrinterOptions& options, FILE* out) : options_(options), out_(out) {}

  void PrintFile(const FileMatches& file) override {
    std::string text;
    AppendColored(&text, options_.color, kAnsiPath, file.path);
    if (options_.format == OutputFormat::kCount) {
      text += options_.null_after_path ? '\0' : ':';
      text += std::to_string(file.lines.size());
      text += '\n';
    } else {
      text += options_.null_after_path ? '\0' : '\n';
    }
    std::fwrite(text.data(), 1, text.size(), out_);
  }

  void Finish(double) override {}

 private:
  PrinterOptions options_;
  FILE* out_;
};

}  // namespace

std::unique_ptr<Printer> MakeSummaryPrinter(const PrinterOptions& options, FILE* out) {
  return std::make_unique<SummaryPrinter>(options, out);
}

}  // namespace scry
