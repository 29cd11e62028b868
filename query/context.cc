#include "query/context.h"

#include <algorithm>
#include <map>
#include <memory>
#include <optional>
#include <unordered_map>
#include <utility>

#include "grammars/languages.h"
#include "indexer/chunk.h"
#include "indexer/symbol_rules.h"

namespace scry {

namespace {

// Chunks of one file this close are one block: the lines between cost less than a second header.
constexpr uint32_t kJoinGapLines = 2;
// Blocks a file may open in the first, diversifying pass.
constexpr size_t kFirstPassBlocksPerFile = 2;
// A block cut shorter than this is left out instead: a header over a line or two helps nobody.
constexpr uint32_t kMinLinesShown = 3;
// Paths a header names as also holding the text; JSON has them all.
constexpr size_t kAlsoInShown = 3;

bool IsWordByte(unsigned char b) {
  return b == '_' || (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

uint64_t LineTokens(std::string_view line) {
  uint64_t pieces = 0;
  bool in_word = false;
  for (char c : line) {
    auto b = static_cast<unsigned char>(c);
    bool word = IsWordByte(b);
    if (word && !in_word) ++pieces;
    in_word = word;
    // A UTF-8 continuation byte belongs to the character its lead byte counted.
    if (!word && b != ' ' && b != '\t' && b != '\r' && (b < 0x80 || b >= 0xC0)) ++pieces;
  }
  return std::max<uint64_t>(pieces, (line.size() + 3) / 4);
}

// Whitespace runs as one space, none at either end: chunks equal but for indentation are duplicates.
std::string Normalized(std::string_view text) {
  std::string out;
  bool space = false;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
      space = true;
      continue;
    }
    if (space && !out.empty()) out += ' ';
    space = false;
    out += c;
  }
  return out;
}

using DocKey = std::pair<uint32_t, uint32_t>;  // segment index, document id

// The content of the documents blocks come from, decompressed once each, with their line starts.
class Documents {
 public:
  explicit Documents(const SnapshotView& snapshot) : snapshot_(snapshot) {}

  std::string_view Bytes(DocKey key, uint64_t begin, uint64_t end) {
    return Get(key).content.substr(begin, end - begin);
  }

  // Lines first..last (1-based), each ending in '\n' (one is added to a last line without).
  std::vector<std::string_view> Lines(DocKey key, uint32_t first, uint32_t last) {
    const Doc& doc = Get(key);
    std::vector<std::string_view> lines;
    for (uint32_t n = first; n <= last && n <= doc.starts.size(); ++n) {
      uint64_t begin = doc.starts[n - 1];
      uint64_t end = n < doc.starts.size() ? doc.starts[n] : doc.content.size();
      lines.push_back(doc.content.substr(begin, end - begin));
    }
    return lines;
  }

 private:
  struct Doc {
    std::shared_ptr<const char[]> pin;  // keeps `content` alive
    std::string_view content;
    std::vector<uint64_t> starts;  // of each line
  };

  const Doc& Get(DocKey key) {
    auto [it, added] = docs_.try_emplace(key);
    if (added) {
      Doc& doc = it->second;
      doc.content = snapshot_.segments[key.first]->Content(key.second, &reader_);
      doc.pin = reader_.Pin();
      for (uint64_t at = 0; at < doc.content.size();) {
        doc.starts.push_back(at);
        size_t line_end = doc.content.find('\n', at);
        if (line_end == std::string_view::npos) break;
        at = line_end + 1;
      }
    }
    return it->second;
  }

  const SnapshotView& snapshot_;
  BlockReader reader_;
  std::map<DocKey, Doc> docs_;
};

std::string Joined(const std::vector<std::string_view>& lines) {
  std::string text;
  for (std::string_view line : lines) {
    text += line;
    if (!line.ends_with('\n')) text += '\n';
  }
  return text;
}

std::string Header(const ContextBlock& block) {
  std::string header = "// " + block.path + ":" + std::to_string(block.start_line) + "-" +
                       std::to_string(block.end_line) + "  ";
  if (!block.qualified_name.empty()) header += block.qualified_name + " ";
  header += "(" + std::string(block.kind) + ")";
  for (size_t i = 0; i < std::min(block.also_in.size(), kAlsoInShown); ++i) {
    header += (i ? ", " : "  also in: ") + block.also_in[i];
  }
  if (block.also_in.size() > kAlsoInShown) {
    header += " (+" + std::to_string(block.also_in.size() - kAlsoInShown) + " more)";
  }
  return header + "\n";
}

std::string CutMarker(const ContextBlock& block) {
  if (block.lines_cut == 0) return "";
  return "// ... lines " + std::to_string(block.end_line + 1) + "-" +
         std::to_string(block.end_line + block.lines_cut) + " cut for the budget\n";
}

// Why a candidate is, or is not yet, in a block.
enum class Placement { kPlaced, kNoRoom, kOverLimit };

// A hit once duplicates are dropped.
struct Candidate {
  const AskHit* hit;
  DocKey doc;
  uint32_t first_line, last_line;
  std::vector<DocKey> duplicates;  // other documents holding a chunk with the same text
};

// A block being assembled: lines of one document.
struct Span {
  DocKey doc;
  uint32_t first_line, last_line;  // when cut, last_line is the last line shown
  size_t best;                     // the best-ranked candidate in it
  std::vector<uint32_t> also_in;   // manifest handles
  uint32_t lines_cut = 0;
  uint64_t tokens = 0;
};

class Assembler {
 public:
  Assembler(const SnapshotView& snapshot, const ContextOptions& options)
      : snapshot_(snapshot), manifest_(*snapshot.manifest), options_(options), documents_(snapshot) {}

