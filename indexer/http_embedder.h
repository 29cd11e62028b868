// An Embedder that asks an OpenAI-compatible server (llama.cpp's server, Ollama, hosted APIs) for
// vectors: POST {url}/v1/embeddings with {"model": M, "input": [texts]}, answered by
// {"data": [{"index": i, "embedding": [floats]}, ...]} in any order.
//
// Texts go in batches of batch_size.  Connection failures, timeouts, HTTP 429 and 5xx are retried
// with exponential backoff (first_backoff, then twice as long each time) up to max_attempts in all;
// any other HTTP status and any malformed answer fail at once.  Every failure is a scry::Error with
// ExitCode::kEmbedding (kBadInput for a configuration that cannot work) whose one line names the
// endpoint and the model.  An Embed() that fails keeps nothing: wrap the embedder in a
// CachedEmbedder (indexer/embedding_cache.h) to keep the batches that succeeded.
//
// One Embed() at a time: the embedder holds one HTTP client.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "indexer/embedder.h"

namespace httplib {
class Client;
}

namespace scry {

struct HttpEmbedderConfig {
  // The server: "http://host:port", optionally with a path prefix.  A prefix that ends in /v1 (the
  // OpenAI SDKs' convention, "https://api.openai.com/v1") is not doubled.
  std::string url;
  std::string model;
  // The environment variable holding the API key, read when the embedder is made; when it is set
  // and not empty, requests carry "Authorization: Bearer <key>".
  std::string api_key_env = "SCRY_EMBED_API_KEY";
  size_t batch_size = 32;
  int max_attempts = 4;  // attempts per batch, the first included
  // Connecting, and each read or write of the socket (not the whole request).
  std::chrono::milliseconds timeout{30000};
  std::chrono::milliseconds first_backoff{200};
  // When not 0, the dimension the model must answer with; otherwise it is learnt from the first
  // answer.
  uint32_t expected_dimension = 0;
};

class HttpEmbedder : public Embedder {
 public:
  // Throws scry::Error(kBadInput) if the URL is not http:// or https://, names no host, or is https
  // and httplib was built without OpenSSL; or if the model is empty or batch_size or max_attempts 0.
  explicit HttpEmbedder(HttpEmbedderConfig config);
  ~HttpEmbedder() override;
  HttpEmbedder(const HttpEmbedder&) = delete;
  HttpEmbedder& operator=(const HttpEmbedder&) = delete;

  // "http-" + the model name with every character other than a letter, digit, '-' or '.' made '-'
  // (at most 64 of them) + "-" + 8 hex digits of XXH3-64 of the endpoint and the model.
  std::string model_id() const override;

  // config.expected_dimension, or 0 until the first successful answer and then that answer's.
  uint32_t dimension() const override;

  // Empty texts are not sent (some servers refuse them): their vectors are dimension() zeros, so
  // none at all while the dimension is still unknown.
  std::vector<std::vector<float>> Embed(const std::vector<std::string>& texts) override;

  // Where requests go: the URL without a trailing '/', + "/v1/embeddings".
  const std::string& endpoint() const { return endpoint_; }

 private:
  // The unit vectors of one batch of non-empty texts, after retries.
  std::vector<std::vector<float>> EmbedBatch(std::span<const std::string> texts);
  // The vectors of a 2xx answer to a batch of `count` texts, unnormalised; throws if malformed.
  std::vector<std::vector<float>> ParseAnswer(const std::string& body, size_t count);
  [[noreturn]] void Fail(const std::string& what) const;

  HttpEmbedderConfig config_;
  std::string endpoint_;  // for messages and the model id
  std::string path_;      // the request path on the server
  std::string api_key_;
  std::string model_id_;
  uint32_t dimension_ = 0;
  std::unique_ptr<httplib::Client> client_;
};

}  // namespace scry
