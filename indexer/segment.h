// Reading a segment: documents, chunks, content and posting lists, straight from a memory map.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "indexer/blob_id.h"
#include "indexer/container.h"
#include "indexer/segment_format.h"
#include "indexer/trigram.h"

struct roaring_bitmap_s;

namespace scry {

// A posting list: viewed in place in the map, built for a segment with deltas (Segment::Lookup), or
// empty.  Move-only; frees what it holds (of a view, only its header).
class Postings {
 public:
  Postings() = default;
  explicit Postings(const roaring_bitmap_s* list) : view_(list) {}
  Postings(Postings&& other) noexcept : view_(std::exchange(other.view_, nullptr)) {}
  Postings& operator=(Postings&& other) noexcept;
  ~Postings();

  // nullptr means the empty list.
  const roaring_bitmap_s* bitmap() const { return view_; }

 private:
  const roaring_bitmap_s* view_ = nullptr;
};

// Decompresses content blocks, remembering the last one: documents are mostly read in block order.
class BlockReader {
 public:
  BlockReader() = default;
  BlockReader(const BlockReader&) = delete;
  BlockReader& operator=(const BlockReader&) = delete;

  // At least the first `need` decompressed bytes of block `index` (valid until the next call).
  // A block is decompressed only as far as asked the first time (a lone candidate document need not
  // pay for the documents after it), and whole when it is asked for again.
  std::string_view Read(const class Segment& segment, uint32_t index, uint64_t need);

  // Delta document `doc` of `segment`, decoded over its base into a buffer of its own (the base is
  // read through a second reader, so that this one keeps its block).
  std::string_view ReadDelta(const class Segment& segment, uint32_t doc);

  // Shares the buffer of the last Read or ReadDelta, so that its bytes outlive later reads: the
  // reader then decompresses into a new buffer instead of overwriting this one.
  std::shared_ptr<const char[]> Pin() const { return last_was_delta_ ? delta_ : buffer_; }

 private:
  uint64_t segment_ = 0;  // Segment::serial() of the segment the block came from, 0 for none
  uint32_t block_ = UINT32_MAX;
  size_t decoded_ = 0;
  // A fresh buffer (indexer/block_buffer.h) is needed whenever the last one is pinned.
  std::shared_ptr<char[]> buffer_;
  size_t capacity_ = 0;
  std::shared_ptr<char[]> delta_;  // the last delta decoded
  size_t delta_capacity_ = 0;
  bool last_was_delta_ = false;
  std::unique_ptr<BlockReader> base_reader_;
};

class Segment {
 public:
  // The segments holding the bases of this one's deltas (files beside it, by id) are opened with it
  // (kOpen, through OpenSegment), or not at all (kSkip): for reading only full documents or tables.
  // Content() of a delta then throws kCorrupt.
  enum class Bases { kOpen, kSkip };

  // Opens the file and checks its footer and section table.  Accessors check the records they follow
  // against the segment's bounds.  Throws scry::Error(kCorrupt) naming the file.
  explicit Segment(const std::filesystem::path& path, Bases bases = Bases::kOpen);
  ~Segment();
  Segment(const Segment&) = delete;
  Segment& operator=(const Segment&) = delete;

  uint32_t doc_count() const { return static_cast<uint32_t>(docs_.size()); }
  const DocRecord& doc(uint32_t id) const { return docs_[id]; }
  std::span<const DocRecord> docs() const { return docs_; }
  std::span<const ChunkRecord> chunks(uint32_t doc) const;
  std::span<const ChunkRecord> all_chunks() const;
  std::span<const BlockRecord> blocks() const { return blocks_; }
  std::span<const TrigramRecord> trigrams() const { return trigrams_; }
  std::string_view String(uint32_t offset) const;

  // The document whose content is this blob, if the segment holds it.
  std::optional<uint32_t> FindBlob(const BlobId& blob) const;

  // The documents that have a trigram: its posting list, plus each delta whose base has it (a
  // superset of the deltas that have it, which verification trims).  Empty when none has it.
  Postings Lookup(Trigram t) const;
  // At most how many documents have the trigram, without touching a list: its list's length, plus
  // the deltas over each base segment that has it.
  uint32_t DocFrequency(Trigram t) const;

  // Delta documents (their content stored as a difference from a base document's).
  bool IsDelta(uint32_t doc) const { return (docs_[doc].flags & kDelta) != 0; }
  std::span<const DeltaRecord> deltas() const { return deltas_; }
  // The record of delta document `doc`; kCorrupt if it has none.
  const DeltaRecord& Delta(uint32_t doc) const;
  // The ids of the other segments that hold bases of this one's deltas, in increasing order.
  std::vector<uint64_t> BaseSegmentIds() const;
  // How many bytes reading `doc` decompresses: its block, or a delta's own content.
  uint64_t DecodedBytes(uint32_t doc) const;

