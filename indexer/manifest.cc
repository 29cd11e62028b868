#include "indexer/manifest.h"

#include <roaring/roaring.h>

#include <algorithm>

#include "util/error.h"

namespace scry {

std::filesystem::path ManifestFile(const std::filesystem::path& snapshots_dir, uint64_t id) {
  return snapshots_dir / (std::to_string(id) + ".snap");
}

Manifest::Manifest(const std::filesystem::path& snapshots_dir, uint64_t id)
    : id_(id),
      container_(ManifestFile(snapshots_dir, id), kManifestMagic, kOldestManifestVersion, kManifestVersion) {
  const std::filesystem::path& path = container_.path();
  auto corrupt = [&](const char* what) { return Error(ExitCode::kCorrupt, path.string() + ": " + what); };
  // Only the small tables are checksummed here: the entries and paths are checked where they are
  // followed, and a search must not pay for hashing a 70,000-file manifest.
  for (uint32_t kind : {kSegmentIdsSection, kLiveTableSection, kLiveSection, kBaseSection, kRemovedSection}) {
    container_.VerifySection(kind);
  }
  if (container_.HasSection(kBaseSection)) {
    auto base_id = container_.Records<uint64_t>(kBaseSection);
    if (base_id.size() != 1 || base_id[0] == id) throw corrupt("bad base manifest id");
    base_ = std::make_unique<Manifest>(snapshots_dir, base_id[0]);
    if (base_->base_) throw corrupt("the base of a delta is itself a delta");
  }
  segment_ids_ = container_.Records<uint64_t>(kSegmentIdsSection);
  entries_ = container_.Records<EntryRecord>(kEntriesSection);
  paths_ = container_.Section(kPathsSection);
  doc_entries_ = container_.Records<uint32_t>(kDocEntriesSection);
  auto live_table = container_.Records<LiveRecord>(kLiveTableSection);
  std::string_view live_bytes = container_.Section(kLiveSection);
  if (live_table.size() != segment_ids_.size() || doc_entries_.size() != entries_.size()) {
    throw corrupt("tables disagree in size");
  }
  if (base_ &&
      !std::equal(base_->segment_ids_.begin(), base_->segment_ids_.end(), segment_ids_.begin(),
                  segment_ids_.begin() + std::min(segment_ids_.size(), base_->segment_ids_.size()))) {
    throw corrupt("segment ids do not extend the base's");
  }
  for (size_t i = 0; i < live_table.size(); ++i) {
    const LiveRecord& r = live_table[i];
    if (r.length == 0 && base_ && i < base_->segment_ids_.size()) {
      live_.push_back(base_->live_[i]);
      owns_live_.push_back(false);
      continue;
    }
    if (r.offset > live_bytes.size() || r.length > live_bytes.size() - r.offset)
      throw corrupt("live set out of bounds");
    const roaring_bitmap_t* view = roaring_bitmap_frozen_view(live_bytes.data() + r.offset, r.length);
    if (view == nullptr) throw corrupt("damaged live set");
    live_.push_back(view);
    owns_live_.push_back(true);
  }
  size_ = entries_.size();
  if (base_) {
    std::string_view removed = container_.Section(kRemovedSection);
    removed_ = roaring_bitmap_frozen_view(removed.data(), removed.size());
    if (removed_ == nullptr) throw corrupt("damaged removed set");
    uint64_t dropped = roaring_bitmap_get_cardinality(removed_);
    if (dropped > base_->size_) throw corrupt("removes more files than its base has");
    size_ += base_->size_ - dropped;
  }
}

Manifest::~Manifest() {
  for (size_t i = 0; i < live_.size(); ++i) {
    if (owns_live_[i]) roaring_bitmap_free(live_[i]);
  }
  if (removed_) roaring_bitmap_free(removed_);
}

const EntryRecord& Manifest::entry(uint32_t handle) const {
  if (handle < base_count()) return base_->entry(handle);
  size_t i = handle - base_count();
  const EntryRecord& e = entries_[i];
  if (e.path_offset > paths_.size() || e.path_length > paths_.size() - e.path_offset ||
      e.segment >= segment_ids_.size()) {
    throw Error(ExitCode::kCorrupt, container_.path().string() + ": entry points outside the manifest");
  }
  return e;
}

std::string_view Manifest::path(uint32_t handle) const {
  if (handle < base_count()) return base_->path(handle);
  entry(handle);  // checks the bounds
  return OwnPath(handle - base_count());
}

ManifestEntry Manifest::Materialize(uint32_t handle) const {
  const EntryRecord& e = entry(handle);
  return {std::string(path(handle)), segment_ids_[e.segment], e.doc, e.size, e.mtime_ns, e.flags};
}

bool Manifest::Removed(uint32_t base_handle) const { return roaring_bitmap_contains(removed_, base_handle); }

std::span<const uint32_t> Manifest::OwnEntriesOf(uint32_t index, uint32_t doc) const {
  auto key = [&](uint32_t e) { return std::pair(entries_[e].segment, entries_[e].doc); };
  const auto wanted = std::pair(index, doc);
  auto lo = std::partition_point(doc_entries_.begin(), doc_entries_.end(), [&](uint32_t e) {
    if (e >= entries_.size()) {
      throw Error(ExitCode::kCorrupt,
                  container_.path().string() + ": document index points outside the entries");
    }
    return key(e) < wanted;
  });
  auto hi = std::partition_point(lo, doc_entries_.end(), [&](uint32_t e) { return key(e) == wanted; });
  return {lo, hi};
}

size_t Manifest::FindOwn(std::string_view wanted) const {
  size_t lo = 0, hi = entries_.size();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (path(static_cast<uint32_t>(mid + base_count())) < wanted) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < entries_.size() && OwnPath(lo) == wanted ? lo : entries_.size();
}

uint32_t Manifest::Find(std::string_view wanted) const {
  if (size_t own = FindOwn(wanted); own < entries_.size()) return static_cast<uint32_t>(own + base_count());
  if (!base_) return kNoEntry;
  uint32_t h = base_->Find(wanted);
  return h != kNoEntry && !Removed(h) ? h : kNoEntry;
}

std::vector<uint32_t> Manifest::InPathOrder() const {
  std::vector<uint32_t> handles;
  handles.reserve(size_);
  uint32_t base_size = base_count();
  uint32_t b = 0, own = 0;
  auto next_base = [&] {
    while (b < base_size && Removed(b)) ++b;
  };
  next_base();
  while (b < base_size || own < entries_.size()) {
    if (own == entries_.size() || (b < base_size && base_->path(b) < OwnPath(own))) {
      handles.push_back(b++);
      next_base();
    } else {
      handles.push_back(base_size + own++);
    }
  }
  return handles;
}

void Manifest::SortByPath(std::vector<uint32_t>* handles) const {
  if (!base_) {
    std::sort(handles->begin(), handles->end());  // a full manifest's handles are in path order
    return;
  }
  std::sort(handles->begin(), handles->end(), [&](uint32_t a, uint32_t b) { return path(a) < path(b); });
}

std::vector<SkippedFile> Manifest::Skipped() const {
  std::vector<SkippedFile> skipped;
  std::string_view text = container_.Section(kSkippedSection);
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    size_t tab = line.find('\t');
    skipped.push_back({std::string(line.substr(0, tab)),
                       tab == std::string_view::npos ? "" : std::string(line.substr(tab + 1))});
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
  }
  return skipped;
}

void Manifest::VerifyAll() const {
  if (base_) base_->VerifyAll();
  for (const SectionEntry& s : container_.sections()) container_.VerifySection(s.kind);
  for (uint32_t i = 0; i < entries_.size(); ++i) {
    entry(i + base_count());
    if (i > 0 && OwnPath(i - 1) >= OwnPath(i)) {
      throw Error(ExitCode::kCorrupt, container_.path().string() + ": entries are out of path order");
    }
  }
  for (uint32_t i : doc_entries_) {
    if (i >= entries_.size()) {
      throw Error(ExitCode::kCorrupt,
                  container_.path().string() + ": document index points outside the entries");
    }
  }
}

}  // namespace scry
