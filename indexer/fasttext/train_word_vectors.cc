// TrainWordVectors with fastText in this process (indexer/word_vectors.h says who links it).
#include <fasttext/fasttext.h>

#include "indexer/word_vectors.h"
#include "util/error.h"

namespace scry {

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

  std::shared_ptr<const fasttext::Dictionary> dictionary = model.getDictionary();
  fasttext::Vector vector(args.dim);
  std::vector<TrainedWord> trained;
  for (int32_t i = 0; i < dictionary->nwords(); ++i) {
    TrainedWord word{dictionary->getWord(i), {}};
    model.getWordVector(vector, word.word);
    word.vector.assign(vector.data(), vector.data() + vector.size());
    trained.push_back(std::move(word));
  }
  return WriteWordVectors(corpus, options.dimension, std::move(trained), out);
}

}  // namespace scry
