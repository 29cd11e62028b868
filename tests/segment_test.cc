// Segments and manifests: what is written is what is read back, and damage is detected.
#include "indexer/segment.h"

#include <gtest/gtest.h>
#include <roaring/roaring.h>

#include <cstring>
#include <fstream>
#include <random>
#include <set>

#include "indexer/document.h"
#include "indexer/manifest.h"
#include "indexer/segment_writer.h"
#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

Document MakeDoc(std::string content, std::string_view path = "doc.txt") {
  static TrigramCollector collector;
  Document doc;
  doc.content = std::move(content);
  doc.blob = ComputeBlobId(doc.content);
  AnalyzeDocument(&doc, path, {}, &collector);
  return doc;
}

std::set<uint32_t> DocsOf(const Segment& segment, std::string_view three) {
  Postings p = segment.Lookup(PackTrigram(three[0], three[1], three[2]));
  std::set<uint32_t> docs;
  if (p.bitmap() == nullptr) return docs;
  roaring_uint32_iterator_t* it = roaring_create_iterator(p.bitmap());
  for (; it->has_value; roaring_advance_uint32_iterator(it)) docs.insert(it->current_value);
  roaring_free_uint32_iterator(it);
  return docs;
}

void FlipByte(const std::filesystem::path& path, uint64_t offset) {
  std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
  f.seekg(static_cast<std::streamoff>(offset));
  char c;
  f.get(c);
  f.seekp(static_cast<std::streamoff>(offset));
  f.put(static_cast<char>(c ^ 0x5a));
}

class SegmentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    path_ = tree_.root() / "test.seg";
    SegmentWriter writer(path_);
    for (const std::string& text : texts_) writer.Add(MakeDoc(text));
    stats_ = writer.Finish();
  }

  testing::TempTree tree_;
  std::filesystem::path path_;
  SegmentStats stats_;
  std::vector<std::string> texts_ = {
      "int main() {\n  return 0;\n}\n",
      "no trailing newline: Main",
      "",
      std::string(200000, 'x') + "\nlarge document spanning blocks\n",
      "MAIN in capitals\r\nwith CRLF\r\n",
  };
};

TEST_F(SegmentTest, ContentAndTablesRoundTrip) {
  Segment segment(path_);
  ASSERT_EQ(segment.doc_count(), texts_.size());
  BlockReader reader;
  for (uint32_t d = 0; d < texts_.size(); ++d) {
    EXPECT_EQ(segment.Content(d, &reader), texts_[d]) << d;
    EXPECT_EQ(segment.doc(d).size, texts_[d].size());
    EXPECT_EQ(std::memcmp(segment.doc(d).blob_id, ComputeBlobId(texts_[d]).data(), 20), 0);
    EXPECT_EQ(segment.doc(d).line_count, CountLines(texts_[d]));
  }
  EXPECT_EQ(stats_.docs, texts_.size());
  EXPECT_GT(stats_.trigrams, 0u);
  segment.VerifyAll();
}

TEST_F(SegmentTest, PostingsAreCaseFoldedAndExact) {
  Segment segment(path_);
  EXPECT_EQ(DocsOf(segment, "mai"), (std::set<uint32_t>{0, 1, 4}));
  EXPECT_EQ(DocsOf(segment, "ret"), (std::set<uint32_t>{0}));
  EXPECT_EQ(DocsOf(segment, "xxx"), (std::set<uint32_t>{3}));
  EXPECT_EQ(DocsOf(segment, "qqq"), (std::set<uint32_t>{}));
  EXPECT_EQ(segment.DocFrequency(PackTrigram('m', 'a', 'i')), 3u);
}

TEST_F(SegmentTest, TrigramsAcrossNewlinesAreNotIndexed) {
  Segment segment(path_);
  EXPECT_TRUE(DocsOf(segment, "{\n ").empty());
}

