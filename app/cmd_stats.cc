#include <cstdio>
#include <filesystem>

#include "app/commands.h"
#include "indexer/store.h"
#include "indexer/worktree_indexer.h"

namespace scry {

namespace {

void Row(const char* name, uint64_t value) {
  std::printf("%-22s %llu\n", name, static_cast<unsigned long long>(value));
}

}  // namespace

int RunStats(const StatsCommand& cmd) {
  namespace fs = std::filesystem;
  StoreLocation store = FindStore(
      fs::current_path(), cmd.common.store ? std::optional<fs::path>(*cmd.common.store) : std::nullopt);
  SnapshotView snapshot = OpenSnapshot(store, kWorktreeSnapshot);
  if (cmd.skipped) {
    for (const SkippedFile& s : snapshot.manifest->Skipped())
      std::printf("%s\t%s\n", s.path.c_str(), s.reason.c_str());
    return 0;
  }
  uint64_t docs = 0, chunks = 0, content = 0, trigrams = 0, postings = 0, compressed = 0, tables = 0,
           files = 0;
  for (const auto& segment : snapshot.segments) {
    docs += segment->doc_count();
    chunks += segment->all_chunks().size();
    trigrams += segment->trigrams().size();
    for (const DocRecord& d : segment->docs()) content += d.size;
    for (const SectionEntry& s : segment->container().sections()) {
      if (s.kind == kPostingsSection) {
        postings += s.length;
      } else if (s.kind == kContentSection) {
        compressed += s.length;
      } else {
        tables += s.length;
      }
    }
    files += segment->container().file_size();
  }
  uint64_t manifest_bytes = fs::file_size(ManifestPath(store.dir, snapshot.row.manifest));
  std::printf("root                   %s\nstore                  %s\n", store.root.c_str(),
              store.dir.c_str());
  Row("files", snapshot.manifest->size());
  Row("files skipped", snapshot.manifest->Skipped().size());
  Row("segments", snapshot.segments.size());
  Row("documents", docs);
  Row("chunks", chunks);
  Row("trigrams (per segment)", trigrams);
  Row("content bytes", content);
  Row("compressed content", compressed);
  Row("postings bytes", postings);
  Row("tables bytes", tables);
  Row("manifest bytes", manifest_bytes);
  Row("segment files bytes", files);
  Row("store bytes", StoreBytes(store.dir));
  return 0;
}

}  // namespace scry
