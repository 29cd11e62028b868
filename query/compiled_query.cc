#include "query/compiled_query.h"

#include <algorithm>
#include <map>
#include <utility>

#include "query/path_filter.h"
#include "util/error.h"

namespace scry {

namespace {

enum class Truth { kNo, kYes, kUnknown };

Truth Not(Truth t) {
  if (t == Truth::kUnknown) return t;
  return t == Truth::kYes ? Truth::kNo : Truth::kYes;
}

TrigramQuery Join(TrigramQuery::Op op, std::vector<TrigramQuery> subs) {
  // ALL absorbs an OR and vanishes from an AND; NONE the other way round.
  TrigramQuery::Op absorbing =
      op == TrigramQuery::Op::kAnd ? TrigramQuery::Op::kNone : TrigramQuery::Op::kAll;
  TrigramQuery::Op neutral = op == TrigramQuery::Op::kAnd ? TrigramQuery::Op::kAll : TrigramQuery::Op::kNone;
  TrigramQuery joined{op, {}, {}};
  for (TrigramQuery& sub : subs) {
    if (sub.op == absorbing) return sub;
    if (sub.op != neutral) joined.subs.push_back(std::move(sub));
  }
  if (joined.subs.empty()) return {neutral, {}, {}};
  if (joined.subs.size() == 1) return std::move(joined.subs.front());
  return joined;
}

// lang: takes ripgrep's type names (py, js, cs) and, for the languages scry parses, their names.
std::string_view TypeName(std::string_view lang) {
  static constexpr std::pair<std::string_view, std::string_view> kNames[] = {
      {"bash", "sh"},       {"c#", "cs"},     {"c++", "cpp"},  {"csharp", "cs"},     {"golang", "go"},
      {"javascript", "js"}, {"python", "py"}, {"shell", "sh"}, {"typescript", "ts"}, {"tsx", "ts"}};
  for (const auto& [name, type] : kNames) {
    if (name == lang) return type;
  }
  return lang;
}

// Rethrows a pattern's error with the column of the atom it came from.
template <typename Fn>
auto AtColumn(size_t column, Fn&& fn) {
  try {
    return fn();
  } catch (const Error& e) {
    throw Error(e.code(), "query: column " + std::to_string(column) + ": " + e.what());
  }
}

}  // namespace

struct CompiledQuery::Atom {
  QueryNode::Kind kind;
  bool shown = false;                // not negated: its lines are shown
  std::unique_ptr<Pattern> pattern;  // content, file, sym
  PathFilter type;                   // lang
};

namespace {

// What a compiled atom means as a standalone rg pattern, and whether its case folds.
struct AtomText {
  std::string regex;  // rg syntax
  bool fold = false;
};

AtomText TextOf(const QueryNode& node, CaseMode mode) {
  AtomText text{node.regex || node.kind == QueryNode::Kind::kFile ? node.value
                                                                  : EscapeRegexLiteral(node.value)};
  text.fold = mode == CaseMode::kNo || (mode == CaseMode::kAuto && SmartCaseFolds(text.regex));
  return text;
}

using NamedLines = std::map<uint64_t, std::vector<Submatch>>;

// Whether a symbol of document `doc` has a name that `pattern` matches; if `named` is given, adds where
// each such symbol is named.
bool Defines(const Pattern& pattern, const Segment& segment, uint32_t doc, NamedLines* named) {
  bool found = false;
  const uint64_t required = pattern.required_mask();
  for (const SymbolRecord& symbol : segment.SymbolsOf(doc)) {
    if ((segment.NameMask(symbol.name) & required) != required) continue;
    std::string_view name = segment.NameText(symbol.name);
    if (pattern.FindMatchingLine(name, 0) == std::string_view::npos) continue;
    found = true;
    if (named == nullptr) break;
    (*named)[symbol.name_line].push_back({symbol.name_column, symbol.name_column + name.size()});
  }
  return found;
}

}  // namespace

CompiledQuery::CompiledQuery(CompiledQuery&&) noexcept = default;
CompiledQuery& CompiledQuery::operator=(CompiledQuery&&) noexcept = default;
CompiledQuery::~CompiledQuery() = default;

CompiledQuery CompiledQuery::Compile(const QueryNode& root, CaseMode case_mode) {
  CompiledQuery query;
  query.root_ = root;
  std::vector<std::string> shown;  // each shown atom as a group, for the one pattern of lines()

  auto compile = [&](auto&& self, const QueryNode& node, bool negated) -> TrigramQuery {
    switch (node.kind) {
      case QueryNode::Kind::kAnd:
      case QueryNode::Kind::kOr: {
        std::vector<TrigramQuery> subs;
        for (const QueryNode& child : node.children) subs.push_back(self(self, child, negated));
        return Join(node.kind == QueryNode::Kind::kAnd ? TrigramQuery::Op::kAnd : TrigramQuery::Op::kOr,
                    std::move(subs));
      }
      case QueryNode::Kind::kNot:
        self(self, node.children.front(), !negated);
        return TrigramQuery::All();  // a document lacking something holds no trigram for sure
      default:
        break;
    }
    auto atom = std::make_unique<Atom>();
    atom->kind = node.kind;
    atom->shown = !negated && (node.kind == QueryNode::Kind::kContent || node.kind == QueryNode::Kind::kSym);
    TrigramQuery plan = TrigramQuery::All();
    if (node.kind == QueryNode::Kind::kLang) {
      AtColumn(node.column, [&] { atom->type.AddType(TypeName(node.value)); });
    } else {
      AtomText text = AtColumn(node.column, [&] { return TextOf(node, case_mode); });
      PatternOptions options;
      options.ignore_case = text.fold;
      atom->pattern = AtColumn(
          node.column, [&] { return std::make_unique<Pattern>(Pattern::Compile({text.regex}, options)); });
      if (node.kind != QueryNode::Kind::kFile && !negated) plan = atom->pattern->prefilter();
      if (atom->shown) query.terms_.push_back(node.value);
      if (node.kind == QueryNode::Kind::kSym) query.has_symbols_ = true;
      if (atom->shown && node.kind == QueryNode::Kind::kSym) query.shows_symbols_ = true;
      if (atom->shown && node.kind == QueryNode::Kind::kContent) {
        query.shown_contents_++;
        shown.push_back((text.fold ? "(?i:" : "(?-i:") + text.regex + ")");
      }
    }
    query.atoms_.push_back(std::move(atom));
    return plan;
  };
  query.plan_ = compile(compile, root, false);
  if (query.shown_contents_ == 1) {
    // Its own pattern already means what the one group would: compiling \w's Unicode class again
    // cost a request 0.6 ms.
    for (const auto& atom : query.atoms_) {
      if (atom->shown && atom->kind == QueryNode::Kind::kContent) query.lines_ = atom->pattern.get();
    }
  } else if (!shown.empty()) {
    query.joined_lines_ = std::make_unique<Pattern>(Pattern::Compile(shown, PatternOptions{}));
    query.lines_ = query.joined_lines_.get();
  }
  return query;
}

SearchRequest CompiledQuery::Request(const SnapshotView& snapshot) const {
  SearchRequest request;
  request.pattern = lines();
  request.plan = &plan_;
  request.include = [this](std::string_view path) { return MayMatch(path); };
  if (has_symbols_) {
    // Most files holding a name's trigrams do not define it: decided from the symbol table, they are
    // never decompressed.
    request.admit = [this, &snapshot](uint32_t e) {
      const EntryRecord& entry = snapshot.manifest->entry(e);
      return MayMatch(snapshot.manifest->path(e), *snapshot.segments[entry.segment], entry.doc);
    };
  }
  request.refine = [this, &snapshot](FileResult& file) {
    const EntryRecord& entry = snapshot.manifest->entry(file.entry);
    return Refine(snapshot.manifest->path(file.entry), *snapshot.segments[entry.segment], entry.doc, &file);
  };
  return request;
}

PlannedQuery PlanQuery(std::string_view text, CaseMode default_case, const std::string& rev) {
  ParsedQuery parsed = ParseQuery(text);
  if (!parsed.root) throw Error(ExitCode::kBadInput, "query: nothing to search for, only case: or rev:");
  if (!parsed.rev.empty() && !rev.empty() && parsed.rev != rev) {
    throw Error(ExitCode::kBadInput, "query: rev:" + parsed.rev + " and --rev " + rev + " disagree");
  }
  CompiledQuery compiled = CompiledQuery::Compile(*parsed.root, parsed.case_mode.value_or(default_case));
  return {std::move(*parsed.root), std::move(compiled), parsed.rev.empty() ? rev : parsed.rev};
}

bool CompiledQuery::MayMatch(std::string_view path) const { return MayMatchDocument(path, nullptr, 0); }

bool CompiledQuery::MayMatch(std::string_view path, const Segment& segment, uint32_t doc) const {
  return MayMatchDocument(path, &segment, doc);
}

bool CompiledQuery::MayMatchDocument(std::string_view path, const Segment* segment, uint32_t doc) const {
  size_t next = 0;
  auto eval = [&](auto&& self, const QueryNode& node) -> Truth {
    switch (node.kind) {
      case QueryNode::Kind::kAnd:
      case QueryNode::Kind::kOr: {
        bool all = node.kind == QueryNode::Kind::kAnd;
        Truth decisive = all ? Truth::kNo : Truth::kYes;
        Truth result = all ? Truth::kYes : Truth::kNo;
        for (const QueryNode& child : node.children) {
          Truth t = self(self, child);  // every child is walked, to keep `next` in step with atoms_
          if (t == decisive) {
            result = decisive;
          } else if (t == Truth::kUnknown && result != decisive) {
            result = Truth::kUnknown;
          }
        }
        return result;
      }
      case QueryNode::Kind::kNot:
        return Not(self(self, node.children.front()));
      case QueryNode::Kind::kFile: {
        const Atom& atom = *atoms_[next++];
        return atom.pattern->FindMatchingLine(path, 0) != std::string_view::npos ? Truth::kYes : Truth::kNo;
      }
      case QueryNode::Kind::kLang:
        return atoms_[next++]->type.Includes(path) ? Truth::kYes : Truth::kNo;
      case QueryNode::Kind::kSym: {
        const Atom& atom = *atoms_[next++];
        if (segment == nullptr) return Truth::kUnknown;
        return Defines(*atom.pattern, *segment, doc, nullptr) ? Truth::kYes : Truth::kNo;
      }
      default:
        next++;
        return Truth::kUnknown;
    }
  };
  return eval(eval, root_) != Truth::kNo;
}

bool CompiledQuery::Refine(std::string_view path, const Segment& segment, uint32_t doc,
                           FileResult* file) const {
  std::string storage;
  NamedLines named_lines;  // where a shown sym: atom's symbols are named
  size_t next = 0;
  // The lines lines() matched already answer for a shown content atom, without another pass over
  // the file, when nothing matched (no shown atom holds) or when it is the only one (lines() is it).
  auto holds = [&](const Atom& atom) {
    if (atom.shown && (file->lines.empty() || shown_contents_ == 1)) return !file->lines.empty();
    return atom.pattern->FindMatchingLine(atom.pattern->SearchText(file->content, &storage), 0) !=
           std::string_view::npos;
  };
  auto eval = [&](auto&& self, const QueryNode& node) -> bool {
    switch (node.kind) {
      case QueryNode::Kind::kAnd:
      case QueryNode::Kind::kOr: {
        bool all = node.kind == QueryNode::Kind::kAnd;
        bool result = all;
        for (const QueryNode& child : node.children) {
          bool t = self(self, child);  // every child is walked: `next` and named_lines need it
          result = all ? result && t : result || t;
        }
        return result;
      }
      case QueryNode::Kind::kNot:
        return !self(self, node.children.front());
      case QueryNode::Kind::kFile:
        return atoms_[next++]->pattern->FindMatchingLine(path, 0) != std::string_view::npos;
      case QueryNode::Kind::kLang:
        return atoms_[next++]->type.Includes(path);
      case QueryNode::Kind::kSym: {
        const Atom& atom = *atoms_[next++];
        return Defines(*atom.pattern, segment, doc, atom.shown ? &named_lines : nullptr);
      }
      case QueryNode::Kind::kContent:
        return holds(*atoms_[next++]);
    }
    return false;
  };
  if (!eval(eval, root_)) return false;
  AddNamedLines(named_lines, file);
  return !shows_lines() || !file->lines.empty();
}

// Each symbol a shown sym: atom found is shown on the line where it is named, its name the match.
void CompiledQuery::AddNamedLines(const std::map<uint64_t, std::vector<Submatch>>& named, FileResult* file) {
  if (named.empty()) return;
  std::vector<MatchedLine> lines;
  auto line = file->lines.begin();
  uint64_t number = 1;
  size_t offset = 0;  // of line `number`
  for (const auto& [wanted, names] : named) {
    for (; line != file->lines.end() && line->number < wanted; ++line) lines.push_back(std::move(*line));
    if (line != file->lines.end() && line->number == wanted) {
      lines.push_back(std::move(*line++));
    } else {
      // The line start, counted from the last one known.
      if (!lines.empty() && lines.back().number > number)
        number = lines.back().number, offset = lines.back().offset;
      for (; number < wanted && offset < file->content.size(); ++number) {
        size_t end = file->content.find('\n', offset);
        offset = end == std::string_view::npos ? file->content.size() : end + 1;
      }
      lines.push_back({wanted, offset, {}});
    }
    std::vector<Submatch>& submatches = lines.back().submatches;
    submatches.insert(submatches.end(), names.begin(), names.end());
    std::sort(submatches.begin(), submatches.end(), [](const Submatch& a, const Submatch& b) {
      return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
    });
    submatches.erase(std::unique(submatches.begin(), submatches.end()), submatches.end());
  }
  for (; line != file->lines.end(); ++line) lines.push_back(std::move(*line));
  file->lines = std::move(lines);
}

}  // namespace scry
