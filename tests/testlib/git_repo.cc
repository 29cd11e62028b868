#include "tests/testlib/git_repo.h"

#include <stdexcept>

namespace scry::testing {

namespace {

constexpr long kEpoch = 1700000000;             // 2023-11-14 22:13:20 UTC
constexpr std::string_view kWorkTree = "repo";  // in the temporary directory, which is HOME

}  // namespace

GitRepo::GitRepo() : root_(tree_.root() / kWorkTree) {
  std::filesystem::create_directories(root_);
  Run("-c init.defaultBranch=main init -q");
}

RunResult GitRepo::TryRun(const std::string& args) const {
  std::string date = ShellQuote(std::to_string(kEpoch + 60L * minutes_) + " +0000");
  std::string home = ShellQuote(tree_.root().string());
  return testing::Run(root_, "env LC_ALL=C.UTF-8 HOME=" + home + " XDG_CONFIG_HOME=" + home +
                                 " GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null"
                                 " GIT_AUTHOR_NAME='Ada Lovelace' GIT_AUTHOR_EMAIL=ada@example.com"
                                 " GIT_COMMITTER_NAME='Ada Lovelace' GIT_COMMITTER_EMAIL=ada@example.com"
                                 " GIT_AUTHOR_DATE=" +
                                 date + " GIT_COMMITTER_DATE=" + date + " git -c maintenance.auto=false " +
                                 args);
}

std::string GitRepo::Run(const std::string& args) const {
  RunResult r = TryRun(args);
  if (r.status != 0) {
    throw std::runtime_error("git " + args + " exited " + std::to_string(r.status) + ": " + r.err);
  }
  return r.out;
}

void GitRepo::Write(std::string_view path, std::string_view content) const {
  tree_.Write((std::filesystem::path(kWorkTree) / path).string(), content);
}

void GitRepo::Remove(std::string_view path) const { Run("rm -q -r -- " + ShellQuote(path)); }

void GitRepo::Move(std::string_view from, std::string_view to) const {
  std::filesystem::create_directories((root_ / to).parent_path());
  Run("mv -- " + ShellQuote(from) + " " + ShellQuote(to));
}

void GitRepo::Symlink(std::string_view path, std::string_view target) const {
  std::filesystem::path link = root_ / path;
  std::filesystem::create_directories(link.parent_path());
  std::filesystem::create_symlink(target, link);
}

void GitRepo::AddSubmodule(std::string_view path, const GitRepo& other) const {
  Run("-c protocol.file.allow=always submodule add -q -- " + ShellQuote(other.root().string()) + " " +
      ShellQuote(path));
}

std::string GitRepo::Commit(std::string_view message) {
  ++minutes_;
  Run("add -A");
  Run("commit -q -m " + ShellQuote(message));
  return Run("rev-parse HEAD").substr(0, 40);
}

void GitRepo::Branch(std::string_view name) const { Run("branch -- " + ShellQuote(name)); }

void GitRepo::Checkout(std::string_view name) const { Run("checkout -q " + ShellQuote(name) + " --"); }

std::string GitRepo::Merge(std::string_view branch, std::string_view message) {
  ++minutes_;
  Run("merge -q --no-ff -m " + ShellQuote(message) + " " + ShellQuote(branch));
  return Run("rev-parse HEAD").substr(0, 40);
}

void GitRepo::Tag(std::string_view name, std::string_view message) {
  ++minutes_;
  Run("tag " + (message.empty() ? std::string() : "-a -m " + ShellQuote(message) + " ") + ShellQuote(name));
}

}  // namespace scry::testing
