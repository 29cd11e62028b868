// The container: small sections a writer allows it for are stored as zstd frames when that pays,
// and read back as they were written; damage to a frame is found.
#include "indexer/container.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>

#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

constexpr uint64_t kMagic = 0x54534554'59524353;  // "SCRYTEST"
constexpr auto kMayCompress = ContainerWriter::Storage::kMayCompress;

std::string RandomBytes(size_t n) {
  std::mt19937 random(11);
  std::string bytes(n, '\0');
  for (char& c : bytes) c = static_cast<char>(random());
  return bytes;
}

uint32_t FlagsOf(const ContainerReader& reader, uint32_t kind) {
  for (const SectionEntry& s : reader.sections()) {
    if (s.kind == kind) return s.flags;
  }
  return UINT32_MAX;
}

class ContainerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ContainerWriter writer(path_, kMagic, 1);
    writer.AddSection(1, small_, kMayCompress);
    writer.AddSection(2, large_, kMayCompress);   // over kCompressUpTo: stored as it is
    writer.AddSection(3, random_, kMayCompress);  // incompressible: stored as it is
    writer.AddSection(4, small_);                 // in place, as asked
    writer.BeginSection(5, kMayCompress);         // appended in parts, aligned
    writer.Append("head");
    const uint64_t aligned = writer.Align();
    align_is_idempotent_ = writer.Align() == aligned;
    writer.Append("tail");
    writer.EndSection();
    writer.Finish();
  }

  testing::TempTree tree_;
  std::filesystem::path path_ = tree_.root() / "test.bin";
  std::string small_ = std::string(5000, 'a') + "some text, repeated: some text";
  std::string large_ = std::string(kCompressUpTo + 1, 'b');
  std::string random_ = RandomBytes(4000);
  bool align_is_idempotent_ = false;
};

TEST_F(ContainerTest, SmallSectionsAreStoredCompressedWhenThatPays) {
  ContainerReader reader(path_, kMagic, 1);
  EXPECT_EQ(FlagsOf(reader, 1), kZstdSection);
  EXPECT_EQ(FlagsOf(reader, 2), 0u);
  EXPECT_EQ(FlagsOf(reader, 3), 0u);
  EXPECT_EQ(FlagsOf(reader, 4), 0u);
  EXPECT_EQ(FlagsOf(reader, 5), kZstdSection);
  EXPECT_EQ(reader.Section(1), small_);
  EXPECT_EQ(reader.Section(2), large_);
  EXPECT_EQ(reader.Section(3), random_);
  EXPECT_EQ(reader.Section(4), small_);
  std::string expected = "head" + std::string(kSectionAlignment - 4, '\0') + "tail";
  EXPECT_EQ(reader.Section(5), expected);
  EXPECT_TRUE(align_is_idempotent_);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(reader.Section(5).data()) % kSectionAlignment, 0u);
  EXPECT_LT(std::filesystem::file_size(path_), large_.size() + random_.size() + 2 * small_.size());
  for (const SectionEntry& s : reader.sections()) reader.VerifySection(s.kind);
}

TEST_F(ContainerTest, ADamagedFrameIsFoundOnOpenOrByItsChecksum) {
  uint64_t offset = 0;
  {
    ContainerReader reader(path_, kMagic, 1);
    for (const SectionEntry& s : reader.sections()) {
      if (s.kind == 1) offset = s.offset;
    }
  }
  {
    std::fstream f(path_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(offset + 5));
    f.put('\x7f');
  }
  try {
    ContainerReader reader(path_, kMagic, 1);
    reader.VerifySection(1);
    FAIL() << "a damaged frame went unnoticed";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCorrupt);
    EXPECT_NE(std::string(e.what()).find(path_.string()), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace scry
