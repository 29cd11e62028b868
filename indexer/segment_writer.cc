#include "indexer/segment_writer.h"

#include <lz4hc.h>
#include <roaring/roaring.h>

#include <algorithm>
#include <cstring>
#include <numeric>

#include "indexer/zstd_frame.h"
#include "util/error.h"

namespace scry {

namespace {

// Blocks of about 64 KiB compress well and still make a single-document read cheap.
constexpr size_t kBlockTarget = 64 * 1024;
// LZ4HC level 3, not zstd: on Linux's C sources it compresses 3.2x at 140 MB/s and decompresses at
// 3.5 GB/s, against zstd -3's 3.9x and 1.1 GB/s.  A search with no usable trigram decompresses the
// whole corpus, and at zstd's speed that alone cost a third of ripgrep's time.
constexpr int kLz4Level = 3;
// A version is stored as a delta when its frame is at most this share of its bytes (LZ4 keeps
// source code at about a third): one edited since its base for long enough to pass it is stored
// whole and becomes the base of the next versions, as a video codec's keyframe.
constexpr uint64_t kDeltaShare = 8;
// Every section but the content blocks (found by file offset) and the delta frames (zstd already).
constexpr auto kMayCompress = ContainerWriter::Storage::kMayCompress;

}  // namespace

SegmentWriter::SegmentWriter(const std::filesystem::path& path)
    : out_(path, kSegmentMagic, kSegmentVersion),
      slot_of_(static_cast<uint32_t*>(std::calloc(size_t{1} << 24, sizeof(uint32_t)))) {
  if (slot_of_ == nullptr) throw Error(ExitCode::kIo, "out of memory for a segment's trigram table");
  out_.BeginSection(kContentSection);
}

SegmentWriter::~SegmentWriter() = default;

uint32_t SegmentWriter::Intern(const std::string& s) {
  if (s.empty()) return 0;
  auto [it, inserted] = string_offsets_.try_emplace(s, static_cast<uint32_t>(strings_.size()));
  if (inserted) {
    strings_ += s;
    strings_ += '\0';
  }
  return it->second;
}

void SegmentWriter::AddPosting(Trigram t, uint32_t id) {
  uint32_t& slot = slot_of_[t];
  if (slot == 0) {
    lists_.emplace_back();
    list_trigram_.push_back(t);
    slot = static_cast<uint32_t>(lists_.size());
  }
  lists_[slot - 1].push_back(id);
}

bool SegmentWriter::AddDelta(uint32_t id, const Document& doc, const DeltaBase& base) {
  std::string frame = EncodeDelta(base.content, doc.content);
  if (frame.empty() || frame.size() > doc.content.size() / kDeltaShare) return false;
  deltas_.push_back(
      {id, base.doc, base.segment_id, delta_frames_.size(), static_cast<uint32_t>(frame.size()), 0});
  delta_frames_ += frame;
  // Only the trigrams the base lacks: Segment::Lookup finds the delta under the others through it.
  if (base_trigrams_ == nullptr) base_trigrams_ = std::make_unique<TrigramCollector>();
  std::vector<Trigram> in_base;
  base_trigrams_->Collect(base.content, &in_base);
  std::sort(in_base.begin(), in_base.end());
  for (Trigram t : doc.trigrams) {
    if (!std::binary_search(in_base.begin(), in_base.end(), t)) AddPosting(t, id);
  }
  stats_.deltas++;
  return true;
}

uint32_t SegmentWriter::Add(const Document& doc, const DeltaBase* base) {
  auto id = static_cast<uint32_t>(docs_.size());
  DocRecord rec{};
  std::memcpy(rec.blob_id, doc.blob.data(), sizeof(rec.blob_id));
  const uint16_t language = doc.language ? static_cast<uint16_t>(*doc.language) : 0;
  rec.language = language;
  rec.flags = (doc.parse_fell_back ? kParseFellBack : 0) | (doc.too_large_to_parse ? kTooLargeToParse : 0);
  rec.size = doc.content.size();
  rec.first_chunk = static_cast<uint32_t>(chunks_.size());
  rec.chunk_count = static_cast<uint32_t>(doc.chunks.size());
  rec.line_count = doc.line_count;
  if (base != nullptr && AddDelta(id, doc, *base)) {
    rec.flags |= kDelta;
    rec.block = kNoBlock;
  } else {
    if (!block_.empty() && block_.size() + doc.content.size() > kBlockTarget) FlushBlock();
    rec.block = static_cast<uint32_t>(blocks_.size());
    rec.block_offset = static_cast<uint32_t>(block_.size());
    block_ += doc.content;
    if (doc.content.empty() || doc.content.back() != '\n') block_ += '\n';
    if (block_.size() >= kBlockTarget) FlushBlock();
    for (Trigram t : doc.trigrams) AddPosting(t, id);
  }
  docs_.push_back(rec);

  for (const Chunk& c : doc.chunks) {
    chunks_.push_back({static_cast<uint32_t>(c.begin), static_cast<uint32_t>(c.end), c.first_line,
                       c.last_line, id, Intern(c.name), Intern(c.scope), static_cast<uint16_t>(c.kind),
                       language});
  }
  for (const Symbol& sym : doc.symbols) {
    auto [it, inserted] = name_ids_.try_emplace(sym.name, static_cast<uint32_t>(names_.size()));
    if (inserted) names_.push_back(sym.name);
    symbols_.push_back({id, it->second, Intern(sym.scope), sym.signature_line, sym.first_line,
                        sym.first_column, sym.last_line, sym.last_column, sym.name_line, sym.name_column,
                        static_cast<uint16_t>(sym.kind), 0});
  }
  stats_.docs++;
  stats_.chunks += doc.chunks.size();
  stats_.symbols += doc.symbols.size();
  stats_.content_bytes += doc.content.size();
  return id;
}

void SegmentWriter::FlushBlock() {
  if (block_.empty()) return;
  if (block_.size() > static_cast<size_t>(LZ4_MAX_INPUT_SIZE)) {
    throw Error(ExitCode::kIo, "a document of " + std::to_string(block_.size()) +
                                   " bytes is larger than a content block can hold (" +
                                   std::to_string(LZ4_MAX_INPUT_SIZE) + " bytes)");
  }
  compressed_.resize(static_cast<size_t>(LZ4_compressBound(static_cast<int>(block_.size()))));
  int n = LZ4_compress_HC(block_.data(), compressed_.data(), static_cast<int>(block_.size()),
                          static_cast<int>(compressed_.size()), kLz4Level);
  if (n <= 0) throw Error(ExitCode::kIo, "lz4: cannot compress a block");
  uint64_t offset = out_.Append(std::string_view(compressed_.data(), static_cast<size_t>(n)));
  blocks_.push_back({offset, static_cast<uint32_t>(n), static_cast<uint32_t>(block_.size())});
  stats_.compressed_bytes += n;
  block_.clear();
}

void SegmentWriter::WritePostings() {
  std::vector<uint32_t> order(lists_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return list_trigram_[a] < list_trigram_[b]; });

