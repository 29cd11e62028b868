#include "util/file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "util/error.h"

namespace scry {

namespace {

[[noreturn]] void ThrowIo(const std::string& what, const std::filesystem::path& path) {
  throw Error(ExitCode::kIo, what + " " + path.string() + ": " + std::strerror(errno));
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

}  // namespace

std::string ReadFile(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) ThrowIo("cannot open", path);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) ThrowIo("cannot stat", path);
  std::string data;
  data.resize(static_cast<size_t>(st.st_size));
  size_t filled = 0;
  for (;;) {
    if (filled == data.size()) data.resize(data.size() * 2 + 4096);  // the file grew while we read it
    ssize_t n = ::read(fd.get(), data.data() + filled, data.size() - filled);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowIo("cannot read", path);
    }
    if (n == 0) break;
    filled += static_cast<size_t>(n);
  }
  data.resize(filled);
  return data;
}

void SyncDirectory(const std::filesystem::path& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0 || ::fsync(fd.get()) != 0) ThrowIo("cannot sync directory", dir);
}

void WriteFileAtomically(const std::filesystem::path& path, std::string_view data, unsigned mode) {
  std::filesystem::path tmp = path;
  tmp += ".tmp." + std::to_string(::getpid());
  {
    Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, static_cast<mode_t>(mode)));
    if (fd.get() < 0) ThrowIo("cannot create", tmp);
    size_t written = 0;
    while (written < data.size()) {
      ssize_t n = ::write(fd.get(), data.data() + written, data.size() - written);
      if (n < 0) {
        if (errno == EINTR) continue;
        ThrowIo("cannot write", tmp);
      }
      written += static_cast<size_t>(n);
    }
    if (::fsync(fd.get()) != 0) ThrowIo("cannot sync", tmp);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) ThrowIo("cannot rename to", path);
  SyncDirectory(path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path());
}

MappedFile::MappedFile(const std::filesystem::path& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) ThrowIo("cannot open", path);
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) ThrowIo("cannot stat", path);
  size_ = static_cast<size_t>(st.st_size);
  if (size_ == 0) return;
  void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd.get(), 0);
  if (p == MAP_FAILED) ThrowIo("cannot map", path);
  data_ = static_cast<const char*>(p);
}

MappedFile::~MappedFile() {
  if (data_ != nullptr) ::munmap(const_cast<char*>(data_), size_);
}

FileReader::FileReader(const std::filesystem::path& path)
    : path_(path), fd_(::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
  if (fd_ < 0) ThrowIo("cannot open", path);
}

FileReader::~FileReader() { ::close(fd_); }

void FileReader::ReadAt(uint64_t offset, size_t size, char* out) const {
  while (size > 0) {
    ssize_t n = ::pread(fd_, out, size, static_cast<off_t>(offset));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) ThrowIo("cannot read", path_);
    out += n;
    offset += static_cast<uint64_t>(n);
    size -= static_cast<size_t>(n);
  }
}

void PopulateForReading(const void* data, size_t size) {
  if (size == 0) return;
  constexpr uintptr_t kPage = 4096;
  auto begin = reinterpret_cast<uintptr_t>(data) & ~(kPage - 1);
  auto end = reinterpret_cast<uintptr_t>(data) + size;
  ::madvise(reinterpret_cast<void*>(begin), end - begin, MADV_POPULATE_READ);
}

}  // namespace scry
