// Vectors already computed, kept in a SQLite file so that no text is embedded twice by the same model,
// and no batch an embedding service answered is lost when a later one fails.
//
// One table, vectors(model_id TEXT, text_hash BLOB, vector BLOB), primary key (model_id, text_hash):
// text_hash is the 16-byte canonical (big-endian) XXH3-128 of the text's bytes, vector its floats as
// float32 little-endian.  PRAGMA user_version is the format, 1.
//
// Neither class is thread-safe; processes may share a file (SQLite's locking, WAL mode).
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "indexer/embedder.h"

struct sqlite3;
struct sqlite3_stmt;

namespace scry {

class EmbeddingCache {
 public:
  // Opens or creates the file.  Throws scry::Error: kIo if it cannot be opened or created, kCorrupt if
  // it is not a cache of this format.
  explicit EmbeddingCache(const std::filesystem::path& path);
  ~EmbeddingCache();
  EmbeddingCache(const EmbeddingCache&) = delete;
  EmbeddingCache& operator=(const EmbeddingCache&) = delete;

  std::optional<std::vector<float>> Get(const std::string& model_id, const std::string& text);
  // Replaces any vector stored for the same text and model.
  void Put(const std::string& model_id, const std::string& text, const std::vector<float>& vector);
  // All or nothing, in one transaction.  texts and vectors must have the same size.
  void PutBatch(const std::string& model_id, std::span<const std::string> texts,
                std::span<const std::vector<float>> vectors);
  // Deletes the vectors of every model but this one.
  void RemoveOtherModels(const std::string& model_id);

  const std::filesystem::path& path() const { return path_; }

 private:
  void Insert(const std::string& model_id, const std::string& text, const std::vector<float>& vector);
  void Exec(const char* sql);
  [[noreturn]] void Fail(int rc, const std::string& what);

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* get_ = nullptr;
  sqlite3_stmt* put_ = nullptr;
};

// An Embedder that answers from the cache what it can and asks `inner` for the rest, batch_size
// distinct texts at a time, storing each batch's vectors as soon as it returns: when a batch fails,
// the batches before it stay in the cache, and the next run does not ask for them again.
class CachedEmbedder : public Embedder {
 public:
  CachedEmbedder(Embedder& inner, EmbeddingCache& cache, size_t batch_size = 32);

  std::string model_id() const override { return inner_.model_id(); }
  // The inner embedder's; while that is 0 (an HttpEmbedder that has asked nothing yet), the
  // dimension of the vectors this one has read from the cache.
  uint32_t dimension() const override;
  // Throws what the inner embedder throws (the batches before stay cached), and scry::Error(kCorrupt)
  // if cached vectors and the model's differ in dimension (the model changed under the same name:
  // delete the cache file).
  std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) override;
  // The inner embedder's, uncached: questions are seldom asked twice, and the cache holds what Embed
  // returns, which a model may encode otherwise.
  std::vector<std::vector<float>> EmbedQueries(const std::vector<std::string>& texts) override {
    return inner_.EmbedQueries(texts);
  }

 private:
  void Check(const std::vector<float>& vector);

  Embedder& inner_;
  EmbeddingCache& cache_;
  size_t batch_size_;
  uint32_t seen_dimension_ = 0;  // of the first vector checked, or the inner embedder's
};

}  // namespace scry
