#include <chrono>
#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "app/paths.h"
#include "indexer/store.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

// Commit snapshots are named by their 40-digit ids; a copy may not take such a name, nor one that a
// terminal or the snapshot list would mangle.
void CheckNewName(const std::string& name) {
  bool hex40 = name.size() == 40 && name.find_first_not_of("0123456789abcdef") == std::string::npos;
  bool printable = !name.empty() && std::all_of(name.begin(), name.end(),
                                                [](unsigned char c) { return c > ' ' && c != 0x7f; });
  if (!printable || hex40 || name.starts_with("-")) {
    throw Error(ExitCode::kBadInput,
                "fork: '" + name +
                    "' cannot name a snapshot: use printable characters without spaces, not "
                    "starting with '-', and not a 40-digit commit id");
  }
}

}  // namespace

// A fork shares everything with its source: a new catalog row naming the same manifest.  It takes
// the writer lock (waiting for an indexer to finish) so that garbage collection, which runs under
// it, never deletes the manifest between our reading the source and adding the copy.
int RunFork(const ForkCommand& cmd) {
  CheckNewName(cmd.name);
  StoreLocation store = FindStore(fs::current_path(), cmd.common.store);
  WriterLock lock(store.dir, WriterLock::Wait::kYes);
  Catalog& catalog = *store.catalog;
  std::string source = SnapshotForRevision(store, cmd.source);
  std::optional<SnapshotRow> row = catalog.Snapshot(source);
  if (!row) throw Error(ExitCode::kNoStore, "fork: snapshot '" + cmd.source + "' is gone");
  SnapshotRow copy = *row;
  copy.name = cmd.name;
  copy.rev = cmd.source;
  copy.parent = source;
  copy.created_ns = std::chrono::duration_cast<std::chrono::nanoseconds>(
                        std::chrono::system_clock::now().time_since_epoch())
                        .count();
  if (!catalog.AddSnapshot(copy)) {
    throw Error(ExitCode::kBadInput, "fork: a snapshot named '" + cmd.name + "' exists already");
  }
  std::printf("forked %s as %s: %llu files\n", cmd.source.c_str(), cmd.name.c_str(),
              static_cast<unsigned long long>(copy.files));
  return 0;
}

}  // namespace scry
