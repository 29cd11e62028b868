#include "query/rank.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <limits>
#include <unordered_set>

#include "indexer/trigram.h"
#include "query/bm25.h"
#include "query/path_prior.h"
#include "util/subtokens.h"

namespace scry {

namespace {

bool IsWordByte(char c) {
  auto b = static_cast<unsigned char>(c);
  return b == '_' || (b >= '0' && b <= '9') || ((b | 0x20) >= 'a' && (b | 0x20) <= 'z') || b >= 0x80;
}

// An upper bound of how many live documents hold `subtoken`: the least frequent of its trigrams.
uint64_t DocsWith(const SnapshotView& snapshot, std::string_view subtoken, uint64_t doc_count) {
  if (subtoken.size() < 3) return doc_count;
  uint64_t least = doc_count;
  for (size_t i = 0; i + 3 <= subtoken.size(); ++i) {
    Trigram t = PackTrigram(subtoken[i], subtoken[i + 1], subtoken[i + 2]);
    uint64_t docs = 0;
    for (const auto& segment : snapshot.segments) docs += segment->DocFrequency(t);
    least = std::min(least, docs);
  }
  return least;
}

// Whether a match is a whole word: no word byte on either side.
MatchClass WordClass(std::string_view line, const Submatch& m) {
  bool starts = m.begin == 0 || !IsWordByte(line[m.begin - 1]);
  bool ends = m.end >= line.size() || !IsWordByte(line[m.end]);
  return starts && ends && m.end > m.begin ? MatchClass::kWord : MatchClass::kPartial;
}

// The best class of a file's matches.  Symbols are in the order of their begin, not of the line
// their name is on (C's `typedef struct {...} name;`), so their name lines are sorted once and
// walked alongside the matched lines, which are in order: linear in symbols and matches.
MatchClass BestClass(const FileResult& file, std::span<const SymbolRecord> symbols, const Segment& segment) {
  std::vector<std::pair<uint32_t, uint32_t>> names;  // (name line, index in symbols)
  names.reserve(symbols.size());
  for (uint32_t i = 0; i < symbols.size(); ++i) names.emplace_back(symbols[i].name_line, i);
  std::sort(names.begin(), names.end());
  MatchClass best = MatchClass::kPartial;
  size_t next = 0;
  for (const MatchedLine& line : file.lines) {
    std::string_view text = file.content.substr(line.offset);
    text = text.substr(0, text.find('\n'));
    while (next < names.size() && names[next].first < line.number) ++next;
    for (const Submatch& m : line.submatches) {
      for (size_t k = next; k < names.size() && names[k].first == line.number; ++k) {
        const SymbolRecord& s = symbols[names[k].second];
        uint64_t name_end = uint64_t{s.name_column} + segment.name(s.name).length;
        if (m.begin < name_end && m.end > s.name_column) return MatchClass::kDefinition;
      }
      best = std::max(best, WordClass(text, m));
    }
  }
  return best;
}

}  // namespace

std::partial_ordering FileScore::operator<=>(const FileScore& other) const {
  if (auto c = best <=> other.best; c != 0) return c;
  if (auto c = bm25 <=> other.bm25; c != 0) return c;
  return other.path_penalty <=> path_penalty;
}

Ranker::Ranker(const SnapshotView& snapshot, const std::vector<std::string>& patterns) {
  std::vector<std::string> subtokens;
  for (const std::string& p : patterns) {
    for (std::string& s : Subtokens(p)) {
      if (std::find(subtokens.begin(), subtokens.end(), s) == subtokens.end())
        subtokens.push_back(std::move(s));
    }
  }
  uint64_t files = std::max<uint64_t>(snapshot.row.files, 1);
  average_file_bytes_ = std::max(1.0, static_cast<double>(snapshot.row.bytes) / static_cast<double>(files));
  if (subtokens.size() < 2) return;
  for (std::string& s : subtokens) {
    double idf = Bm25Idf(files, DocsWith(snapshot, s, files));
    terms_.push_back({std::move(s), idf});
  }
}

FileScore Ranker::Score(const SnapshotView& snapshot, const FileResult& file) const {
  const EntryRecord& entry = snapshot.manifest->entry(file.entry);
  const Segment& segment = *snapshot.segments[entry.segment];
  std::span<const SymbolRecord> symbols = segment.SymbolsOf(entry.doc);
  FileScore score;
  score.path_penalty = PathPenalty(snapshot.manifest->path(file.entry), entry.flags);
  score.best = BestClass(file, symbols, segment);
  if (!terms_.empty()) {
    // Term frequencies are counted in the matched lines only: tokenizing whole files cost a search
    // matching in thousands of them more than the search itself, and an occurrence of a term outside
    // every matched line is rare (a term is part of what the patterns match).
    std::vector<uint32_t> frequency(terms_.size(), 0);
    for (const MatchedLine& line : file.lines) {
      std::string_view text = file.content.substr(line.offset);
      ForEachSubtoken(text.substr(0, text.find('\n')), [&](std::string_view subtoken) {
        for (size_t t = 0; t < terms_.size(); ++t) frequency[t] += subtoken == terms_[t].subtoken;
      });
    }
    for (size_t t = 0; t < terms_.size(); ++t) {
      score.bm25 += Bm25TermScore(terms_[t].idf, frequency[t], static_cast<double>(file.content.size()),
                                  average_file_bytes_);
    }
  }
  return score;
}

SearchStats SearchRanked(const SnapshotView& snapshot, const SearchRequest& request, const Ranker& ranker,
                         const std::function<void(FileResult&&)>& on_file, const Rerank& rerank) {
  // Found files keep their decompressed blocks up to this many bytes; past it, a file keeps its
  // matched lines only and its content is decompressed again for printing.
  constexpr uint64_t kPinnedBudget = 256 << 20;
  std::vector<RankedFile> found;
  std::unordered_set<const char*> pinned;
  uint64_t pinned_bytes = 0;
  SearchStats stats = Search(snapshot, request, [&](FileResult&& file) {
    FileScore score = ranker.Score(snapshot, file);
    if (pinned_bytes < kPinnedBudget) {
      const EntryRecord& entry = snapshot.manifest->entry(file.entry);
      const Segment& segment = *snapshot.segments[entry.segment];
      if (pinned.insert(file.block.get()).second) pinned_bytes += segment.DecodedBytes(entry.doc);
    } else {
      file.content = {};
      file.block.reset();
    }
    found.push_back({score, std::move(file)});
  });
  // Search reports files in path order: a stable sort keeps it among equal scores.
  std::stable_sort(found.begin(), found.end(),
                   [](const RankedFile& a, const RankedFile& b) { return a.score > b.score; });
  if (rerank) rerank(found);
  BlockReader reader;
  for (RankedFile& f : found) {
    if (f.file.block == nullptr) {
      const EntryRecord& entry = snapshot.manifest->entry(f.file.entry);
      f.file.content = snapshot.segments[entry.segment]->Content(entry.doc, &reader);
      f.file.block = reader.Pin();
    }
    on_file(std::move(f.file));
  }
  return stats;
}

}  // namespace scry
