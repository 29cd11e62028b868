#include "tests/testlib/embedding_server.h"

#include <stdexcept>
#include <utility>

namespace scry::testing {

using nlohmann::json;

json EmbeddingAnswer(const std::vector<std::string>& inputs, const std::vector<size_t>& order,
                     const VectorOf& vector_of) {
  json data = json::array();
  for (size_t i : order) {
    data.push_back({{"object", "embedding"}, {"index", i}, {"embedding", vector_of(inputs[i])}});
  }
  return {{"object", "list"}, {"model", "test-model"}, {"data", data}};
}

std::vector<size_t> Reversed(size_t n) {
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = n - 1 - i;
  return order;
}

FakeEmbeddingServer::FakeEmbeddingServer(VectorOf vector_of, int port) : vector_of_(std::move(vector_of)) {
  server_.Post("/v1/embeddings", [this](const httplib::Request& request, httplib::Response& response) {
    Handle(request, response);
  });
  if (port == 0) {
    port_ = server_.bind_to_any_port("127.0.0.1");
  } else if (server_.bind_to_port("127.0.0.1", port)) {
    port_ = port;
  }
  if (port_ <= 0) throw std::runtime_error("the fake embedding server cannot listen");
  thread_ = std::thread([this] { server_.listen_after_bind(); });
  // stop() does nothing before the server runs.
  while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
}

FakeEmbeddingServer::~FakeEmbeddingServer() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  server_.stop();
  thread_.join();
}

void FakeEmbeddingServer::SetBehavior(Behavior behavior) {
  std::lock_guard<std::mutex> lock(mutex_);
  behavior_ = std::move(behavior);
}

std::vector<EmbeddingRequest> FakeEmbeddingServer::requests() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return requests_;
}

void FakeEmbeddingServer::ClearRequests() {
  std::lock_guard<std::mutex> lock(mutex_);
  requests_.clear();
}

void FakeEmbeddingServer::Handle(const httplib::Request& request, httplib::Response& response) {
  EmbeddingRequest recorded;
  recorded.path = request.path;
  json body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object() && body.value("model", json()).is_string())
    recorded.model = body["model"].get<std::string>();
  if (body.is_object() && body.value("input", json()).is_array()) {
    for (const json& input : body["input"])
      recorded.inputs.push_back(input.is_string() ? input.get<std::string>() : "?");
  }
  if (request.has_header("Authorization")) recorded.authorization = request.get_header_value("Authorization");
  size_t n;
  Behavior behavior;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    n = requests_.size();
    requests_.push_back(recorded);
    behavior = behavior_;
  }
  std::optional<EmbeddingReply> reply = behavior ? behavior(n, recorded.inputs) : std::nullopt;
  if (!reply) {
    reply = EmbeddingReply{
        200, EmbeddingAnswer(recorded.inputs, Reversed(recorded.inputs.size()), vector_of_).dump()};
  }
  if (reply->delay.count() > 0) {
    std::unique_lock<std::mutex> lock(mutex_);
    wake_.wait_for(lock, reply->delay, [this] { return stopping_; });
  }
  response.status = reply->status;
  response.set_content(reply->body, "application/json");
}

}  // namespace scry::testing
