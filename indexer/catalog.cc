#include "indexer/catalog.h"

#include <sqlite3.h>

#include "util/error.h"

namespace scry {

namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS segments(
  id INTEGER PRIMARY KEY, docs INTEGER NOT NULL, content_bytes INTEGER NOT NULL,
  file_bytes INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS snapshots(
  name TEXT PRIMARY KEY, manifest INTEGER NOT NULL, created_ns INTEGER NOT NULL,
  files INTEGER NOT NULL, bytes INTEGER NOT NULL);
INSERT OR IGNORE INTO meta(key, value) VALUES ('format', '1'), ('next_file_id', '1');
)sql";

// Format 2 adds what a snapshot was made from: a commit, the revision the user named, a parent.
constexpr const char* kFormat2 = R"sql(
ALTER TABLE snapshots ADD COLUMN commit_id TEXT NOT NULL DEFAULT '';
ALTER TABLE snapshots ADD COLUMN rev TEXT NOT NULL DEFAULT '';
ALTER TABLE snapshots ADD COLUMN parent TEXT NOT NULL DEFAULT '';
UPDATE meta SET value = '2' WHERE key = 'format';
)sql";

constexpr const char* kSnapshotColumns = "name, manifest, created_ns, files, bytes, commit_id, rev, parent";

