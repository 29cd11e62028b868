#include "indexer/container.h"

#include <fcntl.h>
#include <roaring/roaring.h>
#include <unistd.h>
#include <xxhash.h>

#include <cerrno>
#include <cstring>

#include "indexer/zstd_frame.h"
#include "util/error.h"

namespace scry {

uint64_t Checksum(std::string_view bytes) { return XXH3_64bits(bytes.data(), bytes.size()); }

ContainerWriter::ContainerWriter(std::filesystem::path path, uint64_t magic, uint32_t version)
    : path_(std::move(path)), magic_(magic), version_(version), hash_state_(XXH3_createState()) {
  tmp_path_ = path_;
  tmp_path_ += ".tmp." + std::to_string(::getpid());
  fd_ = ::open(tmp_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd_ < 0) {
    XXH3_freeState(hash_state_);
    throw Error(ExitCode::kIo, "cannot create " + tmp_path_.string() + ": " + std::strerror(errno));
  }
}

ContainerWriter::~ContainerWriter() {
  if (fd_ >= 0) ::close(fd_);
  if (!finished_) ::unlink(tmp_path_.c_str());
  XXH3_freeState(hash_state_);
}

void ContainerWriter::Write(std::string_view bytes) {
  while (!bytes.empty()) {
    ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw Error(ExitCode::kIo, "cannot write " + tmp_path_.string() + ": " + std::strerror(errno));
    }
    bytes.remove_prefix(static_cast<size_t>(n));
    position_ += static_cast<uint64_t>(n);
  }
}

void ContainerWriter::BeginSection(uint32_t kind, Storage storage) {
  static const char kZeros[kSectionAlignment] = {};
  Write(std::string_view(kZeros, (kSectionAlignment - position_ % kSectionAlignment) % kSectionAlignment));
  sections_.push_back({kind, 0, position_, 0, 0});
  XXH3_64bits_reset(hash_state_);
  section_bytes_ = 0;
  pending_.clear();
  holding_ = storage == Storage::kMayCompress;
  in_section_ = true;
}

void ContainerWriter::WriteStored(std::string_view bytes) {
  XXH3_64bits_update(hash_state_, bytes.data(), bytes.size());
  Write(bytes);
}

uint64_t ContainerWriter::Append(std::string_view bytes) {
  uint64_t offset = sections_.back().offset + section_bytes_;
  section_bytes_ += bytes.size();
  if (!holding_) {
    WriteStored(bytes);
    return offset;
  }
  if (pending_.size() + bytes.size() <= kCompressUpTo) {
    pending_ += bytes;
    return offset;
  }
  // Too large to compress: stored as it is, from here on as it comes (not copied first: a segment's
  // chunk table can be 80 MB).
  WriteStored(pending_);
  WriteStored(bytes);
  std::string().swap(pending_);
  holding_ = false;
  return offset;
}

uint64_t ContainerWriter::Align() {
  static const char kZeros[kSectionAlignment] = {};
  Append(
      std::string_view(kZeros, (kSectionAlignment - section_bytes_ % kSectionAlignment) % kSectionAlignment));
  return sections_.back().offset + section_bytes_;
}

std::pair<uint64_t, uint64_t> ContainerWriter::AppendFrozenBitmap(const roaring_bitmap_s* bitmap) {
  frozen_.resize(roaring_bitmap_frozen_size_in_bytes(bitmap));
  roaring_bitmap_frozen_serialize(bitmap, frozen_.data());
  uint64_t offset = Align() - sections_.back().offset;
  Append(frozen_);
  return {offset, frozen_.size()};
}

void ContainerWriter::EndSection() {
  SectionEntry& entry = sections_.back();
  if (holding_ && !pending_.empty()) {
    std::string frame = Compress(pending_);
    if (frame.size() <= pending_.size() - pending_.size() / 8) {
      entry.flags |= kZstdSection;
      WriteStored(frame);
    } else {
      WriteStored(pending_);
    }
    pending_.clear();
  }
  holding_ = false;
  entry.length = position_ - entry.offset;
  entry.checksum = XXH3_64bits_digest(hash_state_);
  in_section_ = false;
}

