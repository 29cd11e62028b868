#include "app/lsp_position.h"

#include <algorithm>

#include "query/utf8.h"

namespace scry {

namespace {

bool IsWordByte(char c) {
  auto b = static_cast<unsigned char>(c);
  return b >= 0x80 || b == '_' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

// The UTF-16 length of the character at the start of `s` (not empty); *bytes gets its UTF-8 length.
uint32_t Utf16Units(std::string_view s, size_t* bytes) {
  char32_t c = DecodeUtf8(s, bytes);
  return c != kInvalidRune && c >= 0x10000 ? 2 : 1;
}

}  // namespace

uint32_t EncodedColumn(std::string_view line, size_t bytes, PositionEncoding encoding) {
  if (encoding == PositionEncoding::kUtf8) return static_cast<uint32_t>(bytes);
  size_t within = std::min(bytes, line.size());
  uint32_t units = 0;
  for (size_t pos = 0, length = 0; pos < within; pos += length)
    units += Utf16Units(line.substr(pos), &length);
  return units + static_cast<uint32_t>(bytes - within);
}

size_t ByteColumn(std::string_view line, uint32_t column, PositionEncoding encoding) {
  if (encoding == PositionEncoding::kUtf8) return std::min<size_t>(column, line.size());
  size_t pos = 0;
  for (uint32_t units = 0; pos < line.size() && units < column;) {
    size_t bytes = 0;
    units += Utf16Units(line.substr(pos), &bytes);
    pos += bytes;
  }
  return pos;
}

std::string_view IdentifierAt(std::string_view line, size_t offset) {
  offset = std::min(offset, line.size());
  if ((offset == line.size() || !IsWordByte(line[offset])) && offset > 0) --offset;
  if (offset == line.size() || !IsWordByte(line[offset])) return {};
  size_t begin = offset, end = offset;
  while (begin > 0 && IsWordByte(line[begin - 1])) --begin;
  while (end < line.size() && IsWordByte(line[end])) ++end;
  if (line[begin] >= '0' && line[begin] <= '9') return {};
  return line.substr(begin, end - begin);
}

bool IsWholeWord(std::string_view line, size_t at, size_t length) {
  return (at == 0 || !IsWordByte(line[at - 1])) &&
         (at + length >= line.size() || !IsWordByte(line[at + length]));
}

}  // namespace scry
