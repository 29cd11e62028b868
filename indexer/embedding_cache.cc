#include "indexer/embedding_cache.h"

#include <sqlite3.h>
#include <xxhash.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>
#include <unordered_map>

#include "util/error.h"

namespace scry {

namespace {

constexpr int kFormat = 1;

constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS vectors(
  model_id TEXT NOT NULL, text_hash BLOB NOT NULL, vector BLOB NOT NULL,
  PRIMARY KEY (model_id, text_hash)) WITHOUT ROWID;
PRAGMA user_version = 1;
)sql";

XXH128_canonical_t TextHash(const std::string& text) {
  XXH128_canonical_t canonical;
  XXH128_canonicalFromHash(&canonical, XXH3_128bits(text.data(), text.size()));
  return canonical;
}

std::string EncodeFloats(const std::vector<float>& v) {
  std::string bytes(v.size() * sizeof(float), '\0');
  for (size_t i = 0; i < v.size(); ++i) {
    uint32_t bits = std::bit_cast<uint32_t>(v[i]);
    if constexpr (std::endian::native == std::endian::big) bits = __builtin_bswap32(bits);
    std::memcpy(bytes.data() + i * sizeof bits, &bits, sizeof bits);
  }
  return bytes;
}

std::vector<float> DecodeFloats(const unsigned char* bytes, size_t n) {
  std::vector<float> v(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, bytes + i * sizeof bits, sizeof bits);
    if constexpr (std::endian::native == std::endian::big) bits = __builtin_bswap32(bits);
    v[i] = std::bit_cast<float>(bits);
  }
  return v;
}

