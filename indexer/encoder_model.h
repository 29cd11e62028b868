// The supervised encoder's model file, and the encoder behind the Embedder interface.
//
// A question is embedded by the query side (indexer/encoder.h).  A chunk is split where the comment
// lines at its start end (a definition's doc comment, as the chunker keeps it): the code after them
// goes through the code side, the comment through the query side, as a question would, and the chunk's
// vector is the normalised sum of the two unit vectors, the comment's weighing kCommentWeight.  Text
// written like a question is best matched by the question side; the code side is what the encoder
// learnt for code that has no comment, or says more than its comment.
//
// Model file (container of indexer/container.h, magic "SCRYUNIF", version 1), sections:
//   1-3           the vocabulary (indexer/vocabulary.h)
//   4 query rows: per word, `dimension` int8: its row of the query table / its query scale × 127
//   5 code rows:  per word, `dimension` int8: its row of the code table / its code scale × 127
//   6 scales:     per word, f32 query scale | f32 code scale (the largest |component| of each row)
//   7 attention:  `dimension` f32, the attention vector
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "indexer/container.h"
#include "indexer/embedder.h"
#include "indexer/encoder.h"
#include "indexer/vocabulary.h"

namespace scry {

// Writes `tables` and their vocabulary (in byte order; the idf counted over `lines`) atomically.
void WriteEncoderModel(const std::filesystem::path& out, const std::vector<VocabularyWord>& vocabulary,
                       uint64_t lines, const EncoderTables& tables);

// How much a chunk's leading comment weighs against its code (measured on bench/gold-go.jsonl: 0.5,
// 1, 2, 4 and comment only; bench/results/ask-go-unif-2026-11-26.md).
constexpr float kCommentWeight = 2.0f;

// Where the lines at the start of a chunk that are comments or blank end: lines starting with //, /*,
// * or a '#' followed by a blank, another '#' or nothing (not a C preprocessor line).
size_t LeadingCommentEnd(std::string_view text);

// A question's words as the query side weighs them: count × idf.
std::vector<WeightedWord> QueryWords(const Vocabulary& vocabulary, std::string_view text);
// Code's distinct words as the code side takes them, at most `limit`, in order of first occurrence.
std::vector<int32_t> CodeWords(const Vocabulary& vocabulary, std::string_view text, size_t limit = 512);

class EncoderModel {
 public:
  // Throws scry::Error(kCorrupt) naming the file.
  explicit EncoderModel(const std::filesystem::path& path);

  const Vocabulary& vocabulary() const { return vocabulary_; }
  uint32_t dimension() const { return vocabulary_.dimension(); }
  // The whole tables, dequantised the first time code is embedded or they are asked for.  A
  // question needs the query rows of its few words only: dequantising all of both tables (6 MB of
  // floats for Linux's 12,000 words, each page faulted in) was a quarter of a semantic `scry ask`.
  const EncoderTables& tables() const;

  // Unit vectors, all zeros for a text with no known word.
  std::vector<float> EmbedQuery(std::string_view text) const;
  std::vector<float> EmbedCode(std::string_view text) const;

 private:
  // The query rows of `words` (renumbered 0, 1, ... in their order) as tables of their own.
  EncoderTables QueryRowsOf(std::vector<WeightedWord>* words) const;

  ContainerReader container_;
  Vocabulary vocabulary_;
  std::string_view query_rows_, code_rows_;  // int8, in the map
  std::vector<float> query_scales_, code_scales_, attention_;
  mutable std::once_flag decoded_;
  mutable EncoderTables tables_;
};

// Chunks through the code side, questions through the query side.
class EncoderEmbedder : public Embedder {
 public:
  EncoderEmbedder(std::shared_ptr<const EncoderModel> model, std::string model_id)
      : model_(std::move(model)), model_id_(std::move(model_id)) {}
  std::string model_id() const override { return model_id_; }
  uint32_t dimension() const override { return model_->dimension(); }
  std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) override;
  std::vector<std::vector<float>> EmbedQueries(const std::vector<std::string>& texts) override;
  bool concurrent() const override { return true; }

 private:
  std::shared_ptr<const EncoderModel> model_;
  std::string model_id_;
};

}  // namespace scry
