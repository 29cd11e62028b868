// Where git keeps the exclude files that ripgrep 13 honours besides .gitignore.
#pragma once

#include <filesystem>
#include <optional>

namespace scry {

// git's global excludes file as ripgrep 13 finds it: core.excludesFile from ~/.gitconfig, else from
// $XDG_CONFIG_HOME/git/config (~/.config/git/config), else $XDG_CONFIG_HOME/git/ignore.
std::optional<std::filesystem::path> GlobalExcludesFile();

// The info/exclude file of the repository whose work tree is `dir`, given what `dir`/.git is.  A .git
// file counts only when it names a git directory with a "commondir" (a linked worktree), as in rg 13.
std::optional<std::filesystem::path> RepositoryExcludeFile(const std::filesystem::path& dir,
                                                           bool dot_git_is_file);

}  // namespace scry