// Resets a statement on scope exit, so that it can run again and holds no read lock meanwhile.
class Reset {
 public:
  explicit Reset(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~Reset() {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
  Reset(const Reset&) = delete;
  Reset& operator=(const Reset&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

}  // namespace

EmbeddingCache::EmbeddingCache(const std::filesystem::path& path) : path_(path) {
  // A constructor that throws runs no destructor: close the handle (which sqlite3_open_v2 allocates
  // even when it fails) on the way out.
  try {
    int rc = sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    if (rc != SQLITE_OK) Fail(rc, "cannot open the embedding cache");
    sqlite3_busy_timeout(db_, 10000);
    Exec("PRAGMA journal_mode=WAL");
    // Durable when the process dies; a power failure may lose the last batches, which are then
    // embedded again.
    Exec("PRAGMA synchronous=NORMAL");
    sqlite3_stmt* version = nullptr;
    rc = sqlite3_prepare_v2(db_, "PRAGMA user_version", -1, &version, nullptr);
    if (rc != SQLITE_OK) Fail(rc, "not an embedding cache");
    int format = sqlite3_step(version) == SQLITE_ROW ? sqlite3_column_int(version, 0) : -1;
    sqlite3_finalize(version);
    if (format == 0) {
      Exec("BEGIN IMMEDIATE");
      Exec(kSchema);
      Exec("COMMIT");
    } else if (format != kFormat) {
      throw Error(ExitCode::kCorrupt,
                  path_.string() + ": unknown embedding cache format " + std::to_string(format));
    }
    rc = sqlite3_prepare_v2(db_, "SELECT vector FROM vectors WHERE model_id = ?1 AND text_hash = ?2", -1,
                            &get_, nullptr);
    if (rc == SQLITE_OK) {
      rc = sqlite3_prepare_v2(
          db_, "INSERT OR REPLACE INTO vectors(model_id, text_hash, vector) VALUES (?1, ?2, ?3)", -1, &put_,
          nullptr);
    }
    if (rc != SQLITE_OK) Fail(rc, "not an embedding cache");
  } catch (...) {
    sqlite3_finalize(get_);
    sqlite3_finalize(put_);
    sqlite3_close(db_);
    throw;
  }
}

EmbeddingCache::~EmbeddingCache() {
  sqlite3_finalize(get_);
  sqlite3_finalize(put_);
  sqlite3_close(db_);
}

void EmbeddingCache::Fail(int rc, const std::string& what) {
  int primary = rc & 0xff;
  ExitCode code = primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB || primary == SQLITE_FORMAT
                      ? ExitCode::kCorrupt
                      : ExitCode::kIo;
  throw Error(code, path_.string() + ": " + what + ": " + (db_ ? sqlite3_errmsg(db_) : "out of memory"));
}

void EmbeddingCache::Exec(const char* sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) Fail(rc, "embedding cache");
}

std::optional<std::vector<float>> EmbeddingCache::Get(const std::string& model_id, const std::string& text) {
  XXH128_canonical_t hash = TextHash(text);
  Reset reset(get_);
  sqlite3_bind_text(get_, 1, model_id.data(), static_cast<int>(model_id.size()), SQLITE_STATIC);
  sqlite3_bind_blob(get_, 2, hash.digest, sizeof hash.digest, SQLITE_STATIC);
  int rc = sqlite3_step(get_);
  if (rc == SQLITE_DONE) return std::nullopt;
  if (rc != SQLITE_ROW) Fail(rc, "reading the embedding cache");
  const auto* bytes = static_cast<const unsigned char*>(sqlite3_column_blob(get_, 0));
  size_t size = static_cast<size_t>(sqlite3_column_bytes(get_, 0));
  if (size % sizeof(float) != 0) {
    throw Error(ExitCode::kCorrupt, path_.string() + ": a vector of " + std::to_string(size) +
                                        " bytes for model " + model_id + ", not whole floats");
  }
  return DecodeFloats(bytes, size / sizeof(float));
}

void EmbeddingCache::Insert(const std::string& model_id, const std::string& text,
                            const std::vector<float>& vector) {
  XXH128_canonical_t hash = TextHash(text);
  std::string bytes = EncodeFloats(vector);
  Reset reset(put_);
  sqlite3_bind_text(put_, 1, model_id.data(), static_cast<int>(model_id.size()), SQLITE_STATIC);
  sqlite3_bind_blob(put_, 2, hash.digest, sizeof hash.digest, SQLITE_STATIC);
  sqlite3_bind_blob(put_, 3, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
  int rc = sqlite3_step(put_);
  if (rc != SQLITE_DONE) Fail(rc, "writing the embedding cache");
}

void EmbeddingCache::Put(const std::string& model_id, const std::string& text,
                         const std::vector<float>& vector) {
  Insert(model_id, text, vector);
}

void EmbeddingCache::PutBatch(const std::string& model_id, std::span<const std::string> texts,
                              std::span<const std::vector<float>> vectors) {
  if (texts.size() != vectors.size()) {
    throw std::invalid_argument("EmbeddingCache::PutBatch: " + std::to_string(vectors.size()) +
                                " vectors for " + std::to_string(texts.size()) + " texts");
  }
  Exec("BEGIN IMMEDIATE");
  try {
    for (size_t i = 0; i < texts.size(); ++i) Insert(model_id, texts[i], vectors[i]);
    Exec("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void EmbeddingCache::RemoveOtherModels(const std::string& model_id) {
  sqlite3_stmt* remove = nullptr;
  int rc = sqlite3_prepare_v2(db_, "DELETE FROM vectors WHERE model_id <> ?1", -1, &remove, nullptr);
  if (rc == SQLITE_OK) {
    sqlite3_bind_text(remove, 1, model_id.data(), static_cast<int>(model_id.size()), SQLITE_STATIC);
    rc = sqlite3_step(remove);
  }
  sqlite3_finalize(remove);
  if (rc != SQLITE_DONE) Fail(rc, "writing the embedding cache");
}

CachedEmbedder::CachedEmbedder(Embedder& inner, EmbeddingCache& cache, size_t batch_size)
    : inner_(inner), cache_(cache), batch_size_(std::max<size_t>(batch_size, 1)) {}

uint32_t CachedEmbedder::dimension() const {
  uint32_t inner = inner_.dimension();
  return inner ? inner : seen_dimension_;
}

void CachedEmbedder::Check(const std::vector<float>& vector) {
  if (vector.empty()) return;  // a text with nothing to embed while the dimension was unknown
  if (seen_dimension_ == 0) {
    uint32_t inner = inner_.dimension();
    seen_dimension_ = inner ? inner : static_cast<uint32_t>(vector.size());
  }
  if (vector.size() != seen_dimension_) {
    throw Error(ExitCode::kCorrupt,
                cache_.path().string() + ": vectors of " + std::to_string(seen_dimension_) + " and " +
                    std::to_string(vector.size()) + " dimensions for model " + inner_.model_id() +
                    " (did the model change under the same name?): delete this file");
  }
}

std::vector<std::vector<float>> CachedEmbedder::Embed(const std::vector<std::string>& texts) {
  std::string model_id = inner_.model_id();
  std::vector<std::vector<float>> out(texts.size());
  // Texts not in the cache, each once, and where each appears in `texts`.
  std::vector<std::string> misses;
  std::vector<std::vector<size_t>> positions;
  std::unordered_map<std::string_view, size_t> miss_index;
  for (size_t i = 0; i < texts.size(); ++i) {
    if (std::optional<std::vector<float>> vector = cache_.Get(model_id, texts[i])) {
      Check(*vector);
      out[i] = std::move(*vector);
      continue;
    }
    auto [it, added] = miss_index.try_emplace(texts[i], misses.size());
    if (added) {
      misses.push_back(texts[i]);
      positions.emplace_back();
    }
    positions[it->second].push_back(i);
  }
  for (size_t start = 0; start < misses.size(); start += batch_size_) {
    size_t end = std::min(misses.size(), start + batch_size_);
    std::vector<std::string> batch(misses.begin() + start, misses.begin() + end);
    std::vector<std::vector<float>> vectors = inner_.Embed(batch);
    if (vectors.size() != batch.size()) {
      throw Error(ExitCode::kEmbedding, model_id + ": " + std::to_string(vectors.size()) + " vectors for " +
                                            std::to_string(batch.size()) + " texts");
    }
    std::vector<std::string> keep_texts;
    std::vector<std::vector<float>> keep_vectors;
    for (size_t i = 0; i < batch.size(); ++i) {
      Check(vectors[i]);
      if (vectors[i].empty()) continue;  // no dimension yet: nothing worth keeping
      keep_texts.push_back(batch[i]);
      keep_vectors.push_back(vectors[i]);
    }
    cache_.PutBatch(model_id, keep_texts, keep_vectors);
    for (size_t i = 0; i < batch.size(); ++i) {
      for (size_t position : positions[start + i]) out[position] = vectors[i];
    }
  }
  // Texts with nothing to embed that the inner embedder answered before it knew the dimension.
  uint32_t dimension = this->dimension();
  for (std::vector<float>& vector : out) {
    if (vector.empty()) vector.assign(dimension, 0.0f);
  }
  return out;
}

}  // namespace scry
