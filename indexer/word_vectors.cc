#include "indexer/word_vectors.h"

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

uint32_t WriteWordVectors(const std::filesystem::path& corpus, uint32_t dimension,
                          std::vector<TrainedWord> trained, const std::filesystem::path& out) {
  uint64_t lines = 0;
  std::unordered_map<std::string, uint32_t> lines_per_word = LinesPerWord(corpus, &lines);
  std::erase_if(trained, [&](const TrainedWord& t) {
    return !lines_per_word.contains(t.word) || t.vector.size() != dimension;  // not fastText's "</s>"
  });
  std::sort(trained.begin(), trained.end(),
            [](const TrainedWord& a, const TrainedWord& b) { return a.word < b.word; });

  std::vector<VocabularyWord> vocabulary;
  std::string vectors;
  for (TrainedWord& t : trained) {
    double df = lines_per_word[t.word];
    float idf = static_cast<float>(std::log(1.0 + (static_cast<double>(lines) - df + 0.5) / (df + 0.5)));
    NormalizeInPlace(t.vector);
    AppendQuantized(t.vector, &vectors);
    vocabulary.push_back({std::move(t.word), idf});
  }
  ContainerWriter writer(out, kMagic, kVersion);
  WriteVocabulary(writer, dimension, lines, vocabulary);
  writer.AddSection(kVectors, vectors);
  writer.Finish();
  return static_cast<uint32_t>(vocabulary.size());
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
