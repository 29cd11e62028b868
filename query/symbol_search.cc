#include "query/symbol_search.h"

#include <roaring/roaring.h>

#include <algorithm>
#include <limits>
#include <sstream>
#include <thread>

#include "indexer/symbol_rules.h"
#include "query/path_prior.h"
#include "query/pattern.h"
#include "util/error.h"
#include "util/ordered_parallel.h"

namespace scry {

namespace {

// The names of one segment that match, with their scores.
struct NameHit {
  uint32_t name;
  NameScore score;
};

// The names [first, last) that match, skipping on the character mask those that cannot.  The mask
// is read in order, 8 bytes a name; the names that pass it are scattered over the name records and
// the names section, so their cache lines are fetched a few names ahead: matching them waited on
// memory, 3x longer for kmem_cache_create's 40,000 on Linux.
std::vector<NameHit> MatchNamesIn(const Segment& segment, const NameMatcher& matcher, uint32_t first,
                                  uint32_t last) {
  constexpr size_t kRecordsAhead = 16;
  constexpr size_t kTextAhead = 8;
  const uint64_t required = matcher.required_mask();
  std::span<const uint64_t> masks = segment.name_masks();
  std::vector<uint32_t> passed;
  for (uint32_t n = first; n < last; ++n) {
    if ((masks[n] & required) == required) passed.push_back(n);
  }
  const char* text = segment.names_text().data();
  std::vector<NameHit> hits;
  for (size_t i = 0; i < passed.size(); ++i) {
    if (i + kRecordsAhead < passed.size()) __builtin_prefetch(&segment.name(passed[i + kRecordsAhead]));
    if (i + kTextAhead < passed.size())
      __builtin_prefetch(text + segment.name(passed[i + kTextAhead]).offset);
    NameScore score = matcher.Match(segment.NameText(passed[i]));
    if (score.match != NameMatch::kNone) hits.push_back({passed[i], score});
  }
  return hits;
}

// The names section is every name followed by '\n': one buffer that RE2 scans line by line.
std::vector<NameHit> RegexNames(const Segment& segment, const Pattern& pattern, uint32_t first,
                                uint32_t last) {
  std::vector<NameHit> hits;
  if (first == last) return hits;
  const NameRecord& end_name = segment.name(last - 1);
  size_t base = segment.name(first).offset;
  std::string_view names = segment.names_text();
  names = names.substr(
      base, std::min<size_t>(names.size(), uint64_t{end_name.offset} + end_name.length + 1) - base);
  std::string storage;
  std::string_view text = pattern.SearchText(names, &storage);
  uint32_t next_name = first;
  for (size_t at = 0; at < text.size();) {
    size_t line = pattern.FindMatchingLine(text, at);
    if (line == std::string_view::npos || line >= text.size()) break;
    // Names are stored in order of their offsets: the first name at or after `line` starts it.
    while (next_name < last && segment.name(next_name).offset < base + line) ++next_name;
    if (next_name == last) break;
    int32_t shorter_first = -static_cast<int32_t>(segment.name(next_name).length);
    hits.push_back({next_name, {NameMatch::kSubstring, shorter_first}});
    size_t end = text.find('\n', line);
    if (end == std::string_view::npos) break;
    at = end + 1;
  }
  return hits;
}

// A share of one segment's names to match on one thread.
struct NameRange {
  uint32_t segment;
  uint32_t first, last;
};

// Scans (fuzzy, regex) are cut into ranges of this many names, spread over the cores.
constexpr uint32_t kNamesPerRange = 1 << 18;

// Names are sorted ignoring ASCII case, so those a query can match may be one binary search away: by
// the query itself (exact, prefix) or the prefix a regex anchors at ^ (/^ext4_mb_/).
std::vector<NameRange> RangesToMatch(const SnapshotView& snapshot, const SymbolQuery& query,
                                     const Pattern* pattern) {
  std::string_view prefix;
  if (query.mode == SymbolMode::kExact || query.mode == SymbolMode::kPrefix) prefix = query.text;
  if (pattern) prefix = pattern->line_prefix();
  std::vector<NameRange> ranges;
  for (uint32_t s = 0; s < snapshot.segments.size(); ++s) {
    const Segment& segment = *snapshot.segments[s];
    auto [first, last] = segment.NamesWithPrefix(prefix);
    for (; first < last; first += std::min(kNamesPerRange, last - first)) {
      ranges.push_back({s, first, std::min(last, first + kNamesPerRange)});
    }
  }
  return ranges;
}

std::vector<NameHit> MatchNames(const Segment& segment, const NameRange& range, const SymbolQuery& query,
                                const NameMatcher& matcher, const Pattern* pattern) {
  switch (query.mode) {
    case SymbolMode::kRegex:
      return RegexNames(segment, *pattern, range.first, range.last);
    case SymbolMode::kExact:
    case SymbolMode::kPrefix: {
      std::vector<NameHit> hits = MatchNamesIn(segment, matcher, range.first, range.last);
      if (query.mode == SymbolMode::kExact) {
        std::erase_if(hits, [](const NameHit& h) { return h.score.match < NameMatch::kExactIgnoringCase; });
      }
      return hits;
    }
    case SymbolMode::kAny:
      return MatchNamesIn(segment, matcher, range.first, range.last);
  }
  return {};
}

struct Ranked {
  SymbolHit hit;
  int penalty;
  std::string_view path;
  uint32_t line;
};

}  // namespace

std::vector<SymbolHit> FindSymbols(const SnapshotView& snapshot, const SymbolQuery& query) {
  if (query.text.empty()) throw Error(ExitCode::kBadInput, "symbols: the query is empty");
  NameMatcher matcher(query.text);
  std::optional<Pattern> pattern;
  if (query.mode == SymbolMode::kRegex) {
    PatternOptions options;
    options.ignore_case = query.ignore_case;
    pattern.emplace(Pattern::Compile({query.text}, options));
  }
  const Manifest& manifest = *snapshot.manifest;
  std::vector<Ranked> ranked;
  const Pattern* regex = pattern ? &*pattern : nullptr;
  std::vector<NameRange> ranges = RangesToMatch(snapshot, query, regex);
  unsigned threads = std::clamp<unsigned>(query.threads ? query.threads : std::thread::hardware_concurrency(),
                                          1, static_cast<unsigned>(std::max<size_t>(ranges.size(), 1)));
  PatternPerWorker patterns(regex, threads);
  OrderedParallel<std::vector<NameHit>>(
      ranges.size(), threads, 4 * threads,
      [&](unsigned worker, size_t i) {
        const NameRange& range = ranges[i];
        return MatchNames(*snapshot.segments[range.segment], range, query, matcher, patterns[worker]);
      },
      [&](size_t i, std::vector<NameHit>&& names) {
        uint32_t s = ranges[i].segment;
        const Segment& segment = *snapshot.segments[s];
        for (const NameHit& name : names) {
          for (uint32_t id : segment.SymbolsNamed(name.name)) {
            const SymbolRecord& symbol = segment.symbol(id);
            auto kind = static_cast<SymbolKind>(symbol.kind);
            if (!query.kinds.empty() &&
                std::find(query.kinds.begin(), query.kinds.end(), kind) == query.kinds.end())
              continue;
            if (!roaring_bitmap_contains(manifest.live(s), symbol.doc)) continue;
            manifest.ForEachEntryOf(s, symbol.doc, [&](uint32_t e) {
              std::string_view path = manifest.path(e);
              if (query.include && !query.include(path)) return;
              ranked.push_back({{s, id, e, name.score},
                                PathPenalty(path, manifest.entry(e).flags),
                                path,
                                symbol.name_line});
            });
          }
        }
      });
  auto better = [](const Ranked& a, const Ranked& b) {
    if (a.hit.score != b.hit.score) return a.hit.score > b.hit.score;
    if (a.penalty != b.penalty) return a.penalty < b.penalty;
    if (a.path != b.path) return a.path < b.path;
    return a.line < b.line;
  };
  size_t keep = query.limit == 0 ? ranked.size() : std::min(query.limit, ranked.size());
  std::partial_sort(ranked.begin(), ranked.begin() + static_cast<ptrdiff_t>(keep), ranked.end(), better);
  std::vector<SymbolHit> hits;
  hits.reserve(keep);
  for (size_t i = 0; i < keep; ++i) hits.push_back(ranked[i].hit);
  return hits;
}

std::string QualifiedName(const Segment& segment, const SymbolRecord& symbol) {
  return Qualify(segment.String(symbol.scope), segment.NameText(symbol.name),
                 static_cast<Language>(segment.doc(symbol.doc).language));
}

std::vector<SymbolKind> ParseSymbolKinds(const std::vector<std::string>& lists) {
  std::vector<SymbolKind> kinds;
  for (const std::string& list : lists) {
    std::stringstream in(list);
    for (std::string name; std::getline(in, name, ',');) {
      std::optional<SymbolKind> kind = SymbolKindFromName(name);
      if (!kind) {
        std::string known;
        for (uint16_t k = 0; k <= static_cast<uint16_t>(SymbolKind::kVariable); ++k) {
          known += known.empty() ? "" : ", ";
          known += SymbolKindName(static_cast<SymbolKind>(k));
        }
        throw Error(ExitCode::kBadInput, "-k " + name + ": unknown kind (known: " + known + ")");
      }
      kinds.push_back(*kind);
    }
  }
  return kinds;
}

SymbolQuery ParseSymbolQuery(std::string_view text) {
  SymbolQuery query;
  query.text = std::string(text);
  if (query.text.size() >= 2 && query.text.front() == '/' && query.text.back() == '/') {
    query.text = query.text.substr(1, query.text.size() - 2);
    query.mode = SymbolMode::kRegex;
  }
  return query;
}

}  // namespace scry
