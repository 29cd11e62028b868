// The catalog: a SQLite database (WAL mode) naming the store's segments and snapshots.
//
// Files hold the data; the catalog says which files are published.  A writer creates segment and
// manifest files first and publishes them in one catalog transaction, so a reader sees either the old
// snapshot or the new one, and a writer killed at any point leaves at worst unreferenced files, which
// the next writer removes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

struct sqlite3;

namespace scry {

struct SegmentRow {
  uint64_t id = 0;
  uint32_t docs = 0;
  uint64_t content_bytes = 0;
  uint64_t file_bytes = 0;
};

struct SnapshotRow {
  std::string name;
  uint64_t manifest = 0;   // file id of the manifest
  int64_t created_ns = 0;  // when the indexer started, unix nanoseconds
  uint64_t files = 0;
  uint64_t bytes = 0;
  std::string commit;  // hex id of the commit it holds; empty for the working tree and its copies
  std::string rev;     // the revision the user named when it was indexed (a branch, a tag, HEAD~3)
  std::string parent;  // the snapshot it was forked from, if any
};

class Catalog {
 public:
  // Opens (creating it if `create`) the catalog database at `path`.
  // Throws scry::Error(kNoStore) if it does not exist and !create, kCorrupt if it cannot be read.
  Catalog(const std::filesystem::path& path, bool create);
  ~Catalog();
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  std::optional<std::string> GetMeta(const std::string& key);
  void SetMeta(const std::string& key, const std::string& value);

  // A new id for a segment or manifest file; ids are never reused.
  uint64_t NextFileId();

  std::vector<SegmentRow> Segments();
  // Oldest first.
  std::vector<SnapshotRow> Snapshots();
  std::optional<SnapshotRow> Snapshot(const std::string& name);

  // Publishes in one transaction: adds `new_segments` and points the snapshot at its new manifest.
  void Publish(const std::vector<SegmentRow>& new_segments, const SnapshotRow& snapshot);
  // Adds a snapshot unless one has its name; true if added.
  bool AddSnapshot(const SnapshotRow& snapshot);
  // True if there was such a snapshot.
  bool DropSnapshot(const std::string& name);
  void DropSegments(const std::vector<uint64_t>& ids);
  // In one transaction (compaction): adds `merged`, drops `dropped` and points every snapshot whose
  // manifest is a key of `manifests` at its value.
  void ReplaceSegments(const SegmentRow& merged, const std::vector<uint64_t>& dropped,
                       const std::map<uint64_t, uint64_t>& manifests);

  // PRAGMA integrity_check; throws kCorrupt with SQLite's words.
  void Verify();

 private:
  void Exec(const char* sql);
  template <typename Fn>
  void Transaction(Fn fn);
  void InsertSegment(const SegmentRow& segment);
  void DeleteSegment(uint64_t id);
  [[noreturn]] void Fail(const std::string& what);

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

}  // namespace scry