TEST_F(SegmentTest, ChunksCoverEveryByteOnce) {
  Segment segment(path_);
  for (uint32_t d = 0; d < segment.doc_count(); ++d) {
    uint64_t expected_begin = 0;
    for (const ChunkRecord& c : segment.chunks(d)) {
      EXPECT_EQ(c.begin, expected_begin);
      EXPECT_LT(c.begin, c.end);
      expected_begin = c.end;
    }
    EXPECT_EQ(expected_begin, segment.doc(d).size);
  }
}

TEST_F(SegmentTest, DamagedContentIsFoundByVerify) {
  Segment(path_).VerifyAll();
  FlipByte(path_, 8);  // inside the first compressed block
  Segment segment(path_);
  try {
    segment.VerifyAll();
    FAIL() << "damage not detected";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCorrupt);
    EXPECT_NE(std::string(e.what()).find(path_.string()), std::string::npos);
  }
}

TEST_F(SegmentTest, DamagedTablesAreFoundOnOpen) {
  auto size = std::filesystem::file_size(path_);
  FlipByte(path_, size - 40);  // inside the section table
  EXPECT_THROW(Segment{path_}, Error);
  std::filesystem::resize_file(path_, 10);
  try {
    Segment segment(path_);
    FAIL() << "truncation not detected";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCorrupt);
  }
}

// A store's segments directory with a base segment (id 1) holding one 300-line document.
class SegmentDeltaTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(tree_.root() / "segments");
    for (int i = 0; i < 300; ++i) base_ += "entry " + std::to_string(i) + " alpha beta gamma\n";
    SegmentWriter writer(Path(1));
    writer.Add(MakeDoc(base_));
    writer.Finish();
  }

  std::filesystem::path Path(uint64_t id) const {
    return tree_.root() / "segments" / (std::to_string(id) + ".seg");
  }

  // The base with line 17 replaced.
  std::string Edited(const std::string& line) const {
    std::string text = base_;
    size_t at = text.find("entry 17 ");
    return text.replace(at, text.find('\n', at) - at, line);
  }

  testing::TempTree tree_;
  std::string base_;
};

TEST_F(SegmentDeltaTest, ADeltaReadsBackWholeAndIsFoundThroughItsBase) {
  const std::string edited = Edited("entry 17 omega");
  Segment base(Path(1));
  BlockReader reader;
  const DeltaBase over{1, 0, base.Content(0, &reader)};
  SegmentWriter writer(Path(2));
  writer.Add(MakeDoc(edited), &over);
  writer.Add(MakeDoc("unrelated zeta\n"));
  SegmentStats stats = writer.Finish();
  EXPECT_EQ(stats.deltas, 1u);

  Segment segment(Path(2));
  segment.VerifyAll();
  EXPECT_TRUE(segment.IsDelta(0));
  EXPECT_FALSE(segment.IsDelta(1));
  EXPECT_EQ(segment.BaseSegmentIds(), std::vector<uint64_t>{1});
  EXPECT_EQ(segment.Content(0, &reader), edited);
  EXPECT_EQ(segment.Content(1, &reader), "unrelated zeta\n");
  EXPECT_LT(segment.container().file_size(), edited.size() / 2);
  EXPECT_EQ(DocsOf(segment, "meg"), (std::set<uint32_t>{0}));       // stored: the base lacks it
  EXPECT_EQ(DocsOf(segment, "alp"), (std::set<uint32_t>{0}));       // through the base
  EXPECT_EQ(DocsOf(segment, "zet"), (std::set<uint32_t>{1}));       // a full document's own
  EXPECT_EQ(DocsOf(segment, "qqq"), (std::set<uint32_t>{}));        // neither
  EXPECT_GE(segment.DocFrequency(PackTrigram('a', 'l', 'p')), 1u);  // never less than the truth
  EXPECT_EQ(segment.DocFrequency(PackTrigram('z', 'e', 't')), 1u);  // the base lacks it: no delta counts
}

