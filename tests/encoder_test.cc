// The supervised encoder on its own: training learns words the code never uses, the model file
// round-trips, a damaged one is refused by name, and a chunk's leading comment is found.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "indexer/encoder_model.h"
#include "indexer/encoder_training.h"
#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

constexpr uint32_t kDimension = 16;
constexpr int32_t kConcepts = 12;

// Word ids: concept c's comment words are 3c..3c+2, its code words 100+3c..100+3c+2; 200..209 are
// filler on both sides.  A comment never uses a code word.
int32_t CommentWord(int32_t concept_id, int32_t i) { return 3 * concept_id + i; }
int32_t CodeWord(int32_t concept_id, int32_t i) { return 100 + 3 * concept_id + i; }
constexpr int32_t kWords = 210;

EncoderTables RandomTables(uint32_t seed) {
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0, 1);
  EncoderTables t;
  t.dimension = kDimension;
  for (int32_t w = 0; w < kWords * static_cast<int32_t>(kDimension); ++w) t.query.push_back(normal(rng));
  for (int32_t w = 0; w < kWords * static_cast<int32_t>(kDimension); ++w) t.code.push_back(normal(rng));
  t.attention.assign(kDimension, 0.0f);
  return t;
}

std::vector<EncoderPair> ConceptPairs(size_t count, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<EncoderPair> pairs;
  for (size_t n = 0; n < count; ++n) {
    int32_t c = static_cast<int32_t>(rng() % kConcepts);
    EncoderPair p;
    p.query = {{CommentWord(c, static_cast<int32_t>(rng() % 3)), 1.0f},
               {200 + static_cast<int32_t>(rng() % 10), 0.2f}};
    p.code = {CodeWord(c, static_cast<int32_t>(rng() % 3)), 200 + static_cast<int32_t>(rng() % 5),
              205 + static_cast<int32_t>(rng() % 5)};
    pairs.push_back(std::move(p));
  }
  return pairs;
}

float Cosine(std::vector<float> a, std::vector<float> b) {
  NormalizeInPlace(a);
  NormalizeInPlace(b);
  float dot = 0;
  for (size_t d = 0; d < a.size(); ++d) dot += a[d] * b[d];
  return dot;
}

TEST(EncoderTraining, LearnsWhichCodeWordsAQuestionsWordsMean) {
  EncoderTables tables = RandomTables(1);
  EncoderTrainingOptions options;
  options.epochs = 20;
  options.batch = 32;
  EncoderTrainingReport report = TrainEncoder(ConceptPairs(3000, 2), options, &tables);
  EXPECT_EQ(report.held_out, 150u);
  EXPECT_EQ(report.pairs, 2850u);
  EXPECT_GT(report.mrr_after, report.mrr_before + 0.1) << report.mrr_before << " " << report.mrr_after;
  // Each concept's comment word is nearest its own code, among every concept's.
  for (int32_t c = 0; c < kConcepts; ++c) {
    std::vector<float> q(kDimension);
    WeightedWord word{CommentWord(c, 0), 1.0f};
    QueryVector(tables, {&word, 1}, q);
    int32_t best = -1;
    float best_cosine = -2;
    for (int32_t other = 0; other < kConcepts; ++other) {
      std::vector<float> code(kDimension), alpha;
      int32_t words[] = {CodeWord(other, 1), 201, 206};
      CodeVector(tables, words, code, &alpha);
      float cosine = Cosine(q, code);
      if (cosine > best_cosine) best_cosine = cosine, best = other;
    }
    EXPECT_EQ(best, c) << "concept " << c;
  }
}

TEST(EncoderTraining, AttentionWeighsTheWordsThatTellCodeApart) {
  EncoderTables tables = RandomTables(3);
  EncoderTrainingOptions options;
  options.epochs = 20;
  options.batch = 32;
  TrainEncoder(ConceptPairs(3000, 4), options, &tables);
  std::vector<float> code(kDimension), alpha;
  int32_t words[] = {CodeWord(5, 0), 202, 207};
  CodeVector(tables, words, code, &alpha);
  ASSERT_EQ(alpha.size(), 3u);
  EXPECT_NEAR(alpha[0] + alpha[1] + alpha[2], 1.0f, 1e-5);
  EXPECT_GT(alpha[0], alpha[1]);  // the concept's word over the filler that every code has
  EXPECT_GT(alpha[0], alpha[2]);
}

// "w000" .. "w209", in byte order, with idf 1 to 7.
std::vector<VocabularyWord> SmallVocabulary() {
  std::vector<VocabularyWord> words;
  for (int32_t w = 0; w < kWords; ++w) {
    std::string digits = std::to_string(w), word = "w";
    word.append(3 - digits.size(), '0');
    word += digits;
    words.push_back({word, 1.0f + static_cast<float>(w % 7)});
  }
  return words;
}

class EncoderModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    tables_ = RandomTables(5);
    tables_.attention = std::vector<float>(kDimension, 0.25f);
    path_ = tree_.root() / "unif-1.words";
    WriteEncoderModel(path_, SmallVocabulary(), 1234, tables_);
  }

  testing::TempTree tree_;
  EncoderTables tables_;
  std::filesystem::path path_;
};