  std::vector<TrigramRecord> records;
  records.reserve(order.size());
  std::string frozen;
  out_.BeginSection(kPostingsSection, kMayCompress);
  uint64_t section_start = out_.Align();
  for (uint32_t i : order) {
    std::vector<uint32_t>& ids = lists_[i];
    roaring_bitmap_t* bitmap = roaring_bitmap_of_ptr(ids.size(), ids.data());
    roaring_bitmap_run_optimize(bitmap);
    frozen.resize(roaring_bitmap_frozen_size_in_bytes(bitmap));
    roaring_bitmap_frozen_serialize(bitmap, frozen.data());
    roaring_bitmap_free(bitmap);
    uint64_t offset = out_.Align();
    out_.Append(frozen);
    records.push_back(
        {list_trigram_[i], static_cast<uint32_t>(ids.size()), offset - section_start, frozen.size()});
    std::vector<uint32_t>().swap(ids);
  }
  out_.EndSection();
  stats_.trigrams = records.size();
  for (const TrigramRecord& r : records) stats_.postings_bytes += r.postings_length;
  out_.AddRecords(kTrigramsSection, records, kMayCompress);
}

void SegmentWriter::WriteSymbols() {
  std::vector<uint32_t> order(names_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return CompareNames(names_[a], names_[b]) < 0; });
  std::vector<uint32_t> rank(names_.size());
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;

  std::vector<uint32_t> counts(names_.size(), 0);
  for (SymbolRecord& sym : symbols_) {
    sym.name = rank[sym.name];
    counts[sym.name]++;
  }
  std::string blob;
  std::vector<NameRecord> records;
  std::vector<uint64_t> masks;
  records.reserve(order.size());
  masks.reserve(order.size());
  uint32_t first_symbol = 0;
  for (uint32_t r = 0; r < order.size(); ++r) {
    const std::string& name = names_[order[r]];
    records.push_back(
        {static_cast<uint32_t>(blob.size()), static_cast<uint32_t>(name.size()), first_symbol, counts[r]});
    masks.push_back(CharMask(name));
    blob += name;
    blob += '\n';
    first_symbol += counts[r];
  }
  std::vector<uint32_t> by_name(symbols_.size());
  for (uint32_t i = 0; i < symbols_.size(); ++i) by_name[records[symbols_[i].name].first_symbol++] = i;
  for (NameRecord& r : records) r.first_symbol -= r.symbol_count;

  out_.AddRecords(kSymbolsSection, symbols_, kMayCompress);
  out_.AddSection(kNamesSection, blob, kMayCompress);
  out_.AddRecords(kNameRecordsSection, records, kMayCompress);
  out_.AddRecords(kSymbolsByNameSection, by_name, kMayCompress);
  out_.AddRecords(kNameMasksSection, masks, kMayCompress);
}

SegmentStats SegmentWriter::Finish() {
  FlushBlock();
  out_.EndSection();
  WritePostings();
  out_.AddRecords(kDocsSection, docs_, kMayCompress);
  std::vector<uint32_t> blob_order(docs_.size());
  std::iota(blob_order.begin(), blob_order.end(), 0);
  std::sort(blob_order.begin(), blob_order.end(), [&](uint32_t a, uint32_t b) {
    return std::memcmp(docs_[a].blob_id, docs_[b].blob_id, sizeof(docs_[a].blob_id)) < 0;
  });
  out_.AddRecords(kBlobOrderSection, blob_order, kMayCompress);
  out_.AddRecords(kChunksSection, chunks_, kMayCompress);
  WriteSymbols();
  out_.AddSection(kStringsSection, strings_, kMayCompress);
  out_.AddRecords(kBlocksSection, blocks_, kMayCompress);
  out_.AddRecords(kDeltasSection, deltas_, kMayCompress);
  out_.AddSection(kDeltaFramesSection, delta_frames_);
  stats_.file_bytes = out_.Finish();
  return stats_;
}

}  // namespace scry
