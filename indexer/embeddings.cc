#include "indexer/embeddings.h"

#include <charconv>
#include <chrono>
#include <thread>

#include "indexer/chunk_vectors.h"
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

// The vectors of every chunk of `segment`, in chunk order.
std::string EmbedSegment(const Segment& segment, Embedder& embedder, unsigned threads) {
  const uint32_t dimension = embedder.dimension();
  std::string rows;
  rows.reserve(segment.all_chunks().size() * dimension);
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
        std::string out;
        for (const std::vector<float>& v : embedder.Embed(texts)) {
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

// Deletes the files of other models (indexer/garbage.cc deletes the vectors of dropped segments).
void DeleteOtherModels(const fs::path& store, const std::string& model_id) {
  for (const fs::directory_entry& e : fs::directory_iterator(VectorsDir(store))) {
    std::error_code ec;
    auto of = ChunkVectorsOf(e.path());
    bool other =
        of ? of->second != model_id : e.path().extension() == ".words" && e.path().stem() != model_id;
    if (other || e.path().extension() == ".tmp") fs::remove(e.path(), ec);
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

std::unique_ptr<Embedder> OpenDefaultEmbedder(const fs::path& store) {
  std::optional<std::string> id = CurrentModel(store);
  std::optional<OwnModel> kind = id ? OwnModelOf(*id) : std::nullopt;
  if (!kind) return nullptr;
  if (*kind == OwnModel::kEncoder) {
    return std::make_unique<EncoderEmbedder>(std::make_shared<EncoderModel>(WordsFile(store, *id)), *id);
  }
  return std::make_unique<WordVectorEmbedder>(std::make_shared<WordVectors>(WordsFile(store, *id)), *id);
}

std::unique_ptr<Embedder> RequireDefaultEmbedder(const fs::path& store, std::string_view needed_for) {
  std::unique_ptr<Embedder> embedder = OpenDefaultEmbedder(store);
  if (embedder == nullptr) {
    throw Error(ExitCode::kNoStore, store.string() + ": has no word-vector model for " +
                                        std::string(needed_for) +
                                        " (run `scry index` without --no-embed on a larger tree)");
  }
  return embedder;
}

EmbeddingReport UpdateEmbeddings(const fs::path& store, Catalog& catalog, const EmbeddingOptions& options,
                                 Embedder* embedder) {
  EmbeddingReport report;
  std::unique_ptr<Embedder> default_embedder;
  if (embedder == nullptr) {
    std::optional<std::string> current = CurrentModel(store);
    std::optional<OwnModel> kind = current ? OwnModelOf(*current) : std::nullopt;
    if (options.retrain || !kind || (options.kind && options.kind != kind)) {
      current = TrainDefault(store, catalog, options.kind.value_or(kind.value_or(OwnModel::kEncoder)),
                             options, &report);
      if (!current) return report;
      WriteFileAtomically(ModelFile(store), *current + "\n");
    }
    default_embedder = OpenDefaultEmbedder(store);
    embedder = default_embedder.get();
  } else if (CurrentModel(store) != embedder->model_id()) {
    fs::create_directories(VectorsDir(store));
    WriteFileAtomically(ModelFile(store), embedder->model_id() + "\n");
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
    WriteChunkVectors(path, row.id, embedder->dimension(), EmbedSegment(segment, *embedder, threads));
    report.segments++;
    report.chunks += segment.all_chunks().size();
  }
  report.embed_seconds = SecondsSince(start);
  DeleteOtherModels(store, report.model_id);
  return report;
}

}  // namespace scry
