// The container both store file kinds share (segments and snapshot manifests): a sequence of sections,
// then a section table, then a fixed 32-byte footer at the very end of the file (LevelDB's table layout:
// written front to back in one pass, read from the back).
//
//   [section 0 bytes][pad][section 1 bytes][pad]...[section table][footer]
//
// Section table: one 32-byte entry per section, little-endian:
//   u32 kind | u32 flags | u64 offset | u64 length | u64 checksum (XXH3-64 of the bytes stored)
// Footer (32 bytes):
//   u64 table offset | u32 section count | u32 format version | u64 XXH3-64 of the table | u64 magic
//
// Every section starts at a 32-byte aligned file offset, so that data inside it (roaring bitmaps in
// their frozen format in particular) can be used in place from a memory map.
//
// A section a writer allows it for, of at most kCompressUpTo bytes, is stored as a zstd frame when
// that saves an eighth (flag kZstdSection), and decompressed when the file is opened, into memory
// aligned as the map is (the first time it is asked for).  Per-commit indexing writes many small files — a
// segment of a commit's changed files, a manifest of its changed paths — whose tables shrink three to five
// times so; a large file's big sections stay in place in the map, costing an open nothing.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "util/file.h"

struct XXH3_state_s;
struct roaring_bitmap_s;

namespace scry {

constexpr size_t kSectionAlignment = 32;
constexpr uint64_t kCompressUpTo = 256 << 10;

enum SectionFlags : uint32_t {
  kZstdSection = 1,  // the bytes stored are a zstd frame of the section's (indexer/zstd_frame.h)
};

struct SectionEntry {
  uint32_t kind;
  uint32_t flags;  // SectionFlags
  uint64_t offset;
  uint64_t length;
  uint64_t checksum;
};
static_assert(sizeof(SectionEntry) == 32);

struct ContainerFooter {
  uint64_t table_offset;
  uint32_t section_count;
  uint32_t version;
  uint64_t table_checksum;
  uint64_t magic;
};
static_assert(sizeof(ContainerFooter) == 32);

uint64_t Checksum(std::string_view bytes);

// Writes a container to a temporary file beside `path`; Finish() fsyncs and renames it into place, so
// the file exists whole or not at all.  Destroying an unfinished writer removes the temporary file.
class ContainerWriter {
 public:
  ContainerWriter(std::filesystem::path path, uint64_t magic, uint32_t version);
  ~ContainerWriter();
  ContainerWriter(const ContainerWriter&) = delete;
  ContainerWriter& operator=(const ContainerWriter&) = delete;

  // Whether a section may be stored compressed.  Not one whose readers find bytes by file offset
  // (a segment's content blocks) or read them by pread rather than through the map.
  enum class Storage { kInPlace, kMayCompress };

  // Sections are written one at a time: BeginSection, any number of Append, EndSection.
  void BeginSection(uint32_t kind, Storage storage = Storage::kInPlace);
  // Returns the file offset at which `bytes` are, or would be were the section not compressed
  // (what a reader finds them at in Section(), less the section's offset).
  uint64_t Append(std::string_view bytes);
  // Pads so that the next Append starts at a multiple of kSectionAlignment; returns that offset.
  uint64_t Align();
  void EndSection();

  void AddSection(uint32_t kind, std::string_view bytes, Storage storage = Storage::kInPlace) {
    BeginSection(kind, storage);
    Append(bytes);
    EndSection();
  }

  // A section holding an array of fixed-size records, byte for byte.
  template <typename T>
  void AddRecords(uint32_t kind, const std::vector<T>& records, Storage storage = Storage::kInPlace) {
    AddSection(kind,
               std::string_view(reinterpret_cast<const char*>(records.data()), records.size() * sizeof(T)),
               storage);
  }

  // Appends a roaring bitmap in CRoaring's frozen format at an aligned offset, so that readers can
  // use it in place; returns its offset within the current section and its length.
  std::pair<uint64_t, uint64_t> AppendFrozenBitmap(const roaring_bitmap_s* bitmap);

  // Returns the file's final size.
  uint64_t Finish();

 private:
  void Write(std::string_view bytes);
  // Writes bytes of the open section as they are stored, into its checksum.
  void WriteStored(std::string_view bytes);

  std::filesystem::path path_, tmp_path_;
  uint64_t magic_;
  uint32_t version_;
  int fd_ = -1;
  uint64_t position_ = 0;
  std::vector<SectionEntry> sections_;
  XXH3_state_s* hash_state_;
  std::string frozen_;          // scratch for AppendFrozenBitmap
  uint64_t section_bytes_ = 0;  // appended to the open section
  // The open section's bytes, while it may still be stored compressed (kCompressUpTo at most).
  std::string pending_;
  bool holding_ = false;
  bool in_section_ = false;
  bool finished_ = false;
};

// Opens a container file through a memory map and checks its footer and section table.
class ContainerReader {
 public:
  // Throws scry::Error(kCorrupt) naming the file if the footer, magic, version or table is damaged.
  ContainerReader(const std::filesystem::path& path, uint64_t magic, uint32_t version)
      : ContainerReader(path, magic, version, version) {}
  // Any version from `oldest` to `newest` (version() says which).
  ContainerReader(const std::filesystem::path& path, uint64_t magic, uint32_t oldest, uint32_t newest);

  // The bytes of the first section of `kind`; throws kCorrupt if there is none.
  std::string_view Section(uint32_t kind) const;
  // A section read as an array of fixed-size records; throws kCorrupt if it ends in a partial one.
  template <typename T>
  std::span<const T> Records(uint32_t kind) const {
    std::string_view bytes = Section(kind);
    if (bytes.size() % sizeof(T) != 0) Corrupt("section " + std::to_string(kind) + " has a partial record");
    return {reinterpret_cast<const T*>(bytes.data()), bytes.size() / sizeof(T)};
  }
  bool HasSection(uint32_t kind) const;
  // Throws kCorrupt unless the section's bytes match its checksum.
  void VerifySection(uint32_t kind) const;
  const std::vector<SectionEntry>& sections() const { return sections_; }
  const std::filesystem::path& path() const { return path_; }
  std::string_view file_bytes() const { return map_.bytes(); }
  uint64_t file_size() const { return map_.bytes().size(); }
  uint32_t version() const { return version_; }

 private:
  [[noreturn]] void Corrupt(const std::string& what) const;
  // Section i's bytes, decompressing them the first time if they are stored as a frame.
  std::string_view Bytes(size_t i) const;

  struct FreeAligned {
    void operator()(char* p) const { std::free(p); }
  };

  std::filesystem::path path_;
  MappedFile map_;
  uint32_t version_ = 0;
  std::vector<SectionEntry> sections_;
  // Each section's bytes: in the map, or once asked for, in decompressed_ (under the mutex: a
  // reader may be shared between threads).
  mutable std::mutex mutex_;
  mutable std::vector<std::string_view> bytes_;
  mutable std::vector<bool> decoded_;
  mutable std::vector<std::unique_ptr<char, FreeAligned>> decompressed_;
};

}  // namespace scry
