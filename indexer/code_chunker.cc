#include "indexer/code_chunker.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstring>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "grammars/tree_sitter_ptr.h"
#include "indexer/symbol_rules.h"
#include "tree_sitter/api.h"

namespace scry {
namespace {

// Deeper than this, a range too large for the budget becomes line windows: the recursion's stack
// stays bounded however deeply the input nests.
constexpr int kMaxDepth = 256;

std::string_view Type(TSNode node) { return ts_node_type(node); }

bool IsComment(std::string_view type) {
  return type == "comment" || type == "line_comment" || type == "block_comment";
}

// Comments and what decorates a definition from outside its node: Python decorators are inside
// `decorated_definition` (see IsWrapper), but JavaScript's class-member decorators and Rust's
// attributes are the definition's preceding siblings.
bool IsDecoration(std::string_view type) {
  return IsComment(type) || type == "decorator" || type == "attribute_item" || type == "attribute_list" ||
         type == "annotation" || type == "marker_annotation";
}

// Nodes that hold one definition and add only a keyword or a decoration (`export`, `template<...>`,
// `const x = ...`, Go's `type` or `const` before one spec): the definition's chunk and range are the
// wrapper's.
bool IsWrapper(std::string_view type) {
  return type == "export_statement" || type == "decorated_definition" || type == "template_declaration" ||
         type == "ambient_declaration" || type == "lexical_declaration" || type == "variable_declaration" ||
         type == "type_declaration" || type == "const_declaration" || type == "expression_statement";
}

int WrappedChildren(TSNode node) {
  int count = 0;
  uint32_t n = ts_node_named_child_count(node);
  for (uint32_t i = 0; i < n && count < 2; ++i) {
    std::string_view type = Type(ts_node_named_child(node, i));
    count += !IsDecoration(type) && type != "template_parameter_list";
  }
  return count;
}

// C and C++ tags.scm capture the function_declarator; the definition is the node above it.
// In a file the parser could not make sense of (Linux's macros), the node above can be an ERROR
// spanning most of the file, or the root: the definition is then the declarator itself.
TSNode AboveDeclarators(TSNode node) {
  while (Type(node).ends_with("_declarator")) {
    TSNode parent = ts_node_parent(node);
    if (ts_node_is_null(parent) || ts_node_is_null(ts_node_parent(parent)) || ts_node_is_error(parent)) break;
    node = parent;
  }
  return node;
}

TSNode Unwrap(TSNode node) {
  for (;;) {
    TSNode parent = ts_node_parent(node);
    if (ts_node_is_null(parent) || !IsWrapper(Type(parent)) || WrappedChildren(parent) != 1) return node;
    node = parent;
  }
}

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

// Where a definition starts with the comments and decorations right above it: consecutive, with no
// blank line between them, and each the first thing on its line (a comment after code on the same
// line belongs to that code).
uint64_t LeadingBegin(std::string_view content, TSNode node) {
  uint64_t begin = ts_node_start_byte(node);
  for (TSNode prev = ts_node_prev_sibling(node); !ts_node_is_null(prev) && IsDecoration(Type(prev));
       prev = ts_node_prev_sibling(prev)) {
    uint64_t prev_begin = ts_node_start_byte(prev);
    uint64_t prev_end = ts_node_end_byte(prev);
    if (prev_end > begin) break;
    std::string_view gap = content.substr(prev_end, begin - prev_end);
    if (!IsBlank(gap) || std::count(gap.begin(), gap.end(), '\n') > 1) break;
    size_t line_start = content.rfind('\n', prev_begin == 0 ? 0 : prev_begin - 1);
    line_start = line_start == std::string_view::npos || prev_begin == 0 ? 0 : line_start + 1;
    if (!IsBlank(content.substr(line_start, prev_begin - line_start))) break;
    begin = prev_begin;
  }
  return begin;
}

// The start of each line, and conversions between bytes and lines.
class Lines {
 public:
  explicit Lines(std::string_view content) : size_(content.size()) {
    if (content.empty()) return;
    starts_.push_back(0);
    for (const char* p = content.data();
         (p = static_cast<const char*>(std::memchr(p, '\n', content.data() + content.size() - p)));) {
      ++p;
      if (p < content.data() + content.size()) starts_.push_back(p - content.data());
    }
  }
  uint32_t Count() const { return static_cast<uint32_t>(starts_.size()); }
  // 0-based line of a byte.
  uint32_t Of(uint64_t byte) const {
    return static_cast<uint32_t>(std::upper_bound(starts_.begin(), starts_.end(), byte) - starts_.begin() -
                                 1);
  }
  // First byte of a 0-based line; the content's size past the last line.
  uint64_t Start(uint32_t line) const { return line < starts_.size() ? starts_[line] : size_; }

