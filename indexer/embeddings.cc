#include "indexer/embeddings.h"

#include <charconv>
#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "indexer/chunk_vectors.h"
#include "indexer/embedding_cache.h"
#include "indexer/encoder_model.h"
#include "indexer/segment.h"
#include "indexer/store.h"
#include "indexer/training_sample.h"
#include "util/error.h"
#include "util/file.h"
#include "util/ordered_parallel.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

// The id prefixes of the store's own models.
constexpr std::string_view kWordVectorsPrefix = "ft-";
constexpr std::string_view kEncoderPrefix = "unif-";

std::optional<OwnModel> OwnModelOf(std::string_view id) {
  if (id.starts_with(kWordVectorsPrefix)) return OwnModel::kWordVectors;
  if (id.starts_with(kEncoderPrefix)) return OwnModel::kEncoder;
  return std::nullopt;
}

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

fs::path ModelFile(const fs::path& store) { return VectorsDir(store) / "MODEL"; }
fs::path WordsFile(const fs::path& store, const std::string& model_id) {
  return VectorsDir(store) / (model_id + ".words");
}
fs::path EndpointFile(const fs::path& store, const std::string& model_id) {
  return VectorsDir(store) / (model_id + ".endpoint");
}
// Someone waits for the answer to a question: one retry when the embedding service fails, not three.
constexpr int kQuestionAttempts = 2;
// The HTTP model's cache; SQLite adds "-wal" and "-shm" files beside it.
constexpr std::string_view kCacheName = "embeddings.cache";

HttpEmbedderOpener& Opener() {
  static HttpEmbedderOpener opener;
  return opener;
}

