// Snapshot manifests, full and deltas: what a builder writes is the file set it was given, whatever
// chain of forks produced it, and a delta stays small.
#include "indexer/manifest.h"

#include <gtest/gtest.h>
#include <roaring/roaring.h>

#include <filesystem>
#include <map>
#include <random>
#include <set>

#include "indexer/manifest_builder.h"
#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

namespace fs = std::filesystem;

// What a manifest says, merged: path -> (segment id, doc, size, mtime, flags), and per segment id the
// live documents.
struct Contents {
  std::map<std::string, std::tuple<uint64_t, uint32_t, uint64_t, int64_t, uint32_t>> files;
  std::map<uint64_t, std::set<uint32_t>> live;
  bool operator==(const Contents&) const = default;
};

Contents Read(const Manifest& m) {
  Contents c;
  std::vector<uint32_t> order = m.InPathOrder();
  EXPECT_EQ(order.size(), m.size());
  std::string previous;
  for (uint32_t h : order) {
    ManifestEntry e = m.Materialize(h);
    EXPECT_TRUE(previous.empty() || previous < e.path) << "not in path order: " << e.path;
    previous = e.path;
    EXPECT_EQ(m.Find(e.path), h);
    c.files[e.path] = {e.segment_id, e.doc, e.size, e.mtime_ns, e.flags};
    // Every path of the file's document is found through ForEachEntryOf.
    const EntryRecord& r = m.entry(h);
    bool seen = false;
    m.ForEachEntryOf(r.segment, r.doc, [&](uint32_t other) { seen |= other == h; });
    EXPECT_TRUE(seen) << e.path;
  }
  for (uint32_t s = 0; s < m.segment_ids().size(); ++s) {
    std::set<uint32_t>& docs = c.live[m.segment_ids()[s]];
    roaring_uint32_iterator_t* it = roaring_create_iterator(m.live(s));
    for (; it->has_value; roaring_advance_uint32_iterator(it)) docs.insert(it->current_value);
    roaring_free_uint32_iterator(it);
    if (docs.empty()) c.live.erase(m.segment_ids()[s]);
  }
  return c;
}

// The contents a list of entries should produce.
Contents Expected(const std::map<std::string, ManifestEntry>& files) {
  Contents c;
  for (const auto& [path, e] : files) {
    c.files[path] = {e.segment_id, e.doc, e.size, e.mtime_ns, e.flags};
    c.live[e.segment_id].insert(e.doc);
  }
  return c;
}

class ManifestTest : public ::testing::Test {
 protected:
  fs::path dir() const { return tree_.root(); }
  testing::TempTree tree_;
};

TEST_F(ManifestTest, FullManifestRoundTripFindAndDocumentsSharedByPaths) {
  WriteFullManifest(dir(), 1,
                    {{"b/x.c", 7, 0, 10, 100},
                     {"a.c", 9, 3, 20, 200, kGenerated},
                     {"b/y.c", 7, 0, 10, 300},
                     {"c.c", 7, 5, 1, 1}},
                    {{"big.bin", "binary: NUL byte at offset 3"}});
  Manifest m(dir(), 1);
  EXPECT_EQ(m.base(), nullptr);
  ASSERT_EQ(m.size(), 4u);
  EXPECT_EQ(m.path(0), "a.c");
  EXPECT_EQ(m.entry(0).flags, kGenerated);
  EXPECT_EQ(m.path(3), "c.c");
  EXPECT_EQ(m.Find("b/y.c"), 2u);
  EXPECT_EQ(m.Find("nope"), Manifest::kNoEntry);
  ASSERT_EQ(m.segment_ids().size(), 2u);
  EXPECT_EQ(m.segment_ids()[0], 7u);
  std::vector<std::string_view> shared;
  m.ForEachEntryOf(0, 0, [&](uint32_t h) { shared.push_back(m.path(h)); });
  EXPECT_EQ(shared, (std::vector<std::string_view>{"b/x.c", "b/y.c"}));
  EXPECT_EQ(roaring_bitmap_get_cardinality(m.live(0)), 2u);
  EXPECT_TRUE(roaring_bitmap_contains(m.live(1), 3));
  ASSERT_EQ(m.Skipped().size(), 1u);
  EXPECT_EQ(m.Skipped()[0].reason, "binary: NUL byte at offset 3");
  m.VerifyAll();
}

// A base of 1,000 files; a fork changes a few of them.
class DeltaTest : public ManifestTest {
 protected:
  void SetUp() override {
    std::vector<ManifestEntry> entries;
    for (uint32_t i = 0; i < 1000; ++i) {
      ManifestEntry e{"src/f" + std::to_string(1000 + i) + ".c", 1 + i % 2, i / 2, i, i};
      files_[e.path] = e;
      entries.push_back(e);
    }
    WriteFullManifest(dir(), 1, entries, {});
  }
  std::map<std::string, ManifestEntry> files_;
};

