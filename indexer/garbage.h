// Garbage collection: deleting what no snapshot reaches.
//
// A snapshot reaches its manifest, the manifest's base, the segments either names, and the segments
// holding the bases of the deltas in those (indexer/segment_format.h DeltaRecord).  Everything
// else in the store's segments/ and snapshots/ directories, and the vectors of segments gone — files of
// dropped snapshots, segments whose documents no snapshot holds any more, temporaries a killed writer left —
// is deleted, and its segments leave the catalog.  Only the writer runs it (under the writer lock); a reader
// that opened a snapshot before keeps its files through its memory maps, and one that read the catalog just
// before retries (indexer/store.h OpenSnapshot).
#pragma once

#include <cstdint>
#include <filesystem>

#include "indexer/catalog.h"

namespace scry {

struct GarbageReport {
  uint64_t files = 0;  // deleted
  uint64_t bytes = 0;  // their size
};

GarbageReport CollectGarbage(const std::filesystem::path& store, Catalog& catalog);

}  // namespace scry
