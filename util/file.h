// Files: whole reads, read-only maps, and atomic writes (temporary name, fsync, rename).
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace scry {

// Reads a whole file.  Throws scry::Error(kIo) naming the path.
std::string ReadFile(const std::filesystem::path& path);

// Writes `data` to `path` so that readers see either the old file or the whole new one: the bytes go to
// a temporary file in the same directory, are fsynced, renamed over `path`, and the directory is fsynced.
// The file is created with `mode` (less the umask), so it never exists with other permissions.
void WriteFileAtomically(const std::filesystem::path& path, std::string_view data, unsigned mode = 0644);

// fsyncs a directory, so that a rename or a new file in it survives a crash.
void SyncDirectory(const std::filesystem::path& dir);

// Fills the page tables of mapped bytes about to be read through, in one call (MADV_POPULATE_READ,
// Linux 5.14) rather than a page fault every 64 KiB; on a virtual machine a fault costs several
// microseconds.  Best effort: where the kernel cannot, the pages fault in as they are read.
void PopulateForReading(const void* data, size_t size);

// A read-only memory map of a whole file.
class MappedFile {
 public:
  // Throws scry::Error(kIo) naming the path.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

 private:
  const char* data_ = nullptr;
  size_t size_ = 0;
};

// A file read by pread at given places: a few bytes at each of many places of a file that is also
// mapped would make the kernel map a 64 KiB window around each (fault-around), pages a process then
// maps, counts and unmaps.
class FileReader {
 public:
  // Throws scry::Error(kIo) naming the path.
  explicit FileReader(const std::filesystem::path& path);
  ~FileReader();
  FileReader(const FileReader&) = delete;
  FileReader& operator=(const FileReader&) = delete;

  // Copies bytes [offset, offset + size).  Throws scry::Error(kIo) naming the path if the file has
  // fewer.
  void ReadAt(uint64_t offset, size_t size, char* out) const;

 private:
  std::filesystem::path path_;
  int fd_;
};

}  // namespace scry
