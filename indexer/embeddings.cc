#include "indexer/embeddings.h"

#include <charconv>
#include <chrono>
#include <fstream>
#include <thread>

#include "indexer/chunk_vectors.h"
#include "indexer/segment.h"
#include "indexer/store.h"
#include "util/error.h"
#include "util/file.h"
#include "util/ordered_parallel.h"

namespace scry {

namespace fs = std::filesystem;

namespace {

constexpr const char* kDefaultPrefix = "ft-";

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

fs::path ModelFile(const fs::path& store) { return VectorsDir(store) / "MODEL"; }
fs::path WordsFile(const fs::path& store, const std::string& model_id) {
  return VectorsDir(store) / (model_id + ".words");
}

// Writes every k-th document's chunks, one line of model words each, to `out`; returns the words.
uint64_t WriteTrainingCorpus(const fs::path& store, Catalog& catalog, uint64_t training_bytes,
                             const fs::path& out) {
  std::vector<SegmentRow> rows = catalog.Segments();
  uint64_t total = 0;
  for (const SegmentRow& row : rows) total += row.content_bytes;
  uint64_t every =
      std::max<uint64_t>(1, (total + training_bytes - 1) / std::max<uint64_t>(training_bytes, 1));
  std::ofstream corpus(out, std::ios::binary);
  uint64_t words = 0, seen = 0;
  std::string line;
  for (const SegmentRow& row : rows) {
    Segment segment(SegmentPath(store, row.id));
    BlockReader reader;
    for (uint32_t doc = 0; doc < segment.doc_count(); ++doc) {
      if (seen++ % every != 0) continue;
      std::string_view content = segment.Content(doc, &reader);
      for (const ChunkRecord& chunk : segment.chunks(doc)) {
        line.clear();
        ForEachModelWord(content.substr(chunk.begin, chunk.end - chunk.begin), [&](std::string_view word) {
          if (!line.empty()) line += ' ';
          line += word;
          ++words;
        });
        if (!line.empty()) corpus << line << '\n';
      }
    }
  }
  corpus.close();
  if (!corpus) throw Error(ExitCode::kIo, "cannot write " + out.string());
  return words;
}

std::string NextModelId(const fs::path& store) {
  uint64_t next = 1;
  for (const fs::directory_entry& e : fs::directory_iterator(VectorsDir(store))) {
    std::string stem = e.path().stem().string();
    uint64_t n = 0;
    const char* digits = stem.data() + std::string_view(kDefaultPrefix).size();
    if (e.path().extension() == ".words" && stem.starts_with(kDefaultPrefix) &&
        std::from_chars(digits, stem.data() + stem.size(), n).ptr == stem.data() + stem.size()) {
      next = std::max(next, n + 1);
    }
  }
  return kDefaultPrefix + std::to_string(next);
}

// Trains a new default model; returns its id, or nothing (with the reason) if the corpus is too small.
std::optional<std::string> TrainDefault(const fs::path& store, Catalog& catalog,
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
  std::string id = NextModelId(store);
  try {
    report->words = TrainWordVectors(corpus, options.model, WordsFile(store, id));
  } catch (...) {
    fs::remove(corpus);
    throw;
  }
  fs::remove(corpus);
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
  if (!id || !id->starts_with(kDefaultPrefix)) return nullptr;
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
    if (options.retrain || !current || !current->starts_with(kDefaultPrefix)) {
      current = TrainDefault(store, catalog, options, &report);
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
    if (fs::exists(path)) continue;
    Segment segment(SegmentPath(store, row.id));
    WriteChunkVectors(path, row.id, embedder->dimension(), EmbedSegment(segment, *embedder, threads));
    report.segments++;
    report.chunks += segment.all_chunks().size();
  }
  report.embed_seconds = SecondsSince(start);
  DeleteOtherModels(store, report.model_id);
  return report;
}

}  // namespace scry
