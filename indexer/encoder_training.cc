#include "indexer/encoder_training.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace scry {

namespace {

float Dot(std::span<const float> a, std::span<const float> b) {
  float sum = 0;
  for (size_t d = 0; d < a.size(); ++d) sum += a[d] * b[d];
  return sum;
}

// A pair as one step sees it: the question may be a sample of the doc comment's words.
struct Example {
  std::span<const WeightedWord> query;
  std::span<const int32_t> code;
};

// One side's encodings of a batch: unit vectors, the lengths they had, and the code side's attention.
struct Encoded {
  std::vector<float> unit;  // batch × dimension
  std::vector<float> norm;
  std::vector<std::vector<float>> alpha;
};

void EncodeQueries(const EncoderTables& t, const std::vector<Example>& batch, Encoded* out) {
  out->unit.assign(batch.size() * t.dimension, 0.0f);
  out->norm.assign(batch.size(), 0.0f);
  for (size_t i = 0; i < batch.size(); ++i) {
    std::span<float> v(out->unit.data() + i * t.dimension, t.dimension);
    QueryVector(t, batch[i].query, v);
    out->norm[i] = NormalizeInPlace(v);
  }
}

void EncodeCode(const EncoderTables& t, const std::vector<Example>& batch, Encoded* out) {
  out->unit.assign(batch.size() * t.dimension, 0.0f);
  out->norm.assign(batch.size(), 0.0f);
  out->alpha.resize(batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    std::span<float> v(out->unit.data() + i * t.dimension, t.dimension);
    CodeVector(t, batch[i].code, v, &out->alpha[i]);
    out->norm[i] = NormalizeInPlace(v);
  }
}

// The mean reciprocal rank of each pair's code among all the pairs' codes, for its question.
double MeanReciprocalRank(const EncoderTables& t, const std::vector<EncoderPair>& pairs) {
  if (pairs.empty()) return 0;
  std::vector<Example> all;
  for (const EncoderPair& p : pairs) all.push_back({p.query, p.code});
  Encoded q, c;
  EncodeQueries(t, all, &q);
  EncodeCode(t, all, &c);
  const uint32_t dim = t.dimension;
  double sum = 0;
  for (size_t i = 0; i < all.size(); ++i) {
    std::span<const float> qi(q.unit.data() + i * dim, dim);
    float own = Dot(qi, {c.unit.data() + i * dim, dim});
    size_t rank = 1;
    for (size_t j = 0; j < all.size(); ++j) {
      if (j != i && Dot(qi, {c.unit.data() + j * dim, dim}) > own) ++rank;
    }
    sum += 1.0 / static_cast<double>(rank);
  }
  return sum / static_cast<double>(all.size());
}

// Gradients of the rows a batch touched, dense with a list of the rows touched, and AdaGrad's sums.
class SparseRows {
 public:
  SparseRows(size_t rows, uint32_t dimension)
      : dimension_(dimension),
        grad_(rows * dimension, 0.0f),
        squares_(rows * dimension, 0.0f),
        touched_(rows, false) {}

  std::span<float> grad(int32_t row) {
    if (!touched_[row]) {
      touched_[row] = true;
      rows_.push_back(row);
    }
    return {grad_.data() + static_cast<size_t>(row) * dimension_, dimension_};
  }

  void Apply(std::vector<float>* table, float learning_rate) {
    for (int32_t row : rows_) {
      size_t at = static_cast<size_t>(row) * dimension_;
      for (uint32_t d = 0; d < dimension_; ++d) {
        float g = grad_[at + d];
        squares_[at + d] += g * g;
        (*table)[at + d] -= learning_rate * g / (std::sqrt(squares_[at + d]) + 1e-8f);
        grad_[at + d] = 0;
      }
      touched_[row] = false;
    }
    rows_.clear();
  }

 private:
  uint32_t dimension_;
  std::vector<float> grad_, squares_;
  std::vector<bool> touched_;
  std::vector<int32_t> rows_;
};

// dL/d(raw) from dL/d(unit) for unit = raw / norm.
void ThroughNormalization(std::span<float> g, std::span<const float> unit, float norm) {
  if (norm == 0) {
    std::fill(g.begin(), g.end(), 0.0f);
    return;
  }
  float along = Dot(g, unit);
  for (size_t d = 0; d < g.size(); ++d) g[d] = (g[d] - along * unit[d]) / norm;
}

class Trainer {
 public:
  Trainer(const EncoderTrainingOptions& options, EncoderTables* tables)
      : options_(options),
        t_(*tables),
        tables_(tables),
        query_(tables->query.size() / tables->dimension, tables->dimension),
        code_(tables->code.size() / tables->dimension, tables->dimension),
        attention_(1, tables->dimension) {}

