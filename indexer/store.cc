#include "indexer/store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

std::optional<fs::path> StoreIn(const fs::path& dir) {
  for (const fs::path& candidate : {dir / ".git" / "scry", dir / ".scry"}) {
    if (fs::exists(CatalogPath(candidate))) return candidate;
  }
  return std::nullopt;
}

StoreLocation Opened(const fs::path& dir) {
  auto catalog = std::make_shared<Catalog>(CatalogPath(dir), false);
  fs::path root = catalog->GetMeta("root").value_or("");
  return {dir, root, std::move(catalog)};
}

}  // namespace

StoreLocation StoreForRoot(const fs::path& root, const std::optional<fs::path>& store) {
  fs::path abs_root = fs::weakly_canonical(fs::absolute(root));
  if (store) return {fs::absolute(*store), abs_root, nullptr};
  if (fs::is_directory(abs_root / ".git")) return {abs_root / ".git" / "scry", abs_root, nullptr};
  return {abs_root / ".scry", abs_root, nullptr};
}

StoreLocation FindStore(const fs::path& cwd, const std::optional<fs::path>& store) {
  if (store) {
    return Opened(fs::absolute(*store));
  }
  for (fs::path dir = fs::absolute(cwd);; dir = dir.parent_path()) {
    if (auto found = StoreIn(dir)) return Opened(*found);
    if (dir == dir.root_path()) break;
  }
  throw Error(ExitCode::kNoStore,
              "no index found in " + cwd.string() + " or above it: run `scry index` first");
}

std::shared_ptr<Catalog> OpenCatalog(const StoreLocation& store) {
  return store.catalog ? store.catalog : std::make_shared<Catalog>(CatalogPath(store.dir), false);
}

fs::path CatalogPath(const fs::path& store) { return store / "catalog.db"; }

fs::path SegmentPath(const fs::path& store, uint64_t id) {
  return store / "segments" / (std::to_string(id) + ".seg");
}

fs::path SnapshotsDir(const fs::path& store) { return store / "snapshots"; }

fs::path ManifestPath(const fs::path& store, uint64_t id) { return ManifestFile(SnapshotsDir(store), id); }

WriterLock::WriterLock(const fs::path& store, Wait wait) {
  fs::path path = store / "LOCK";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) throw Error(ExitCode::kIo, "cannot open " + path.string() + ": " + std::strerror(errno));
  if (::flock(fd_, wait == Wait::kYes ? LOCK_EX : LOCK_EX | LOCK_NB) != 0) {
    ::close(fd_);
    throw Error(ExitCode::kBusy, "another scry process is writing to " + store.string());
  }
}

WriterLock::~WriterLock() { ::close(fd_); }

SnapshotView OpenSnapshot(const StoreLocation& store, const std::string& name) {
  std::shared_ptr<Catalog> catalog = OpenCatalog(store);
  for (int attempt = 0;; ++attempt) {
    auto row = catalog->Snapshot(name);
    if (!row)
      throw Error(ExitCode::kNoStore, "the index at " + store.dir.string() + " has no snapshot '" + name +
                                          "': run `scry index` first");
    try {
      SnapshotView view;
      view.row = *row;
      view.manifest = std::make_unique<Manifest>(SnapshotsDir(store.dir), row->manifest);
      for (uint64_t id : view.manifest->segment_ids()) {
        view.segments.push_back(OpenSegment(SegmentPath(store.dir, id)));
      }
      return view;
    } catch (const Error& e) {
      // A writer may have published a new manifest and deleted the files of the old one between our
      // catalog read and the opens: read the catalog again.  A file missing for good is damage.
      if (e.code() != ExitCode::kIo || attempt == 3) {
        throw Error(e.code() == ExitCode::kIo ? ExitCode::kCorrupt : e.code(), e.what());
      }
    }
  }
}

}  // namespace scry