 private:
  uint64_t size_;
  std::vector<uint64_t> starts_;
};

// A definition as the queries found it, before scopes are known.
struct Found {
  TSNode node;   // the whole definition (above declarators and wrappers)
  TSNode inner;  // the node the query captured, above declarators: where the signature is
  std::string name;
  uint64_t name_begin = 0;
  SymbolKind kind = SymbolKind::kOther;
  bool scope_only = false;  // encloses definitions but is not one (Rust impl, Go receiver)
  std::string local_scope;  // C++'s `Class::` in an out-of-line method definition
};

bool IsTypeKind(SymbolKind kind) {
  return kind == SymbolKind::kClass || kind == SymbolKind::kStruct || kind == SymbolKind::kInterface ||
         kind == SymbolKind::kTrait || kind == SymbolKind::kEnum;
}

bool IsCallableKind(SymbolKind kind) { return kind == SymbolKind::kFunction || kind == SymbolKind::kMethod; }

// The definitions that are chunks of their own: functions, types and the like, and any other
// definition of three lines or more.  A one- or two-line constant, field, variable, type alias or
// macro is a small neighbour that merges with what surrounds it, as statements do: Go's constant
// blocks and Linux's million macros and fields would otherwise make chunks of 200 bytes on average.
bool OwnsChunk(const Symbol& symbol) {
  switch (symbol.kind) {
    case SymbolKind::kFunction:
    case SymbolKind::kMethod:
    case SymbolKind::kClass:
    case SymbolKind::kStruct:
    case SymbolKind::kInterface:
    case SymbolKind::kTrait:
    case SymbolKind::kEnum:
    case SymbolKind::kModule:
    case SymbolKind::kNamespace:
      return true;
    default:
      return symbol.last_line - symbol.first_line >= 2;
  }
}

bool IsValueKind(SymbolKind kind) {
  return kind == SymbolKind::kConstant || kind == SymbolKind::kVariable || kind == SymbolKind::kField;
}

// Builds the chunks of one parsed document.
class Builder {
 public:
  Builder(std::string_view content, Language language, const ChunkBudget& budget, CodeChunks& out)
      : content_(content), language_(language), budget_(budget), lines_(content), out_(out) {}

  void FindSymbols(TSNode root, const TSQuery* query);
  void Split(TSNode node, uint32_t lo, uint32_t hi, int owner, int depth);
  uint32_t LineCount() const { return lines_.Count(); }

 private:
  struct Unit {
    TSNode node;
    uint64_t begin;  // first byte of the node (of its leading comments for a definition)
    uint32_t first;  // lines [first, end), gaps before it included
    uint32_t end;
    int symbol;  // index into out_.symbols, or -1
    bool holds_definition;
  };

  std::string_view Text(TSNode node) const {
    return content_.substr(ts_node_start_byte(node), ts_node_end_byte(node) - ts_node_start_byte(node));
  }
  void Collect(TSNode root, const TSQuery* query, std::vector<Found>& found,
               std::map<std::pair<const void*, bool>, size_t>& by_node, std::string& package) const;
  void AddSymbols(std::vector<Found>& found, const std::string& package);
  std::vector<Unit> Units(TSNode node, uint32_t lo, uint32_t hi) const;
  bool Fits(uint32_t first, uint32_t end) const {
    return end - first <= budget_.max_lines && lines_.Start(end) - lines_.Start(first) <= budget_.max_bytes;
  }
  void Emit(uint32_t first, uint32_t end, ChunkKind kind, int symbol);
  void EmitLines(uint32_t lo, uint32_t hi, int owner);

