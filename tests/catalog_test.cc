// The catalog: ids are never reused, publishing is one transaction, a missing catalog is "no index".
#include "indexer/catalog.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

SnapshotRow Row(const std::string& name, uint64_t manifest, int64_t created_ns, uint64_t files,
                uint64_t bytes) {
  SnapshotRow row;
  row.name = name;
  row.manifest = manifest;
  row.created_ns = created_ns;
  row.files = files;
  row.bytes = bytes;
  return row;
}

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

TEST(CatalogTest, PublishAddsSegmentsAndReplacesTheSnapshot) {
  testing::TempTree t;
  Catalog catalog(t.root() / "catalog.db", true);
  catalog.Publish({{1, 10, 1000, 400}, {2, 5, 500, 200}}, Row("worktree", 3, 111, 15, 1500));
  ASSERT_EQ(catalog.Segments().size(), 2u);
  catalog.Publish({{4, 1, 10, 8}}, Row("worktree", 5, 222, 11, 1010));
  catalog.DropSegments({1});
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
  catalog.Publish({{1, 10, 1000, 400}}, Row("worktree", 3, 111, 15, 1500));
  // Segment 1 exists already: the insert fails and the whole transaction rolls back.
  EXPECT_THROW(catalog.Publish({{7, 1, 1, 1}, {1, 1, 1, 1}}, Row("worktree", 9, 999, 1, 1)), Error);
  EXPECT_EQ(catalog.Segments().size(), 1u);
  EXPECT_EQ(catalog.Snapshot("worktree")->manifest, 3u);
}

TEST(CatalogTest, SnapshotsRememberTheirCommitRevisionAndParent) {
  testing::TempTree t;
  Catalog catalog(t.root() / "catalog.db", true);
  std::string commit(40, 'a');
  catalog.Publish({}, {commit, 3, 100, 2, 20, commit, "v1.2", ""});
  catalog.Publish({}, {"worktree", 4, 200, 2, 20, "", "", commit});
  std::vector<SnapshotRow> rows = catalog.Snapshots();
  ASSERT_EQ(rows.size(), 2u);  // oldest first
  EXPECT_EQ(rows[0].commit, commit);
  EXPECT_EQ(rows[0].rev, "v1.2");
  EXPECT_EQ(rows[1].parent, commit);
}

TEST(CatalogTest, AddSnapshotNeverReplacesAndDropSnapshotSaysWhetherThereWasOne) {
  testing::TempTree t;
  Catalog catalog(t.root() / "catalog.db", true);
  catalog.Publish({}, Row("worktree", 3, 100, 2, 20));
  EXPECT_TRUE(catalog.AddSnapshot({"pinned", 3, 150, 2, 20, "", "", "worktree"}));
  EXPECT_FALSE(catalog.AddSnapshot(Row("pinned", 9, 150, 2, 20)));
  EXPECT_EQ(catalog.Snapshot("pinned")->manifest, 3u);
  EXPECT_TRUE(catalog.DropSnapshot("pinned"));
  EXPECT_FALSE(catalog.DropSnapshot("pinned"));
  EXPECT_FALSE(catalog.Snapshot("pinned").has_value());
  EXPECT_TRUE(catalog.Snapshot("worktree").has_value());
}

// Every command's first connection reads the whole WAL (indexer/catalog.cc): one write per
// connection, as `scry fork` makes, must not let it grow.
TEST(CatalogTest, TheWriteAheadLogStaysShortWhenEachConnectionCommitsOnce) {
  testing::TempTree t;
  std::filesystem::path path = t.root() / "catalog.db";
  Catalog(path, true).Publish({}, Row("worktree", 1, 1, 1, 1));
  std::string rev(2048, 'r');
  uintmax_t longest = 0;
  for (uint64_t i = 1; i <= 200; ++i) {
    Catalog catalog(path, false);
    EXPECT_TRUE(catalog.AddSnapshot({std::to_string(i), 1, 1, 1, 1, "", rev, "worktree"}));
    longest = std::max(longest, std::filesystem::file_size(t.root() / "catalog.db-wal"));
  }
  EXPECT_EQ(Catalog(path, false).Snapshots().size(), 201u);
  // 16 pages and the frames of one commit, with their headers.
  EXPECT_LE(longest, 24u * (4096u + 24u) + 32u);
}

TEST(CatalogTest, AFormat1CatalogIsUpgradedInPlace) {
  testing::TempTree t;
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((t.root() / "catalog.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db,
                         "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
                         "CREATE TABLE segments(id INTEGER PRIMARY KEY, docs INTEGER NOT NULL,"
                         " content_bytes INTEGER NOT NULL, file_bytes INTEGER NOT NULL);"
                         "CREATE TABLE snapshots(name TEXT PRIMARY KEY, manifest INTEGER NOT NULL,"
                         " created_ns INTEGER NOT NULL, files INTEGER NOT NULL, bytes INTEGER NOT NULL);"
                         "INSERT INTO meta VALUES ('format', '1'), ('next_file_id', '7');"
                         "INSERT INTO snapshots VALUES ('worktree', 6, 1, 2, 3);",
                         nullptr, nullptr, nullptr),
            SQLITE_OK);
  sqlite3_close(db);
  Catalog catalog(t.root() / "catalog.db", false);
  EXPECT_EQ(catalog.GetMeta("format"), "2");
  EXPECT_EQ(catalog.Snapshot("worktree")->manifest, 6u);
  EXPECT_EQ(catalog.Snapshot("worktree")->commit, "");
  EXPECT_EQ(catalog.NextFileId(), 7u);
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
