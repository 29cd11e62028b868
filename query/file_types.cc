#include "query/file_types.h"

namespace scry {

// Copied from `rg --type-list` of ripgrep 13.0.0; keep the globs exactly as rg spells them.
const std::vector<FileType>& DefaultFileTypes() {
  static const std::vector<FileType> kTypes = {
      {"c", {"*.[chH]", "*.[chH].in", "*.cats"}},
      {"cmake", {"*.cmake", "CMakeLists.txt"}},
      {"cpp",
       {"*.[ChH]", "*.[ChH].in", "*.[ch]pp", "*.[ch]pp.in", "*.[ch]xx", "*.[ch]xx.in", "*.cc", "*.cc.in",
        "*.hh", "*.hh.in", "*.inl"}},
      {"cs", {"*.cs"}},
      {"css", {"*.css", "*.scss"}},
      {"docker", {"*Dockerfile*"}},
      {"elixir", {"*.eex", "*.ex", "*.exs"}},
      {"erlang", {"*.erl", "*.hrl"}},
      {"go", {"*.go"}},
      {"haskell", {"*.c2hs", "*.cpphs", "*.hs", "*.hsc", "*.lhs"}},
      {"html", {"*.ejs", "*.htm", "*.html"}},
      {"java", {"*.java", "*.jsp", "*.jspx", "*.properties"}},
      {"js", {"*.js", "*.jsx", "*.vue"}},
      {"json", {"*.json", "composer.lock"}},
      {"kotlin", {"*.kt", "*.kts"}},
      {"lua", {"*.lua"}},
      {"make",
       {"*.mak", "*.mk", "[Gg][Nn][Uu]makefile", "[Gg][Nn][Uu]makefile.am", "[Gg][Nn][Uu]makefile.in",
        "[Mm]akefile", "[Mm]akefile.am", "[Mm]akefile.in"}},
      {"markdown", {"*.markdown", "*.md", "*.mdown", "*.mkdn"}},
      {"md", {"*.markdown", "*.md", "*.mdown", "*.mkdn"}},
      {"ocaml", {"*.ml", "*.mli", "*.mll", "*.mly"}},
      {"perl", {"*.PL", "*.perl", "*.pl", "*.plh", "*.plx", "*.pm", "*.t"}},
      {"php", {"*.php", "*.php3", "*.php4", "*.php5", "*.phtml"}},
      {"protobuf", {"*.proto"}},
      {"py", {"*.py"}},
      {"ruby", {"*.gemspec", "*.rb", "*.rbw", ".irbrc", "Gemfile", "Rakefile", "config.ru"}},
      {"rust", {"*.rs"}},
      {"scala", {"*.sbt", "*.scala"}},
      {"sh",
       {"*.bash",    "*.bashrc", "*.csh",       "*.cshrc",      "*.ksh",         "*.kshrc",      "*.sh",
        "*.tcsh",    "*.zsh",    ".bash_login", ".bash_logout", ".bash_profile", ".bashrc",      ".cshrc",
        ".kshrc",    ".login",   ".logout",     ".profile",     ".tcshrc",       ".zlogin",      ".zlogout",
        ".zprofile", ".zshenv",  ".zshrc",      "bash_login",   "bash_logout",   "bash_profile", "bashrc",
        "profile",   "zlogin",   "zlogout",     "zprofile",     "zshenv",        "zshrc"}},
      {"sql", {"*.psql", "*.sql"}},
      {"swift", {"*.swift"}},
      {"toml", {"*.toml", "Cargo.lock"}},
      {"ts", {"*.ts", "*.tsx"}},
      {"txt", {"*.txt"}},
      {"xml",
       {"*.dtd", "*.rng", "*.sch", "*.xhtml", "*.xjb", "*.xml", "*.xml.dist", "*.xsd", "*.xsl", "*.xslt"}},
      {"yaml", {"*.yaml", "*.yml"}},
      {"zig", {"*.zig"}},
  };
  return kTypes;
}

}  // namespace scry
