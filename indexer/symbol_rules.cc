#include "indexer/symbol_rules.h"

namespace scry {

std::string_view ExtraSymbolQuery(Language language) {
  switch (language) {
    case Language::kC:
      return R"((preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro
)";
    case Language::kCpp:
      return R"((preproc_def name: (identifier) @name) @definition.macro
(preproc_function_def name: (identifier) @name) @definition.macro
(namespace_definition name: (namespace_identifier) @name) @definition.namespace
)";
    case Language::kCSharp:
      return R"((struct_declaration name: (identifier) @name) @definition.struct
(enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.class
(constructor_declaration name: (identifier) @name) @definition.method
(property_declaration name: (identifier) @name) @definition.field
(file_scoped_namespace_declaration name: (_) @name) @definition.namespace
)";
    case Language::kGo:
      return R"((package_clause (package_identifier) @name) @package
(method_declaration receiver: (parameter_list (parameter_declaration type: (_) @name))) @scope
(const_spec name: (identifier) @name) @definition.constant
)";
    case Language::kJava:
      return R"((enum_declaration name: (identifier) @name) @definition.enum
(record_declaration name: (identifier) @name) @definition.class
(annotation_type_declaration name: (identifier) @name) @definition.interface
(constructor_declaration name: (identifier) @name) @definition.method
)";
    case Language::kTypeScript:
    case Language::kTsx:
      return R"((type_alias_declaration name: (type_identifier) @name) @definition.type
(enum_declaration name: (identifier) @name) @definition.enum
(internal_module name: (_) @name) @definition.namespace
)";
    case Language::kRust:
      return R"((const_item name: (identifier) @name) @definition.constant
(static_item name: (identifier) @name) @definition.constant
(impl_item type: (_) @name) @scope
)";
    case Language::kPhp:
      return R"((enum_declaration name: (name) @name) @definition.enum
(const_declaration (const_element (name) @name)) @definition.constant
)";
    case Language::kBash:
      return R"((function_definition name: (word) @name) @definition.function
)";
    case Language::kJavaScript:
    case Language::kPython:
    case Language::kRuby:
    case Language::kScala:
      return {};
  }
  return {};
}

std::string_view ScopeSeparator(Language language) {
  return language == Language::kCpp || language == Language::kRust ? "::" : ".";
}

std::string Qualify(std::string_view scope, std::string_view name, Language language) {
  std::string joined(scope);
  if (!joined.empty()) joined += ScopeSeparator(language);
  joined += name;
  return joined;
}

}  // namespace scry
