#include "indexer/word_vectors.h"

#include <fasttext/fasttext.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <unordered_map>
#include <unordered_set>

#include "indexer/chunk_vectors.h"
#include "util/error.h"

namespace scry {

namespace {

constexpr uint64_t kMagic = 0x4345565744524353;  // "SCRYWVEC"
constexpr uint32_t kVersion = 1;
enum Section : uint32_t { kHeader = 1, kWords = 2, kRecords = 3, kVectors = 4 };

struct Header {
  uint32_t dimension;
  uint32_t word_count;
  uint64_t lines;
};

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

void Normalize(std::vector<float>* v) {
  double norm = 0;
  for (float x : *v) norm += double{x} * x;
  if (norm == 0) return;
  float scale = static_cast<float>(1.0 / std::sqrt(norm));
  for (float& x : *v) x *= scale;
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

  std::string text;
  std::vector<WordVectors::FileRecord> records;
  std::string vectors;
  fasttext::Vector vector(args.dim);
  std::vector<float> unit(options.dimension);
  for (const std::string& word : words) {
    double df = lines_per_word[word];
    float idf = static_cast<float>(std::log(1.0 + (static_cast<double>(lines) - df + 0.5) / (df + 0.5)));
    records.push_back({static_cast<uint32_t>(text.size()), static_cast<uint32_t>(word.size()), idf, 0});
    text += word;
    text += '\n';
    model.getWordVector(vector, word);
    for (uint32_t d = 0; d < options.dimension; ++d) unit[d] = vector[d];
    Normalize(&unit);
    AppendQuantized(unit, &vectors);
  }
  ContainerWriter writer(out, kMagic, kVersion);
  Header header{options.dimension, static_cast<uint32_t>(words.size()), lines};
  writer.AddSection(kHeader, std::string_view(reinterpret_cast<const char*>(&header), sizeof(header)));
  writer.AddSection(kWords, text);
  writer.AddRecords(kRecords, records);
  writer.AddSection(kVectors, vectors);
  writer.Finish();
  return static_cast<uint32_t>(words.size());
}

WordVectors::WordVectors(const std::filesystem::path& path) : container_(path, kMagic, kVersion) {
  for (const SectionEntry& s : container_.sections()) container_.VerifySection(s.kind);
  auto header = container_.Records<Header>(kHeader);
  words_ = container_.Section(kWords);
  records_ = container_.Records<FileRecord>(kRecords);
  std::string_view vectors = container_.Section(kVectors);
  auto corrupt = [&](const char* what) { return Error(ExitCode::kCorrupt, path.string() + ": " + what); };
  if (header.size() != 1 || header[0].dimension == 0 || header[0].word_count != records_.size()) {
    throw corrupt("bad header");
  }
  dimension_ = header[0].dimension;
  if (vectors.size() != static_cast<size_t>(dimension_) * records_.size()) throw corrupt("vectors are short");
  for (const FileRecord& r : records_) {
    if (uint64_t{r.offset} + r.length > words_.size()) throw corrupt("a word lies outside the words");
  }
  vectors_ = {reinterpret_cast<const int8_t*>(vectors.data()), vectors.size()};
  index_.reserve(records_.size());
  for (uint32_t i = 0; i < records_.size(); ++i) {
    index_.emplace(words_.substr(records_[i].offset, records_[i].length), static_cast<int32_t>(i));
  }
}

int32_t WordVectors::Find(std::string_view word) const {
  auto it = index_.find(word);
  return it == index_.end() ? -1 : it->second;
}

std::vector<float> WordVectors::Embed(std::string_view text) const {
  std::unordered_map<int32_t, uint32_t> frequency;
  ForEachModelWord(text, [&](std::string_view word) {
    int32_t id = Find(word);
    if (id >= 0) frequency[id]++;
  });
  std::vector<float> sum(dimension_, 0.0f);
  for (auto [id, count] : frequency) {
    float weight = static_cast<float>(count) * idf(id) / 127.0f;
    std::span<const int8_t> v = vector(id);
    for (uint32_t d = 0; d < dimension_; ++d) sum[d] += weight * v[d];
  }
  Normalize(&sum);
  return sum;
}

std::vector<std::vector<float>> WordVectorEmbedder::Embed(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out;
  out.reserve(texts.size());
  for (const std::string& text : texts) out.push_back(vectors_->Embed(text));
  return out;
}

}  // namespace scry