  std::string_view content_;
  Language language_;
  const ChunkBudget& budget_;
  Lines lines_;
  CodeChunks& out_;
  std::unordered_map<const void*, int> symbol_of_node_;  // TSNode::id -> index into out_.symbols
  std::unordered_set<const void*> holds_definition_;     // ids of the ancestors of definitions
};

void Builder::Collect(TSNode root, const TSQuery* query, std::vector<Found>& found,
                      std::map<std::pair<const void*, bool>, size_t>& by_node, std::string& package) const {
  QueryCursorPtr cursor(ts_query_cursor_new());
  ts_query_cursor_exec(cursor.get(), query, root);
  TSQueryMatch match;
  while (ts_query_cursor_next_match(cursor.get(), &match)) {
    std::optional<TSNode> name, definition, local_scope;
    std::optional<SymbolKind> kind;
    bool scope_only = false, is_package = false;
    for (uint16_t i = 0; i < match.capture_count; ++i) {
      uint32_t length = 0;
      const char* text = ts_query_capture_name_for_id(query, match.captures[i].index, &length);
      std::string_view capture(text, length);
      TSNode node = match.captures[i].node;
      if (capture == "name") {
        name = node;
      } else if (capture == "local.scope") {
        local_scope = node;
      } else if (capture == "scope" || capture == "package") {
        definition = node;
        scope_only = true;
        is_package = capture == "package";
      } else if (auto k = SymbolKindFromCapture(capture)) {
        definition = node;
        kind = k;
      }
    }
    if (!name || !definition) continue;
    if (is_package) {
      package = Text(*name);
      continue;
    }
    Found f;
    f.inner = AboveDeclarators(*definition);
    f.node = Unwrap(f.inner);
    f.name = Text(*name);
    f.name_begin = ts_node_start_byte(*name);
    f.scope_only = scope_only;
    f.kind = kind ? RefineSymbolKind(*kind, Type(f.inner)) : SymbolKind::kOther;
    if (Type(f.inner) == "type_spec") {  // Go: the spec's type says struct or interface
      std::string_view type = Type(ts_node_child_by_field_name(f.inner, "type", 4));
      if (type == "struct_type") f.kind = SymbolKind::kStruct;
      if (type == "interface_type") f.kind = SymbolKind::kInterface;
    }
    if (local_scope) f.local_scope = Text(*local_scope);
    auto [it, inserted] = by_node.try_emplace(std::pair(f.node.id, f.scope_only), found.size());
    if (inserted) {
      found.push_back(std::move(f));
    } else if (found[it->second].kind == SymbolKind::kFunction && f.kind == SymbolKind::kMethod) {
      found[it->second].kind = SymbolKind::kMethod;  // Rust: both patterns match an impl's functions
    }
  }
}

void Builder::FindSymbols(TSNode root, const TSQuery* query) {
  std::vector<Found> found;
  std::map<std::pair<const void*, bool>, size_t> by_node;
  std::string package;
  Collect(root, query, found, by_node, package);
  AddSymbols(found, package);
}

// Scopes come from nesting: sorted by start (outer first on ties), a stack holds the enclosing ones.
void Builder::AddSymbols(std::vector<Found>& found, const std::string& package) {
  std::sort(found.begin(), found.end(), [](const Found& a, const Found& b) {
    uint32_t a_begin = ts_node_start_byte(a.node), b_begin = ts_node_start_byte(b.node);
    if (a_begin != b_begin) return a_begin < b_begin;
    uint32_t a_end = ts_node_end_byte(a.node), b_end = ts_node_end_byte(b.node);
    if (a_end != b_end) return a_end > b_end;
    return a.scope_only > b.scope_only;
  });
  struct Open {
    const Found* found;
    std::string path;  // the scope of what it encloses
  };
  std::vector<Open> stack;
  std::vector<const void*> node_ids;  // parallel to out_.symbols
  // The last signature made: a minified line holds thousands of definitions, and SignatureText
  // reads its whole line (megabytes) to find the end.
  uint32_t last_signature_line = std::numeric_limits<uint32_t>::max();
  std::string last_signature;
  for (const Found& f : found) {
    uint32_t begin = ts_node_start_byte(f.node);
    while (!stack.empty() && ts_node_end_byte(stack.back().found->node) <= begin) stack.pop_back();
    const Found* enclosing = stack.empty() ? nullptr : stack.back().found;
    std::string scope = stack.empty() ? package : stack.back().path;
    if (!f.local_scope.empty()) scope = Qualify(scope, f.local_scope, language_);
    SymbolKind kind = f.kind;
    if (!f.scope_only && enclosing) {
      if (IsValueKind(kind) && IsCallableKind(enclosing->kind) && !enclosing->scope_only)
        continue;  // a local
      if (kind == SymbolKind::kFunction && (enclosing->scope_only || IsTypeKind(enclosing->kind))) {
        kind = SymbolKind::kMethod;
      }
    }
    // Ruby's and Rust's tags call every `def`/`fn` in a body a method, modules' included.
    bool in_type = enclosing && (enclosing->scope_only || IsTypeKind(enclosing->kind));
    if (!f.scope_only && kind == SymbolKind::kMethod && f.local_scope.empty() && !in_type) {
      kind = SymbolKind::kFunction;
    }
    std::string name = f.name;
    if (f.scope_only && language_ == Language::kGo && name.starts_with('*')) name = "(" + name + ")";
    stack.push_back({&f, Qualify(scope, name, language_)});
    if (f.scope_only) continue;

    Symbol symbol;
    symbol.name = f.name;
    symbol.kind = kind;
    symbol.scope = std::move(scope);
    symbol.begin = LeadingBegin(content_, f.node);
    symbol.end = ts_node_end_byte(f.node);
    uint32_t first = lines_.Of(symbol.begin), last = lines_.Of(std::max(symbol.end, symbol.begin + 1) - 1);
    symbol.first_line = first + 1;
    symbol.first_column = static_cast<uint32_t>(symbol.begin - lines_.Start(first));
    symbol.last_line = last + 1;
    symbol.last_column = static_cast<uint32_t>(symbol.end - lines_.Start(last));
    uint32_t name_line = lines_.Of(f.name_begin);
    symbol.name_line = name_line + 1;
    symbol.name_column = static_cast<uint32_t>(f.name_begin - lines_.Start(name_line));
    uint32_t signature_line = lines_.Of(ts_node_start_byte(f.inner));
    symbol.signature_line = signature_line + 1;
    if (signature_line != last_signature_line) {
      uint64_t line_begin = lines_.Start(signature_line);
      last_signature =
          SignatureText(content_.substr(line_begin, lines_.Start(signature_line + 1) - line_begin));
      last_signature_line = signature_line;
    }
    symbol.signature = last_signature;
    out_.symbols.push_back(std::move(symbol));
    node_ids.push_back(f.node.id);
  }
  // Leading comments can move a begin before an enclosing sibling's: keep the list in begin order.
  std::vector<size_t> order(out_.symbols.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return out_.symbols[a].begin < out_.symbols[b].begin; });
  std::vector<Symbol> sorted;
  sorted.reserve(order.size());
  for (size_t i : order) {
    symbol_of_node_.emplace(node_ids[i], static_cast<int>(sorted.size()));
    sorted.push_back(std::move(out_.symbols[i]));
  }
  out_.symbols = std::move(sorted);
  // Down from the root to each definition, not up with ts_node_parent: that searches down from the
  // root itself, and a definition 20,000 brackets deep would cost 20,000 such searches.
  for (const Found& f : found) {
    uint32_t byte = ts_node_start_byte(f.node);
    TSTreeCursor cursor = ts_tree_cursor_new(ts_tree_root_node(f.node.tree));
    for (TSNode n = ts_tree_cursor_current_node(&cursor); n.id != f.node.id;
         n = ts_tree_cursor_current_node(&cursor)) {
      holds_definition_.insert(n.id);
      if (ts_tree_cursor_goto_first_child_for_byte(&cursor, byte) < 0) break;
    }
    ts_tree_cursor_delete(&cursor);
  }
}

// The children of `node` as whole-line units covering [lo, hi): the lines before a child go with
// it, a child on a line an earlier one already has goes with that one, and the comments and
// decorations leading a definition go with the definition.
std::vector<Builder::Unit> Builder::Units(TSNode node, uint32_t lo, uint32_t hi) const {
  std::vector<Unit> units;
  uint32_t cursor = lo;
  TSTreeCursor walk = ts_tree_cursor_new(node);
  for (bool more = ts_tree_cursor_goto_first_child(&walk); more;
       more = ts_tree_cursor_goto_next_sibling(&walk)) {
    TSNode child = ts_tree_cursor_current_node(&walk);
    uint64_t begin = ts_node_start_byte(child), end = ts_node_end_byte(child);
    auto symbol = symbol_of_node_.find(child.id);
    int index = symbol == symbol_of_node_.end() ? -1 : symbol->second;
    if (index >= 0) {
      begin = std::min(begin, out_.symbols[index].begin);
      while (!units.empty() && units.back().symbol < 0 && units.back().begin >= begin) {
        cursor = units.back().first;
        units.pop_back();
      }
    }
    if (end <= begin) continue;  // zero-width: a MISSING node the parser inserted
    uint32_t last = std::min(lines_.Of(end - 1) + 1, hi);
    bool holds = index >= 0 || holds_definition_.contains(child.id);
    if (last <= cursor) {
      if (!units.empty()) units.back().holds_definition |= holds;
      continue;
    }
    units.push_back({child, begin, cursor, last, index, holds});
    cursor = last;
  }
  ts_tree_cursor_delete(&walk);
  if (!units.empty()) units.back().end = hi;
  return units;
}

// cAST: a definition that fits is one chunk; one that does not, and any node that holds
// definitions, splits at its children; other neighbours merge while they fit.  `owner` is the
// definition [lo, hi) is part of, or -1.
void Builder::Split(TSNode node, uint32_t lo, uint32_t hi, int owner, int depth) {
  std::vector<Unit> units = depth < kMaxDepth ? Units(node, lo, hi) : std::vector<Unit>{};
  if (units.empty()) {
    EmitLines(lo, hi, owner);
    return;
  }
  uint32_t group = lo;  // the merged neighbours so far: lines [group, unit.first)
  auto flush = [&](uint32_t end) {
    if (end > group) Emit(group, end, owner >= 0 ? ChunkKind::kDefinition : ChunkKind::kMerged, owner);
  };
  for (const Unit& unit : units) {
    bool splittable = unit.end - unit.first > 1;
    bool fits = Fits(unit.first, unit.end);
    bool own = unit.symbol >= 0 && OwnsChunk(out_.symbols[unit.symbol]);
    if (own || (splittable && (unit.holds_definition || !fits))) {
      flush(unit.first);
      if (own && (fits || !splittable)) {
        Emit(unit.first, unit.end, ChunkKind::kDefinition, unit.symbol);
      } else {
        Split(unit.node, unit.first, unit.end, unit.symbol >= 0 ? unit.symbol : owner, depth + 1);
      }
      group = unit.end;
    } else if (unit.first > group && !Fits(group, unit.end)) {
      flush(unit.first);
      group = unit.first;
    }
  }
  flush(hi);
}

void Builder::Emit(uint32_t first, uint32_t end, ChunkKind kind, int symbol) {
  Chunk chunk;
  chunk.begin = lines_.Start(first);
  chunk.end = lines_.Start(end);
  chunk.first_line = first + 1;
  chunk.last_line = end;
  chunk.kind = kind;
  if (symbol >= 0) {
    chunk.name = out_.symbols[symbol].name;
    chunk.scope = out_.symbols[symbol].scope;
  }
  out_.chunks.push_back(std::move(chunk));
}

void Builder::EmitLines(uint32_t lo, uint32_t hi, int owner) {
  uint64_t begin = lines_.Start(lo);
  for (Chunk& window : ChunkByLines(content_.substr(begin, lines_.Start(hi) - begin), budget_)) {
    window.begin += begin;
    window.end += begin;
    window.first_line += lo;
    window.last_line += lo;
    if (owner >= 0) {
      window.kind = ChunkKind::kDefinition;
      window.name = out_.symbols[owner].name;
      window.scope = out_.symbols[owner].scope;
    }
    out_.chunks.push_back(std::move(window));
  }
}

const char* ReadContent(void* payload, uint32_t byte, TSPoint, uint32_t* bytes_read) {
  auto* content = static_cast<std::string_view*>(payload);
  if (byte >= content->size()) {
    *bytes_read = 0;
    return "";
  }
  *bytes_read = static_cast<uint32_t>(content->size() - byte);
  return content->data() + byte;
}

bool PastDeadline(TSParseState* state) {
  return std::chrono::steady_clock::now() >=
         *static_cast<std::chrono::steady_clock::time_point*>(state->payload);
}

}  // namespace

