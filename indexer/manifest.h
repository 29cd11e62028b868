// Snapshot manifests: which documents a snapshot holds, under which paths.
//
// A snapshot is a named view of the corpus (the working tree, later any commit).  Its manifest is an
// immutable container file listing every file of the snapshot, sorted by path, with the segment and
// document that hold its content, plus per segment the set of live documents as a roaring bitmap — the
// filter a query intersects its candidates with.  Size and mtime let a re-index skip unchanged files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/container.h"

struct roaring_bitmap_s;

namespace scry {

constexpr uint64_t kManifestMagic = 0x31504e53'59524353;  // "SCRYSNP1" read as little-endian bytes
constexpr uint32_t kManifestVersion = 1;

enum ManifestSection : uint32_t {
  kSegmentIdsSection = 1,  // u64[]: the catalog ids of the segments entries refer to
  kEntriesSection = 2,     // EntryRecord[], sorted by path bytes
  kPathsSection = 3,       // path bytes, referenced by EntryRecord
  kLiveTableSection = 4,   // LiveRecord[], one per segment id
  kLiveSection = 5,        // frozen roaring bitmaps of live doc ids, 32-byte aligned
  kDocEntriesSection = 6,  // u32[]: entry indexes sorted by (segment, doc, path)
  kSkippedSection = 7,     // "path\treason\n" lines: files left out, and why
};

struct EntryRecord {
  uint64_t path_offset;
  uint32_t path_length;
  uint32_t segment;  // index into the segment ids
  uint32_t doc;
  uint32_t flags;  // reserved, 0
  uint64_t size;
  int64_t mtime_ns;
};
static_assert(sizeof(EntryRecord) == 40);

struct LiveRecord {
  uint64_t offset;  // within the live section
  uint64_t length;
};
static_assert(sizeof(LiveRecord) == 16);

struct ManifestEntry {
  std::string path;
  uint64_t segment_id = 0;  // catalog id
  uint32_t doc = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
};

struct SkippedFile {
  std::string path;
  std::string reason;
};

// Writes a manifest atomically.  Entries may come in any order.
void WriteManifest(const std::filesystem::path& path, std::vector<ManifestEntry> entries,
                   const std::vector<SkippedFile>& skipped);

class Manifest {
 public:
  // Throws scry::Error(kCorrupt) naming the file.
  explicit Manifest(const std::filesystem::path& path);
  ~Manifest();
  Manifest(const Manifest&) = delete;
  Manifest& operator=(const Manifest&) = delete;

  std::span<const uint64_t> segment_ids() const { return segment_ids_; }
  size_t size() const { return entries_.size(); }
  const EntryRecord& entry(size_t i) const { return entries_[i]; }
  std::string_view path(size_t i) const {
    return paths_.substr(entries_[i].path_offset, entries_[i].path_length);
  }
  // The index of the entry with exactly this path, or size() if there is none.
  size_t Find(std::string_view path) const;
  // The live documents of the segment at `index` in segment_ids().
  const roaring_bitmap_s* live(uint32_t index) const { return live_[index]; }
  // Indexes of the entries whose content is document `doc` of segment `index` (several paths may share
  // one blob), in path order.
  std::span<const uint32_t> EntriesOf(uint32_t index, uint32_t doc) const;
  std::vector<SkippedFile> Skipped() const;

  void VerifyAll() const;

 private:
  ContainerReader container_;
  std::span<const uint64_t> segment_ids_;
  std::span<const EntryRecord> entries_;
  std::string_view paths_;
  std::span<const uint32_t> doc_entries_;
  std::vector<const roaring_bitmap_s*> live_;
};

}  // namespace scry
