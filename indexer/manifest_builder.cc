#include "indexer/manifest_builder.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <numeric>
#include <unordered_map>
#include <unordered_set>

#include "util/error.h"

namespace scry {

namespace {

// A delta may drop or add at most this share of its base's files (and always 256) before the next
// write starts a new base: a delta's bytes, and the work of writing it, stay below a sixteenth of a
// full manifest.
constexpr size_t kDeltaShare = 16;
constexpr size_t kDeltaMinimum = 256;

// What goes into a manifest file, full or delta.
struct ManifestParts {
  std::vector<uint64_t> segment_ids;
  std::vector<ManifestEntry> entries;   // sorted by path
  std::vector<roaring_bitmap_t*> live;  // one per segment id; nullptr: as in the base (owned)
  const std::vector<SkippedFile>* skipped = nullptr;
  std::optional<uint64_t> base_id;
  const roaring_bitmap_t* removed = nullptr;

  ManifestParts() = default;
  ManifestParts(const ManifestParts&) = delete;
  ManifestParts& operator=(const ManifestParts&) = delete;
  ~ManifestParts() {
    for (roaring_bitmap_t* b : live) {
      if (b != nullptr) roaring_bitmap_free(b);
    }
  }

  uint32_t SegmentIndex(uint64_t id) const {
    return static_cast<uint32_t>(std::find(segment_ids.begin(), segment_ids.end(), id) - segment_ids.begin());
  }
};

void WriteManifestFile(const std::filesystem::path& path, const ManifestParts& parts) {
  std::vector<EntryRecord> records;
  records.reserve(parts.entries.size());
  std::string paths;
  std::unordered_map<uint64_t, uint32_t> segment_index;
  for (uint32_t i = 0; i < parts.segment_ids.size(); ++i) segment_index.emplace(parts.segment_ids[i], i);
  for (const ManifestEntry& e : parts.entries) {
    records.push_back({paths.size(), static_cast<uint32_t>(e.path.size()), segment_index.at(e.segment_id),
                       e.doc, e.flags, e.size, e.mtime_ns});
    paths += e.path;
  }
  std::vector<uint32_t> doc_entries(records.size());
  std::iota(doc_entries.begin(), doc_entries.end(), 0);
  std::stable_sort(doc_entries.begin(), doc_entries.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(records[a].segment, records[a].doc) < std::tie(records[b].segment, records[b].doc);
  });

  ContainerWriter out(path, kManifestMagic, kManifestVersion);
  // A delta's sections may be stored compressed, a full manifest's not: every snapshot over it opens
  // it, and garbage collection opens every snapshot's.
  const auto storage =
      parts.base_id ? ContainerWriter::Storage::kMayCompress : ContainerWriter::Storage::kInPlace;
  out.AddRecords(kSegmentIdsSection, parts.segment_ids, storage);
  out.AddRecords(kEntriesSection, records, storage);
  out.AddSection(kPathsSection, paths, storage);
  out.AddRecords(kDocEntriesSection, doc_entries, storage);
  std::vector<LiveRecord> live_table;
  out.BeginSection(kLiveSection, storage);
  for (roaring_bitmap_t* bitmap : parts.live) {
    if (bitmap == nullptr) {
      live_table.push_back({0, 0});
      continue;
    }
    roaring_bitmap_run_optimize(bitmap);
    auto [offset, length] = out.AppendFrozenBitmap(bitmap);
    live_table.push_back({offset, length});
  }
  out.EndSection();
  out.AddRecords(kLiveTableSection, live_table, storage);
  std::string skipped_text;
  for (const SkippedFile& s : *parts.skipped) skipped_text += s.path + '\t' + s.reason + '\n';
  out.AddSection(kSkippedSection, skipped_text, storage);
  if (parts.base_id) {
    out.AddRecords(kBaseSection, std::vector<uint64_t>{*parts.base_id}, storage);
    out.BeginSection(kRemovedSection, storage);
    out.AppendFrozenBitmap(parts.removed);
    out.EndSection();
  }
  out.Finish();
}

bool ByPath(const ManifestEntry& a, const ManifestEntry& b) { return a.path < b.path; }

}  // namespace

void WriteFullManifest(const std::filesystem::path& snapshots_dir, uint64_t id,
                       std::vector<ManifestEntry> entries, const std::vector<SkippedFile>& skipped) {
  ManifestParts parts;
  std::sort(entries.begin(), entries.end(), ByPath);
  for (const ManifestEntry& e : entries) parts.segment_ids.push_back(e.segment_id);
  std::sort(parts.segment_ids.begin(), parts.segment_ids.end());
  parts.segment_ids.erase(std::unique(parts.segment_ids.begin(), parts.segment_ids.end()),
                          parts.segment_ids.end());
  for (size_t i = 0; i < parts.segment_ids.size(); ++i) parts.live.push_back(roaring_bitmap_create());
  for (const ManifestEntry& e : entries)
    roaring_bitmap_add(parts.live[parts.SegmentIndex(e.segment_id)], e.doc);
  parts.entries = std::move(entries);
  parts.skipped = &skipped;
  WriteManifestFile(ManifestFile(snapshots_dir, id), parts);
}

ManifestBuilder::ManifestBuilder(const Manifest* parent) : removed_(roaring_bitmap_create()) {
  if (parent == nullptr) return;
  SetSkipped(parent->Skipped());
  if (parent->base() == nullptr) {
    base_ = parent;
    return;
  }
  base_ = parent->base();
  roaring_bitmap_overwrite(removed_, parent->removed());
  for (uint32_t h = static_cast<uint32_t>(base_->size()); h < base_->size() + parent->own_size(); ++h) {
    ManifestEntry e = parent->Materialize(h);
    added_.emplace(e.path, std::move(e));
  }
}