uint64_t ContainerWriter::Finish() {
  std::string_view table(reinterpret_cast<const char*>(sections_.data()),
                         sections_.size() * sizeof(SectionEntry));
  ContainerFooter footer{position_, static_cast<uint32_t>(sections_.size()), version_, Checksum(table),
                         magic_};
  Write(table);
  Write(std::string_view(reinterpret_cast<const char*>(&footer), sizeof(footer)));
  if (::fsync(fd_) != 0) {
    throw Error(ExitCode::kIo, "cannot sync " + tmp_path_.string() + ": " + std::strerror(errno));
  }
  ::close(fd_);
  fd_ = -1;
  if (::rename(tmp_path_.c_str(), path_.c_str()) != 0) {
    throw Error(ExitCode::kIo, "cannot rename to " + path_.string() + ": " + std::strerror(errno));
  }
  finished_ = true;
  SyncDirectory(path_.parent_path());
  return position_;
}

ContainerReader::ContainerReader(const std::filesystem::path& path, uint64_t magic, uint32_t oldest,
                                 uint32_t newest)
    : path_(path), map_(path) {
  std::string_view file = map_.bytes();
  if (file.size() < sizeof(ContainerFooter)) Corrupt("too short to be a store file");
  ContainerFooter footer;
  std::memcpy(&footer, file.data() + file.size() - sizeof(footer), sizeof(footer));
  if (footer.magic != magic) Corrupt("wrong magic number");
  if (footer.version < oldest || footer.version > newest) {
    Corrupt("format version " + std::to_string(footer.version) + ", expected " + std::to_string(newest));
  }
  version_ = footer.version;
  uint64_t table_bytes = uint64_t{footer.section_count} * sizeof(SectionEntry);
  if (footer.table_offset > file.size() - sizeof(footer) ||
      table_bytes != file.size() - sizeof(footer) - footer.table_offset) {
    Corrupt("section table out of bounds");
  }
  std::string_view table = file.substr(footer.table_offset, table_bytes);
  if (Checksum(table) != footer.table_checksum) Corrupt("section table checksum mismatch");
  sections_.resize(footer.section_count);
  std::memcpy(sections_.data(), table.data(), table_bytes);
  for (const SectionEntry& s : sections_) {
    if (s.offset > footer.table_offset || s.length > footer.table_offset - s.offset) {
      Corrupt("section " + std::to_string(s.kind) + " out of bounds");
    }
    bytes_.push_back(file.substr(s.offset, s.length));
    decoded_.push_back((s.flags & kZstdSection) == 0);
  }
}

std::string_view ContainerReader::Bytes(size_t i) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (decoded_[i]) return bytes_[i];
  const std::string section = "section " + std::to_string(sections_[i].kind);
  const std::optional<uint64_t> size = DecompressedSize(bytes_[i]);
  if (!size || *size > kCompressUpTo) Corrupt(section + " is not a frame of at most 256 KiB");
  const size_t capacity = (*size + kSectionAlignment) / kSectionAlignment * kSectionAlignment;
  std::unique_ptr<char, FreeAligned> buffer(
      static_cast<char*>(std::aligned_alloc(kSectionAlignment, capacity)));
  if (buffer == nullptr) throw Error(ExitCode::kIo, path_.string() + ": out of memory for " + section);
  if (!Decompress(bytes_[i], buffer.get(), *size)) Corrupt(section + " does not decode");
  bytes_[i] = std::string_view(buffer.get(), *size);
  decompressed_.push_back(std::move(buffer));
  decoded_[i] = true;
  return bytes_[i];
}

void ContainerReader::Corrupt(const std::string& what) const {
  throw Error(ExitCode::kCorrupt, path_.string() + ": " + what);
}

bool ContainerReader::HasSection(uint32_t kind) const {
  for (const SectionEntry& s : sections_) {
    if (s.kind == kind) return true;
  }
  return false;
}

std::string_view ContainerReader::Section(uint32_t kind) const {
  for (size_t i = 0; i < sections_.size(); ++i) {
    if (sections_[i].kind == kind) return Bytes(i);
  }
  Corrupt("missing section " + std::to_string(kind));
}

void ContainerReader::VerifySection(uint32_t kind) const {
  for (const SectionEntry& s : sections_) {
    if (s.kind == kind && Checksum(map_.bytes().substr(s.offset, s.length)) != s.checksum) {
      Corrupt("checksum mismatch in section " + std::to_string(kind));
    }
  }
}

}  // namespace scry
