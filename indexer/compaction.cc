#include "indexer/compaction.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "indexer/ingest.h"
#include "indexer/manifest_builder.h"
#include "indexer/segment.h"
#include "indexer/segment_writer.h"

namespace scry {

namespace {

// A stored document as the writer takes it: the inverse of SegmentWriter::Add.  Trigrams are
// computed again from the content: cheaper than inverting the posting lists.
Document ReadBack(const Segment& segment, uint32_t id, BlockReader* reader, TrigramCollector* collector) {
  const DocRecord& record = segment.doc(id);
  Document doc;
  std::memcpy(doc.blob.data(), record.blob_id, doc.blob.size());
  doc.content = std::string(segment.Content(id, reader));
  doc.line_count = record.line_count;
  if (record.language != 0) doc.language = static_cast<Language>(record.language);
  doc.parse_fell_back = record.flags & kParseFellBack;
  doc.too_large_to_parse = record.flags & kTooLargeToParse;
  for (const ChunkRecord& c : segment.chunks(id)) {
    doc.chunks.push_back({c.begin, c.end, c.first_line, c.last_line, static_cast<ChunkKind>(c.kind),
                          std::string(segment.String(c.name)), std::string(segment.String(c.scope))});
  }
  for (const SymbolRecord& s : segment.SymbolsOf(id)) {
    Symbol symbol;
    symbol.name = segment.NameText(s.name);
    symbol.kind = static_cast<SymbolKind>(s.kind);
    symbol.scope = segment.String(s.scope);
    symbol.first_line = s.first_line;
    symbol.first_column = s.first_column;
    symbol.last_line = s.last_line;
    symbol.last_column = s.last_column;
    symbol.name_line = s.name_line;
    symbol.name_column = s.name_column;
    symbol.signature_line = s.signature_line;
    doc.symbols.push_back(std::move(symbol));
  }
  collector->Collect(doc.content, &doc.trigrams);
  return doc;
}

using DocKey = std::pair<uint64_t, uint32_t>;  // (segment id, doc)

// A file with its document in its new place if it moved.  A file of a merged segment whose document
// did not move is one no snapshot shows (a base's file that every delta over it replaced): nothing.
std::optional<ManifestEntry> InNewPlace(ManifestEntry e, const std::set<uint64_t>& merged,
                                        const std::map<DocKey, DocKey>& moved) {
  if (auto it = moved.find({e.segment_id, e.doc}); it != moved.end()) {
    e.segment_id = it->second.first;
    e.doc = it->second.second;
  } else if (merged.contains(e.segment_id)) {
    return std::nullopt;
  }
  return e;
}

// Every file of a manifest, in its new place.
std::vector<ManifestEntry> Moved(const Manifest& m, const std::set<uint64_t>& merged,
                                 const std::map<DocKey, DocKey>& moved) {
  std::vector<ManifestEntry> entries;
  for (uint32_t h : m.InPathOrder()) {
    if (auto e = InNewPlace(m.Materialize(h), merged, moved)) entries.push_back(std::move(*e));
  }
  return entries;
}

// Puts a delta's own files, in their new places, into `builder`.
void PutOwnFiles(const Manifest& delta, const std::set<uint64_t>& merged,
                 const std::map<DocKey, DocKey>& moved, ManifestBuilder* builder) {
  const auto first = static_cast<uint32_t>(delta.base()->size());
  for (uint32_t h = first; h < first + delta.own_size(); ++h) {
    if (auto e = InNewPlace(delta.Materialize(h), merged, moved)) builder->Put(std::move(*e));
  }
}

// Leaves out of `small` every segment holding a base of a delta in a segment that stays: the delta
// names its base by segment and document, which merging would change.
void KeepBasesOfOthers(const StoreLocation& store, Catalog& catalog, std::set<uint64_t>* small) {
  std::map<uint64_t, std::vector<uint64_t>> bases_of;
  for (const SegmentRow& row : catalog.Segments()) {
    bases_of[row.id] = BaseSegmentIdsOf(SegmentPath(store.dir, row.id));
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [id, bases] : bases_of) {
      if (small->contains(id)) continue;
      for (uint64_t base : bases) changed |= small->erase(base) > 0;
    }
  }
}

bool Refers(const Manifest& m, const std::set<uint64_t>& segments) {
  for (uint64_t id : m.segment_ids()) {
    if (segments.contains(id)) return true;
  }
  return false;
}

}  // namespace