struct CodeChunker::State {
  ParserPtr parser{ts_parser_new()};
  // The symbol query of each language, compiled on first use; indexed by value.
  std::array<std::optional<QueryPtr>, 16> queries;

  // The grammar's tags query and scry's rules compiled as one query: the cursor then walks the
  // tree once, not once for each (the walks were a quarter of chunking time).
  const TSQuery* QueryFor(Language language) {
    auto& slot = queries.at(static_cast<size_t>(language));
    if (!slot) {
      std::string text(TagsQuery(language));
      text += '\n';
      text += ExtraSymbolQuery(language);
      uint32_t error_offset = 0;
      TSQueryError error = TSQueryErrorNone;
      // The text is fixed and tested for every language (tests/code_chunker_test.cc): a query that
      // failed to compile would find no symbols, and the tests would say so.
      slot.emplace(ts_query_new(TreeSitterLanguage(language), text.data(), static_cast<uint32_t>(text.size()),
                                &error_offset, &error));
    }
    return slot->get();
  }
};

CodeChunker::CodeChunker() : state_(std::make_unique<State>()) {}
CodeChunker::~CodeChunker() = default;

CodeChunks CodeChunker::Chunk(std::string_view content, Language language, const ChunkBudget& budget) {
  CodeChunks result;
  if (content.empty()) return result;
  TSParser* parser = state_->parser.get();
  TreePtr tree;
  // tree-sitter counts bytes in 32 bits.
  if (content.size() < std::numeric_limits<uint32_t>::max() &&
      ts_parser_set_language(parser, TreeSitterLanguage(language))) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(budget.max_parse_ms);
    TSInput input{&content, ReadContent, TSInputEncodingUTF8, nullptr};
    TSParseOptions options{&deadline, PastDeadline};
    tree.reset(ts_parser_parse_with_options(parser, nullptr, input, options));
  }
  if (!tree) {
    ts_parser_reset(parser);  // a cancelled parse would otherwise resume on the next call
    result.chunks = ChunkByLines(content, budget);
    result.fell_back = true;
    return result;
  }
  Builder builder(content, language, budget, result);
  TSNode root = ts_tree_root_node(tree.get());
  if (const TSQuery* query = state_->QueryFor(language)) builder.FindSymbols(root, query);
  builder.Split(root, 0, builder.LineCount(), -1, 0);
  return result;
}

CodeChunks ChunkCode(std::string_view content, Language language, const ChunkBudget& budget) {
  thread_local CodeChunker chunker;
  return chunker.Chunk(content, language, budget);
}

}  // namespace scry