TEST_F(SegmentDeltaTest, ADeltaOverADocumentOfItsOwnSegment) {
  SegmentWriter writer(Path(2));
  Document first = MakeDoc(base_ + "tail\n");
  writer.Add(first);
  const DeltaBase over{0, 0, first.content};
  writer.Add(MakeDoc(Edited("entry 17 omega") + "tail\n"), &over);
  writer.Finish();
  Segment segment(Path(2));
  segment.VerifyAll();
  EXPECT_TRUE(segment.IsDelta(1));
  EXPECT_TRUE(segment.BaseSegmentIds().empty());
  BlockReader reader;
  EXPECT_EQ(segment.Content(1, &reader), Edited("entry 17 omega") + "tail\n");
  EXPECT_EQ(DocsOf(segment, "tai"), (std::set<uint32_t>{0, 1}));
}

TEST_F(SegmentDeltaTest, AVersionUnlikeItsBaseIsStoredWhole) {
  Segment base(Path(1));
  BlockReader reader;
  const DeltaBase over{1, 0, base.Content(0, &reader)};
  std::string other;  // random words: as incompressible as text gets
  std::mt19937 random(7);
  for (int i = 0; i < 2000; ++i) {
    other += static_cast<char>('a' + random() % 26);
    if (i % 40 == 39) other += '\n';
  }
  SegmentWriter writer(Path(2));
  writer.Add(MakeDoc(other), &over);
  EXPECT_EQ(writer.Finish().deltas, 0u);
  Segment segment(Path(2));
  EXPECT_FALSE(segment.IsDelta(0));
  EXPECT_TRUE(segment.BaseSegmentIds().empty());
  EXPECT_EQ(segment.Content(0, &reader), other);
}

TEST_F(SegmentDeltaTest, DamageToADeltaOrItsBaseIsAClearError) {
  {
    Segment base(Path(1));
    BlockReader reader;
    const DeltaBase over{1, 0, base.Content(0, &reader)};
    SegmentWriter writer(Path(2));
    writer.Add(MakeDoc(Edited("entry 17 omega")), &over);
    writer.Finish();
  }
  uint64_t frames = 0;
  {
    Segment segment(Path(2));
    for (const SectionEntry& s : segment.container().sections()) {
      if (s.kind == kDeltaFramesSection) frames = s.offset;
    }
  }
  ASSERT_GT(frames, 0u);
  FlipByte(Path(2), frames + 6);
  try {
    Segment(Path(2)).VerifyAll();
    FAIL() << "a damaged delta passed verification";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCorrupt);
    EXPECT_NE(std::string(e.what()).find(Path(2).string()), std::string::npos) << e.what();
  }
  std::filesystem::remove(Path(1));
  try {
    Segment segment(Path(2));
    FAIL() << "a segment opened without its base";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find(Path(1).string()), std::string::npos) << e.what();
  }
  EXPECT_NO_THROW(Segment(Path(2), Segment::Bases::kSkip));
}

TEST_F(SegmentDeltaTest, ASegmentIsOpenedOnceUntilItsFileIsReplaced) {
  std::shared_ptr<const Segment> first = OpenSegment(Path(1));
  EXPECT_EQ(OpenSegment(Path(1)), first);
  std::filesystem::remove(Path(1));  // a store rebuilt: the same name, another file
  {
    SegmentWriter writer(Path(1));
    writer.Add(MakeDoc("another base\n"));
    writer.Finish();
  }
  std::shared_ptr<const Segment> second = OpenSegment(Path(1));
  EXPECT_NE(second, first);
  BlockReader reader;
  EXPECT_EQ(second->Content(0, &reader), "another base\n");
  EXPECT_EQ(first->Content(0, &reader), base_);  // the old file stays readable through its map
}