  // A document's content, decompressed (and for a delta, decoded over its base) through `reader`.
  // `read_ahead` is how many bytes of the document's block to decompress at least: a caller that
  // will read later documents of the same block asks for them now, so the block is decoded once.
  std::string_view Content(uint32_t doc, BlockReader* reader, uint64_t read_ahead = 0) const;
  // Where a document's bytes end within its block.
  uint64_t EndInBlock(uint32_t doc) const { return uint64_t{docs_[doc].block_offset} + docs_[doc].size; }

  // The symbol table.  Accessors check what they return against the segment's bounds (kCorrupt).
  std::span<const SymbolRecord> symbols() const { return tables().symbols; }
  const SymbolRecord& symbol(uint32_t id) const;
  // A document's symbols, in file order.
  std::span<const SymbolRecord> SymbolsOf(uint32_t doc) const;
  uint32_t name_count() const { return static_cast<uint32_t>(tables().names.size()); }
  const NameRecord& name(uint32_t id) const { return tables().names[id]; }
  std::span<const uint64_t> name_masks() const { return tables().name_masks; }
  // The CharMask of name `id` (kCorrupt if there is none, as for a symbol's name id read from disk).
  uint64_t NameMask(uint32_t id) const;
  std::string_view NameText(uint32_t id) const;
  // Every name, each followed by '\n', in name order.
  std::string_view names_text() const { return tables().names_text; }
  // The ids of the symbols called by name `id`, in document order.
  std::span<const uint32_t> SymbolsNamed(uint32_t id) const;
  // The names [first, last) that start with `prefix`, ignoring ASCII case (all of them for "").
  std::pair<uint32_t, uint32_t> NamesWithPrefix(std::string_view prefix) const;

  // Recomputes every section checksum and decodes every block, delta and posting list; throws kCorrupt.
  void VerifyAll() const;

  const ContainerReader& container() const { return container_; }
  // Unique to this object in the process: what a BlockReader remembers its last block by (an
  // address is not enough, a later Segment may be built where a destroyed one was).
  uint64_t serial() const { return serial_; }

 private:
  friend class BlockReader;
  const TrigramRecord* Find(Trigram t) const;
  // The posting list stored under a trigram, without the deltas whose base has it.
  Postings OwnPostings(Trigram t) const;
  void OpenBases();
  // The segment holding the bases of DeltaRecord::base_segment `id`: this one for 0, else one of bases_.
  const Segment& BaseSegment(uint64_t id) const;
  [[noreturn]] void ThrowCorrupt(const std::string& what) const;

  ContainerReader container_;
  uint64_t serial_;
  std::span<const DocRecord> docs_;
  std::span<const BlockRecord> blocks_;
  std::span<const TrigramRecord> trigrams_;
  std::string_view postings_;
  // The chunk table, and the symbol tables with the strings, each read (decompressed, if stored so)
  // the first time one is asked for: a regex search needs neither, a symbol search no chunk.
  mutable std::once_flag chunks_once_;
  mutable std::span<const ChunkRecord> chunks_;
  struct Tables {
    std::string_view strings;
    std::span<const SymbolRecord> symbols;
    std::span<const NameRecord> names;
    std::string_view names_text;
    std::span<const uint32_t> symbols_by_name;
    std::span<const uint64_t> name_masks;
  };
  const Tables& tables() const;
  mutable std::once_flag tables_once_;
  mutable Tables tables_;
  std::span<const uint32_t> blob_order_;
  std::span<const DeltaRecord> deltas_;
  std::string_view delta_frames_;
  // The other segments the deltas are over, by id, and which deltas are over each (indexes into
  // deltas_), those over this segment under id 0.
  std::vector<std::pair<uint64_t, std::shared_ptr<const Segment>>> bases_;
  std::vector<std::pair<uint64_t, std::vector<uint32_t>>> deltas_by_base_;
};

// Segment `path` opened with its bases, or the one this process has open already: however many
// segments hold deltas over it, and whether a snapshot holds it too, a segment is opened once (its
// small sections decompressed once).  Files are told apart by device, inode, size and mtime, not by
// name alone.
std::shared_ptr<const Segment> OpenSegment(const std::filesystem::path& path);

// The ids of the other segments that hold bases of the deltas of segment file `path`, reading only
// its table of deltas (Segment::BaseSegmentIds without opening the segment).
std::vector<uint64_t> BaseSegmentIdsOf(const std::filesystem::path& path);

}  // namespace scry
