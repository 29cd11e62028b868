#include "query/bm25.h"

#include <algorithm>
#include <cmath>

namespace scry {

double Bm25Idf(uint64_t doc_count, uint64_t docs_with_term) {
  double n = static_cast<double>(std::min(docs_with_term, doc_count));
  double total = static_cast<double>(doc_count);
  return std::log(1.0 + (total - n + 0.5) / (n + 0.5));
}

double Bm25TermScore(double idf, uint32_t term_frequency, double doc_length, double average_doc_length,
                     const Bm25Params& params) {
  if (term_frequency == 0) return 0.0;
  double tf = term_frequency;
  double relative_length = average_doc_length > 0 ? doc_length / average_doc_length : 1.0;
  double norm = params.k1 * (1.0 - params.b + params.b * relative_length);
  return idf * tf * (params.k1 + 1.0) / (tf + norm);
}

}  // namespace scry
