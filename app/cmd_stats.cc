#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <string_view>

#include "app/commands.h"
#include "app/paths.h"
#include "grammars/languages.h"
#include "indexer/store.h"
#include "indexer/symbol.h"
#include "indexer/worktree_indexer.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace {

void Row(const char* name, uint64_t value) {
  std::printf("%-22s %llu\n", name, static_cast<unsigned long long>(value));
}

}  // namespace

int RunStats(const StatsCommand& cmd) {
  namespace fs = std::filesystem;
  StoreLocation store = FindStore(fs::current_path(), cmd.common.store);
  SnapshotView snapshot = OpenSnapshot(store, SnapshotForRevision(store, cmd.common.rev));
  if (cmd.skipped) {
    for (const SkippedFile& s : snapshot.manifest->Skipped())
      std::printf("%s\t%s\n", s.path.c_str(), s.reason.c_str());
    return 0;
  }
  uint64_t docs = 0, deltas = 0, chunks = 0, symbols = 0, content = 0, trigrams = 0, files = 0, fell_back = 0,
           too_large = 0;
  std::map<uint32_t, uint64_t> section_bytes;
  std::map<std::string_view, uint64_t> docs_by_language, symbols_by_kind;
  for (const auto& segment : snapshot.segments) {
    docs += segment->doc_count();
    deltas += segment->deltas().size();
    chunks += segment->all_chunks().size();
    symbols += segment->symbols().size();
    for (const SymbolRecord& sym : segment->symbols())
      symbols_by_kind[SymbolKindName(static_cast<SymbolKind>(sym.kind))]++;
    trigrams += segment->trigrams().size();
    for (const DocRecord& d : segment->docs()) {
      content += d.size;
      fell_back += (d.flags & kParseFellBack) != 0;
      too_large += (d.flags & kTooLargeToParse) != 0;
      auto language = static_cast<Language>(d.language);
      docs_by_language[d.language == 0 ? "plain text" : LanguageName(language)]++;
    }
    for (const SectionEntry& s : segment->container().sections()) section_bytes[s.kind] += s.length;
    files += segment->container().file_size();
  }
  uint64_t manifest_bytes = fs::file_size(ManifestPath(store.dir, snapshot.row.manifest));
  std::printf("root                   %s\nstore                  %s\n", store.root.c_str(),
              store.dir.c_str());
  Row("files", snapshot.manifest->size());
  Row("files skipped", snapshot.manifest->Skipped().size());
  Row("segments", snapshot.segments.size());
  Row("documents", docs);
  for (const auto& [language, count] : docs_by_language) Row(("  " + std::string(language)).c_str(), count);
  Row("  stored as deltas", deltas);
  Row("parses out of time", fell_back);
  Row("too large to parse", too_large);
  Row("chunks", chunks);
  Row("symbols", symbols);
  for (const auto& [kind, count] : symbols_by_kind) Row(("  " + std::string(kind)).c_str(), count);
  Row("trigrams (per segment)", trigrams);
  Row("content bytes", content);
  Row("compressed content", section_bytes[kContentSection]);
  Row("delta frames bytes", section_bytes[kDeltaFramesSection] + section_bytes[kDeltasSection]);
  Row("postings bytes", section_bytes[kPostingsSection]);
  Row("trigram table bytes", section_bytes[kTrigramsSection]);
  Row("document table bytes", section_bytes[kDocsSection] + section_bytes[kBlocksSection]);
  Row("chunk table bytes", section_bytes[kChunksSection]);
  Row("symbol table bytes", section_bytes[kSymbolsSection] + section_bytes[kNamesSection] +
                                section_bytes[kNameRecordsSection] + section_bytes[kSymbolsByNameSection]);
  Row("strings bytes", section_bytes[kStringsSection]);
  Row("manifest bytes", manifest_bytes);
  Row("segment files bytes", files);
  Row("store bytes", StoreBytes(store.dir));
  return 0;
}

}  // namespace scry
