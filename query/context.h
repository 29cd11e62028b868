// `scry context`: the code a language model should read about a question, under a token budget.
//
// AssembleContext turns `scry ask`'s ranked chunks into blocks of code, each under a header saying
// where it comes from:
//   - Identical text is shown once.  A document at several paths (one blob) is one block that names
//     the other paths ("also in"); a chunk whose text equals a better-ranked one's, whitespace aside,
//     is dropped and its file's paths named by that one's block.
//   - Chunks of one file that overlap, touch or leave at most two lines between them are one
//     block, the lines between included.
//   - Diversity: a first pass, in rank order, opens at most two blocks per file; a second pass fills
//     the budget left with the rest, in rank order.  At most `max_blocks` blocks are opened.
//   - A block that does not fit whole is cut to its first lines that fit, followed by a marker line,
//     if at least three lines fit; otherwise it is left out and the next one tried.
// Blocks come out in the order of their best chunk's rank.
//
// Tokens are estimated, not counted by a model's tokenizer (scry has none, and models differ): a
// line's tokens are the larger of its bytes / 4, rounded up, and its pieces — runs of ASCII letters,
// digits and '_', every other character but space, tab and CR, and the line break.  Bytes / 4, the
// usual rule for English prose, under-counts code dense with punctuation and short names (`a[i]=b;`
// is 2 by it, several for any tokenizer, 8 pieces with its line break); pieces alone under-count long
// identifiers and words, which BPE tokenizers split; the larger of the two is meant to err high
// rather than low (it has not been measured against a tokenizer).  A text's estimate is the sum
// of its lines', so a block's is the sum of its header's, its code's and its marker's, and the
// estimate of everything printed is the sum of the blocks'.  The budget holds for that estimate, of
// each block as printed (RenderBlock): header, code, marker and the blank line after it.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/store.h"
#include "query/ask.h"

namespace scry {

// The estimated tokens of a text (above).  Deterministic; "" is 0.
uint64_t EstimateTokens(std::string_view text);

struct ContextBlock {
  std::string path;         // as ContextOptions::display prints it
  uint32_t start_line = 0;  // the lines shown, 1-based, inclusive
  uint32_t end_line = 0;
  // Of the block's best-ranked chunk: symbol name, scope path, qualified name ("" when none), kind.
  std::string symbol, scope, qualified_name;
  std::string_view kind;
  double score = 0;
  std::vector<std::string> also_in;  // other paths holding the same text
  std::string text;                  // the lines shown, each ending in '\n'
  uint32_t lines_cut = 0;            // lines after end_line left out for the budget
  uint64_t tokens = 0;               // EstimateTokens(RenderBlock(*this))
};

// A block as `scry context` prints it:
//   // path:start-end  qualified name (kind)  also in: a.go, b.go
//   the code
//   // ... lines N-M cut for the budget          (only if lines were cut)
//   (a blank line)
std::string RenderBlock(const ContextBlock& block);

// Ask is asked for this many chunks a block: duplicates dropped, neighbours joined and chunks that do
// not fit still leave material to fill the budget with.
constexpr size_t kHitsPerBlock = 3;

struct ContextOptions {
  uint64_t budget = 8000;  // tokens, more than 0
  size_t max_blocks = 20;
  // How a path relative to the indexed root is printed; null: as it is.
  std::function<std::string(std::string_view path)> display;
  // Which other paths of a document a block may name (the path filters); null: all.
  std::function<bool(std::string_view path)> include;
};

struct Context {
  std::vector<ContextBlock> blocks;
  uint64_t tokens = 0;     // the blocks' sum, at most the budget
  bool truncated = false;  // a block was cut, or a chunk left out, for want of budget
};

// `hits` best first, as Ask returns them.
Context AssembleContext(const SnapshotView& snapshot, std::span<const AskHit> hits,
                        const ContextOptions& options);

}  // namespace scry
