// BM25 over identifier subtokens (util/subtokens.h): ranking results for multi-term queries.
#pragma once

#include <cstdint>

namespace scry {

struct Bm25Params {
  double k1 = 1.2;  // how slowly repeats of a term saturate
  double b = 0.75;  // how much a long document is discounted, 0 to 1
};

// log(1 + (N - n + 0.5) / (n + 0.5)): rarer terms weigh more, and a term in every document still
// weighs a little more than nothing.  docs_with_term above doc_count counts as doc_count.
double Bm25Idf(uint64_t doc_count, uint64_t docs_with_term);

// One term's contribution to a document's score.  Lengths are in subtokens; an average of zero (no
// documents yet) counts every document as average.
double Bm25TermScore(double idf, uint32_t term_frequency, double doc_length, double average_doc_length,
                     const Bm25Params& params = {});

}  // namespace scry
