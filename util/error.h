// Errors that reach the user.
//
// Every failure the user can cause or meet (a bad pattern, a missing store, a damaged segment, an
// unreadable file) is thrown as scry::Error carrying one line of text that names the thing at fault and
// an exit status.  The program prints the line to stderr and exits with that status, so scripts can tell
// "no match" (1) from "your query is wrong" (2) from "the index is gone" (3) or "damaged" (4).
#pragma once

#include <stdexcept>
#include <string>

namespace scry {

enum class ExitCode : int {
  kMatch = 0,      // success; for search: something matched
  kNoMatch = 1,    // search ran and found nothing
  kBadInput = 2,   // invalid pattern, flag, glob, path or revision
  kNoStore = 3,    // no index where one was expected: run `scry index`
  kCorrupt = 4,    // a store file failed its checksum or format check
  kIo = 5,         // the operating system refused a read or a write
  kBusy = 6,       // another process holds the writer lock
  kEmbedding = 7,  // the embedding service failed: unreachable, refusing, or answering nonsense
};

class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }

 private:
  ExitCode code_;
};

}  // namespace scry
