// Building a snapshot's manifest as a fork of another snapshot's.
//
// A builder starts from a parent manifest (or from nothing), takes the changes — files put, files
// removed — and writes the result as a delta over the parent's base when the delta stays small, or as
// a new full manifest when there is no base or the changes have grown past a fraction of it.  Work
// and bytes follow the size of the changes accumulated since the base, never the size of the tree.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/manifest.h"

struct roaring_bitmap_s;

namespace scry {

class ManifestBuilder {
 public:
  // `parent` may be nullptr (an empty start); it must outlive the builder.
  explicit ManifestBuilder(const Manifest* parent);
  ~ManifestBuilder();
  ManifestBuilder(const ManifestBuilder&) = delete;
  ManifestBuilder& operator=(const ManifestBuilder&) = delete;

  // Adds the file, or replaces the file at the same path.
  void Put(ManifestEntry entry);
  // Drops the file at `path`, if there is one.
  void Remove(std::string_view path);
  // Makes the files exactly `entries` (paths unique): removes the others, puts these.
  void Reset(std::vector<ManifestEntry> entries);
  // The files left out, and why: all of them at once, or one at a time.
  void SetSkipped(const std::vector<SkippedFile>& skipped);
  void Skip(const std::string& path, const std::string& reason) { skipped_[path] = reason; }
  void Unskip(const std::string& path) { skipped_.erase(path); }
  size_t skipped_count() const { return skipped_.size(); }

  // The file at `path` after the changes so far, if any.
  std::optional<ManifestEntry> Get(std::string_view path) const;
  size_t size() const;

  // Writes the manifest as file `id` in `snapshots_dir` (atomically).
  void Write(const std::filesystem::path& snapshots_dir, uint64_t id) const;

 private:
  // The base's entry at `path` unless it is removed, else nullopt.
  std::optional<uint32_t> KeptBaseEntry(std::string_view path) const;
  bool DeltaTooLarge() const;
  std::vector<SkippedFile> SkippedList() const;
  std::vector<ManifestEntry> AllEntries() const;
  void WriteDelta(const std::filesystem::path& snapshots_dir, uint64_t id) const;

  const Manifest* base_ = nullptr;                           // a full manifest, or nullptr
  roaring_bitmap_s* removed_;                                // handles of base entries dropped
  std::map<std::string, ManifestEntry, std::less<>> added_;  // files not taken from the base, by path
  std::map<std::string, std::string> skipped_;               // path -> reason
};

// Writes a full manifest of `entries` (in any order, paths unique) as file `id` in `snapshots_dir`.
void WriteFullManifest(const std::filesystem::path& snapshots_dir, uint64_t id,
                       std::vector<ManifestEntry> entries, const std::vector<SkippedFile>& skipped);

}  // namespace scry
