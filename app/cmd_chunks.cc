#include <cstdio>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "app/commands.h"
#include "app/paths.h"
#include "indexer/store.h"
#include "indexer/symbol_rules.h"
#include "util/error.h"
#include "vcs/revision_snapshot.h"

namespace scry {

namespace fs = std::filesystem;

int RunChunks(const ChunksCommand& cmd) {
  fs::path cwd = fs::current_path();
  StoreLocation store = FindStore(cwd, cmd.common.store);
  SnapshotView snapshot = OpenSnapshot(store, SnapshotForRevision(store, cmd.common.rev));
  std::string rel = RelativeTo(store.root, cwd / cmd.file);
  uint32_t entry = snapshot.manifest->Find(rel);
  if (entry == Manifest::kNoEntry) {
    throw Error(ExitCode::kBadInput,
                cmd.file + ": not in the index (scry stats --skipped lists what was left out)");
  }
  const EntryRecord& record = snapshot.manifest->entry(entry);
  const Segment& segment = *snapshot.segments[record.segment];
  const DocRecord& doc = segment.doc(record.doc);
  auto language = static_cast<Language>(doc.language);
  std::string_view language_name = doc.language == 0 ? "text" : LanguageName(language);
  for (const ChunkRecord& chunk : segment.chunks(record.doc)) {
    std::string name = chunk.name != 0
                           ? Qualify(segment.String(chunk.scope), segment.String(chunk.name), language)
                           : std::string(segment.String(chunk.scope));
    std::string_view kind = ChunkKindName(static_cast<ChunkKind>(chunk.kind));
    if (cmd.json) {
      nlohmann::ordered_json data = {
          {"path", cmd.file},
          {"language", language_name},
          {"kind", kind},
          {"name", segment.String(chunk.name)},
          {"scope", segment.String(chunk.scope)},
          {"first_line", chunk.first_line},
          {"last_line", chunk.last_line},
          {"begin", chunk.begin},
          {"end", chunk.end},
      };
      nlohmann::ordered_json message = {{"type", "chunk"}, {"data", std::move(data)}};
      std::printf("%s\n", message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
    } else {
      std::printf("%u-%u\t%.*s\t%s\t%llu bytes\n", chunk.first_line, chunk.last_line,
                  static_cast<int>(kind.size()), kind.data(), name.empty() ? "-" : name.c_str(),
                  static_cast<unsigned long long>(chunk.end - chunk.begin));
    }
  }
  if (!cmd.json && (doc.flags & kParseFellBack)) {
    std::fprintf(stderr, "scry: %s: the parse ran out of time; chunked in line windows\n", cmd.file.c_str());
  }
  if (!cmd.json && (doc.flags & kTooLargeToParse)) {
    std::fprintf(stderr,
                 "scry: %s: too large to parse (scry index --parse-max-bytes); chunked in line windows\n",
                 cmd.file.c_str());
  }
  std::fflush(stdout);
  return 0;
}

}  // namespace scry