ManifestBuilder::~ManifestBuilder() { roaring_bitmap_free(removed_); }

void ManifestBuilder::SetSkipped(const std::vector<SkippedFile>& skipped) {
  skipped_.clear();
  for (const SkippedFile& s : skipped) skipped_[s.path] = s.reason;
}

std::vector<SkippedFile> ManifestBuilder::SkippedList() const {
  std::vector<SkippedFile> list;
  for (const auto& [path, reason] : skipped_) list.push_back({path, reason});
  return list;
}

std::optional<uint32_t> ManifestBuilder::KeptBaseEntry(std::string_view path) const {
  if (base_ == nullptr) return std::nullopt;
  uint32_t h = base_->Find(path);
  if (h == Manifest::kNoEntry || roaring_bitmap_contains(removed_, h)) return std::nullopt;
  return h;
}

void ManifestBuilder::Put(ManifestEntry entry) {
  uint32_t h = base_ ? base_->Find(entry.path) : Manifest::kNoEntry;
  if (h != Manifest::kNoEntry) {
    if (base_->Materialize(h).SameFileAs(entry)) {
      roaring_bitmap_remove(removed_, h);
      added_.erase(entry.path);
      return;
    }
    roaring_bitmap_add(removed_, h);
  }
  std::string path = entry.path;
  added_.insert_or_assign(std::move(path), std::move(entry));
}

void ManifestBuilder::Remove(std::string_view path) {
  if (auto it = added_.find(path); it != added_.end()) added_.erase(it);
  if (base_ == nullptr) return;
  if (uint32_t h = base_->Find(path); h != Manifest::kNoEntry) roaring_bitmap_add(removed_, h);
}

void ManifestBuilder::Reset(std::vector<ManifestEntry> entries) {
  std::unordered_set<std::string_view> wanted;
  for (const ManifestEntry& e : entries) wanted.insert(e.path);
  if (base_) {
    for (uint32_t h = 0; h < base_->size(); ++h) {
      if (!wanted.contains(base_->path(h))) roaring_bitmap_add(removed_, h);
    }
  }
  std::erase_if(added_, [&](const auto& kv) { return !wanted.contains(kv.first); });
  for (ManifestEntry& e : entries) Put(std::move(e));
}

std::optional<ManifestEntry> ManifestBuilder::Get(std::string_view path) const {
  if (auto it = added_.find(path); it != added_.end()) return it->second;
  if (auto h = KeptBaseEntry(path)) return base_->Materialize(*h);
  return std::nullopt;
}

size_t ManifestBuilder::size() const {
  size_t kept = base_ ? base_->size() - roaring_bitmap_get_cardinality(removed_) : 0;
  return kept + added_.size();
}

bool ManifestBuilder::DeltaTooLarge() const {
  size_t changes = added_.size() + roaring_bitmap_get_cardinality(removed_);
  return changes > std::max(kDeltaMinimum, base_->size() / kDeltaShare);
}

std::vector<ManifestEntry> ManifestBuilder::AllEntries() const {
  std::vector<ManifestEntry> entries;
  entries.reserve(size());
  if (base_) {
    for (uint32_t h = 0; h < base_->size(); ++h) {
      if (!roaring_bitmap_contains(removed_, h)) entries.push_back(base_->Materialize(h));
    }
  }
  for (const auto& [path, e] : added_) entries.push_back(e);
  return entries;
}

void ManifestBuilder::Write(const std::filesystem::path& snapshots_dir, uint64_t id) const {
  if (base_ == nullptr || DeltaTooLarge()) {
    WriteFullManifest(snapshots_dir, id, AllEntries(), SkippedList());
  } else {
    WriteDelta(snapshots_dir, id);
  }
}

void ManifestBuilder::WriteDelta(const std::filesystem::path& snapshots_dir, uint64_t id) const {
  ManifestParts parts;
  parts.base_id = base_->id();
  parts.removed = removed_;
  std::vector<SkippedFile> skipped = SkippedList();
  parts.skipped = &skipped;
  const size_t base_segments = base_->segment_ids().size();
  parts.segment_ids.assign(base_->segment_ids().begin(), base_->segment_ids().end());
  for (const auto& [path, e] : added_) {
    if (parts.SegmentIndex(e.segment_id) == parts.segment_ids.size())
      parts.segment_ids.push_back(e.segment_id);
  }
  std::sort(parts.segment_ids.begin() + base_segments, parts.segment_ids.end());
  parts.live.assign(parts.segment_ids.size(), nullptr);
  auto live_of = [&](uint32_t index) {
    if (parts.live[index] == nullptr) {
      parts.live[index] =
          index < base_segments ? roaring_bitmap_copy(base_->live(index)) : roaring_bitmap_create();
    }
    return parts.live[index];
  };
  // A removed file's document stays live while another kept path of the base holds it.
  roaring_uint32_iterator_t* it = roaring_create_iterator(removed_);
  for (; it->has_value; roaring_advance_uint32_iterator(it)) {
    const EntryRecord& e = base_->entry(it->current_value);
    bool still_held = false;
    base_->ForEachEntryOf(e.segment, e.doc,
                          [&](uint32_t h) { still_held |= !roaring_bitmap_contains(removed_, h); });
    if (!still_held) roaring_bitmap_remove(live_of(e.segment), e.doc);
  }
  roaring_free_uint32_iterator(it);
  for (const auto& [path, e] : added_) {
    roaring_bitmap_add(live_of(parts.SegmentIndex(e.segment_id)), e.doc);
    parts.entries.push_back(e);
  }
  WriteManifestFile(ManifestFile(snapshots_dir, id), parts);
}

}  // namespace scry
