// Writes one segment: documents go in one at a time, the file appears whole when Finish() returns.
//
// Content is compressed into blocks as documents arrive and streamed to disk; the trigram postings,
// document and chunk tables are kept in memory and written at the end.  Memory therefore grows with the
// number of postings, which is why the indexer cuts the corpus into segments of bounded size.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "indexer/container.h"
#include "indexer/document.h"
#include "indexer/segment_format.h"

namespace scry {

struct SegmentStats {
  uint32_t docs = 0;
  uint32_t deltas = 0;  // of the documents, how many are stored as deltas
  uint64_t chunks = 0;
  uint64_t symbols = 0;
  uint64_t content_bytes = 0;     // documents' raw bytes
  uint64_t compressed_bytes = 0;  // content section
  uint64_t trigrams = 0;          // distinct trigrams
  uint64_t postings_bytes = 0;
  uint64_t file_bytes = 0;
};

// A full document a new version may be stored as a delta over: the version it replaces, or that
// version's own base if it is a delta (a delta's base is never a delta).
struct DeltaBase {
  uint64_t segment_id;  // 0: the segment being written
  uint32_t doc;
  std::string_view content;
};

class SegmentWriter {
 public:
  explicit SegmentWriter(const std::filesystem::path& path);
  ~SegmentWriter();

  // Returns the new document's id within this segment.  With a base, the document is stored as a
  // delta over it when that is much smaller than the document (else whole, becoming a base itself).
  uint32_t Add(const Document& doc, const DeltaBase* base = nullptr);

  uint32_t doc_count() const { return static_cast<uint32_t>(docs_.size()); }
  uint64_t content_bytes() const { return stats_.content_bytes; }

  // Writes the remaining sections, fsyncs and renames the file into place.
  SegmentStats Finish();

 private:
  // Records `doc` as a delta over `base` if its frame is small enough; false otherwise.
  bool AddDelta(uint32_t id, const Document& doc, const DeltaBase& base);
  void AddPosting(Trigram t, uint32_t id);
  void FlushBlock();
  uint32_t Intern(const std::string& s);
  void WritePostings();
  void WriteSymbols();

  ContainerWriter out_;
  std::vector<DocRecord> docs_;
  std::vector<ChunkRecord> chunks_;
  std::string strings_{'\0'};
  std::unordered_map<std::string, uint32_t> string_offsets_;  // scopes repeat: each is stored once
  std::vector<SymbolRecord> symbols_;  // SymbolRecord::name indexes names_ until WriteSymbols
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint32_t> name_ids_;
  std::vector<BlockRecord> blocks_;
  std::vector<DeltaRecord> deltas_;
  std::string delta_frames_;
  std::unique_ptr<TrigramCollector> base_trigrams_;  // made for the first delta
  std::string block_;                                // the block being filled
  std::string compressed_;
  // Postings under construction: slot_of_[trigram] is 1 + index into lists_, 0 when not seen yet.
  // 64 MiB from calloc, which maps zero pages and touches only those a trigram lands in: a
  // per-commit segment of a few files no longer clears 64 MiB (20-30 ms) before its first document.
  struct Free {
    void operator()(uint32_t* p) const { std::free(p); }
  };
  std::unique_ptr<uint32_t[], Free> slot_of_;
  std::vector<std::vector<uint32_t>> lists_;
  std::vector<uint32_t> list_trigram_;
  SegmentStats stats_;
};

}  // namespace scry
