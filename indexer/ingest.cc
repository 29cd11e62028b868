#include "indexer/ingest.h"

#include <chrono>

#include "indexer/garbage.h"
#include "indexer/segment.h"
#include "indexer/segment_writer.h"
#include "util/error.h"

namespace scry {

namespace fs = std::filesystem;

Ingest::Ingest(const StoreLocation& store, uint64_t segment_bytes)
    : store_(store), segment_bytes_(segment_bytes) {
  if (!fs::is_directory(store.root)) {
    throw Error(ExitCode::kBadInput, "cannot index " + store.root.string() + ": not a directory");
  }
  fs::create_directories(store.dir / "segments");
  fs::create_directories(SnapshotsDir(store.dir));
  lock_ = std::make_unique<WriterLock>(store.dir);
  catalog_ = std::make_unique<Catalog>(CatalogPath(store.dir), true);
  if (!store.root.empty()) catalog_->SetMeta("root", store.root.string());
  CollectGarbage(store.dir, *catalog_);
  for (const SegmentRow& row : catalog_->Segments()) {
    // Read for blob ids and bases, which are never deltas: their own bases need not be opened.
    segments_.emplace_back(row.id,
                           std::make_unique<Segment>(SegmentPath(store.dir, row.id), Segment::Bases::kSkip));
  }
}

Ingest::~Ingest() = default;

std::optional<DocLocation> Ingest::FindPublished(const BlobId& blob) const {
  for (const auto& [id, segment] : segments_) {
    if (std::optional<uint32_t> doc = segment->FindBlob(blob))
      return DocLocation{id, *doc, segment->doc(*doc).size};
  }
  return std::nullopt;
}

std::optional<DocLocation> Ingest::Find(const BlobId& blob) const {
  if (auto a = added_.find(blob); a != added_.end()) return a->second;
  return FindPublished(blob);
}

const Segment* Ingest::Published(uint64_t segment_id) const {
  for (const auto& [id, segment] : segments_) {
    if (id == segment_id) return segment.get();
  }
  return nullptr;
}

std::optional<DocLocation> Ingest::KeyframeOf(const DocLocation& doc) const {
  const Segment* segment = Published(doc.segment_id);
  if (segment == nullptr || doc.doc >= segment->doc_count()) return std::nullopt;
  if (!segment->IsDelta(doc.doc)) return DocLocation{doc.segment_id, doc.doc, segment->doc(doc.doc).size};
  const DeltaRecord& delta = segment->Delta(doc.doc);
  const uint64_t base_segment = BaseSegmentOf(delta, doc.segment_id);
  const Segment* base = Published(base_segment);
  if (base == nullptr || delta.base_doc >= base->doc_count()) return std::nullopt;
  return DocLocation{base_segment, delta.base_doc, base->doc(delta.base_doc).size};
}

DocLocation Ingest::Add(const Document& doc, const std::optional<DocLocation>& replaces) {
  if (writer_ && writer_->content_bytes() >= segment_bytes_) CloseSegment();
  if (!writer_) {
    writer_id_ = catalog_->NextFileId();
    writer_ = std::make_unique<SegmentWriter>(SegmentPath(store_.dir, writer_id_));
  }
  std::optional<DocLocation> keyframe = replaces ? KeyframeOf(*replaces) : std::nullopt;
  std::optional<DeltaBase> base;
  if (keyframe) {
    base = DeltaBase{keyframe->segment_id, keyframe->doc,
                     Published(keyframe->segment_id)->Content(keyframe->doc, &base_reader_)};
  }
  DocLocation location{writer_id_, writer_->Add(doc, base ? &*base : nullptr), doc.content.size()};
  added_.emplace(doc.blob, location);
  counts_.docs_added++;
  counts_.chunks += doc.chunks.size();
  counts_.symbols += doc.symbols.size();
  counts_.parse_fell_back += doc.parse_fell_back;
  counts_.too_large_to_parse += doc.too_large_to_parse;
  return location;
}

void Ingest::CloseSegment() {
  SegmentStats stats = writer_->Finish();
  written_.push_back({writer_id_, stats.docs, stats.content_bytes, stats.file_bytes});
  writer_.reset();
}

void Ingest::Publish(const ManifestBuilder& files, SnapshotRow row) {
  if (writer_) CloseSegment();
  row.manifest = catalog_->NextFileId();
  files.Write(SnapshotsDir(store_.dir), row.manifest);
  catalog_->Publish(written_, row);
  for (const SegmentRow& written : written_) {
    segments_.emplace_back(
        written.id, std::make_unique<Segment>(SegmentPath(store_.dir, written.id), Segment::Bases::kSkip));
  }
  written_.clear();
  CollectGarbage(store_.dir, *catalog_);
}

CompactionReport Ingest::Compact(const CompactionPolicy& policy) {
  CompactionReport report = CompactSegments(store_, *catalog_, policy);
  if (report.segments_merged > 0) CollectGarbage(store_.dir, *catalog_);
  return report;
}

}  // namespace scry
