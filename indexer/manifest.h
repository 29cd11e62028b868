// Snapshot manifests: which documents a snapshot holds, under which paths.
//
// A snapshot is a named view of the corpus: the working tree, a commit, or a copy made by `scry fork`.
// Its manifest is an immutable container file listing its files with the segment and document that
// hold each one's content, plus per segment the set of live documents as a roaring bitmap — the
// filter a query intersects its candidates with.  Size and mtime let a re-index skip unchanged files.
//
// A manifest is full, or a delta over a full one (its base): the delta lists only the files it adds
// or replaces, the base's files it drops (a bitmap over the base's entries), and the live sets of the
// segments whose live documents differ.  A snapshot that changes a few files of a 70,000-file base
// thus costs a few hundred bytes, and opening it costs no more than opening its base: nothing is
// merged until asked for.  Deltas are always over a full manifest, never over another delta, so a
// lookup reads at most two files (the keyframe and delta of a video codec).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/container.h"

struct roaring_bitmap_s;

namespace scry {

constexpr uint64_t kManifestMagic = 0x31504e53'59524353;  // "SCRYSNP1" read as little-endian bytes
// 3: sections may be stored compressed (indexer/container.h); a version-2 file has none that are.
constexpr uint32_t kManifestVersion = 3;
constexpr uint32_t kOldestManifestVersion = 2;

enum ManifestSection : uint32_t {
  kSegmentIdsSection = 1,  // u64[]: the catalog ids of the segments entries refer to
  kEntriesSection = 2,     // EntryRecord[], sorted by path bytes
  kPathsSection = 3,       // path bytes, referenced by EntryRecord
  kLiveTableSection = 4,   // LiveRecord[], one per segment id
  kLiveSection = 5,        // frozen roaring bitmaps of live doc ids, 32-byte aligned
  kDocEntriesSection = 6,  // u32[]: entry indexes sorted by (segment, doc, path)
  kSkippedSection = 7,     // "path\treason\n" lines: files left out, and why
  kBaseSection = 8,        // delta only: u64, the file id of the base manifest
  kRemovedSection = 9,     // delta only: frozen roaring bitmap of the base entries dropped
};

// EntryRecord::flags and ManifestEntry::flags: marks from .gitattributes, for ranking.
enum EntryFlags : uint32_t {
  kGenerated = 1,  // linguist-generated
  kVendored = 2,   // linguist-vendored
};

struct EntryRecord {
  uint64_t path_offset;
  uint32_t path_length;
  uint32_t segment;  // index into the segment ids
  uint32_t doc;
  uint32_t flags;  // EntryFlags
  uint64_t size;
  int64_t mtime_ns;
};
static_assert(sizeof(EntryRecord) == 40);

struct LiveRecord {
  uint64_t offset;  // within the live section
  uint64_t length;  // 0 in a delta: the live set is the base's
};
static_assert(sizeof(LiveRecord) == 16);

struct ManifestEntry {
  std::string path;
  uint64_t segment_id = 0;  // catalog id
  uint32_t doc = 0;
  uint64_t size = 0;
  int64_t mtime_ns = 0;
  uint32_t flags = 0;

  bool SameFileAs(const ManifestEntry& other) const {
    return segment_id == other.segment_id && doc == other.doc && size == other.size &&
           mtime_ns == other.mtime_ns && flags == other.flags;
  }
};

struct SkippedFile {
  std::string path;
  std::string reason;
};

// The file that holds manifest `id` in the store's snapshots directory.
std::filesystem::path ManifestFile(const std::filesystem::path& snapshots_dir, uint64_t id);

class Manifest {
 public:
  // Opens manifest `id` of `snapshots_dir`, and its base if it is a delta.
  // Throws scry::Error(kCorrupt) naming the file.
  Manifest(const std::filesystem::path& snapshots_dir, uint64_t id);
  ~Manifest();
  Manifest(const Manifest&) = delete;
  Manifest& operator=(const Manifest&) = delete;

  uint64_t id() const { return id_; }
  // The base of a delta (nullptr for a full manifest).
  const Manifest* base() const { return base_.get(); }

  // Entries are named by handles: a full manifest's are 0..size()-1 in path order; a delta's are its
  // base's (those it keeps) then its own, offset by the base's entry count.
  static constexpr uint32_t kNoEntry = UINT32_MAX;
  size_t size() const { return size_; }
  const EntryRecord& entry(uint32_t handle) const;
  std::string_view path(uint32_t handle) const;
  ManifestEntry Materialize(uint32_t handle) const;
  // The handle of the file at `path`, or kNoEntry.
  uint32_t Find(std::string_view path) const;
  // Every file, in path order.
  std::vector<uint32_t> InPathOrder() const;
  // Sorts handles by their paths.
  void SortByPath(std::vector<uint32_t>* handles) const;

  // The segments entries refer to; a delta's start with its base's, in the same order.
  std::span<const uint64_t> segment_ids() const { return segment_ids_; }
  // The live documents of the segment at `index` in segment_ids().
  const roaring_bitmap_s* live(uint32_t index) const { return live_[index]; }
  // Calls fn(handle) for each file whose content is document `doc` of segment `index` (several paths
  // may share one blob), in path order within the base's files, then the delta's.
  template <typename Fn>
  void ForEachEntryOf(uint32_t index, uint32_t doc, Fn fn) const {
    if (base_ && index < base_->segment_ids_.size()) {
      for (uint32_t h : base_->OwnEntriesOf(index, doc)) {
        if (!Removed(h)) fn(h);
      }
    }
    for (uint32_t own : OwnEntriesOf(index, doc)) fn(own + base_count());
  }
  // The first of those files that `keep` accepts (null accepts any), or kNoEntry.
  uint32_t FirstEntryOf(uint32_t index, uint32_t doc,
                        const std::function<bool(std::string_view path)>& keep) const {
    uint32_t found = kNoEntry;
    ForEachEntryOf(index, doc, [&](uint32_t e) {
      if (found == kNoEntry && (!keep || keep(path(e)))) found = e;
    });
    return found;
  }
  std::vector<SkippedFile> Skipped() const;

  // What a delta holds itself (for building the next delta over the same base).
  size_t own_size() const { return entries_.size(); }
  const roaring_bitmap_s* removed() const { return removed_; }

  void VerifyAll() const;

 private:
  uint32_t base_count() const { return base_ ? static_cast<uint32_t>(base_->entries_.size()) : 0; }
  bool Removed(uint32_t base_handle) const;
  std::span<const uint32_t> OwnEntriesOf(uint32_t index, uint32_t doc) const;
  // The index of the own entry at `path`, or entries_.size().
  size_t FindOwn(std::string_view path) const;
  std::string_view OwnPath(size_t i) const {
    return paths_.substr(entries_[i].path_offset, entries_[i].path_length);
  }

  uint64_t id_;
  std::unique_ptr<Manifest> base_;
  ContainerReader container_;
  std::span<const uint64_t> segment_ids_;
  std::span<const EntryRecord> entries_;
  std::string_view paths_;
  std::span<const uint32_t> doc_entries_;
  std::vector<const roaring_bitmap_s*> live_;
  std::vector<bool> owns_live_;  // live_[i] is a view of this file's bytes (else the base's)
  const roaring_bitmap_s* removed_ = nullptr;
  size_t size_ = 0;
};

}  // namespace scry
