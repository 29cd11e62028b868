// Running a pattern over a snapshot: plan, candidates, verification, results in path order.
//
//   pattern.prefilter() --(per segment: postings AND/OR, AND live set, AND `within`)--> candidate documents
//   --> the snapshot's paths holding them, kept if inside the scopes and through the path filter
//   --> each path's content searched line by line with RE2 (Pattern), in parallel, printed in path order.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/store.h"
#include "query/path_filter.h"
#include "query/pattern.h"

struct roaring_bitmap_s;

namespace scry {

struct MatchedLine {
  uint64_t number = 0;               // 1-based line number
  uint64_t offset = 0;               // byte offset of the line's first byte in the file
  std::vector<Submatch> submatches;  // byte ranges within the line
};

struct FileResult {
  uint32_t entry = 0;                   // index into the snapshot manifest (the path)
  std::shared_ptr<const char[]> block;  // keeps `content` alive
  std::string_view content;             // the whole file
  std::vector<MatchedLine> lines;
};

struct SearchRequest {
  const Pattern* pattern = nullptr;  // null only with `plan` and `refine`: files, not lines
  // Keeps a path (relative to the indexed root) or drops it; called only for candidate paths.
  std::function<bool(std::string_view path)> include;
  uint64_t max_count = 0;  // -m: stop a file after this many matched lines; 0 = no limit
  bool submatches = true;  // whether the caller needs each match's range, or only the matching lines
  unsigned threads = 0;    // 0: one per core
  // If not empty, one bitmap per snapshot segment: only those documents are searched.
  std::vector<const roaring_bitmap_s*> within;
  // What candidate documents must hold; null: the pattern's prefilter.
  const TrigramQuery* plan = nullptr;
  // Decides a candidate (a manifest entry) before its content is read, from what the index keeps
  // beside the content, such as its symbols: false drops it unread.  Null: every candidate is read.
  std::function<bool(uint32_t entry)> admit;
  // Decides each candidate file after its lines were matched, on a worker thread, instead of "has a
  // matching line": it may change the lines, and false drops the file.  With a null pattern no line
  // is matched.
  std::function<bool(FileResult& file)> refine;
  // Past this, no more files are verified and the stats say timed_out; the default never comes.
  std::chrono::steady_clock::time_point deadline = std::chrono::steady_clock::time_point::max();
};

struct SearchStats {
  uint64_t candidates = 0;  // paths whose content was searched
  uint64_t candidate_bytes = 0;
  uint64_t files_with_match = 0;
  bool timed_out = false;  // the deadline came: some candidates were not verified
};

// Every line of `content` (a whole file) that matches, with its matches if asked for, as rg reports
// them; at most `max_count` lines unless 0.
std::vector<MatchedLine> MatchLines(const Pattern& pattern, std::string_view content, uint64_t max_count,
                                    bool submatches);

// Calls `on_file` for each file with a match, in path order, on the calling thread.
SearchStats Search(const SnapshotView& snapshot, const SearchRequest& request,
                   const std::function<void(FileResult&&)>& on_file);

}  // namespace scry
