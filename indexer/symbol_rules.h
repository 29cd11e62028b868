// What scry adds to the grammars' own queries/tags.scm to find symbols: definitions a tags.scm
// leaves out (Bash ships none; Go's tags no constants; C's no macros...), and scopes that are not
// definitions themselves (a Rust `impl` block, a Go method's receiver, a Go package).
#pragma once

#include <string>
#include <string_view>

#include "grammars/languages.h"

namespace scry {

// A tree-sitter query in tags.scm's convention (@name inside @definition.*), plus two captures of
// its own: @scope marks a node whose @name encloses the definitions inside it without being a
// symbol; @package names the scope of every symbol in the file.  Empty when nothing is missing.
std::string_view ExtraSymbolQuery(Language language);

// Joins a scope path: "::" for C++ and Rust, "." for the others.
std::string_view ScopeSeparator(Language language);

// `scope` and `name` joined by the language's separator; `name` alone when the scope is empty.
std::string Qualify(std::string_view scope, std::string_view name, Language language);

}  // namespace scry
