// The records of a segment file.  A segment is an immutable container (indexer/container.h) holding a
// batch of documents: their chunks, their compressed content and the trigram index over them.
// docs/ARCHITECTURE.md documents every byte; these structs are that layout (little-endian, packed by
// construction: every field is naturally aligned and the static_asserts pin the sizes).
#pragma once

#include <cstdint>

namespace scry {

constexpr uint64_t kSegmentMagic = 0x31474553'59524353;  // "SCRYSEG1" read as little-endian bytes
// 2: documents and chunks carry their language, and the symbol sections 8-11 exist.
// 4: documents may be deltas (sections 14 and 15), and sections may be stored compressed
// (indexer/container.h); a version-3 file is read as one without either.
constexpr uint32_t kSegmentVersion = 4;
constexpr uint32_t kOldestSegmentVersion = 3;

enum SegmentSection : uint32_t {
  kDocsSection = 1,            // DocRecord[doc_count], doc id = index
  kChunksSection = 2,          // ChunkRecord[], each document's chunks contiguous and in file order
  kStringsSection = 3,         // NUL-terminated strings; offset 0 is the empty string
  kBlocksSection = 4,          // BlockRecord[]
  kContentSection = 5,         // LZ4 blocks (raw LZ4 format, no frame), one per block
  kTrigramsSection = 6,        // TrigramRecord[], sorted by trigram
  kPostingsSection = 7,        // roaring bitmaps (frozen format) of doc ids, each 32-byte aligned
  kSymbolsSection = 8,         // SymbolRecord[], each document's symbols contiguous and in file order
  kNamesSection = 9,           // the distinct symbol names, each followed by '\n', in NameOrder
  kNameRecordsSection = 10,    // NameRecord[], one per distinct name, in the same order
  kSymbolsByNameSection = 11,  // uint32_t symbol ids, grouped by name in name order
  kNameMasksSection = 12,      // uint64_t CharMask of each name, in name order
  kBlobOrderSection = 13,      // uint32_t doc ids sorted by blob id: finding a blob is a binary search
  kDeltasSection = 14,         // DeltaRecord[], one per delta document, in document order
  kDeltaFramesSection = 15,    // the deltas' zstd frames (indexer/zstd_frame.h)
};

struct DocRecord {
  uint8_t blob_id[20];    // git blob id of the content
  uint16_t language;      // grammars/languages.h Language, 0 = plain text (line-window chunks)
  uint16_t flags;         // DocFlags
  uint64_t size;          // content bytes
  uint32_t block;         // index into BlockRecord[]
  uint32_t block_offset;  // where the content starts in the block's decompressed bytes
  uint32_t first_chunk;   // index into ChunkRecord[]
  uint32_t chunk_count;
  uint32_t line_count;
  uint32_t reserved;
};
static_assert(sizeof(DocRecord) == 56);

struct ChunkRecord {
  uint32_t begin;  // byte range within the document: [begin, end) (a document fits one LZ4 block: < 2 GiB)
  uint32_t end;
  uint32_t first_line;  // 1-based, inclusive
  uint32_t last_line;
  uint32_t doc;
  uint32_t name;      // offset into the strings section: the symbol's name, 0 for none
  uint32_t scope;     // offset into the strings section: the enclosing scope path, 0 for none
  uint16_t kind;      // ChunkKind
  uint16_t language;  // the document's Language, 0 = plain text
};
static_assert(sizeof(ChunkRecord) == 32);

enum DocFlags : uint16_t {
  kParseFellBack = 1,    // the parse ran past its time budget: line-window chunks, no symbols
  kTooLargeToParse = 2,  // larger than the indexer parses: line-window chunks, no symbols
  kDelta = 4,            // content is a delta over a base document: no block (DeltaRecord)
};

// Where a delta document's content comes from.  A delta's base is never a delta itself (it is the
// keyframe of the versions over it), so reading one decodes at most two documents; and the delta's
// posting lists hold it only under the trigrams its base lacks, the base's lists standing in for
// the rest (Segment::Lookup).
struct DeltaRecord {
  uint32_t doc;
  uint32_t base_doc;
  uint64_t base_segment;  // the base's segment file id; 0: this segment
  uint64_t frame_offset;  // into the delta frames section
  uint32_t frame_length;
  uint32_t reserved;
};
static_assert(sizeof(DeltaRecord) == 32);

// The id of the segment holding a delta's base, given the id of the segment holding the delta.
inline uint64_t BaseSegmentOf(const DeltaRecord& delta, uint64_t holder) {
  return delta.base_segment == 0 ? holder : delta.base_segment;
}

// DocRecord::block of a document with no block: a delta.
constexpr uint32_t kNoBlock = UINT32_MAX;

// What a chunk holds.  Stored in ChunkRecord::kind: never renumber, only append.
enum class ChunkKind : uint16_t {
  kLines = 0,       // a window of whole lines (no parse, or the parse ran out of time)
  kDefinition = 1,  // a definition, or part of one too large for the budget; name/scope are its own
  kMerged = 2,      // neighbours outside any definition (imports, statements) merged up to the budget
};

// A block holds the content of one or more consecutive documents, each followed by a '\n' if it does not
// end with one, so that no line of one document runs into the next: a whole block can be searched in
// one pass, and a line-oriented match never spans two documents.
struct BlockRecord {
  uint64_t offset;  // file offset of the compressed bytes
  uint32_t compressed_size;
  uint32_t raw_size;
};
static_assert(sizeof(BlockRecord) == 16);

// A definition tree-sitter found (indexer/symbol.h).  Lines are 1-based, columns 0-based bytes.
struct SymbolRecord {
  uint32_t doc;
  uint32_t name;            // index into NameRecord[]
  uint32_t scope;           // offset into the strings section: enclosing definitions, 0 for none
  uint32_t signature_line;  // the definition's first line after its comments (SignatureText)
  uint32_t first_line;      // the whole definition with its leading comments: from here...
  uint32_t first_column;
  uint32_t last_line;  // ...to here (column exclusive)
  uint32_t last_column;
  uint32_t name_line;  // where the name is written
  uint32_t name_column;
  uint16_t kind;  // SymbolKind
  uint16_t reserved;
};
static_assert(sizeof(SymbolRecord) == 44);

// One distinct symbol name.  Names are ordered by their ASCII-case-folded bytes, then by their bytes,
// so that an exact or prefix lookup, with or without case, is a binary search.
// The names' CharMasks are a section of their own: a fuzzy lookup streams through 8 bytes a name,
// not a whole record.
struct NameRecord {
  uint32_t offset;  // into the names section
  uint32_t length;
  uint32_t first_symbol;  // into the symbols-by-name section
  uint32_t symbol_count;
};
static_assert(sizeof(NameRecord) == 16);

struct TrigramRecord {
  uint32_t trigram;          // PackTrigram() value, low 24 bits
  uint32_t doc_count;        // cardinality of the posting list, for planning
  uint64_t postings_offset;  // offset within the postings section
  uint64_t postings_length;
};
static_assert(sizeof(TrigramRecord) == 24);

}  // namespace scry