// A prepared statement that finalizes itself.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql) : db_(db) {
    if (sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) != SQLITE_OK) {
      throw Error(ExitCode::kCorrupt, std::string("catalog: ") + sqlite3_errmsg(db));
    }
  }
  ~Statement() { sqlite3_finalize(stmt_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& Bind(int i, int64_t v) {
    sqlite3_bind_int64(stmt_, i, v);
    return *this;
  }
  Statement& Bind(int i, const std::string& v) {
    sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  // True while there is a row.
  bool Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    throw Error(ExitCode::kCorrupt, std::string("catalog: ") + sqlite3_errmsg(db_));
  }
  int64_t Int(int col) { return sqlite3_column_int64(stmt_, col); }
  std::string Text(int col) {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
    return p ? std::string(p, static_cast<size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

constexpr int kBusyTimeoutMs = 10000;

// Runs after each commit.  The WAL outlives its connections (no checkpoint on close), and each
// process's first connection rebuilds the WAL's index by reading and checksumming all of it (SQLite's
// unix VFS does not trust a shared-memory file that no process holds).  Nor can SQLite's automatic
// checkpoint keep it short: a rebuilt index does not know which frames were copied back already, so
// the WAL only rewinds in a process that commits twice, and a `scry fork` commits once.  At 1 MB,
// rebuilding it was a fifth of a fork's instructions, paid by every connection of every command.
// So once a commit leaves 16 pages in it, copy them back and truncate the WAL to nothing; a reader
// in the way makes that give up at once, and the next commit tries again.
int CheckpointLongWal(void* /*unused*/, sqlite3* db, const char* name, int pages) {
  constexpr int kCheckpointPages = 16;
  if (pages < kCheckpointPages) return SQLITE_OK;
  sqlite3_busy_timeout(db, 0);
  sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_TRUNCATE, nullptr, nullptr);
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  return SQLITE_OK;
}

}  // namespace

Catalog::Catalog(const std::filesystem::path& path, bool create) : path_(path) {
  if (!create && !std::filesystem::exists(path)) {
    throw Error(ExitCode::kNoStore,
                "no index at " + path.parent_path().string() + ": run `scry index` first");
  }
  int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0);
  // A constructor that throws runs no destructor: close the handle (which sqlite3_open_v2 allocates
  // even when it fails) on the way out.
  try {
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) Fail("cannot open");
    sqlite3_busy_timeout(db_, kBusyTimeoutMs);
    // WAL mode is a property of the database file: set once, when the writer creates it.  The WAL
    // and shared-memory files are kept when the last connection closes, so that a reader does not
    // create, checkpoint and delete them on every command (a third of opening a snapshot).
    if (create) Exec("PRAGMA journal_mode=WAL");
    int persist = 1;
    sqlite3_file_control(db_, "main", SQLITE_FCNTL_PERSIST_WAL, &persist);
    Exec("PRAGMA synchronous=FULL");
    // A connection does not checkpoint when it closes, which every command's last one did: three
    // of a `scry fork`'s five fdatasyncs, and the directory's on the next commit after it.  Commits
    // are as durable as before.  CheckpointLongWal below keeps the WAL short instead.
    sqlite3_db_config(db_, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_wal_hook(db_, CheckpointLongWal, nullptr);
    if (create) Exec(kSchema);
    std::string format = GetMeta("format").value_or("");
    if (format == "1") {
      Exec("BEGIN IMMEDIATE");
      Exec(kFormat2);
      Exec("COMMIT");
    } else if (format != "2") {
      Fail("unknown catalog format '" + format + "'");
    }
  } catch (...) {
    sqlite3_close(db_);
    throw;
  }
}

Catalog::~Catalog() { sqlite3_close(db_); }

void Catalog::Fail(const std::string& what) {
  throw Error(ExitCode::kCorrupt,
              path_.string() + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

void Catalog::Exec(const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    throw Error(ExitCode::kCorrupt, path_.string() + ": " + text);
  }
}

std::optional<std::string> Catalog::GetMeta(const std::string& key) {
  Statement s(db_, "SELECT value FROM meta WHERE key = ?");
  s.Bind(1, key);
  if (!s.Step()) return std::nullopt;
  return s.Text(0);
}

void Catalog::SetMeta(const std::string& key, const std::string& value) {
  Statement s(db_, "INSERT OR REPLACE INTO meta(key, value) VALUES (?, ?)");
  s.Bind(1, key).Bind(2, value).Step();
}

uint64_t Catalog::NextFileId() {
  uint64_t id = std::stoull(GetMeta("next_file_id").value_or("1"));
  SetMeta("next_file_id", std::to_string(id + 1));
  return id;
}

std::vector<SegmentRow> Catalog::Segments() {
  std::vector<SegmentRow> rows;
  Statement s(db_, "SELECT id, docs, content_bytes, file_bytes FROM segments ORDER BY id");
  while (s.Step()) {
    rows.push_back({static_cast<uint64_t>(s.Int(0)), static_cast<uint32_t>(s.Int(1)),
                    static_cast<uint64_t>(s.Int(2)), static_cast<uint64_t>(s.Int(3))});
  }
  return rows;
}

namespace {

SnapshotRow ReadSnapshot(Statement& s) {
  return {s.Text(0),
          static_cast<uint64_t>(s.Int(1)),
          s.Int(2),
          static_cast<uint64_t>(s.Int(3)),
          static_cast<uint64_t>(s.Int(4)),
          s.Text(5),
          s.Text(6),
          s.Text(7)};
}

void InsertSnapshot(sqlite3* db, const SnapshotRow& row, bool replace) {
  std::string sql = std::string(replace ? "INSERT OR REPLACE" : "INSERT") + " INTO snapshots(" +
                    kSnapshotColumns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
  Statement s(db, sql.c_str());
  s.Bind(1, row.name)
      .Bind(2, static_cast<int64_t>(row.manifest))
      .Bind(3, row.created_ns)
      .Bind(4, static_cast<int64_t>(row.files))
      .Bind(5, static_cast<int64_t>(row.bytes))
      .Bind(6, row.commit)
      .Bind(7, row.rev)
      .Bind(8, row.parent)
      .Step();
}

}  // namespace

std::vector<SnapshotRow> Catalog::Snapshots() {
  std::vector<SnapshotRow> rows;
  std::string sql = std::string("SELECT ") + kSnapshotColumns + " FROM snapshots ORDER BY created_ns, name";
  Statement s(db_, sql.c_str());
  while (s.Step()) rows.push_back(ReadSnapshot(s));
  return rows;
}

std::optional<SnapshotRow> Catalog::Snapshot(const std::string& name) {
  std::string sql = std::string("SELECT ") + kSnapshotColumns + " FROM snapshots WHERE name = ?";
  Statement s(db_, sql.c_str());
  s.Bind(1, name);
  if (!s.Step()) return std::nullopt;
  return ReadSnapshot(s);
}

template <typename Fn>
void Catalog::Transaction(Fn fn) {
  Exec("BEGIN IMMEDIATE");
  try {
    fn();
    Exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Catalog::InsertSegment(const SegmentRow& seg) {
  Statement s(db_, "INSERT INTO segments(id, docs, content_bytes, file_bytes) VALUES (?, ?, ?, ?)");
  s.Bind(1, static_cast<int64_t>(seg.id))
      .Bind(2, seg.docs)
      .Bind(3, static_cast<int64_t>(seg.content_bytes))
      .Bind(4, static_cast<int64_t>(seg.file_bytes))
      .Step();
}

void Catalog::DeleteSegment(uint64_t id) {
  Statement s(db_, "DELETE FROM segments WHERE id = ?");
  s.Bind(1, static_cast<int64_t>(id)).Step();
}

void Catalog::Publish(const std::vector<SegmentRow>& new_segments, const SnapshotRow& snapshot) {
  Transaction([&] {
    for (const SegmentRow& seg : new_segments) InsertSegment(seg);
    InsertSnapshot(db_, snapshot, true);
  });
}

void Catalog::ReplaceSegments(const SegmentRow& merged, const std::vector<uint64_t>& dropped,
                              const std::map<uint64_t, uint64_t>& manifests) {
  Transaction([&] {
    InsertSegment(merged);
    for (uint64_t id : dropped) DeleteSegment(id);
    for (const auto& [from, to] : manifests) {
      Statement s(db_, "UPDATE snapshots SET manifest = ? WHERE manifest = ?");
      s.Bind(1, static_cast<int64_t>(to)).Bind(2, static_cast<int64_t>(from)).Step();
    }
  });
}

bool Catalog::AddSnapshot(const SnapshotRow& snapshot) {
  bool added = false;
  Transaction([&] {
    if (Snapshot(snapshot.name)) return;
    InsertSnapshot(db_, snapshot, false);
    added = true;
  });
  return added;
}

bool Catalog::DropSnapshot(const std::string& name) {
  Statement s(db_, "DELETE FROM snapshots WHERE name = ?");
  s.Bind(1, name).Step();
  return sqlite3_changes(db_) > 0;
}

void Catalog::DropSegments(const std::vector<uint64_t>& ids) {
  Transaction([&] {
    for (uint64_t id : ids) DeleteSegment(id);
  });
}

void Catalog::Verify() {
  Statement s(db_, "PRAGMA integrity_check");
  while (s.Step()) {
    std::string result = s.Text(0);
    if (result != "ok") throw Error(ExitCode::kCorrupt, path_.string() + ": " + result);
  }
}

}  // namespace scry
