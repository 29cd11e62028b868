#include "app/printer.h"

#include "app/printer_formats.h"

namespace scry {

std::unique_ptr<Printer> MakePrinter(const PrinterOptions& options, FILE* out) {
  switch (options.format) {
    case OutputFormat::kStandard:
    case OutputFormat::kVimgrep:
      return MakeStandardPrinter(options, out);
    case OutputFormat::kJson:
      return MakeJsonPrinter(options, out);
    case OutputFormat::kFilesWithMatches:
    case OutputFormat::kCount:
      return MakeSummaryPrinter(options, out);
  }
  return nullptr;
}

}  // namespace scry