  void Dedup(std::span<const AskHit> hits) {
    std::unordered_map<std::string, size_t> by_text;
    for (const AskHit& hit : hits) {
      const ChunkRecord& chunk = Chunk(hit);
      DocKey doc{hit.ref.segment, chunk.doc};
      std::string text = Normalized(documents_.Bytes(doc, chunk.begin, chunk.end));
      auto [it, added] = by_text.try_emplace(std::move(text), candidates_.size());
      if (added) {
        candidates_.push_back({&hit, doc, chunk.first_line, chunk.last_line, {}});
      } else if (candidates_[it->second].doc != doc) {
        candidates_[it->second].duplicates.push_back(doc);
      }
    }
  }

  void Place() {
    std::vector<Placement> placements(candidates_.size(), Placement::kOverLimit);
    for (bool first_pass : {true, false}) {
      for (size_t c = 0; c < candidates_.size(); ++c) {
        if (placements[c] != Placement::kPlaced) placements[c] = TryPlace(c, first_pass);
      }
    }
    truncated_ = std::find(placements.begin(), placements.end(), Placement::kNoRoom) != placements.end() ||
                 std::any_of(spans_.begin(), spans_.end(), [](const Span& s) { return s.lines_cut > 0; });
  }

  Context Finish() {
    std::sort(spans_.begin(), spans_.end(), [](const Span& a, const Span& b) { return a.best < b.best; });
    Context context;
    context.truncated = truncated_;
    for (const Span& span : spans_) {
      context.blocks.push_back(Block(span));
      context.tokens += context.blocks.back().tokens;
    }
    return context;
  }

 private:
  const ChunkRecord& Chunk(const AskHit& hit) const {
    return snapshot_.segments[hit.ref.segment]->all_chunks()[hit.ref.chunk];
  }

  std::string Display(uint32_t entry) const {
    std::string_view path = manifest_.path(entry);
    return options_.display ? options_.display(path) : std::string(path);
  }

  ContextBlock Block(const Span& span) {
    const Candidate& best = candidates_[span.best];
    const Segment& segment = *snapshot_.segments[span.doc.first];
    const ChunkRecord& chunk = Chunk(*best.hit);
    ContextBlock block;
    block.path = Display(best.hit->entry);
    block.start_line = span.first_line;
    block.end_line = span.last_line;
    block.symbol = segment.String(chunk.name);
    block.scope = segment.String(chunk.scope);
    block.qualified_name = chunk.name != 0 ? Qualify(block.scope, block.symbol,
                                                     static_cast<Language>(segment.doc(chunk.doc).language))
                                           : block.scope;
    block.kind = ChunkKindName(static_cast<ChunkKind>(chunk.kind));
    block.score = best.hit->score;
    for (uint32_t entry : span.also_in) {
      std::string path = Display(entry);
      if (path != block.path &&
          std::find(block.also_in.begin(), block.also_in.end(), path) == block.also_in.end())
        block.also_in.push_back(std::move(path));
    }
    block.text = Joined(documents_.Lines(span.doc, span.first_line, span.last_line));
    block.lines_cut = span.lines_cut;
    block.tokens = EstimateTokens(RenderBlock(block));
    return block;
  }

  // Every path of the candidate's document and of the documents duplicating its chunk.
  std::vector<uint32_t> AlsoIn(const Candidate& c) const {
    std::vector<uint32_t> entries;
    auto add_paths = [&](const DocKey& doc) {
      manifest_.ForEachEntryOf(doc.first, doc.second, [&](uint32_t e) {
        if (!options_.include || options_.include(manifest_.path(e))) entries.push_back(e);
      });
    };
    add_paths(c.doc);
    for (const DocKey& doc : c.duplicates) add_paths(doc);
    return entries;
  }

