#include "indexer/manifest.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "util/error.h"

namespace scry {

void WriteManifest(const std::filesystem::path& path, std::vector<ManifestEntry> entries,
                   const std::vector<SkippedFile>& skipped) {
  std::sort(entries.begin(), entries.end(),
            [](const ManifestEntry& a, const ManifestEntry& b) { return a.path < b.path; });

  std::map<uint64_t, uint32_t> segment_index;
  for (const ManifestEntry& e : entries) segment_index.emplace(e.segment_id, 0);
  std::vector<uint64_t> segment_ids;
  for (auto& [id, index] : segment_index) {
    index = static_cast<uint32_t>(segment_ids.size());
    segment_ids.push_back(id);
  }

  std::vector<EntryRecord> records;
  records.reserve(entries.size());
  std::string paths;
  std::vector<roaring_bitmap_t*> live(segment_ids.size());
  for (auto& bitmap : live) bitmap = roaring_bitmap_create();
  for (const ManifestEntry& e : entries) {
    uint32_t seg = segment_index[e.segment_id];
    records.push_back(
        {paths.size(), static_cast<uint32_t>(e.path.size()), seg, e.doc, 0, e.size, e.mtime_ns});
    paths += e.path;
    roaring_bitmap_add(live[seg], e.doc);
  }
  std::vector<uint32_t> doc_entries(records.size());
  std::iota(doc_entries.begin(), doc_entries.end(), 0);
  std::stable_sort(doc_entries.begin(), doc_entries.end(), [&](uint32_t a, uint32_t b) {
    return std::tie(records[a].segment, records[a].doc) < std::tie(records[b].segment, records[b].doc);
  });

  ContainerWriter out(path, kManifestMagic, kManifestVersion);
  out.AddRecords(kSegmentIdsSection, segment_ids);
  out.AddRecords(kEntriesSection, records);
  out.AddSection(kPathsSection, paths);
  out.AddRecords(kDocEntriesSection, doc_entries);
  std::vector<LiveRecord> live_table;
  out.BeginSection(kLiveSection);
  for (roaring_bitmap_t* bitmap : live) {
    roaring_bitmap_run_optimize(bitmap);
    auto [offset, length] = out.AppendFrozenBitmap(bitmap);
    roaring_bitmap_free(bitmap);
    live_table.push_back({offset, length});
  }
  out.EndSection();
  out.AddRecords(kLiveTableSection, live_table);
  std::string skipped_text;
  for (const SkippedFile& s : skipped) skipped_text += s.path + '\t' + s.reason + '\n';
  out.AddSection(kSkippedSection, skipped_text);
  out.Finish();
}

Manifest::Manifest(const std::filesystem::path& path) : container_(path, kManifestMagic, kManifestVersion) {
  for (uint32_t kind : {kSegmentIdsSection, kEntriesSection, kPathsSection, kLiveTableSection, kLiveSection,
                        kDocEntriesSection}) {
    container_.VerifySection(kind);
  }
  segment_ids_ = container_.Records<uint64_t>(kSegmentIdsSection);
  entries_ = container_.Records<EntryRecord>(kEntriesSection);
  paths_ = container_.Section(kPathsSection);
  doc_entries_ = container_.Records<uint32_t>(kDocEntriesSection);
  auto live_table = container_.Records<LiveRecord>(kLiveTableSection);
  std::string_view live_bytes = container_.Section(kLiveSection);
  auto corrupt = [&](const char* what) { return Error(ExitCode::kCorrupt, path.string() + ": " + what); };
  if (live_table.size() != segment_ids_.size() || doc_entries_.size() != entries_.size()) {
    throw corrupt("tables disagree in size");
  }
  for (const EntryRecord& e : entries_) {
    if (e.path_offset > paths_.size() || e.path_length > paths_.size() - e.path_offset ||
        e.segment >= segment_ids_.size()) {
      throw corrupt("entry points outside the manifest");
    }
  }
  for (uint32_t i : doc_entries_) {
    if (i >= entries_.size()) throw corrupt("document index points outside the entries");
  }
  for (const LiveRecord& r : live_table) {
    if (r.offset > live_bytes.size() || r.length > live_bytes.size() - r.offset)
      throw corrupt("live set out of bounds");
    const roaring_bitmap_t* view = roaring_bitmap_frozen_view(live_bytes.data() + r.offset, r.length);
    if (view == nullptr) throw corrupt("damaged live set");
    live_.push_back(view);
  }
}

Manifest::~Manifest() {
  for (const roaring_bitmap_t* bitmap : live_) roaring_bitmap_free(bitmap);
}

std::span<const uint32_t> Manifest::EntriesOf(uint32_t index, uint32_t doc) const {
  auto key = [&](uint32_t e) { return std::pair(entries_[e].segment, entries_[e].doc); };
  const auto wanted = std::pair(index, doc);
  auto lo = std::partition_point(doc_entries_.begin(), doc_entries_.end(),
                                 [&](uint32_t e) { return key(e) < wanted; });
  auto hi = std::partition_point(lo, doc_entries_.end(), [&](uint32_t e) { return key(e) == wanted; });
  return {lo, hi};
}

size_t Manifest::Find(std::string_view wanted) const {
  size_t lo = 0, hi = entries_.size();
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (path(mid) < wanted) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < entries_.size() && path(lo) == wanted ? lo : entries_.size();
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
  for (const SectionEntry& s : container_.sections()) container_.VerifySection(s.kind);
}

}  // namespace scry
