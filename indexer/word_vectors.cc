#include "indexer/word_vectors.h"

#include <fasttext/fasttext.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "indexer/chunk_vectors.h"
#include "indexer/encoder.h"
#include "util/error.h"

namespace scry {

namespace {

constexpr uint64_t kMagic = 0x4345565744524353;  // "SCRYWVEC"
constexpr uint32_t kVersion = 1;
constexpr uint32_t kVectors = 4;  // sections 1-3: the vocabulary

// How many lines of the corpus hold each word, and how many lines there are.
std::unordered_map<std::string, uint32_t> LinesPerWord(const std::filesystem::path& corpus, uint64_t* lines) {
  std::unordered_map<std::string, uint32_t> counts;
  std::ifstream in(corpus);
  std::unordered_set<std::string_view> seen;
  *lines = 0;
  for (std::string line; std::getline(in, line);) {
    ++*lines;
    seen.clear();
    for (size_t at = 0; at < line.size();) {
      size_t end = line.find(' ', at);
      if (end == std::string::npos) end = line.size();
      std::string_view word(line.data() + at, end - at);
      if (!word.empty() && seen.insert(word).second) counts[std::string(word)]++;
      at = end + 1;
    }
  }
  return counts;
}

}  // namespace

uint32_t TrainWordVectors(const std::filesystem::path& corpus, const WordVectorOptions& options,
                          const std::filesystem::path& out) {
  fasttext::Args args;
  args.input = corpus.string();
  args.model = fasttext::model_name::sg;
  args.loss = fasttext::loss_name::ns;
  args.dim = static_cast<int>(options.dimension);
  args.epoch = options.epochs;
  args.minCount = options.min_count;
  args.ws = options.window;
  args.minn = 0;  // no character n-grams: they learn spelling, not meaning
  args.maxn = 0;
  args.bucket = 0;
  args.thread = options.threads;
  args.seed = options.seed;
  args.verbose = 0;
  fasttext::FastText model;
  try {
    model.train(args);
  } catch (const std::exception& e) {
    throw Error(ExitCode::kBadInput, "cannot train word vectors on " + corpus.string() + ": " + e.what());
  }

  uint64_t lines = 0;
  std::unordered_map<std::string, uint32_t> lines_per_word = LinesPerWord(corpus, &lines);
  std::shared_ptr<const fasttext::Dictionary> dictionary = model.getDictionary();
  std::vector<std::string> words;
  for (int32_t i = 0; i < dictionary->nwords(); ++i) {
    std::string word = dictionary->getWord(i);
    if (lines_per_word.contains(word)) words.push_back(std::move(word));  // not fastText's "</s>"
  }
  std::sort(words.begin(), words.end());

  std::vector<VocabularyWord> vocabulary;
  std::string vectors;
  fasttext::Vector vector(args.dim);
  std::vector<float> unit(options.dimension);
  for (std::string& word : words) {
    double df = lines_per_word[word];
    float idf = static_cast<float>(std::log(1.0 + (static_cast<double>(lines) - df + 0.5) / (df + 0.5)));
    model.getWordVector(vector, word);
    for (uint32_t d = 0; d < options.dimension; ++d) unit[d] = vector[d];
    NormalizeInPlace(unit);
    AppendQuantized(unit, &vectors);
    vocabulary.push_back({std::move(word), idf});
  }
  ContainerWriter writer(out, kMagic, kVersion);
  WriteVocabulary(writer, options.dimension, lines, vocabulary);
  writer.AddSection(kVectors, vectors);
  writer.Finish();
  return static_cast<uint32_t>(words.size());
}

WordVectors::WordVectors(const std::filesystem::path& path)
    : container_(path, kMagic, kVersion), vocabulary_(container_) {
  container_.VerifySection(kVectors);
  std::string_view vectors = container_.Section(kVectors);
  if (vectors.size() != static_cast<size_t>(dimension()) * vocabulary_.size()) {
    throw Error(ExitCode::kCorrupt, path.string() + ": vectors are short");
  }
  vectors_ = {reinterpret_cast<const int8_t*>(vectors.data()), vectors.size()};
}

std::vector<float> WordVectors::Embed(std::string_view text) const {
  std::vector<float> sum(dimension(), 0.0f);
  for (auto [id, count] : vocabulary_.Count(text)) {
    float weight = static_cast<float>(count) * vocabulary_.idf(id) / 127.0f;
    std::span<const int8_t> v = vector(id);
    for (uint32_t d = 0; d < dimension(); ++d) sum[d] += weight * v[d];
  }
  NormalizeInPlace(sum);
  return sum;
}

std::vector<std::vector<float>> WordVectorEmbedder::Embed(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  for (const std::string& text : texts) out.push_back(vectors_->Embed(text));
  return out;
}

}  // namespace scry
