// A parsed query (query/query_syntax.h) made executable over a snapshot, in three narrowing steps:
//
//   plan()       the trigrams a document must hold: content atoms' own plans joined by AND and OR;
//                sym:X needs X's trigrams too (a name is in its file's text); a negated atom, file:
//                and lang: need nothing
//   MayMatch()   the path alone: file: and lang: decided, content unknown (three-valued logic)
//   Refine()     the file itself: every atom decided, and the lines shown chosen
//
// The lines shown are those of the atoms that are not negated: a content atom's matching lines, and
// for sym:X the lines where a symbol whose name holds X is named (from the symbol table, so an
// anchored sym:/^Parse$/ finds `func Parse(` though no line matches ^Parse$).  A query with no such atom
// (`file:\.go$ -TODO`) matches files, not lines.  case: applies to literals, regexes and file:
// alike; auto (the default) is rg's smart case for each atom by itself.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/segment.h"
#include "query/pattern.h"
#include "query/query_syntax.h"
#include "query/search.h"
#include "query/trigram_query.h"

namespace scry {

class CompiledQuery {
 public:
  // Throws scry::Error(kBadInput) "query: column N: ..." for an atom's invalid regex or unknown lang:.
  static CompiledQuery Compile(const QueryNode& root, CaseMode case_mode);

  CompiledQuery(CompiledQuery&&) noexcept;
  CompiledQuery& operator=(CompiledQuery&&) noexcept;
  ~CompiledQuery();

  const TrigramQuery& plan() const { return plan_; }
  // What the lines shown for content atoms match; null if no content atom is shown.
  const Pattern* lines() const { return lines_; }
  // Whether the query shows lines (a content or sym: atom is not negated) or only matches files.
  bool shows_lines() const { return lines_ != nullptr || shows_symbols_; }
  // The literal and regex text of the atoms shown, for ranking by their words.
  const std::vector<std::string>& terms() const { return terms_; }

  // False if no file at `path` (relative to the indexed root) can match, whatever it holds.
  bool MayMatch(std::string_view path) const;
  // False if document `doc` of `segment` at `path` cannot match, whatever its content: sym: atoms are
  // decided by its symbol table, without reading the file.
  bool MayMatch(std::string_view path, const Segment& segment, uint32_t doc) const;

  // A request that runs this query over `snapshot`, which must outlive it: lines(), plan(), MayMatch
  // as the path filter (and the document filter if a sym: atom can decide) and Refine as the file
  // decision.  The caller may narrow `include` further.
  SearchRequest Request(const SnapshotView& snapshot) const;

  // Decides `file`, document `doc` of `segment` at `path`, whose lines were matched with lines()
  // (or none if null): false if it does not match, or if it shows no line when the query shows
  // lines; else adds the lines where the symbols of sym: atoms are named.  Safe to call from several
  // threads at once.
  bool Refine(std::string_view path, const Segment& segment, uint32_t doc, FileResult* file) const;

 private:
  struct Atom;
  CompiledQuery() = default;
  static void AddNamedLines(const std::map<uint64_t, std::vector<Submatch>>& named, FileResult* file);
  // MayMatch, with sym: atoms unknown when `segment` is null.
  bool MayMatchDocument(std::string_view path, const Segment* segment, uint32_t doc) const;

  TrigramQuery plan_;
  const Pattern* lines_ = nullptr;  // the one shown content atom's pattern, or joined_lines_
  std::unique_ptr<Pattern> joined_lines_;
  std::vector<std::string> terms_;
  bool shows_symbols_ = false;  // a sym: atom is shown
  bool has_symbols_ = false;    // a sym: atom, shown or not
  size_t shown_contents_ = 0;   // content atoms shown: the groups of lines_
  QueryNode root_;
  std::vector<std::unique_ptr<Atom>> atoms_;  // in the order of a depth-first walk of root_
};

// A query as the CLI and the servers take it: parsed, its rev: reconciled with a revision given beside
// it (--rev), and compiled; `default_case` applies when it has no case:.  Throws scry::Error(kBadInput)
// for a syntax error, a query with nothing to search for, or two revisions.
struct PlannedQuery {
  QueryNode root;
  CompiledQuery compiled;
  std::string rev;
};
PlannedQuery PlanQuery(std::string_view text, CaseMode default_case, const std::string& rev);

}  // namespace scry
