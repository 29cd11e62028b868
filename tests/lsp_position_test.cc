// LSP positions: byte columns to UTF-16 code units and back, lines, and the word under a cursor.
#include "app/lsp_position.h"

#include <gtest/gtest.h>

namespace scry {
namespace {

// "a", "é" (2 bytes, 1 unit), "日" (3 bytes, 1 unit), "😀" (4 bytes, 2 units), "b".
constexpr std::string_view kLine =
    "a\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80"
    "b";

TEST(LspPosition, Utf16ColumnsCountCodeUnits) {
  const PositionEncoding utf16 = PositionEncoding::kUtf16;
  EXPECT_EQ(EncodedColumn(kLine, 0, utf16), 0u);
  EXPECT_EQ(EncodedColumn(kLine, 1, utf16), 1u);
  EXPECT_EQ(EncodedColumn(kLine, 3, utf16), 2u);
  EXPECT_EQ(EncodedColumn(kLine, 6, utf16), 3u);
  EXPECT_EQ(EncodedColumn(kLine, 10, utf16), 5u);  // the emoji is a surrogate pair
  EXPECT_EQ(EncodedColumn(kLine, 11, utf16), 6u);
  EXPECT_EQ(EncodedColumn(kLine, 13, utf16), 8u);  // past the end: a unit a byte
  for (uint32_t bytes : {0u, 1u, 3u, 6u, 10u, 11u}) {
    EXPECT_EQ(ByteColumn(kLine, EncodedColumn(kLine, bytes, utf16), utf16), bytes) << bytes;
  }
  EXPECT_EQ(ByteColumn(kLine, 99, utf16), kLine.size());
}

TEST(LspPosition, InvalidUtf8IsAUnitAByte) {
  EXPECT_EQ(EncodedColumn("\xff\xfe"
                          "x",
                          2, PositionEncoding::kUtf16),
            2u);
  EXPECT_EQ(ByteColumn("\xff\xfe"
                       "x",
                       2, PositionEncoding::kUtf16),
            2u);
}

TEST(LspPosition, Utf8ColumnsAreBytes) {
  EXPECT_EQ(EncodedColumn(kLine, 10, PositionEncoding::kUtf8), 10u);
  EXPECT_EQ(ByteColumn(kLine, 6, PositionEncoding::kUtf8), 6u);
  EXPECT_EQ(ByteColumn(kLine, 99, PositionEncoding::kUtf8), kLine.size());
}

TEST(LspPosition, TheIdentifierUnderTheCursor) {
  std::string_view line = "  x = parse_header(buf, 4) + 2x;";
  EXPECT_EQ(IdentifierAt(line, 6), "parse_header");   // at its start
  EXPECT_EQ(IdentifierAt(line, 10), "parse_header");  // inside
  EXPECT_EQ(IdentifierAt(line, 18), "parse_header");  // just after it
  EXPECT_EQ(IdentifierAt(line, 19), "buf");
  EXPECT_EQ(IdentifierAt(line, 0), "");   // spaces
  EXPECT_EQ(IdentifierAt(line, 24), "");  // a number is no identifier
  EXPECT_EQ(IdentifierAt(line, 30), "");  // nor "2x"
  EXPECT_EQ(IdentifierAt("caf\xc3\xa9 x", 1), "caf\xc3\xa9");
  EXPECT_EQ(IdentifierAt("", 0), "");
}

TEST(LspPosition, WholeWords) {
  EXPECT_TRUE(IsWholeWord("(foo)", 1, 3));
  EXPECT_TRUE(IsWholeWord("foo", 0, 3));
  EXPECT_FALSE(IsWholeWord("foo_bar", 0, 3));
  EXPECT_FALSE(IsWholeWord("xfoo", 1, 3));
  EXPECT_FALSE(
      IsWholeWord("\xc3\xa9"
                  "foo",
                  2, 3));
}

}  // namespace
}  // namespace scry