TEST_F(EncoderModelTest, TheFileRoundTrips) {
  EncoderModel model(path_);
  EXPECT_EQ(model.dimension(), kDimension);
  EXPECT_EQ(model.vocabulary().size(), static_cast<uint32_t>(kWords));
  EXPECT_EQ(model.vocabulary().lines(), 1234u);
  int32_t w003 = model.vocabulary().Find("w003");
  ASSERT_EQ(w003, 3);
  EXPECT_EQ(model.vocabulary().idf(w003), 4.0f);
  EXPECT_EQ(model.tables().attention, tables_.attention);
  // Rows come back within int8 rounding of their largest component.
  for (size_t i = 0; i < tables_.query.size(); ++i) {
    float scale = 0;
    for (uint32_t d = 0; d < kDimension; ++d) {
      scale = std::max(scale, std::abs(tables_.query[i / kDimension * kDimension + d]));
    }
    ASSERT_NEAR(model.tables().query[i], tables_.query[i], scale / 127.0f) << i;
  }
  // A question is its words' query rows, idf-weighted; code its words' code rows, attended.
  std::vector<float> q = model.EmbedQuery("w003 W003");
  std::span<const float> row = model.tables().query_row(w003);
  EXPECT_NEAR(Cosine(q, {row.begin(), row.end()}), 1.0f, 1e-5);
  std::vector<float> code = model.EmbedCode("w003(w005, w003)");
  std::vector<float> expected(kDimension), alpha;
  int32_t words[] = {w003, model.vocabulary().Find("w005")};
  CodeVector(model.tables(), words, expected, &alpha);
  EXPECT_NEAR(Cosine(code, expected), 1.0f, 1e-5);
  // A question embedded before the tables are dequantised reads its words' rows alone, to the same
  // vector.
  EncoderModel fresh(path_);
  std::vector<float> mixed = fresh.EmbedQuery("w005 w003 w005 unknown");
  std::vector<float> from_tables(kDimension);
  QueryVector(model.tables(), QueryWords(model.vocabulary(), "w005 w003 w005 unknown"), from_tables);
  NormalizeInPlace(from_tables);
  EXPECT_EQ(mixed, from_tables);
  std::vector<float> nothing = model.EmbedQuery("unknown words only");
  EXPECT_TRUE(std::all_of(nothing.begin(), nothing.end(), [](float x) { return x == 0; }));
}

TEST_F(EncoderModelTest, AChunksCommentIsEmbeddedAsAQuestion) {
  EncoderModel model(path_);
  std::vector<float> chunk = model.EmbedCode("// w003 w007\nfunc w005() {}\n");
  std::vector<float> comment = model.EmbedQuery("w003 w007"), code = model.EmbedCode("func w005() {}\n");
  std::vector<float> expected(kDimension);
  for (uint32_t d = 0; d < kDimension; ++d) expected[d] = code[d] + kCommentWeight * comment[d];
  EXPECT_NEAR(Cosine(chunk, expected), 1.0f, 1e-5);
}

void ExpectCorrupt(const std::filesystem::path& path) {
  try {
    EncoderModel model(path);
    ADD_FAILURE() << "a damaged model was read";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kCorrupt);
    EXPECT_NE(std::string(e.what()).find(path.filename().string()), std::string::npos) << e.what();
  }
}

TEST_F(EncoderModelTest, ADamagedFileIsRefusedByName) {
  std::string bytes;
  {
    std::ifstream in(path_, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  auto write = [&](const std::string& content) {
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << content;
  };
  write(bytes.substr(0, bytes.size() - 8));  // a cut footer
  ExpectCorrupt(path_);
  std::string flipped = bytes;
  flipped[bytes.size() / 2] ^= 0x55;  // a table's byte: its checksum no longer matches
  write(flipped);
  ExpectCorrupt(path_);
  write("not a model");
  ExpectCorrupt(path_);
  // Whole, but its tables do not fit its vocabulary.
  EncoderTables small = tables_;
  small.attention.resize(kDimension / 2);
  WriteEncoderModel(path_, SmallVocabulary(), 1, small);
  ExpectCorrupt(path_);
}

TEST(LeadingComment, EndsAtTheFirstLineOfCode) {
  EXPECT_EQ(LeadingCommentEnd("// Parse reads.\n// More.\nfunc Parse() {}\n"), 25u);
  EXPECT_EQ(LeadingCommentEnd("\t/**\n\t * Doc.\n\t */\n\tint f(void);\n"), 19u);
  EXPECT_EQ(LeadingCommentEnd("# Reads the file.\ndef read():\n"), 18u);
  EXPECT_EQ(LeadingCommentEnd("#include <stdio.h>\n// x\n"), 0u);  // not a comment: a preprocessor line
  EXPECT_EQ(LeadingCommentEnd("func f() {}\n// after\n"), 0u);
  EXPECT_EQ(LeadingCommentEnd("// only a comment"), 17u);
}

}  // namespace
}  // namespace scry
