#include "indexer/encoder_model.h"

#include <algorithm>
#include <cmath>

#include "util/error.h"

namespace scry {

namespace {

constexpr uint64_t kMagic = 0x46494e5559524353;  // "SCRYUNIF"
constexpr uint32_t kVersion = 1;
enum Section : uint32_t { kQueryRows = 4, kCodeRows = 5, kScales = 6, kAttention = 7 };  // 1-3: vocabulary

struct Scales {
  float query, code;
};

// Appends a row as int8 over its largest |component|; returns that scale.
float AppendRow(std::span<const float> row, std::string* out) {
  float scale = 0;
  for (float x : row) scale = std::max(scale, std::abs(x));
  for (float x : row) {
    out->push_back(static_cast<char>(scale > 0 ? static_cast<int8_t>(std::lround(x / scale * 127.0f)) : 0));
  }
  return scale;
}

// Appends the dequantised row of `word`.
void AppendDequantized(std::string_view rows, const std::vector<float>& scales, uint32_t dimension,
                       size_t word, std::vector<float>* out) {
  for (uint32_t d = 0; d < dimension; ++d) {
    out->push_back(static_cast<float>(static_cast<int8_t>(rows[word * dimension + d])) * scales[word] /
                   127.0f);
  }
}

std::vector<float> ReadRows(std::string_view rows, const std::vector<float>& scales, uint32_t dimension) {
  std::vector<float> out;
  out.reserve(rows.size());
  for (size_t word = 0; word < scales.size(); ++word) AppendDequantized(rows, scales, dimension, word, &out);
  return out;
}

std::vector<float> Unit(std::vector<float> v) {
  NormalizeInPlace(v);
  return v;
}

// The query side's unit vector of `words`, whose rows `tables` holds.
std::vector<float> UnitQueryVector(const EncoderTables& tables, std::span<const WeightedWord> words) {
  std::vector<float> v(tables.dimension);
  QueryVector(tables, words, v);
  return Unit(std::move(v));
}

}  // namespace

void WriteEncoderModel(const std::filesystem::path& out, const std::vector<VocabularyWord>& vocabulary,
                       uint64_t lines, const EncoderTables& tables) {
  std::string query_rows, code_rows;
  std::vector<Scales> scales;
  for (uint32_t i = 0; i < vocabulary.size(); ++i) {
    float q = AppendRow(tables.query_row(static_cast<int32_t>(i)), &query_rows);
    float c = AppendRow(tables.code_row(static_cast<int32_t>(i)), &code_rows);
    scales.push_back({q, c});
  }
  ContainerWriter writer(out, kMagic, kVersion);
  WriteVocabulary(writer, tables.dimension, lines, vocabulary);
  writer.AddSection(kQueryRows, query_rows);
  writer.AddSection(kCodeRows, code_rows);
  writer.AddRecords(kScales, scales);
  writer.AddRecords(kAttention, tables.attention);
  writer.Finish();
}

std::vector<WeightedWord> QueryWords(const Vocabulary& vocabulary, std::string_view text) {
  std::vector<WeightedWord> words;
  for (auto [id, count] : vocabulary.Count(text)) {
    words.push_back({id, static_cast<float>(count) * vocabulary.idf(id)});
  }
  return words;
}

std::vector<int32_t> CodeWords(const Vocabulary& vocabulary, std::string_view text, size_t limit) {
  std::vector<int32_t> words;
  for (auto [id, count] : vocabulary.Count(text)) {
    if (words.size() == limit) break;
    words.push_back(id);
  }
  return words;
}

EncoderModel::EncoderModel(const std::filesystem::path& path)
    : container_(path, kMagic, kVersion), vocabulary_(container_) {
  for (uint32_t kind : {kQueryRows, kCodeRows, kScales, kAttention}) container_.VerifySection(kind);
  const uint32_t dim = vocabulary_.dimension();
  const size_t rows = size_t{vocabulary_.size()} * dim;
  std::string_view query = container_.Section(kQueryRows), code = container_.Section(kCodeRows);
  auto scales = container_.Records<Scales>(kScales);
  auto attention = container_.Records<float>(kAttention);
  if (query.size() != rows || code.size() != rows || scales.size() != vocabulary_.size() ||
      attention.size() != dim) {
    throw Error(ExitCode::kCorrupt, path.string() + ": tables do not fit the vocabulary");
  }
  for (const Scales& s : scales) {
    query_scales_.push_back(s.query);
    code_scales_.push_back(s.code);
  }
  query_rows_ = query;
  code_rows_ = code;
  attention_.assign(attention.begin(), attention.end());
}

const EncoderTables& EncoderModel::tables() const {
  std::call_once(decoded_, [&] {
    tables_.dimension = dimension();
    tables_.query = ReadRows(query_rows_, query_scales_, dimension());
    tables_.code = ReadRows(code_rows_, code_scales_, dimension());
    tables_.attention = attention_;
  });
  return tables_;
}

EncoderTables EncoderModel::QueryRowsOf(std::vector<WeightedWord>* words) const {
  EncoderTables rows;
  rows.dimension = dimension();
  for (size_t i = 0; i < words->size(); ++i) {
    AppendDequantized(query_rows_, query_scales_, dimension(), static_cast<size_t>((*words)[i].word),
                      &rows.query);
    (*words)[i].word = static_cast<int32_t>(i);
  }
  return rows;
}

std::vector<float> EncoderModel::EmbedQuery(std::string_view text) const {
  std::vector<WeightedWord> words = QueryWords(vocabulary_, text);
  EncoderTables rows = QueryRowsOf(&words);
  return UnitQueryVector(rows, words);
}

size_t LeadingCommentEnd(std::string_view text) {
  size_t at = 0;
  while (at < text.size()) {
    size_t end = std::min(text.find('\n', at), text.size());
    std::string_view line = text.substr(at, end - at);
    size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos) {
      line.remove_prefix(first);
      bool comment = line.starts_with("//") || line.starts_with("/*") || line.starts_with("*") ||
                     (line.starts_with("#") && (line.size() == 1 || line[1] == ' ' || line[1] == '#'));
      if (!comment) return at;
    }
    at = end + 1;
  }
  return text.size();
}

std::vector<float> EncoderModel::EmbedCode(std::string_view text) const {
  size_t split = LeadingCommentEnd(text);
  std::vector<float> v(dimension()), alpha;
  CodeVector(tables(), CodeWords(vocabulary_, text.substr(split)), v, &alpha);
  v = Unit(std::move(v));
  if (split > 0) {
    // The tables are whole here: a chunk's comment reads them, rather than dequantising its rows.
    std::vector<float> comment = UnitQueryVector(tables(), QueryWords(vocabulary_, text.substr(0, split)));
    for (uint32_t d = 0; d < dimension(); ++d) v[d] += kCommentWeight * comment[d];
  }
  return Unit(std::move(v));
}

std::vector<std::vector<float>> EncoderEmbedder::Embed(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out;
  for (const std::string& text : texts) out.push_back(model_->EmbedCode(text));
  return out;
}

std::vector<std::vector<float>> EncoderEmbedder::EmbedQueries(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out;
  for (const std::string& text : texts) out.push_back(model_->EmbedQuery(text));
  return out;
}

}  // namespace scry
