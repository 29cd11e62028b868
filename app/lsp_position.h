// Positions as the Language Server Protocol counts them: a 0-based line and a column in the encoding
// agreed at `initialize`, UTF-16 code units unless the client offers UTF-8 (LSP 3.17
// `general.positionEncodings`).  scry counts lines from 1 and columns in bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace scry {

enum class PositionEncoding { kUtf16, kUtf8 };

// The column of byte offset `bytes` of `line`.  An invalid UTF-8 byte counts as one unit (editors show
// it as U+FFFD); an offset past the end of `line` counts each missing byte as one.
uint32_t EncodedColumn(std::string_view line, size_t bytes, PositionEncoding encoding);

// The byte offset of `column` within `line`; past the end of the line, its length.
size_t ByteColumn(std::string_view line, uint32_t column, PositionEncoding encoding);

// The identifier under a cursor at byte `offset` of `line`, or just before it (a cursor at the end of
// a word): ASCII letters, digits and '_', plus any non-ASCII byte (so a word never stops inside a
// letter like 'é'), not starting with a digit.  Empty when there is none.
std::string_view IdentifierAt(std::string_view line, size_t offset);

// Whether `line[at, at + length)` is a whole word by IdentifierAt's rule.
bool IsWholeWord(std::string_view line, size_t at, size_t length);

}  // namespace scry