  void Step(const std::vector<Example>& batch) {
    const uint32_t dim = t_.dimension;
    const size_t n = batch.size();
    EncodeQueries(t_, batch, &q_);
    EncodeCode(t_, batch, &c_);
    // dL/dS for S = q·cᵀ / temperature, the loss averaged over both directions and the batch.
    std::vector<float> scores(n * n), g(n * n, 0.0f);
    for (size_t i = 0; i < n; ++i) {
      for (size_t j = 0; j < n; ++j) {
        scores[i * n + j] =
            Dot({q_.unit.data() + i * dim, dim}, {c_.unit.data() + j * dim, dim}) / options_.temperature;
      }
    }
    const float share = 0.5f / static_cast<float>(n);
    for (int direction = 0; direction < 2; ++direction) {
      for (size_t i = 0; i < n; ++i) {
        auto at = [&](size_t j) { return direction == 0 ? i * n + j : j * n + i; };
        float top = -INFINITY;
        for (size_t j = 0; j < n; ++j) top = std::max(top, scores[at(j)]);
        float sum = 0;
        for (size_t j = 0; j < n; ++j) sum += std::exp(scores[at(j)] - top);
        for (size_t j = 0; j < n; ++j) {
          g[at(j)] += share * (std::exp(scores[at(j)] - top) / sum - (i == j ? 1.0f : 0.0f));
        }
      }
    }
    std::vector<float> gq(dim), gc(dim);
    for (size_t i = 0; i < n; ++i) {
      std::fill(gq.begin(), gq.end(), 0.0f);
      std::fill(gc.begin(), gc.end(), 0.0f);
      for (size_t j = 0; j < n; ++j) {
        float gij = g[i * n + j] / options_.temperature, gji = g[j * n + i] / options_.temperature;
        for (uint32_t d = 0; d < dim; ++d) {
          gq[d] += gij * c_.unit[j * dim + d];
          gc[d] += gji * q_.unit[j * dim + d];
        }
      }
      ThroughNormalization(gq, {q_.unit.data() + i * dim, dim}, q_.norm[i]);
      ThroughNormalization(gc, {c_.unit.data() + i * dim, dim}, c_.norm[i]);
      BackQuery(batch[i].query, gq);
      BackCode(batch[i].code, c_.alpha[i], gc);
    }
    query_.Apply(&tables_->query, options_.learning_rate);
    code_.Apply(&tables_->code, options_.learning_rate);
    attention_.Apply(&tables_->attention, options_.learning_rate);
  }

 private:
  void BackQuery(std::span<const WeightedWord> query, std::span<const float> graw) {
    float total = 0;
    for (const WeightedWord& w : query) total += w.weight;
    if (total <= 0) return;
    for (const WeightedWord& w : query) {
      std::span<float> row = query_.grad(w.word);
      float share = w.weight / total;
      for (size_t d = 0; d < graw.size(); ++d) row[d] += share * graw[d];
    }
  }

  // raw = Σ α_k C_k, α = softmax(s), s_k = a·C_k.
  void BackCode(std::span<const int32_t> code, const std::vector<float>& alpha, std::span<const float> graw) {
    const uint32_t dim = t_.dimension;
    dalpha_.resize(code.size());
    float mean = 0;
    for (size_t k = 0; k < code.size(); ++k) {
      dalpha_[k] = Dot(graw, t_.code_row(code[k]));
      mean += alpha[k] * dalpha_[k];
    }
    std::span<float> ga = attention_.grad(0);
    for (size_t k = 0; k < code.size(); ++k) {
      float ds = alpha[k] * (dalpha_[k] - mean);
      std::span<const float> row = t_.code_row(code[k]);
      std::span<float> grow = code_.grad(code[k]);
      for (uint32_t d = 0; d < dim; ++d) {
        grow[d] += alpha[k] * graw[d] + ds * t_.attention[d];
        ga[d] += ds * row[d];
      }
    }
  }

  const EncoderTrainingOptions& options_;
  const EncoderTables& t_;
  EncoderTables* tables_;
  SparseRows query_, code_, attention_;
  Encoded q_, c_;
  std::vector<float> dalpha_;
};

}  // namespace

EncoderTrainingReport TrainEncoder(std::vector<EncoderPair> pairs, const EncoderTrainingOptions& options,
                                   EncoderTables* tables) {
  std::mt19937 rng(options.seed);
  std::shuffle(pairs.begin(), pairs.end(), rng);
  size_t held = std::min<size_t>(options.max_holdout,
                                 static_cast<size_t>(options.holdout * static_cast<double>(pairs.size())));
  std::vector<EncoderPair> validation(std::make_move_iterator(pairs.end() - static_cast<ptrdiff_t>(held)),
                                      std::make_move_iterator(pairs.end()));
  pairs.resize(pairs.size() - held);

  EncoderTrainingReport report;
  report.pairs = pairs.size();
  report.held_out = validation.size();
  report.mrr_before = MeanReciprocalRank(*tables, validation);
  Trainer trainer(options, tables);
  // Whether each question word is also a word of its code, for the dropout.
  std::vector<std::vector<bool>> shared(pairs.size());
  for (size_t i = 0; i < pairs.size(); ++i) {
    std::vector<int32_t> code = pairs[i].code;
    std::sort(code.begin(), code.end());
    for (const WeightedWord& w : pairs[i].query)
      shared[i].push_back(std::binary_search(code.begin(), code.end(), w.word));
  }
  std::vector<size_t> order(pairs.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::bernoulli_distribution drop(options.shared_word_dropout);
  std::vector<std::vector<WeightedWord>> questions(options.batch);
  std::vector<Example> batch;
  for (int epoch = 0; epoch < options.epochs; ++epoch) {
    std::shuffle(order.begin(), order.end(), rng);
    for (size_t at = 0; at + 1 < order.size(); at += options.batch) {  // a batch of one has no negatives
      batch.clear();
      for (size_t i = at; i < std::min(order.size(), at + options.batch); ++i) {
        const EncoderPair& pair = pairs[order[i]];
        std::vector<WeightedWord>& question = questions[i - at];
        question.clear();
        for (size_t w = 0; w < pair.query.size(); ++w) {
          if (!shared[order[i]][w] || !drop(rng)) question.push_back(pair.query[w]);
        }
        if (question.empty()) question = pair.query;
        batch.push_back({question, pair.code});
      }
      trainer.Step(batch);
    }
  }
  report.mrr_after = MeanReciprocalRank(*tables, validation);
  return report;
}

}  // namespace scry