  // Candidate `c` joins the blocks of its file it overlaps, touches or nearly touches, or opens one
  // (only if the limits allow), if the result fits the budget; a new block may be cut to fit.
  Placement TryPlace(size_t c, bool first_pass) {
    const Candidate& candidate = candidates_[c];
    Span merged{candidate.doc, candidate.first_line, candidate.last_line, c, AlsoIn(candidate)};
    std::vector<size_t> joined;  // indexes into spans_
    for (bool grew = true; grew;) {
      grew = false;
      for (size_t s = 0; s < spans_.size(); ++s) {
        const Span& span = spans_[s];
        if (span.doc != merged.doc || std::find(joined.begin(), joined.end(), s) != joined.end()) continue;
        if (span.first_line > merged.last_line + kJoinGapLines + 1 ||
            merged.first_line > span.last_line + kJoinGapLines + 1)
          continue;
        if (span.lines_cut > 0) return Placement::kNoRoom;  // it had no room for its own lines
        joined.push_back(s);
        merged.first_line = std::min(merged.first_line, span.first_line);
        merged.last_line = std::max(merged.last_line, span.last_line);
        merged.best = std::min(merged.best, span.best);
        merged.also_in.insert(merged.also_in.end(), span.also_in.begin(), span.also_in.end());
        grew = true;
      }
    }
    if (joined.empty()) {
      auto of_file = static_cast<size_t>(
          std::count_if(spans_.begin(), spans_.end(), [&](const Span& s) { return s.doc == candidate.doc; }));
      if (spans_.size() >= options_.max_blocks || (first_pass && of_file >= kFirstPassBlocksPerFile))
        return Placement::kOverLimit;
    }
    merged.tokens = Block(merged).tokens;
    uint64_t freed = 0;
    for (size_t s : joined) freed += spans_[s].tokens;
    if (merged.tokens <= Room() + freed) {
      std::sort(joined.rbegin(), joined.rend());
      for (size_t s : joined) spans_.erase(spans_.begin() + static_cast<ptrdiff_t>(s));
      used_ = used_ - freed + merged.tokens;
      spans_.push_back(std::move(merged));
      return Placement::kPlaced;
    }
    if (!joined.empty()) return Placement::kNoRoom;
    std::optional<Span> cut = Cut(merged, Room());
    if (!cut) return Placement::kNoRoom;
    used_ += cut->tokens;
    spans_.push_back(std::move(*cut));
    return Placement::kPlaced;
  }

  uint64_t Room() const { return options_.budget - used_; }

  // The span cut to the most lines whose block fits `room`, if that is kMinLinesShown or more.
  std::optional<Span> Cut(const Span& whole, uint64_t room) {
    ContextBlock block = Block(whole);
    std::vector<std::string_view> lines = documents_.Lines(whole.doc, whole.first_line, whole.last_line);
    auto total = static_cast<uint32_t>(lines.size());
    uint32_t shown = 0;
    uint64_t code = 0;
    for (uint32_t n = 1; n < total; ++n) {
      code += EstimateTokens(Joined({lines[n - 1]}));
      block.end_line = whole.first_line + n - 1;
      block.lines_cut = total - n;
      // RenderBlock's parts, each estimated: estimates add up over lines.
      if (EstimateTokens(Header(block)) + code + EstimateTokens(CutMarker(block)) + EstimateTokens("\n") >
          room)
        break;
      shown = n;
    }
    if (shown < kMinLinesShown) return std::nullopt;
    Span cut = whole;
    cut.last_line = whole.first_line + shown - 1;
    cut.lines_cut = total - shown;
    cut.tokens = Block(cut).tokens;
    return cut;
  }

  const SnapshotView& snapshot_;
  const Manifest& manifest_;
  const ContextOptions& options_;
  Documents documents_;
  std::vector<Candidate> candidates_;
  std::vector<Span> spans_;
  uint64_t used_ = 0;
  bool truncated_ = false;
};

}  // namespace

uint64_t EstimateTokens(std::string_view text) {
  uint64_t tokens = 0;
  while (!text.empty()) {
    size_t end = text.find('\n');
    end = end == std::string_view::npos ? text.size() : end + 1;
    tokens += LineTokens(text.substr(0, end));
    text.remove_prefix(end);
  }
  return tokens;
}

std::string RenderBlock(const ContextBlock& block) {
  return Header(block) + block.text + CutMarker(block) + "\n";
}

Context AssembleContext(const SnapshotView& snapshot, std::span<const AskHit> hits,
                        const ContextOptions& options) {
  Assembler assembler(snapshot, options);
  assembler.Dedup(hits);
  assembler.Place();
  return assembler.Finish();
}

}  // namespace scry