TEST_F(DeltaTest, AForkThatChangesAFewFilesIsASmallDeltaOverTheBase) {
  Manifest base(dir(), 1);
  ManifestBuilder b(&base);
  ManifestEntry changed{"src/f1003.c", 3, 0, 77, 77};
  ManifestEntry added{"src/new.c", 3, 1, 5, 5};
  b.Put(changed);
  b.Put(added);
  b.Remove("src/f1004.c");
  b.Remove("not/there.c");
  b.Write(dir(), 2);
  files_[changed.path] = changed;
  files_[added.path] = added;
  files_.erase("src/f1004.c");

  Manifest delta(dir(), 2);
  ASSERT_NE(delta.base(), nullptr);
  EXPECT_EQ(delta.base()->id(), 1u);
  EXPECT_EQ(delta.own_size(), 2u);
  EXPECT_EQ(Read(delta), Expected(files_));
  EXPECT_LT(fs::file_size(ManifestFile(dir(), 2)) * 10, fs::file_size(ManifestFile(dir(), 1)));
  delta.VerifyAll();
}

TEST_F(DeltaTest, ADocumentStaysLiveWhileAnotherPathHoldsIt) {
  // src/f1000.c and src/f1002.c are documents 0 and 1 of segment 1; give a second path to doc 0.
  Manifest base(dir(), 1);
  ManifestBuilder first(&base);
  ManifestEntry copy = files_["src/f1000.c"];
  copy.path = "copy/f1000.c";
  first.Put(copy);
  first.Remove("src/f1000.c");
  first.Write(dir(), 2);
  files_.erase("src/f1000.c");
  files_[copy.path] = copy;
  Manifest delta(dir(), 2);
  EXPECT_TRUE(roaring_bitmap_contains(delta.live(0), 0));
  EXPECT_EQ(Read(delta), Expected(files_));
}

TEST_F(DeltaTest, ForksOfForksStayDeltasOverTheSameBaseAndMatchTheirFiles) {
  std::mt19937 random(7);
  uint64_t parent_id = 1;
  for (uint64_t id = 2; id < 40; ++id) {
    Manifest parent(dir(), parent_id);
    ManifestBuilder b(&parent);
    for (int change = 0; change < 3; ++change) {
      auto it = std::next(files_.begin(), random() % files_.size());
      switch (random() % 3) {
        case 0:
          b.Remove(it->first);
          files_.erase(it);
          break;
        case 1: {
          ManifestEntry e = it->second;
          e.segment_id = 10 + id;
          e.doc = change;
          b.Put(e);
          it->second = e;
          break;
        }
        default: {
          ManifestEntry e{"added/" + std::to_string(id) + "_" + std::to_string(change) + ".c", 10 + id,
                          static_cast<uint32_t>(10 + change), 1, 1};
          b.Put(e);
          files_[e.path] = e;
        }
      }
    }
    EXPECT_EQ(b.size(), files_.size());
    b.Write(dir(), id);
    Manifest m(dir(), id);
    ASSERT_NE(m.base(), nullptr) << "fork " << id << " should still be a delta";
    EXPECT_EQ(m.base()->id(), 1u);
    ASSERT_EQ(Read(m), Expected(files_)) << "fork " << id;
    parent_id = id;
  }
}

TEST_F(DeltaTest, PuttingBackTheBaseFileUndoesTheChange) {
  Manifest base(dir(), 1);
  ManifestBuilder b(&base);
  ManifestEntry original = files_["src/f1010.c"];
  ManifestEntry changed = original;
  changed.mtime_ns = 99;
  b.Put(changed);
  b.Put(original);
  b.Write(dir(), 2);
  Manifest delta(dir(), 2);
  EXPECT_EQ(delta.own_size(), 0u);
  EXPECT_EQ(roaring_bitmap_get_cardinality(delta.removed()), 0u);
  EXPECT_EQ(Read(delta), Expected(files_));
}

TEST_F(DeltaTest, ResetKeepsWhatIsUnchangedAndDropsTheRest) {
  Manifest base(dir(), 1);
  ManifestBuilder b(&base);
  std::vector<ManifestEntry> now;
  for (auto& [path, e] : files_) {
    if (path != "src/f1500.c") now.push_back(e);
  }
  now.push_back({"src/brand_new.c", 5, 0, 1, 1});
  b.Reset(now);
  b.Write(dir(), 2);
  Manifest delta(dir(), 2);
  EXPECT_EQ(delta.own_size(), 1u);
  EXPECT_EQ(roaring_bitmap_get_cardinality(delta.removed()), 1u);
  files_.erase("src/f1500.c");
  files_["src/brand_new.c"] = now.back();
  EXPECT_EQ(Read(delta), Expected(files_));
}

TEST_F(DeltaTest, ALargeChangeWritesANewFullManifest) {
  Manifest base(dir(), 1);
  ManifestBuilder b(&base);
  for (int i = 0; i < 300; ++i) {
    std::string path = "src/f" + std::to_string(1000 + i) + ".c";
    b.Remove(path);
    files_.erase(path);
  }
  b.Write(dir(), 2);
  Manifest m(dir(), 2);
  EXPECT_EQ(m.base(), nullptr);
  EXPECT_EQ(Read(m), Expected(files_));
}

TEST_F(DeltaTest, ADeltaWhoseBaseIsMissingIsReported) {
  Manifest base(dir(), 1);
  ManifestBuilder b(&base);
  b.Remove("src/f1001.c");
  b.Write(dir(), 2);
  fs::remove(ManifestFile(dir(), 1));
  EXPECT_THROW(Manifest(dir(), 2), Error);
}

}  // namespace
}  // namespace scry
