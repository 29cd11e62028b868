// The words a model of the store's own code knows, with their inverse document frequencies: the first
// three sections of both model files (indexer/word_vectors.h, indexer/encoder_model.h).
//
//   1 header:  u32 dimension | u32 word count | u64 chunks the idf was counted over
//   2 words:   every word followed by '\n', in byte order
//   3 records: per word, u32 offset into section 2 | u32 length | f32 idf | u32 reserved (0)
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "indexer/container.h"
#include "util/subtokens.h"

namespace scry {

// The words of a text as the models see them: lower-cased subtokens, digits-only ones left out.
template <typename Fn>
void ForEachModelWord(std::string_view text, Fn&& fn) {
  ForEachSubtoken(text, [&](std::string_view word) {
    if (word.find_first_not_of("0123456789") != std::string_view::npos) fn(word);
  });
}

struct VocabularyWord {
  std::string word;
  float idf;
};

// Writes sections 1-3; `words` must be in byte order.
void WriteVocabulary(ContainerWriter& writer, uint32_t dimension, uint64_t lines,
                     const std::vector<VocabularyWord>& words);

class Vocabulary {
 public:
  // Reads sections 1-3 of `container`, checksums verified.  Throws scry::Error(kCorrupt) naming the file.
  explicit Vocabulary(const ContainerReader& container);

  uint32_t dimension() const { return dimension_; }
  uint32_t size() const { return static_cast<uint32_t>(records_.size()); }
  uint64_t lines() const { return lines_; }
  // The word's index, or -1.
  int32_t Find(std::string_view word) const;
  std::string_view word(int32_t id) const { return words_.substr(records_[id].offset, records_[id].length); }
  float idf(int32_t id) const { return records_[id].idf; }

  // Every word with its idf, in byte order: what WriteVocabulary takes.
  std::vector<VocabularyWord> Words() const;

  // The known words of a text, each once with how often it occurs, in order of first occurrence.
  std::vector<std::pair<int32_t, uint32_t>> Count(std::string_view text) const;

  struct FileRecord {
    uint32_t offset, length;
    float idf;
    uint32_t reserved;
  };

 private:
  uint32_t dimension_ = 0;
  uint64_t lines_ = 0;
  std::string_view words_;
  std::span<const FileRecord> records_;
  std::unordered_map<std::string_view, int32_t> index_;  // a vocabulary is tens of thousands of words
};

}  // namespace scry
