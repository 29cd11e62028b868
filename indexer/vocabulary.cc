#include "indexer/vocabulary.h"

#include "util/error.h"

namespace scry {

namespace {

enum Section : uint32_t { kHeader = 1, kWords = 2, kRecords = 3 };

struct Header {
  uint32_t dimension;
  uint32_t word_count;
  uint64_t lines;
};

}  // namespace

void WriteVocabulary(ContainerWriter& writer, uint32_t dimension, uint64_t lines,
                     const std::vector<VocabularyWord>& words) {
  std::string text;
  std::vector<Vocabulary::FileRecord> records;
  for (const VocabularyWord& w : words) {
    records.push_back({static_cast<uint32_t>(text.size()), static_cast<uint32_t>(w.word.size()), w.idf, 0});
    text += w.word;
    text += '\n';
  }
  Header header{dimension, static_cast<uint32_t>(words.size()), lines};
  writer.AddSection(kHeader, std::string_view(reinterpret_cast<const char*>(&header), sizeof(header)));
  writer.AddSection(kWords, text);
  writer.AddRecords(kRecords, records);
}

Vocabulary::Vocabulary(const ContainerReader& container) {
  for (uint32_t kind : {kHeader, kWords, kRecords}) container.VerifySection(kind);
  auto header = container.Records<Header>(kHeader);
  words_ = container.Section(kWords);
  records_ = container.Records<FileRecord>(kRecords);
  auto corrupt = [&](const char* what) {
    return Error(ExitCode::kCorrupt, container.path().string() + ": " + what);
  };
  if (header.size() != 1 || header[0].dimension == 0 || header[0].word_count != records_.size()) {
    throw corrupt("bad header");
  }
  dimension_ = header[0].dimension;
  lines_ = header[0].lines;
  for (const FileRecord& r : records_) {
    if (uint64_t{r.offset} + r.length > words_.size()) throw corrupt("a word lies outside the words");
  }
  index_.reserve(records_.size());
  for (uint32_t i = 0; i < records_.size(); ++i) index_.emplace(word(static_cast<int32_t>(i)), i);
}

int32_t Vocabulary::Find(std::string_view word) const {
  auto it = index_.find(word);
  return it == index_.end() ? -1 : it->second;
}

std::vector<VocabularyWord> Vocabulary::Words() const {
  std::vector<VocabularyWord> words;
  for (uint32_t i = 0; i < size(); ++i) {
    words.push_back({std::string(word(static_cast<int32_t>(i))), idf(static_cast<int32_t>(i))});
  }
  return words;
}

std::vector<std::pair<int32_t, uint32_t>> Vocabulary::Count(std::string_view text) const {
  std::vector<std::pair<int32_t, uint32_t>> counts;
  std::unordered_map<int32_t, size_t> at;
  ForEachModelWord(text, [&](std::string_view w) {
    int32_t id = Find(w);
    if (id < 0) return;
    auto [it, added] = at.emplace(id, counts.size());
    if (added) counts.emplace_back(id, 0);
    counts[it->second].second++;
  });
  return counts;
}

}  // namespace scry
