#include "query/search.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <atomic>
#include <thread>

#include "query/candidates.h"
#include "util/count_newlines.h"
#include "util/ordered_parallel.h"

namespace scry {

namespace {

// Candidate paths are verified in units of at most this many, so that workers balance and results
// stream out...
constexpr size_t kUnitSize = 64;
// ...and of at most this much content, where one file's is more.  A unit's reported files keep their
// blocks until printed, and eight units wait at most: among Linux's multi-megabyte register headers,
// 64 files made 400 MB of fresh buffers for `0x[0-9a-f]{8}` (a sixth of its CPU spent zeroing pages).
constexpr uint64_t kUnitBytes = 8 << 20;

// Where each unit of `entries` starts, and where the last ends.
std::vector<size_t> UnitBounds(const Manifest& manifest, const std::vector<uint32_t>& entries) {
  std::vector<size_t> bounds{0};
  uint64_t bytes = 0;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i - bounds.back() == kUnitSize || (i > bounds.back() && bytes >= kUnitBytes)) {
      bounds.push_back(i);
      bytes = 0;
    }
    bytes += manifest.entry(entries[i]).size;
  }
  if (bounds.back() != entries.size()) bounds.push_back(entries.size());
  return bounds;
}

std::vector<uint32_t> CandidateEntries(const SnapshotView& snapshot, const SearchRequest& request) {
  const Manifest& manifest = *snapshot.manifest;
  std::vector<uint32_t> entries;
  for (uint32_t s = 0; s < snapshot.segments.size(); ++s) {
    const TrigramQuery& plan = request.plan ? *request.plan : request.pattern->prefilter();
    Bitmap docs = Candidates(plan, *snapshot.segments[s], manifest.live(s));
    if (!request.within.empty()) roaring_bitmap_and_inplace(docs.get(), request.within[s]);
    roaring_uint32_iterator_t* it = roaring_create_iterator(docs.get());
    for (; it->has_value; roaring_advance_uint32_iterator(it)) {
      manifest.ForEachEntryOf(s, it->current_value, [&](uint32_t e) {
        if (request.include && !request.include(manifest.path(e))) return;
        if (!request.admit || request.admit(e)) entries.push_back(e);
      });
    }
    roaring_free_uint32_iterator(it);
  }
  manifest.SortByPath(&entries);
  return entries;
}

// How far into its block the candidate at entries[i] needs decoding so that the candidates after it,
// up to `end`, find their bytes there too (paths in order are mostly documents in block order).
uint64_t ReadAhead(const SnapshotView& snapshot, const std::vector<uint32_t>& entries, size_t i, size_t end) {
  const Manifest& manifest = *snapshot.manifest;
  const EntryRecord& first = manifest.entry(entries[i]);
  const Segment& segment = *snapshot.segments[first.segment];
  uint64_t need = 0;
  for (size_t j = i; j < end; ++j) {
    const EntryRecord& next = manifest.entry(entries[j]);
    if (next.segment != first.segment || segment.doc(next.doc).block != segment.doc(first.doc).block) break;
    need = std::max(need, segment.EndInBlock(next.doc));
  }
  return need;
}

}  // namespace

std::vector<MatchedLine> MatchLines(const Pattern& pattern, std::string_view content, uint64_t max_count,
                                    bool submatches) {
  std::vector<MatchedLine> lines;
  uint64_t line_number = 1;
  size_t counted_to = 0;  // line_number is the number of the line starting at counted_to
  std::string storage;
  std::string_view text = pattern.SearchText(content, &storage);
  // The matching lines of text[from, to), `to` a line's end; false once max_count lines are found.
  auto match_lines = [&](size_t from, size_t to) {
    for (size_t pos = from; pos < to;) {
      size_t start = pattern.FindMatchingLine(text, pos, to);
      if (start >= content.size()) return true;  // npos, or the empty "line" after a final '\n'
      line_number += CountNewlines(content.substr(counted_to, start - counted_to));
      counted_to = start;
      size_t end = content.find('\n', start);
      if (end == std::string_view::npos) end = content.size();
      MatchedLine line{line_number, start, {}};
      if (submatches) pattern.MatchesInFileLine(content, start, &line.submatches);
      lines.push_back(std::move(line));
      if (max_count != 0 && lines.size() >= max_count) return false;
      pos = end + 1;
    }
    return true;
  };
  std::vector<LineRange> candidates;
  if (!pattern.CandidateLines(text, &candidates)) {
    match_lines(0, content.size());
    return lines;
  }
  for (const LineRange& range : candidates) {
    if (!match_lines(range.begin, range.end)) break;
  }
  return lines;
}

SearchStats Search(const SnapshotView& snapshot, const SearchRequest& request,
                   const std::function<void(FileResult&&)>& on_file) {
  SearchStats stats;
  std::vector<uint32_t> entries = CandidateEntries(snapshot, request);
  stats.candidates = entries.size();
  const Manifest& manifest = *snapshot.manifest;
  for (uint32_t e : entries) stats.candidate_bytes += manifest.entry(e).size;

  std::vector<size_t> bounds = UnitBounds(manifest, entries);
  size_t units = bounds.size() - 1;
  unsigned threads = request.threads ? request.threads : std::thread::hardware_concurrency();
  threads = static_cast<unsigned>(std::clamp<size_t>(threads, 1, std::max<size_t>(units, 1)));
  std::vector<BlockReader> readers(threads);
  PatternPerWorker patterns(request.pattern, threads);
  std::atomic<bool> timed_out{false};
  OrderedParallel<std::vector<FileResult>>(
      units, threads, 4 * threads,
      [&](unsigned worker, size_t unit) {
        std::vector<FileResult> results;
        if (timed_out.load(std::memory_order_relaxed)) return results;
        if (std::chrono::steady_clock::now() > request.deadline) {
          timed_out = true;
          return results;
        }
        size_t end = bounds[unit + 1];
        for (size_t i = bounds[unit]; i < end; ++i) {
          const EntryRecord& entry = manifest.entry(entries[i]);
          const Segment& segment = *snapshot.segments[entry.segment];
          std::string_view content =
              segment.Content(entry.doc, &readers[worker], ReadAhead(snapshot, entries, i, end));
          FileResult result{entries[i], nullptr, content, {}};
          if (request.pattern) {
            result.lines = MatchLines(*patterns[worker], content, request.max_count, request.submatches);
          }
          if (request.refine ? !request.refine(result) : result.lines.empty()) continue;
          result.block = readers[worker].Pin();
          results.push_back(std::move(result));
        }
        return results;
      },
      [&](size_t, std::vector<FileResult>&& results) {
        for (FileResult& r : results) {
          stats.files_with_match++;
          on_file(std::move(r));
        }
      });
  stats.timed_out = timed_out;
  return stats;
}

}  // namespace scry
