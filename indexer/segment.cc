#include "indexer/segment.h"

#include <lz4.h>
#include <roaring/roaring.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <map>
#include <mutex>

#include "indexer/block_buffer.h"
#include "indexer/store.h"
#include "indexer/symbol.h"
#include "indexer/zstd_frame.h"
#include "util/error.h"

namespace scry {

Postings& Postings::operator=(Postings&& other) noexcept {
  if (this != &other) {
    if (view_ != nullptr) roaring_bitmap_free(view_);
    view_ = std::exchange(other.view_, nullptr);
  }
  return *this;
}

Postings::~Postings() {
  if (view_ != nullptr) roaring_bitmap_free(view_);
}

namespace {

// The ids of the other segments the deltas are over, in increasing order.
std::vector<uint64_t> OtherBaseSegments(std::span<const DeltaRecord> deltas) {
  std::vector<uint64_t> ids;
  for (const DeltaRecord& delta : deltas) {
    if (delta.base_segment != 0) ids.push_back(delta.base_segment);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

uint64_t NextSerial() {
  static std::atomic<uint64_t> next{1};
  return next.fetch_add(1, std::memory_order_relaxed);
}

}  // namespace

std::string_view BlockReader::Read(const Segment& segment, uint32_t index, uint64_t need) {
  if (index >= segment.blocks_.size())
    segment.ThrowCorrupt("block " + std::to_string(index) + " out of bounds");
  const BlockRecord& block = segment.blocks_[index];
  bool again = segment_ == segment.serial() && block_ == index;
  last_was_delta_ = false;
  if (again && decoded_ >= need) return std::string_view(buffer_.get(), decoded_);
  std::string_view file = segment.container_.file_bytes();
  if (block.offset > file.size() || block.compressed_size > file.size() - block.offset ||
      need > block.raw_size) {
    throw Error(ExitCode::kCorrupt,
                segment.container_.path().string() + ": block " + std::to_string(index) + " out of bounds");
  }
  if (again) need = block.raw_size;
  if (buffer_ == nullptr || buffer_.use_count() > 1 || capacity_ < block.raw_size) {
    constexpr size_t kRound = 64 * 1024;  // blocks are about this size: one allocation fits most
    capacity_ = (block.raw_size + kRound - 1) / kRound * kRound;
    buffer_ = NewBlockBuffer(capacity_);
  }
  int n = LZ4_decompress_safe_partial(file.data() + block.offset, buffer_.get(),
                                      static_cast<int>(block.compressed_size), static_cast<int>(need),
                                      static_cast<int>(block.raw_size));
  if (n < 0 || static_cast<uint64_t>(n) < need) {
    segment_ = 0;
    throw Error(ExitCode::kCorrupt, segment.container_.path().string() + ": block " + std::to_string(index) +
                                        " does not decompress");
  }
  segment_ = segment.serial();
  block_ = index;
  decoded_ = static_cast<size_t>(n);
  return std::string_view(buffer_.get(), decoded_);
}

std::string_view BlockReader::ReadDelta(const Segment& segment, uint32_t doc) {
  const DeltaRecord& delta = segment.Delta(doc);
  const Segment& base = segment.BaseSegment(delta.base_segment);
  const std::string_view frames = segment.delta_frames_;
  auto corrupt = [&](const char* what) {
    segment.ThrowCorrupt("delta document " + std::to_string(doc) + what);
  };
  if (delta.base_doc >= base.doc_count() || base.IsDelta(delta.base_doc)) corrupt(" has no full base");
  if (delta.frame_offset > frames.size() || delta.frame_length > frames.size() - delta.frame_offset) {
    corrupt(" points outside the delta frames");
  }
  if (base_reader_ == nullptr) base_reader_ = std::make_unique<BlockReader>();
  std::string_view base_content = base.Content(delta.base_doc, base_reader_.get());
  const uint64_t size = segment.doc(doc).size;
  if (delta_ == nullptr || delta_.use_count() > 1 || delta_capacity_ < size) {
    delta_capacity_ = std::max<uint64_t>(size, 1);
    delta_ = NewBlockBuffer(delta_capacity_);
  }
  if (!DecodeDelta(base_content, frames.substr(delta.frame_offset, delta.frame_length), delta_.get(), size)) {
    corrupt(" does not decode");
  }
  last_was_delta_ = true;
  return std::string_view(delta_.get(), size);
}

Segment::Segment(const std::filesystem::path& path, Bases bases)
    : container_(path, kSegmentMagic, kOldestSegmentVersion, kSegmentVersion), serial_(NextSerial()) {
  // Checksums are left to VerifyAll (`scry check`): hashing the tables on every open would cost a
  // search more than the search itself.  Records are checked where they are used, not here: a loop
  // over the 464,000 trigrams of a Linux segment was a third of the time of a symbol lookup.
  docs_ = container_.Records<DocRecord>(kDocsSection);
  blocks_ = container_.Records<BlockRecord>(kBlocksSection);
  trigrams_ = container_.Records<TrigramRecord>(kTrigramsSection);
  postings_ = container_.Section(kPostingsSection);
  blob_order_ = container_.Records<uint32_t>(kBlobOrderSection);
  if (blob_order_.size() != docs_.size()) ThrowCorrupt("the blob order does not match the documents");
  if (container_.HasSection(kDeltasSection)) {
    deltas_ = container_.Records<DeltaRecord>(kDeltasSection);
    delta_frames_ = container_.Section(kDeltaFramesSection);
  }
  for (uint32_t i = 0; i < deltas_.size(); ++i) {
    const uint64_t base = deltas_[i].base_segment;
    auto group = std::find_if(deltas_by_base_.begin(), deltas_by_base_.end(),
                              [&](const auto& g) { return g.first == base; });
    if (group == deltas_by_base_.end()) group = deltas_by_base_.insert(group, {base, {}});
    group->second.push_back(i);
  }
  if (bases == Bases::kOpen) OpenBases();
}

Segment::~Segment() = default;

void Segment::OpenBases() {
  const std::filesystem::path store = container_.path().parent_path().parent_path();
  for (uint64_t id : BaseSegmentIds()) bases_.emplace_back(id, OpenSegment(SegmentPath(store, id)));
}

std::shared_ptr<const Segment> OpenSegment(const std::filesystem::path& path) {
  // What tells one file from another at the same path: a removed file's inode may be reused.
  struct Open {
    dev_t device;
    ino_t inode;
    off_t size;
    int64_t mtime_ns;
    std::weak_ptr<const Segment> segment;
  };
  static std::mutex mutex;
  static std::map<std::filesystem::path, Open> open;
  struct stat file;
  if (::stat(path.c_str(), &file) != 0) {
    throw Error(ExitCode::kCorrupt, "cannot open " + path.string() + ": " + std::strerror(errno));
  }
  const int64_t mtime_ns = int64_t{file.st_mtim.tv_sec} * 1'000'000'000 + file.st_mtim.tv_nsec;
  {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = open.find(path);
    if (it != open.end() && it->second.device == file.st_dev && it->second.inode == file.st_ino &&
        it->second.size == file.st_size && it->second.mtime_ns == mtime_ns) {
      if (std::shared_ptr<const Segment> segment = it->second.segment.lock()) return segment;
    }
  }
  // Opened outside the lock: its bases come through here too.  Two threads may open the same file
  // at once; the second to finish keeps the map's entry, and both segments are right.
  auto segment = std::make_shared<const Segment>(path);
  std::lock_guard<std::mutex> lock(mutex);
  std::erase_if(open, [](const auto& entry) { return entry.second.segment.expired(); });
  open[path] = {file.st_dev, file.st_ino, file.st_size, mtime_ns, segment};
  return segment;
}

std::vector<uint64_t> Segment::BaseSegmentIds() const { return OtherBaseSegments(deltas_); }

std::vector<uint64_t> BaseSegmentIdsOf(const std::filesystem::path& path) {
  ContainerReader container(path, kSegmentMagic, kOldestSegmentVersion, kSegmentVersion);
  if (!container.HasSection(kDeltasSection)) return {};
  return OtherBaseSegments(container.Records<DeltaRecord>(kDeltasSection));
}

const Segment& Segment::BaseSegment(uint64_t id) const {
  if (id == 0) return *this;
  for (const auto& [base_id, base] : bases_) {
    if (base_id == id) return *base;
  }
  ThrowCorrupt("the base segment " + std::to_string(id) + " of a delta is not open");
}

const DeltaRecord& Segment::Delta(uint32_t doc) const {
  auto it = std::partition_point(deltas_.begin(), deltas_.end(),
                                 [doc](const DeltaRecord& d) { return d.doc < doc; });
  if (it == deltas_.end() || it->doc != doc)
    ThrowCorrupt("document " + std::to_string(doc) + " has no delta");
  return *it;
}

uint64_t Segment::DecodedBytes(uint32_t doc) const {
  const DocRecord& d = docs_[doc];
  if (IsDelta(doc)) return d.size;
  if (d.block >= blocks_.size()) ThrowCorrupt("document table points outside the blocks");
  return blocks_[d.block].raw_size;
}

void Segment::ThrowCorrupt(const std::string& what) const {
  throw Error(ExitCode::kCorrupt, container_.path().string() + ": " + what);
}

const Segment::Tables& Segment::tables() const {
  std::call_once(tables_once_, [&] {
    tables_.strings = container_.Section(kStringsSection);
    tables_.symbols = container_.Records<SymbolRecord>(kSymbolsSection);
    tables_.names = container_.Records<NameRecord>(kNameRecordsSection);
    tables_.names_text = container_.Section(kNamesSection);
    tables_.symbols_by_name = container_.Records<uint32_t>(kSymbolsByNameSection);
    tables_.name_masks = container_.Records<uint64_t>(kNameMasksSection);
    if (tables_.name_masks.size() != tables_.names.size()) ThrowCorrupt("name masks do not match the names");
  });
  return tables_;
}

std::span<const ChunkRecord> Segment::all_chunks() const {
  std::call_once(chunks_once_, [&] { chunks_ = container_.Records<ChunkRecord>(kChunksSection); });
  return chunks_;
}

const SymbolRecord& Segment::symbol(uint32_t id) const {
  const Tables& t = tables();
  if (id >= t.symbols.size() || t.symbols[id].doc >= docs_.size() || t.symbols[id].name >= t.names.size()) {
    ThrowCorrupt("symbol table points outside the segment");
  }
  return t.symbols[id];
}

std::span<const SymbolRecord> Segment::SymbolsOf(uint32_t doc) const {
  std::span<const SymbolRecord> symbols = tables().symbols;
  auto first = std::partition_point(symbols.begin(), symbols.end(),
                                    [doc](const SymbolRecord& s) { return s.doc < doc; });
  auto last =
      std::partition_point(first, symbols.end(), [doc](const SymbolRecord& s) { return s.doc == doc; });
  return symbols.subspan(first - symbols.begin(), last - first);
}

std::string_view Segment::NameText(uint32_t id) const {
  const Tables& t = tables();
  const NameRecord& n = t.names[id];
  if (n.offset > t.names_text.size() || n.length > t.names_text.size() - n.offset) {
    ThrowCorrupt("name table points outside the names");
  }
  return t.names_text.substr(n.offset, n.length);
}

uint64_t Segment::NameMask(uint32_t id) const {
  std::span<const uint64_t> masks = tables().name_masks;
  if (id >= masks.size()) ThrowCorrupt("a symbol names no name");
  return masks[id];
}

std::span<const uint32_t> Segment::SymbolsNamed(uint32_t id) const {
  const Tables& t = tables();
  const NameRecord& n = t.names[id];
  if (n.first_symbol > t.symbols_by_name.size() ||
      n.symbol_count > t.symbols_by_name.size() - n.first_symbol) {
    ThrowCorrupt("name table points outside the symbols");
  }
  return t.symbols_by_name.subspan(n.first_symbol, n.symbol_count);
}

std::pair<uint32_t, uint32_t> Segment::NamesWithPrefix(std::string_view prefix) const {
  std::span<const NameRecord> names = tables().names;
  auto compare = [&](const NameRecord& n) {
    return CompareFoldedPrefix(NameText(static_cast<uint32_t>(&n - names.data())), prefix);
  };
  auto first =
      std::partition_point(names.begin(), names.end(), [&](const NameRecord& n) { return compare(n) < 0; });
  auto last = std::partition_point(first, names.end(), [&](const NameRecord& n) { return compare(n) == 0; });
  return {static_cast<uint32_t>(first - names.begin()), static_cast<uint32_t>(last - names.begin())};
}

std::optional<uint32_t> Segment::FindBlob(const BlobId& blob) const {
  auto compare = [&](uint32_t doc) {
    if (doc >= docs_.size()) ThrowCorrupt("the blob order points outside the documents");
    return std::memcmp(docs_[doc].blob_id, blob.data(), blob.size());
  };
  auto it = std::partition_point(blob_order_.begin(), blob_order_.end(),
                                 [&](uint32_t doc) { return compare(doc) < 0; });
  if (it != blob_order_.end() && compare(*it) == 0) return *it;
  return std::nullopt;
}

std::span<const ChunkRecord> Segment::chunks(uint32_t doc) const {
  const DocRecord& d = docs_[doc];
  std::span<const ChunkRecord> all = all_chunks();
  if (d.first_chunk > all.size() || d.chunk_count > all.size() - d.first_chunk) {
    ThrowCorrupt("document table points outside the chunks");
  }
  return all.subspan(d.first_chunk, d.chunk_count);
}

std::string_view Segment::String(uint32_t offset) const {
  std::string_view strings = tables().strings;
  if (offset >= strings.size()) return {};
  return std::string_view(strings.data() + offset);
}

const TrigramRecord* Segment::Find(Trigram t) const {
  auto it = std::lower_bound(trigrams_.begin(), trigrams_.end(), t,
                             [](const TrigramRecord& r, Trigram key) { return r.trigram < key; });
  return it != trigrams_.end() && it->trigram == t ? &*it : nullptr;
}

uint32_t Segment::DocFrequency(Trigram t) const {
  const TrigramRecord* r = Find(t);
  uint32_t docs = r ? r->doc_count : 0;
  for (const auto& [id, indexes] : deltas_by_base_) {
    if (BaseSegment(id).Find(t) != nullptr) docs += static_cast<uint32_t>(indexes.size());
  }
  return docs;
}

Postings Segment::Lookup(Trigram t) const {
  Postings own = OwnPostings(t);
  if (deltas_.empty()) return own;
  roaring_bitmap_t* list = nullptr;
  for (const auto& [id, indexes] : deltas_by_base_) {
    Postings base = BaseSegment(id).OwnPostings(t);
    if (base.bitmap() == nullptr) continue;
    for (uint32_t i : indexes) {
      if (!roaring_bitmap_contains(base.bitmap(), deltas_[i].base_doc)) continue;
      if (list == nullptr) list = own.bitmap() ? roaring_bitmap_copy(own.bitmap()) : roaring_bitmap_create();
      roaring_bitmap_add(list, deltas_[i].doc);
    }
  }
  return list ? Postings(list) : std::move(own);
}

Postings Segment::OwnPostings(Trigram t) const {
  const TrigramRecord* r = Find(t);
  if (r == nullptr) return Postings();
  if (r->postings_offset > postings_.size() || r->postings_length > postings_.size() - r->postings_offset) {
    ThrowCorrupt("trigram table points outside the postings");
  }
  const roaring_bitmap_t* view =
      roaring_bitmap_frozen_view(postings_.data() + r->postings_offset, r->postings_length);
  if (view == nullptr) {
    throw Error(ExitCode::kCorrupt, container_.path().string() + ": damaged posting list");
  }
  return Postings(view);
}

std::string_view Segment::Content(uint32_t doc, BlockReader* reader, uint64_t read_ahead) const {
  if (IsDelta(doc)) return reader->ReadDelta(*this, doc);
  const DocRecord& d = docs_[doc];
  return reader->Read(*this, d.block, std::max(read_ahead, EndInBlock(doc))).substr(d.block_offset, d.size);
}

void Segment::VerifyAll() const {
  for (const SectionEntry& s : container_.sections()) container_.VerifySection(s.kind);
  BlockReader reader;
  for (uint32_t i = 0; i < blocks_.size(); ++i) {
    if (reader.Read(*this, i, blocks_[i].raw_size).size() != blocks_[i].raw_size) {
      throw Error(ExitCode::kCorrupt,
                  container_.path().string() + ": block " + std::to_string(i) + " is short");
    }
  }
  for (uint32_t i = 1; i < blob_order_.size(); ++i) {
    if (blob_order_[i] >= docs_.size() || blob_order_[i - 1] >= docs_.size() ||
        std::memcmp(docs_[blob_order_[i - 1]].blob_id, docs_[blob_order_[i]].blob_id, 20) > 0) {
      ThrowCorrupt("the blob order is out of order");
    }
  }
  size_t delta_docs = 0;
  for (uint32_t i = 0; i < docs_.size(); ++i) {
    if (IsDelta(i)) {
      delta_docs++;
      if (Content(i, &reader).size() != docs_[i].size) ThrowCorrupt("a delta decodes to the wrong size");
    } else if (docs_[i].block >= blocks_.size() || EndInBlock(i) > blocks_[docs_[i].block].raw_size) {
      ThrowCorrupt("document table points outside the blocks");
    }
    chunks(i);
  }
  for (size_t i = 0; i < deltas_.size(); ++i) {
    if (deltas_[i].doc >= docs_.size() || !IsDelta(deltas_[i].doc) ||
        (i > 0 && deltas_[i].doc <= deltas_[i - 1].doc)) {
      ThrowCorrupt("the delta table does not match the documents");
    }
  }
  if (delta_docs != deltas_.size()) ThrowCorrupt("the delta table does not match the documents");
  for (const TrigramRecord& t : trigrams_) {
    Postings p = OwnPostings(t.trigram);
    if (roaring_bitmap_get_cardinality(p.bitmap()) != t.doc_count ||
        (t.doc_count > 0 && roaring_bitmap_maximum(p.bitmap()) >= docs_.size())) {
      throw Error(ExitCode::kCorrupt,
                  container_.path().string() + ": posting list of a trigram is inconsistent");
    }
  }
  const Tables& tables_read = tables();
  for (uint32_t i = 0; i < tables_read.symbols.size(); ++i) {
    if (i > 0 && tables_read.symbols[i].doc < tables_read.symbols[i - 1].doc)
      ThrowCorrupt("symbols are out of document order");
    symbol(i);
  }
  for (uint32_t n = 0; n < tables_read.names.size(); ++n) {
    if (n > 0 && CompareNames(NameText(n - 1), NameText(n)) >= 0) ThrowCorrupt("names are out of order");
    if (tables_read.name_masks[n] != CharMask(NameText(n))) ThrowCorrupt("a name's character mask is wrong");
    for (uint32_t id : SymbolsNamed(n)) {
      if (symbol(id).name != n) ThrowCorrupt("a name lists a symbol of another name");
    }
  }
}

}  // namespace scry