// An endpoint as the store records it: what the user chose, never the key itself.
std::string EndpointRecord(const HttpEmbedderConfig& endpoint) {
  nlohmann::ordered_json record = {{"url", endpoint.url},
                                   {"model", endpoint.model},
                                   {"key_env", endpoint.api_key_env},
                                   {"batch", endpoint.batch_size}};
  return record.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

HttpEmbedderConfig ReadEndpoint(const fs::path& file) {
  nlohmann::json record = nlohmann::json::parse(ReadFile(file), nullptr, /*allow_exceptions=*/false);
  auto text = [&](const char* key) {
    return record.is_object() && record.contains(key) && record[key].is_string();
  };
  if (!text("url") || !text("model") || !text("key_env") || !record.contains("batch") ||
      !record["batch"].is_number_unsigned() || record["batch"].get<uint64_t>() == 0) {
    throw Error(ExitCode::kCorrupt, file.string() + ": not an endpoint record");
  }
  HttpEmbedderConfig endpoint;
  endpoint.url = record["url"].get<std::string>();
  endpoint.model = record["model"].get<std::string>();
  endpoint.api_key_env = record["key_env"].get<std::string>();
  endpoint.batch_size = record["batch"].get<size_t>();
  return endpoint;
}

// The next of the own models' numbers, which both kinds share: "ft-1", then "unif-2".
std::string NextModelId(const fs::path& store, OwnModel kind) {
  uint64_t next = 1;
  for (const fs::directory_entry& e : fs::directory_iterator(VectorsDir(store))) {
    std::string stem = e.path().stem().string();
    std::optional<OwnModel> of = OwnModelOf(stem);
    if (e.path().extension() != ".words" || !of) continue;
    const char* digits =
        stem.data() + (*of == OwnModel::kEncoder ? kEncoderPrefix : kWordVectorsPrefix).size();
    uint64_t n = 0;
    if (std::from_chars(digits, stem.data() + stem.size(), n).ptr == stem.data() + stem.size()) {
      next = std::max(next, n + 1);
    }
  }
  return std::string(kind == OwnModel::kEncoder ? kEncoderPrefix : kWordVectorsPrefix) + std::to_string(next);
}

// Trains the encoder over the word vectors in `word_vectors` and writes it to `out`; false (with the
// reason in the report) if the corpus has too few documented definitions to learn from.
bool TrainEncoderModel(const fs::path& store, Catalog& catalog, const EmbeddingOptions& options,
                       const fs::path& word_vectors, const fs::path& out, EmbeddingReport* report) {
  WordVectors init(word_vectors);
  const Vocabulary& vocabulary = init.vocabulary();
  std::vector<EncoderPair> pairs = CollectTrainingPairs(store, catalog, vocabulary, options.pairs);
  if (pairs.size() < options.min_pairs) {
    report->no_encoder = "the corpus has " + std::to_string(pairs.size()) +
                         " documented definitions, fewer than the " + std::to_string(options.min_pairs) +
                         " the encoder needs";
    return false;
  }
  EncoderTables tables;
  tables.dimension = init.dimension();
  for (uint32_t word = 0; word < vocabulary.size(); ++word) {
    for (int8_t x : init.vector(static_cast<int32_t>(word)))
      tables.query.push_back(static_cast<float>(x) / 127.0f);
  }
  tables.code = tables.query;
  tables.attention.assign(tables.dimension, 0.0f);
  report->encoder = TrainEncoder(std::move(pairs), options.encoder, &tables);
  WriteEncoderModel(out, vocabulary.Words(), vocabulary.lines(), tables);
  return true;
}

// Trains a new default model; returns its id, or nothing (with the reason) if the corpus is too small.
std::optional<std::string> TrainDefault(const fs::path& store, Catalog& catalog, OwnModel kind,
                                        const EmbeddingOptions& options, EmbeddingReport* report) {
  auto start = std::chrono::steady_clock::now();
  fs::create_directories(VectorsDir(store));
  fs::path corpus = VectorsDir(store) / "training.tmp";
  uint64_t words = WriteTrainingCorpus(store, catalog, options.training_bytes, corpus);
  if (words < options.min_training_words) {
    fs::remove(corpus);
    report->skipped = "the corpus has " + std::to_string(words) + " words, fewer than the " +
                      std::to_string(options.min_training_words) + " a model needs";
    return std::nullopt;
  }
  fs::path word_vectors = VectorsDir(store) / "words.tmp";
  try {
    report->words = TrainWordVectors(corpus, options.model, word_vectors);
  } catch (...) {
    fs::remove(corpus);
    throw;
  }
  fs::remove(corpus);
  std::string id;
  if (kind == OwnModel::kEncoder) {
    id = NextModelId(store, OwnModel::kEncoder);
    // Without enough pairs, the word vectors alone (report->no_encoder says why).
    if (TrainEncoderModel(store, catalog, options, word_vectors, WordsFile(store, id), report)) {
      fs::remove(word_vectors);
    } else {
      id.clear();
    }
  }
  if (id.empty()) {
    id = NextModelId(store, OwnModel::kWordVectors);
    fs::rename(word_vectors, WordsFile(store, id));
  }
  report->trained = true;
  report->train_seconds = SecondsSince(start);
  return id;
}

// The vectors of every chunk of `segment`, in chunk order.  An HTTP model learns its dimension from
// its first answer: each unit's vectors are checked against the dimension the embedder has after it.
std::string EmbedSegment(const Segment& segment, Embedder& embedder, unsigned threads) {
  std::string rows;
  constexpr uint32_t kDocsPerUnit = 64;
  size_t units = (segment.doc_count() + kDocsPerUnit - 1) / kDocsPerUnit;
  std::vector<BlockReader> readers(threads);
  OrderedParallel<std::string>(
      units, threads, 4 * threads,
      [&](unsigned worker, size_t unit) {
        std::vector<std::string> texts;
        uint32_t end =
            std::min<uint32_t>(segment.doc_count(), static_cast<uint32_t>((unit + 1) * kDocsPerUnit));
        for (uint32_t doc = static_cast<uint32_t>(unit * kDocsPerUnit); doc < end; ++doc) {
          std::string_view content = segment.Content(doc, &readers[worker]);
          for (const ChunkRecord& chunk : segment.chunks(doc)) {
            texts.emplace_back(content.substr(chunk.begin, chunk.end - chunk.begin));
          }
        }
        std::vector<std::vector<float>> vectors = embedder.Embed(texts);
        const uint32_t dimension = embedder.dimension();
        std::string out;
        for (const std::vector<float>& v : vectors) {
          if (v.size() != dimension)
            throw Error(ExitCode::kBadInput, embedder.model_id() + ": wrong dimension");
          AppendQuantized(v, &out);
        }
        return out;
      },
      [&](size_t, std::string&& out) { rows += out; });
  return rows;
}

// A vectors file of version 1 (int8 vectors, with or without 4-bit codes) is rewritten as the current
// version from its vectors: no embedding.
void UpgradeIfOld(const fs::path& path, const Segment& segment) {
  ChunkVectors vectors(path, static_cast<uint32_t>(segment.all_chunks().size()));
  if (vectors.version() == 1)
    WriteChunkVectors(path, vectors.segment_id(), vectors.dimension(), vectors.Rows());
}

// Deletes the files of other models, and the cache unless the model is an HTTP one
// (indexer/garbage.cc deletes the vectors of dropped segments).
void DeleteOtherModels(const fs::path& store, const std::string& model_id) {
  const bool http = !model_id.empty() && !OwnModelOf(model_id);
  for (const fs::directory_entry& e : fs::directory_iterator(VectorsDir(store))) {
    std::error_code ec;
    auto of = ChunkVectorsOf(e.path());
    fs::path extension = e.path().extension();
    bool model_file = extension == ".words" || extension == ".endpoint";
    bool other = of ? of->second != model_id : model_file && e.path().stem() != model_id;
    bool cache = e.path().filename().string().starts_with(kCacheName);
    if (other || (cache && !http) || extension == ".tmp") fs::remove(e.path(), ec);
  }
}

}  // namespace

std::optional<std::string> CurrentModel(const fs::path& store) {
  std::error_code ec;
  if (!fs::exists(ModelFile(store), ec)) return std::nullopt;
  std::string id = ReadFile(ModelFile(store));
  while (!id.empty() && (id.back() == '\n' || id.back() == ' ')) id.pop_back();
  if (id.empty()) return std::nullopt;
  return id;
}

