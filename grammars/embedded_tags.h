#pragma once

#include <string_view>

namespace scry {

// The tags query of the grammar scry calls `name` (LanguageName), empty if its npm package ships
// none.  Defined in a source file the build generates from the packages' queries/tags.scm.
std::string_view EmbeddedTags(std::string_view name);

}  // namespace scry
