// DocumentLines gives what LineOf gives on the document's content, in any order of documents and lines.
#include "app/document_lines.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "indexer/document.h"
#include "indexer/segment_writer.h"
#include "tests/testlib/tree.h"
#include "util/line_of.h"

namespace scry {
namespace {

TEST(DocumentLinesTest, EveryLineAsLineOfGivesItInAnyOrder) {
  testing::TempTree tree;
  std::vector<std::string> texts = {
      "first\nsecond\r\nthird\n\nfifth",
      "one line, no newline",
      "",
      "ends with a newline\n",
      std::string(100000, 'x') + "\nafter a long line\n",
  };
  std::filesystem::path path = tree.root() / "lines.seg";
  {
    SegmentWriter writer(path);
    TrigramCollector collector;
    for (const std::string& text : texts) {
      Document doc;
      doc.content = text;
      doc.blob = ComputeBlobId(doc.content);
      AnalyzeDocument(&doc, "doc.txt", {}, &collector);
      writer.Add(doc);
    }
    writer.Finish();
  }
  Segment segment(path);
  DocumentLines lines;
  // Back and forth within a document, past its end, then to another document and back.
  const std::vector<std::pair<uint32_t, uint64_t>> asked = {
      {0, 3}, {0, 1}, {0, 5}, {0, 2}, {0, 6}, {0, 4}, {0, 0}, {1, 1}, {1, 2}, {2, 1},
      {2, 3}, {3, 2}, {3, 1}, {3, 3}, {4, 2}, {4, 1}, {0, 5}, {4, 3}, {0, 2}};
  for (const auto& [doc, number] : asked) {
    EXPECT_EQ(lines.Line(segment, doc, number), LineOf(texts[doc], number)) << doc << ":" << number;
  }
}

}  // namespace
}  // namespace scry