void SetHttpEmbedderOpener(HttpEmbedderOpener opener) { Opener() = std::move(opener); }

std::unique_ptr<Embedder> OpenHttpEmbedder(const HttpEmbedderConfig& endpoint) {
  if (!Opener()) {
    throw Error(ExitCode::kBadInput, "embedding service " + endpoint.url + " (model " + endpoint.model +
                                         "): this program cannot reach HTTP services");
  }
  return Opener()(endpoint);
}

std::optional<HttpEmbedderConfig> StoreEndpoint(const fs::path& store) {
  std::optional<std::string> id = CurrentModel(store);
  std::error_code ec;
  if (!id || OwnModelOf(*id) || !fs::exists(EndpointFile(store, *id), ec)) return std::nullopt;
  return ReadEndpoint(EndpointFile(store, *id));
}

std::unique_ptr<Embedder> OpenStoreEmbedder(const fs::path& store) {
  std::optional<std::string> id = CurrentModel(store);
  std::optional<OwnModel> kind = id ? OwnModelOf(*id) : std::nullopt;
  if (!kind) {
    std::optional<HttpEmbedderConfig> endpoint = StoreEndpoint(store);
    if (!endpoint) return nullptr;
    endpoint->max_attempts = kQuestionAttempts;
    return OpenHttpEmbedder(*endpoint);
  }
  if (*kind == OwnModel::kEncoder) {
    return std::make_unique<EncoderEmbedder>(std::make_shared<EncoderModel>(WordsFile(store, *id)), *id);
  }
  return std::make_unique<WordVectorEmbedder>(std::make_shared<WordVectors>(WordsFile(store, *id)), *id);
}

std::unique_ptr<Embedder> RequireStoreEmbedder(const fs::path& store, std::string_view needed_for) {
  std::unique_ptr<Embedder> embedder = OpenStoreEmbedder(store);
  if (embedder == nullptr) {
    throw Error(ExitCode::kNoStore, store.string() + ": has no word-vector model for " +
                                        std::string(needed_for) +
                                        " (run `scry index` without --no-embed on a larger tree, or "
                                        "with --embed-url)");
  }
  return embedder;
}

EmbeddingReport UpdateEmbeddings(const fs::path& store, Catalog& catalog, const EmbeddingOptions& options,
                                 HttpModel* http) {
  EmbeddingReport report;
  std::optional<std::string> previous = CurrentModel(store);
  std::unique_ptr<Embedder> own;
  std::optional<EmbeddingCache> cache;
  std::optional<CachedEmbedder> cached;
  Embedder* embedder = nullptr;
  if (http == nullptr) {
    std::optional<OwnModel> kind = previous ? OwnModelOf(*previous) : std::nullopt;
    std::optional<std::string> current = previous;
    if (options.retrain || !kind || (options.kind && options.kind != kind)) {
      current = TrainDefault(store, catalog, options.kind.value_or(kind.value_or(OwnModel::kEncoder)),
                             options, &report);
      if (!current) {
        // An HTTP model given up for an own one the corpus is too small for: no model at all.
        if (previous && !kind) {
          fs::remove(ModelFile(store));
          DeleteOtherModels(store, "");
        }
        return report;
      }
      WriteFileAtomically(ModelFile(store), *current + "\n");
    }
    own = OpenStoreEmbedder(store);
    embedder = own.get();
  } else {
    const std::string id = http->embedder->model_id();
    fs::create_directories(VectorsDir(store));
    std::string record = EndpointRecord(http->endpoint);
    std::error_code ec;
    if (!fs::exists(EndpointFile(store, id), ec) || ReadFile(EndpointFile(store, id)) != record) {
      WriteFileAtomically(EndpointFile(store, id), record);
    }
    cache.emplace(VectorsDir(store) / kCacheName);
    if (previous != id) {
      cache->RemoveOtherModels(id);
      WriteFileAtomically(ModelFile(store), id + "\n");
    }
    cached.emplace(*http->embedder, *cache, http->endpoint.batch_size);
    embedder = &*cached;
  }
  report.model_id = embedder->model_id();

  auto start = std::chrono::steady_clock::now();
  unsigned threads = options.threads ? options.threads : std::max(1u, std::thread::hardware_concurrency());
  if (!embedder->concurrent()) threads = 1;
  for (const SegmentRow& row : catalog.Segments()) {
    fs::path path = ChunkVectorsPath(store, row.id, report.model_id);
    Segment segment(SegmentPath(store, row.id));
    if (fs::exists(path)) {
      UpgradeIfOld(path, segment);
      continue;
    }
    std::string rows = EmbedSegment(segment, *embedder, threads);
    // No chunk, and a model that has not said its dimension yet: nothing to write until it has.
    if (embedder->dimension() == 0) continue;
    WriteChunkVectors(path, row.id, embedder->dimension(), rows);
    report.segments++;
    report.chunks += segment.all_chunks().size();
  }
  report.embed_seconds = SecondsSince(start);
  DeleteOtherModels(store, report.model_id);
  return report;
}

}  // namespace scry
