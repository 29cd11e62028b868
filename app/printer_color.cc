#include "app/printer_color.h"

namespace scry {

void AppendColored(std::string* out, bool color, std::string_view start, std::string_view text) {
  if (!color) {
    out->append(text);
    return;
  }
  out->append(start);
  out->append(text);
  out->append(kAnsiReset);
}

}  // namespace scry
