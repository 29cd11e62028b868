#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "app/human_bytes.h"
#include "app/paths.h"
#include "app/service.h"
#include "indexer/store.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

// A commit snapshot's name is its full id: 12 digits say enough on a terminal.
std::string Short(const std::string& name) { return name.size() == 40 ? name.substr(0, 12) : name; }

}  // namespace

int RunSnapshots(const SnapshotsCommand& cmd) {
  StoreLocation store = FindStore(fs::current_path(), cmd.common.store);
  if (cmd.json) {
    nlohmann::ordered_json answer = Service(store).Snapshots();
    for (const auto& row : answer["snapshots"]) std::printf("%s\n", row.dump().c_str());
    return 0;
  }
  std::vector<SnapshotRow> rows = Catalog(CatalogPath(store.dir), false).Snapshots();
  std::printf("%-14s %-20s %-12s %10s %10s  %s\n", "NAME", "REV", "COMMIT", "FILES", "SIZE", "FORKED FROM");
  for (const SnapshotRow& row : rows) {
    std::printf("%-14s %-20s %-12s %10llu %10s  %s\n", Short(row.name).c_str(),
                row.rev.empty() ? "-" : row.rev.c_str(), row.commit.empty() ? "-" : Short(row.commit).c_str(),
                static_cast<unsigned long long>(row.files), HumanBytes(row.bytes).c_str(),
                row.parent.empty() ? "-" : Short(row.parent).c_str());
  }
  return 0;
}

}  // namespace scry
