// The catalog: ids are never reused, publishing is one transaction, a missing catalog is "no index".
#include "indexer/catalog.h"

#include <gtest/gtest.h>

#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

TEST(CatalogTest, FileIdsIncreaseAcrossReopening) {
  testing::TempTree t;
  uint64_t first, second;
  {
    Catalog catalog(t.root() / "catalog.db", true);
    first = catalog.NextFileId();
    second = catalog.NextFileId();
  }
  Catalog again(t.root() / "catalog.db", false);
  EXPECT_LT(first, second);
  EXPECT_GT(again.NextFileId(), second);
}

TEST(CatalogTest, PublishAddsSegmentsReplacesTheSnapshotAndDropsSegments) {
  testing::TempTree t;
  Catalog catalog(t.root() / "catalog.db", true);
  catalog.Publish({{1, 10, 1000, 400}, {2, 5, 500, 200}}, {"worktree", 3, 111, 15, 1500}, {});
  ASSERT_EQ(catalog.Segments().size(), 2u);
  catalog.Publish({{4, 1, 10, 8}}, {"worktree", 5, 222, 11, 1010}, {1});
  std::vector<SegmentRow> segments = catalog.Segments();
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(segments[0].id, 2u);
  EXPECT_EQ(segments[1].id, 4u);
  ASSERT_EQ(catalog.Snapshots().size(), 1u);
  std::optional<SnapshotRow> snapshot = catalog.Snapshot("worktree");
  ASSERT_TRUE(snapshot.has_value());
  EXPECT_EQ(snapshot->manifest, 5u);
  EXPECT_EQ(snapshot->created_ns, 222);
  EXPECT_EQ(snapshot->files, 11u);
  EXPECT_FALSE(catalog.Snapshot("other").has_value());
  catalog.Verify();
}

TEST(CatalogTest, AFailedPublishChangesNothing) {
  testing::TempTree t;
  Catalog catalog(t.root() / "catalog.db", true);
  catalog.Publish({{1, 10, 1000, 400}}, {"worktree", 3, 111, 15, 1500}, {});
  // Segment 1 exists already: the insert fails and the whole transaction rolls back.
  EXPECT_THROW(catalog.Publish({{7, 1, 1, 1}, {1, 1, 1, 1}}, {"worktree", 9, 999, 1, 1}, {}), Error);
  EXPECT_EQ(catalog.Segments().size(), 1u);
  EXPECT_EQ(catalog.Snapshot("worktree")->manifest, 3u);
}

TEST(CatalogTest, AMissingCatalogMeansNoIndex) {
  testing::TempTree t;
  try {
    Catalog catalog(t.root() / "catalog.db", false);
    FAIL() << "opened a catalog that does not exist";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kNoStore);
    EXPECT_NE(std::string(e.what()).find("scry index"), std::string::npos);
  }
}

TEST(CatalogTest, AFileThatIsNotACatalogIsDamage) {
  testing::TempTree t;
  t.Write("catalog.db", "this is not a SQLite database, just some bytes that are long enough to matter\n");
  try {
    Catalog catalog(t.root() / "catalog.db", false);
    FAIL() << "opened garbage as a catalog";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCorrupt);
  }
}

}  // namespace
}  // namespace scry
