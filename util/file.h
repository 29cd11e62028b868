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

// A read-only memory map of a whole file, which keeps the file open for reads that should not map.
class MappedFile {
 public:
  // Throws scry::Error(kIo) naming the path.
  explicit MappedFile(const std::filesystem::path& path);
  ~MappedFile();
  MappedFile(const MappedFile&) = delete;
  MappedFile& operator=(const MappedFile&) = delete;

  std::string_view bytes() const { return {data_, size_}; }

  // Copies bytes [offset, offset + size) by pread, not through the map: a few bytes at each of many
  // places would make the kernel map a 64 KiB window around each (fault-around), pages a process then
  // maps, counts and unmaps.  Throws scry::Error(kIo) naming the path if the file has fewer.
  void ReadAt(uint64_t offset, size_t size, char* out) const;

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  const char* data_ = nullptr;
  size_t size_ = 0;
};

}  // namespace scry
