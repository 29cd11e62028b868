#include "query/unicode_classes.h"

#include <cctype>
#include <utility>

namespace scry::regex {

namespace {

ClassItem Range(char32_t lo, char32_t hi) { return RangeItem(lo, hi); }

ClassItem Named(std::string name) {
  ClassItem item;
  item.kind = ClassItem::Kind::kNamed;
  item.name = std::move(name);
  return item;
}

ClassItem Complement(std::vector<ClassItem> items) { return ComplementItem(std::move(items)); }

// regex-syntax's perl_word table: Alphabetic + M + Nd + Pc + Join_Control.  Alphabetic is L + Nl +
// Other_Alphabetic, whose members outside M are the circled and squared Latin letters listed here.
std::vector<ClassItem> WordItems() {
  return {Named("\\p{L}"),         Named("\\p{Nl}"),       Named("\\p{M}"),       Named("\\p{Nd}"),
          Named("\\p{Pc}"),        Range(0x200C, 0x200D),  Range(0x24B6, 0x24E9), Range(0x1F130, 0x1F149),
          Range(0x1F150, 0x1F169), Range(0x1F170, 0x1F189)};
}

// The White_Space property, which is what rg's \s means.
std::vector<ClassItem> SpaceItems() {
  return {Range('\t', '\r'),     Range(' ', ' '),       Range(0x85, 0x85),     Range(0xA0, 0xA0),
          Range(0x1680, 0x1680), Range(0x2000, 0x200A), Range(0x2028, 0x2029), Range(0x202F, 0x202F),
          Range(0x205F, 0x205F), Range(0x3000, 0x3000)};
}

// rg compares property names loosely: case, spaces, '_' and '-' do not matter.
std::string Normalize(std::string_view name) {
  std::string out;
  for (char c : name) {
    if (c == ' ' || c == '_' || c == '-') continue;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

ClassItem PerlClass(char letter) {
  switch (letter) {
    case 'd':
      return Named("\\p{Nd}");
    case 'D': {
      ClassItem item = Named("\\p{Nd}");
      item.negated = true;
      return item;
    }
    case 's':
      return Complement({Complement(SpaceItems())});
    case 'S':
      return Complement(SpaceItems());
    case 'w':
      return Complement({Complement(WordItems())});
    default:
      return Complement(WordItems());
  }
}

bool AsciiClassRanges(std::string_view name, std::vector<ClassItem>* out) {
  static const std::pair<std::string_view, std::vector<std::pair<char32_t, char32_t>>> kClasses[] = {
      {"alnum", {{'0', '9'}, {'A', 'Z'}, {'a', 'z'}}},
      {"alpha", {{'A', 'Z'}, {'a', 'z'}}},
      {"ascii", {{0, 0x7F}}},
      {"blank", {{'\t', '\t'}, {' ', ' '}}},
      {"cntrl", {{0, 0x1F}, {0x7F, 0x7F}}},
      {"digit", {{'0', '9'}}},
      {"graph", {{'!', '~'}}},
      {"lower", {{'a', 'z'}}},
      {"print", {{' ', '~'}}},
      {"punct", {{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}}},
      {"space", {{'\t', '\r'}, {' ', ' '}}},
      {"upper", {{'A', 'Z'}}},
      {"word", {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}},
      {"xdigit", {{'0', '9'}, {'A', 'F'}, {'a', 'f'}}},
  };
  for (const auto& [class_name, ranges] : kClasses) {
    if (class_name != name) continue;
    for (auto [lo, hi] : ranges) out->push_back(Range(lo, hi));
    return true;
  }
  return false;
}

bool UnicodeClassName(std::string_view name, std::string* re2_name) {
  static const std::pair<std::string_view, std::string_view> kLongNames[] = {
      {"letter", "L"},
      {"casedletter", "LC"},
      {"uppercaseletter", "Lu"},
      {"lowercaseletter", "Ll"},
      {"titlecaseletter", "Lt"},
      {"modifierletter", "Lm"},
      {"otherletter", "Lo"},
      {"mark", "M"},
      {"nonspacingmark", "Mn"},
      {"spacingmark", "Mc"},
      {"enclosingmark", "Me"},
      {"number", "N"},
      {"decimalnumber", "Nd"},
      {"letternumber", "Nl"},
      {"othernumber", "No"},
      {"punctuation", "P"},
      {"connectorpunctuation", "Pc"},
      {"dashpunctuation", "Pd"},
      {"openpunctuation", "Ps"},
      {"closepunctuation", "Pe"},
      {"initialpunctuation", "Pi"},
      {"finalpunctuation", "Pf"},
      {"otherpunctuation", "Po"},
      {"symbol", "S"},
      {"mathsymbol", "Sm"},
      {"currencysymbol", "Sc"},
      {"modifiersymbol", "Sk"},
      {"othersymbol", "So"},
      {"separator", "Z"},
      {"spaceseparator", "Zs"},
      {"lineseparator", "Zl"},
      {"paragraphseparator", "Zp"},
      {"other", "C"},
      {"control", "Cc"},
      {"format", "Cf"},
      {"surrogate", "Cs"},
      {"privateuse", "Co"},
      {"unassigned", "Cn"},
      {"any", "Any"},
  };
  if (name.empty()) return false;
  for (std::string_view prefix : {"gc=", "generalcategory=", "sc=", "script="}) {
    std::string normalized = Normalize(name);
    if (normalized.starts_with(prefix)) name.remove_prefix(name.find('=') + 1);
  }
  std::string normalized = Normalize(name);
  for (auto [long_name, short_name] : kLongNames) {
    if (normalized == long_name) {
      *re2_name = short_name;
      return true;
    }
  }
  if (normalized.size() <= 2) {
    // General category abbreviations: L, Lu, Nd, ...
    *re2_name = static_cast<char>(std::toupper(static_cast<unsigned char>(normalized[0])));
    if (normalized.size() == 2) *re2_name += normalized[1];
    return true;
  }
  // Script names go through as written; RE2 rejects the ones it does not know.
  *re2_name = std::string(name);
  return true;
}

}  // namespace scry::regex
