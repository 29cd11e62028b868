// An OpenAI-compatible embedding server for tests: an httplib::Server on 127.0.0.1, in the test's own
// process, that answers POST /v1/embeddings with the vectors a function gives each input and records
// every request.
#pragma once

#include <httplib.h>

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace scry::testing {

using VectorOf = std::function<std::vector<float>(const std::string& text)>;

struct EmbeddingReply {
  int status = 200;
  std::string body;
  std::chrono::milliseconds delay{0};
};

struct EmbeddingRequest {
  std::string path;
  std::string model;
  std::vector<std::string> inputs;
  std::optional<std::string> authorization;
};

// A /v1/embeddings answer for `inputs`, with the data entries in `order` (indexes into inputs).
nlohmann::json EmbeddingAnswer(const std::vector<std::string>& inputs, const std::vector<size_t>& order,
                               const VectorOf& vector_of);

// 0 .. n-1 backwards.
std::vector<size_t> Reversed(size_t n);

// By default it answers every request with vector_of(input) for each input, in reverse order; a
// behaviour may answer request n (counted from 0) otherwise.
class FakeEmbeddingServer {
 public:
  using Behavior =
      std::function<std::optional<EmbeddingReply>(size_t n, const std::vector<std::string>& inputs)>;

  // On `port`, or a free one if 0.
  explicit FakeEmbeddingServer(VectorOf vector_of, int port = 0);
  ~FakeEmbeddingServer();
  FakeEmbeddingServer(const FakeEmbeddingServer&) = delete;
  FakeEmbeddingServer& operator=(const FakeEmbeddingServer&) = delete;

  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  int port() const { return port_; }
  void SetBehavior(Behavior behavior);
  std::vector<EmbeddingRequest> requests() const;
  void ClearRequests();

 private:
  void Handle(const httplib::Request& request, httplib::Response& response);

  VectorOf vector_of_;
  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  Behavior behavior_;
  std::vector<EmbeddingRequest> requests_;
};

}  // namespace scry::testing