CompactionReport CompactSegments(const StoreLocation& store, Catalog& catalog,
                                 const CompactionPolicy& policy) {
  std::vector<SegmentRow> candidates;
  for (const SegmentRow& row : catalog.Segments()) {
    if (row.content_bytes < policy.small_bytes) candidates.push_back(row);
  }
  std::sort(candidates.begin(), candidates.end(),
            [](const SegmentRow& a, const SegmentRow& b) { return a.content_bytes < b.content_bytes; });
  std::set<uint64_t> small;
  uint64_t small_content = 0;
  for (const SegmentRow& row : candidates) {
    bool much_larger = small.size() >= 2 && row.content_bytes > 4 * small_content / small.size();
    if ((policy.tiered && much_larger) || small_content + row.content_bytes > kSegmentBytes) break;
    small.insert(row.id);
    small_content += row.content_bytes;
  }
  KeepBasesOfOthers(store, catalog, &small);
  CompactionReport report;
  if (small.size() < std::max<size_t>(policy.min_small, 2)) return report;

  // Every snapshot's manifest, and the documents of the small segments they hold.
  const std::filesystem::path dir = SnapshotsDir(store.dir);
  std::map<uint64_t, std::unique_ptr<Manifest>> manifests;
  for (const SnapshotRow& row : catalog.Snapshots()) {
    if (!manifests.contains(row.manifest))
      manifests[row.manifest] = std::make_unique<Manifest>(dir, row.manifest);
  }
  // What each manifest file lists itself — a base once, each delta its own files — holds every
  // document a snapshot shows (and at most a few that only a base shows, which are copied too).
  std::map<uint64_t, const Manifest*> files_of;
  for (const auto& [id, m] : manifests) {
    files_of[id] = m.get();
    if (m->base()) files_of[m->base()->id()] = m->base();
  }
  std::map<uint64_t, std::set<uint32_t>> held;
  for (const auto& [id, m] : files_of) {
    const uint32_t first = m->base() ? static_cast<uint32_t>(m->base()->size()) : 0;
    for (uint32_t h = first; h < first + m->own_size(); ++h) {
      const EntryRecord& e = m->entry(h);
      uint64_t segment = m->segment_ids()[e.segment];
      if (small.contains(segment)) held[segment].insert(e.doc);
    }
  }

  // The bases of the deltas copied are copied too, whether a snapshot shows them or not.
  std::map<uint64_t, std::unique_ptr<Segment>> opened;
  auto open = [&](uint64_t id) -> const Segment& {
    std::unique_ptr<Segment>& segment = opened[id];
    if (segment == nullptr) segment = std::make_unique<Segment>(SegmentPath(store.dir, id));
    return *segment;
  };
  for (auto& [segment_id, docs] : held) {
    for (const DeltaRecord& delta : open(segment_id).deltas()) {
      if (!docs.contains(delta.doc)) continue;
      const uint64_t base = BaseSegmentOf(delta, segment_id);
      if (small.contains(base)) held[base].insert(delta.base_doc);
    }
  }

  // Full documents first, so that each delta's base has its new place when the delta is written.
  const uint64_t merged_id = catalog.NextFileId();
  SegmentWriter writer(SegmentPath(store.dir, merged_id));
  std::map<DocKey, DocKey> moved;
  BlockReader reader, base_reader;
  TrigramCollector collector;
  for (bool deltas : {false, true}) {
    for (const auto& [segment_id, docs] : held) {
      const Segment& segment = open(segment_id);
      for (uint32_t doc : docs) {
        if (segment.IsDelta(doc) != deltas) continue;
        Document document = ReadBack(segment, doc, &reader, &collector);
        std::optional<DeltaBase> base;
        if (deltas) {
          const DeltaRecord& delta = segment.Delta(doc);
          DocKey from{BaseSegmentOf(delta, segment_id), delta.base_doc};
          std::string_view content = open(from.first).Content(from.second, &base_reader);
          auto to = moved.find(from);
          base = to != moved.end() ? DeltaBase{0, to->second.second, content}
                                   : DeltaBase{from.first, from.second, content};
        }
        moved[{segment_id, doc}] = {merged_id, writer.Add(document, base ? &*base : nullptr)};
      }
    }
  }
  SegmentStats stats = writer.Finish();
  report.segments_merged = small.size();
  report.docs_copied = moved.size();

  // Full manifests first (the snapshots' own and the bases of their deltas), then the deltas over
  // the rewritten bases.
  std::map<uint64_t, uint64_t> rewritten;                         // manifest id -> its replacement
  std::map<uint64_t, std::unique_ptr<Manifest>> rewritten_bases;  // by their new id, opened once
  for (const auto& [id, m] : files_of) {
    if (m->base() != nullptr || !Refers(*m, small)) continue;
    uint64_t replacement = catalog.NextFileId();
    WriteFullManifest(dir, replacement, Moved(*m, small, moved), m->Skipped());
    rewritten[id] = replacement;
  }
  for (const auto& [id, m] : manifests) {
    if (m->base() == nullptr) continue;
    auto base = rewritten.find(m->base()->id());
    if (base == rewritten.end() && !Refers(*m, small)) continue;
    uint64_t replacement = catalog.NextFileId();
    if (base == rewritten.end()) {
      // The base stays: only the delta's own files moved.  A fork of the delta with them put back
      // in their new places costs the delta's size, not the tree's.
      ManifestBuilder builder(m.get());
      PutOwnFiles(*m, small, moved, &builder);
      builder.Write(dir, replacement);
    } else {
      // The base was rewritten: the delta's changes again, over the new base.  The new base holds
      // the old one's files under the same paths, so this costs the delta's size, not the tree's:
      // materialising every file of every delta over a rewritten base made a merge on Linux take
      // most of a second.
      std::unique_ptr<Manifest>& new_base = rewritten_bases[base->second];
      if (new_base == nullptr) new_base = std::make_unique<Manifest>(dir, base->second);
      ManifestBuilder builder(new_base.get());
      roaring_uint32_iterator_t* removed = roaring_create_iterator(m->removed());
      for (; removed->has_value; roaring_advance_uint32_iterator(removed)) {
        builder.Remove(m->base()->path(removed->current_value));
      }
      roaring_free_uint32_iterator(removed);
      PutOwnFiles(*m, small, moved, &builder);
      builder.SetSkipped(m->Skipped());
      builder.Write(dir, replacement);
    }
    rewritten[id] = replacement;
  }
  report.manifests_rewritten = rewritten.size();
  catalog.ReplaceSegments({merged_id, stats.docs, stats.content_bytes, stats.file_bytes},
                          std::vector<uint64_t>(small.begin(), small.end()), rewritten);
  return report;
}

}  // namespace scry
