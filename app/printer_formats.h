// One printer per output format; MakePrinter picks among them.
#pragma once

#include <cstdio>
#include <memory>

#include "app/printer.h"

namespace scry {

// Lines with optional heading, numbers, columns, context and colour; also -o and --vimgrep.
std::unique_ptr<Printer> MakeStandardPrinter(const PrinterOptions& options, FILE* out);
std::unique_ptr<Printer> MakeJsonPrinter(const PrinterOptions& options, FILE* out);
// -l and -c: one line per file.
std::unique_ptr<Printer> MakeSummaryPrinter(const PrinterOptions& options, FILE* out);

}  // namespace scry