// Two Go files and a text file: the symbol table lists every definition once, in document order,
// and the name table finds them by exact name and by prefix, ignoring case.
TEST(SegmentSymbolsTest, SymbolTableRoundTrip) {
  testing::TempTree tree;
  std::filesystem::path path = tree.root() / "symbols.seg";
  const std::string server =
      "package web\n\n// Handler serves.\ntype Handler struct{}\n\nfunc (h *Handler) Serve() {}\n";
  const std::string client = "package web\n\nfunc NewHandler() *Handler { return nil }\n\nfunc handle() {}\n";
  {
    SegmentWriter writer(path);
    writer.Add(MakeDoc(server, "web/server.go"));
    writer.Add(MakeDoc("Handler in prose\n", "notes.txt"));
    writer.Add(MakeDoc(client, "web/client.go"));
    EXPECT_EQ(writer.Finish().symbols, 4u);
  }
  Segment segment(path);
  segment.VerifyAll();
  EXPECT_EQ(segment.doc(0).language, static_cast<uint16_t>(Language::kGo));
  EXPECT_EQ(segment.doc(1).language, 0);
  ASSERT_EQ(segment.symbols().size(), 4u);
  EXPECT_EQ(segment.SymbolsOf(1).size(), 0u);
  ASSERT_EQ(segment.SymbolsOf(0).size(), 2u);
  const SymbolRecord& type = segment.SymbolsOf(0)[0];
  EXPECT_EQ(segment.NameText(type.name), "Handler");
  EXPECT_EQ(static_cast<SymbolKind>(type.kind), SymbolKind::kStruct);
  EXPECT_EQ(type.first_line, 3u);  // its doc comment
  EXPECT_EQ(type.name_line, 4u);
  EXPECT_EQ(type.name_column, 5u);
  EXPECT_EQ(type.signature_line, 4u);
  const SymbolRecord& method = segment.SymbolsOf(0)[1];
  EXPECT_EQ(segment.String(method.scope), "web.(*Handler)");

  auto names_with_prefix = [&](std::string_view prefix) {
    std::vector<std::string> names;
    auto [first, last] = segment.NamesWithPrefix(prefix);
    for (uint32_t n = first; n < last; ++n) names.emplace_back(segment.NameText(n));
    return names;
  };
  EXPECT_EQ(names_with_prefix("HAND"), (std::vector<std::string>{"handle", "Handler"}));
  EXPECT_EQ(names_with_prefix("serve"), (std::vector<std::string>{"Serve"}));
  EXPECT_EQ(names_with_prefix("x"), std::vector<std::string>{});
  EXPECT_EQ(names_with_prefix("").size(), segment.name_count());
  for (uint32_t n = 0; n < segment.name_count(); ++n) {
    EXPECT_EQ(segment.name_masks()[n], CharMask(segment.NameText(n)));
    for (uint32_t id : segment.SymbolsNamed(n)) EXPECT_EQ(segment.symbol(id).name, n);
  }
}

TEST(ChunkTest, LineWindowsRespectTheBudgetAndCoverTheDocument) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += std::string(static_cast<size_t>(i % 97), 'a') + "\n";
  text += std::string(5000, 'z');  // one line longer than the byte budget, no newline
  std::vector<Chunk> chunks = ChunkByLines(text, {.max_lines = 60, .max_bytes = 2048});
  uint64_t pos = 0;
  uint32_t line = 1;
  for (const Chunk& c : chunks) {
    EXPECT_EQ(c.begin, pos);
    EXPECT_EQ(c.first_line, line);
    EXPECT_LE(c.last_line - c.first_line + 1, 60u);
    EXPECT_TRUE(c.end - c.begin <= 2048 || c.last_line == c.first_line);
    pos = c.end;
    line = c.last_line + 1;
  }
  EXPECT_EQ(pos, text.size());
  EXPECT_EQ(line - 1, CountLines(text));
  EXPECT_TRUE(ChunkByLines("").empty());
}

}  // namespace
}  // namespace scry
