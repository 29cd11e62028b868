// The HTTP embedder against a real HTTP server in this process (httplib::Server on 127.0.0.1), which
// answers deterministic vectors and records every request: batching, order, the API key, retries,
// timeouts, malformed answers, normalisation; and the embedding cache, resuming after a failure.
#include "indexer/http_embedder.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "indexer/embedding_cache.h"
#include "tests/testlib/embedding_server.h"
#include "tests/testlib/tree.h"
#include "util/error.h"

namespace scry {
namespace {

using nlohmann::json;
using std::chrono::milliseconds;

constexpr size_t kDimension = 8;
constexpr const char* kKeyVariable = "SCRY_HTTP_EMBEDDER_TEST_KEY";

// The server's vector for a text: 8 values in [-10, 10] from hashes of the text, not normalised;
// all zeros for the text "zero".
std::vector<float> ServerVector(const std::string& text) {
  std::vector<float> v(kDimension, 0.0f);
  if (text == "zero") return v;
  for (size_t i = 0; i < kDimension; ++i) {
    uint64_t h = XXH64(text.data(), text.size(), i);
    v[i] = static_cast<float>(static_cast<int>(h % 2001) - 1000) / 100.0f;
  }
  return v;
}

std::vector<float> Expected(const std::string& text) {
  std::vector<float> v = ServerVector(text);
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  if (sum > 0) {
    for (float& x : v) x = static_cast<float>(x / std::sqrt(sum));
  }
  return v;
}

void ExpectNear(const std::vector<float>& actual, const std::vector<float>& expected) {
  ASSERT_EQ(actual.size(), expected.size());
  for (size_t i = 0; i < actual.size(); ++i) EXPECT_NEAR(actual[i], expected[i], 1e-6) << "at " << i;
}

json Answer(const std::vector<std::string>& inputs, const std::vector<size_t>& order) {
  return testing::EmbeddingAnswer(inputs, order, ServerVector);
}

using testing::Reversed;
using Reply = testing::EmbeddingReply;
using Recorded = testing::EmbeddingRequest;

class FakeServer : public testing::FakeEmbeddingServer {
 public:
  FakeServer() : FakeEmbeddingServer(ServerVector) {}
};

HttpEmbedderConfig Config(const FakeServer& server) {
  HttpEmbedderConfig config;
  config.url = server.url();
  config.model = "test-model";
  config.api_key_env = kKeyVariable;
  config.max_attempts = 3;
  config.timeout = milliseconds(2000);
  config.first_backoff = milliseconds(1);
  return config;
}

std::vector<std::string> Texts(size_t n) {
  std::vector<std::string> texts;
  for (size_t i = 0; i < n; ++i) texts.push_back("text " + std::to_string(i));
  return texts;
}

// Runs f, which must throw scry::Error with `code` and a one-line message holding every needle;
// returns the message.
std::string ExpectError(const std::function<void()>& f, ExitCode code,
                        const std::vector<std::string>& needles) {
  try {
    f();
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    std::string message = e.what();
    EXPECT_EQ(static_cast<int>(e.code()), static_cast<int>(code)) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    for (const std::string& needle : needles) EXPECT_NE(message.find(needle), std::string::npos) << message;
    return message;
  }
  return "";
}

class HttpEmbedderTest : public ::testing::Test {
 protected:
  void SetUp() override { unsetenv(kKeyVariable); }
  void TearDown() override { unsetenv(kKeyVariable); }

  FakeServer server_;
};

TEST_F(HttpEmbedderTest, SendsBatchesAndReturnsVectorsInInputOrder) {
  HttpEmbedderConfig config = Config(server_);
  config.batch_size = 32;
  HttpEmbedder embedder(config);
  std::vector<std::string> texts = Texts(100);
  std::vector<std::vector<float>> vectors = embedder.Embed(texts);

  std::vector<Recorded> requests = server_.requests();
  ASSERT_EQ(requests.size(), 4u);
  std::vector<size_t> sizes;
  std::vector<std::string> sent;
  for (const Recorded& r : requests) {
    EXPECT_EQ(r.path, "/v1/embeddings");
    EXPECT_EQ(r.model, "test-model");
    sizes.push_back(r.inputs.size());
    sent.insert(sent.end(), r.inputs.begin(), r.inputs.end());
  }
  EXPECT_EQ(sizes, (std::vector<size_t>{32, 32, 32, 4}));
  EXPECT_EQ(sent, texts);
  ASSERT_EQ(vectors.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) ExpectNear(vectors[i], Expected(texts[i]));
  EXPECT_EQ(embedder.dimension(), kDimension);
}

TEST_F(HttpEmbedderTest, OrdersShuffledAnswersByIndex) {
  server_.SetBehavior([](size_t, const std::vector<std::string>& inputs) -> std::optional<Reply> {
    std::vector<size_t> order(inputs.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::mt19937 random(42);
    std::shuffle(order.begin(), order.end(), random);
    return Reply{200, Answer(inputs, order).dump()};
  });
  HttpEmbedderConfig config = Config(server_);
  config.batch_size = 10;
  std::vector<std::string> texts = Texts(25);
  std::vector<std::vector<float>> vectors = HttpEmbedder(config).Embed(texts);
  ASSERT_EQ(vectors.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) ExpectNear(vectors[i], Expected(texts[i]));
}

TEST_F(HttpEmbedderTest, SendsTheApiKeyOnlyWhenTheVariableIsSet) {
  setenv(kKeyVariable, "sekrit", 1);
  HttpEmbedder(Config(server_)).Embed({"a"});
  unsetenv(kKeyVariable);
  HttpEmbedder(Config(server_)).Embed({"b"});
  setenv(kKeyVariable, "", 1);
  HttpEmbedder(Config(server_)).Embed({"c"});

  std::vector<Recorded> requests = server_.requests();
  ASSERT_EQ(requests.size(), 3u);
  EXPECT_EQ(requests[0].authorization, std::optional<std::string>("Bearer sekrit"));
  EXPECT_EQ(requests[1].authorization, std::nullopt);
  EXPECT_EQ(requests[2].authorization, std::nullopt);
}

TEST_F(HttpEmbedderTest, RetriesAfter503) {
  server_.SetBehavior([](size_t n, const std::vector<std::string>&) -> std::optional<Reply> {
    if (n == 0) return Reply{503, "loading model"};
    return std::nullopt;
  });
  std::vector<std::vector<float>> vectors = HttpEmbedder(Config(server_)).Embed({"a", "b"});
  std::vector<Recorded> requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].inputs, requests[1].inputs);
  ASSERT_EQ(vectors.size(), 2u);
  ExpectNear(vectors[0], Expected("a"));
  ExpectNear(vectors[1], Expected("b"));
}

TEST_F(HttpEmbedderTest, RetriesAfter429) {
  server_.SetBehavior([](size_t n, const std::vector<std::string>&) -> std::optional<Reply> {
    if (n < 2) return Reply{429, R"({"error":"rate limited"})"};
    return std::nullopt;
  });
  std::vector<std::vector<float>> vectors = HttpEmbedder(Config(server_)).Embed({"a"});
  EXPECT_EQ(server_.requests().size(), 3u);
  ASSERT_EQ(vectors.size(), 1u);
  ExpectNear(vectors[0], Expected("a"));
}

TEST_F(HttpEmbedderTest, GivesUpAfterMaxAttemptsWithBackoff) {
  server_.SetBehavior([](size_t, const std::vector<std::string>&) -> std::optional<Reply> {
    return Reply{503, "overloaded\nplease wait"};
  });
  HttpEmbedderConfig config = Config(server_);
  config.max_attempts = 3;
  config.first_backoff = milliseconds(20);
  HttpEmbedder embedder(config);
  auto start = std::chrono::steady_clock::now();
  ExpectError(
      [&] {
        embedder.Embed({"a", "b"});
      },
      ExitCode::kEmbedding,
      {server_.url() + "/v1/embeddings", "test-model", "3 attempts", "HTTP 503", "overloaded please wait"});
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(server_.requests().size(), 3u);
  EXPECT_GE(elapsed, milliseconds(20 + 40));  // two waits: first_backoff, then twice that
  EXPECT_EQ(static_cast<int>(ExitCode::kEmbedding), 7);
}

TEST_F(HttpEmbedderTest, DoesNotRetryOtherClientErrors) {
  server_.SetBehavior([](size_t, const std::vector<std::string>&) -> std::optional<Reply> {
    return Reply{400, R"({"error":{"message":"model 'test-model' not found"}})"};
  });
  ExpectError([&] { HttpEmbedder(Config(server_)).Embed({"a"}); }, ExitCode::kEmbedding,
              {server_.url(), "test-model", "HTTP 400", "not found"});
  EXPECT_EQ(server_.requests().size(), 1u);
}

TEST_F(HttpEmbedderTest, TimesOutAndRetries) {
  server_.SetBehavior([](size_t, const std::vector<std::string>& inputs) -> std::optional<Reply> {
    return Reply{200, Answer(inputs, Reversed(inputs.size())).dump(), milliseconds(5000)};
  });
  HttpEmbedderConfig config = Config(server_);
  config.timeout = milliseconds(100);
  config.max_attempts = 2;
  auto start = std::chrono::steady_clock::now();
  ExpectError([&] { HttpEmbedder(config).Embed({"a"}); }, ExitCode::kEmbedding,
              {server_.url(), "test-model", "2 attempts", "no answer within 100 ms"});
  auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(server_.requests().size(), 2u);
  EXPECT_LT(elapsed, milliseconds(1000));
}

TEST_F(HttpEmbedderTest, RejectsMalformedAnswersWithoutRetrying) {
  struct Case {
    const char* name;
    std::function<std::string(const std::vector<std::string>&)> body;
    std::string needle;
  };
  auto answer = [](const std::vector<std::string>& inputs) {
    return Answer(inputs, Reversed(inputs.size()));
  };
  std::vector<Case> cases = {
      {"not JSON", [](auto&) { return std::string("<html>oops</html>"); }, "not JSON: <html>oops</html>"},
      {"no data", [](auto&) { return std::string(R"({"object":"list"})"); }, "no \"data\" array"},
      {"data not an array", [](auto&) { return std::string(R"({"data":{}})"); }, "no \"data\" array"},
      {"too few vectors",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"].erase(a["data"].begin());
         return a.dump();
       },
       "3 vectors for 4 texts"},
      {"inconsistent dimensions",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"][2]["embedding"].erase(a["data"][2]["embedding"].begin());
         return a.dump();
       },
       "data[2] has 7 dimensions where the model's vectors have 8"},
      {"string value",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"][1]["embedding"][3] = "0.5";
         return a.dump();
       },
       "data[1].embedding[3] is not a float: \"0.5\""},
      {"null value",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"][0]["embedding"][0] = nullptr;
         return a.dump();
       },
       "data[0].embedding[0] is not a float: null"},
      {"beyond float",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"][0]["embedding"][0] = 1e300;
         return a.dump();
       },
       "data[0].embedding[0] is not a float"},
      {"repeated index",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"][1]["index"] = a["data"][0]["index"];
         return a.dump();
       },
       "data[1] has index 3, out of range or repeated"},
      {"index out of range",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"][0]["index"] = 4;
         return a.dump();
       },
       "data[0] has index 4"},
      {"no index",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"][0].erase("index");
         return a.dump();
       },
       "data[0] has no integer \"index\""},
      {"no embedding",
       [&](auto& inputs) {
         json a = answer(inputs);
         a["data"][0].erase("embedding");
         return a.dump();
       },
       "data[0] has no \"embedding\" array"},
      {"empty embedding",
       [&](auto& inputs) {
         json a = answer(inputs);
         for (json& item : a["data"]) item["embedding"] = json::array();
         return a.dump();
       },
       "data[0] has an empty embedding"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    server_.ClearRequests();
    server_.SetBehavior([&](size_t, const std::vector<std::string>& inputs) -> std::optional<Reply> {
      return Reply{200, c.body(inputs)};
    });
    HttpEmbedder embedder(Config(server_));
    ExpectError(
        [&] {
          embedder.Embed({"a", "b", "c", "d"});
        },
        ExitCode::kEmbedding, {server_.url() + "/v1/embeddings", "test-model", c.needle});
    EXPECT_EQ(server_.requests().size(), 1u);
    EXPECT_EQ(embedder.dimension(), 0u);
  }
}

TEST_F(HttpEmbedderTest, RejectsADimensionThatChangesBetweenBatches) {
  server_.SetBehavior([](size_t n, const std::vector<std::string>& inputs) -> std::optional<Reply> {
    if (n == 0) return std::nullopt;
    json a = Answer(inputs, Reversed(inputs.size()));
    for (json& item : a["data"]) item["embedding"].erase(item["embedding"].begin());
    return Reply{200, a.dump()};
  });
  HttpEmbedderConfig config = Config(server_);
  config.batch_size = 2;
  HttpEmbedder embedder(config);
  ExpectError(
      [&] {
        embedder.Embed({"a", "b", "c"});
      },
      ExitCode::kEmbedding, {server_.url(), "test-model", "7 dimensions where the model's vectors have 8"});
  EXPECT_EQ(embedder.dimension(), kDimension);
}

TEST_F(HttpEmbedderTest, VerifiesTheExpectedDimension) {
  HttpEmbedderConfig config = Config(server_);
  config.expected_dimension = 16;
  HttpEmbedder embedder(config);
  EXPECT_EQ(embedder.dimension(), 16u);
  ExpectError([&] { embedder.Embed({"a"}); }, ExitCode::kEmbedding,
              {"test-model", "8 dimensions where the model's vectors have 16"});
  config.expected_dimension = kDimension;
  ExpectNear(HttpEmbedder(config).Embed({"a"})[0], Expected("a"));
}

TEST_F(HttpEmbedderTest, ConnectionRefused) {
  // A socket bound but not listening: connecting to its port is refused, and no one else can take it.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  ASSERT_GE(fd, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  socklen_t length = sizeof address;
  ASSERT_EQ(getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
  std::string url = "http://127.0.0.1:" + std::to_string(ntohs(address.sin_port));

  HttpEmbedderConfig config = Config(server_);
  config.url = url;
  config.max_attempts = 2;
  auto start = std::chrono::steady_clock::now();
  ExpectError([&] { HttpEmbedder(config).Embed({"a"}); }, ExitCode::kEmbedding,
              {url + "/v1/embeddings", "test-model", "2 attempts", "cannot connect"});
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1000));
  close(fd);
}

TEST_F(HttpEmbedderTest, ReturnsUnitVectorsAndKeepsZeroVectorsZero) {
  HttpEmbedder embedder(Config(server_));
  EXPECT_EQ(embedder.dimension(), 0u);  // not known before the first answer
  std::vector<std::vector<float>> vectors = embedder.Embed({"a", "zero", "b"});
  EXPECT_EQ(embedder.dimension(), kDimension);
  ASSERT_EQ(vectors.size(), 3u);
  for (size_t i : {0, 2}) {
    double sum = 0;
    for (float x : vectors[i]) sum += static_cast<double>(x) * x;
    EXPECT_NEAR(sum, 1.0, 1e-6);
  }
  ExpectNear(vectors[0], Expected("a"));
  ExpectNear(vectors[2], Expected("b"));
  EXPECT_EQ(vectors[1], std::vector<float>(kDimension, 0.0f));
}

TEST_F(HttpEmbedderTest, DoesNotSendEmptyTexts) {
  HttpEmbedder embedder(Config(server_));
  EXPECT_TRUE(embedder.Embed({}).empty());
  EXPECT_TRUE(server_.requests().empty());
  std::vector<std::vector<float>> vectors = embedder.Embed({"", "a", ""});
  std::vector<Recorded> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].inputs, (std::vector<std::string>{"a"}));
  ASSERT_EQ(vectors.size(), 3u);
  EXPECT_EQ(vectors[0], std::vector<float>(kDimension, 0.0f));
  ExpectNear(vectors[1], Expected("a"));
  EXPECT_EQ(vectors[2], std::vector<float>(kDimension, 0.0f));
}

TEST_F(HttpEmbedderTest, SendsInvalidUtf8AsReplacementCharacters) {
  std::vector<std::vector<float>> vectors = HttpEmbedder(Config(server_)).Embed({"caf\xe9"});
  std::vector<Recorded> requests = server_.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].inputs, (std::vector<std::string>{"caf\xef\xbf\xbd"}));
  ASSERT_EQ(vectors.size(), 1u);
  ExpectNear(vectors[0], Expected("caf\xef\xbf\xbd"));
}

TEST_F(HttpEmbedderTest, AcceptsAUrlEndingInV1) {
  HttpEmbedderConfig config = Config(server_);
  config.url = server_.url() + "/v1/";
  HttpEmbedder embedder(config);
  EXPECT_EQ(embedder.endpoint(), server_.url() + "/v1/embeddings");
  ExpectNear(embedder.Embed({"a"})[0], Expected("a"));
  config.url = server_.url() + "/";
  EXPECT_EQ(HttpEmbedder(config).endpoint(), server_.url() + "/v1/embeddings");
}

TEST_F(HttpEmbedderTest, ModelIdNamesTheModelAndTheServer) {
  HttpEmbedderConfig config = Config(server_);
  config.model = "org/Model-1.5:latest";
  std::string id = HttpEmbedder(config).model_id();
  ASSERT_EQ(id.size(), 34u) << id;
  EXPECT_EQ(id.substr(0, 26), "http-org-Model-1.5-latest-");
  EXPECT_EQ(id.find_first_not_of("0123456789abcdef", 26), std::string::npos) << id;
  EXPECT_EQ(HttpEmbedder(config).model_id(), id);
  config.url = server_.url() + "/";
  EXPECT_EQ(HttpEmbedder(config).model_id(), id);  // the same endpoint
  config.url = "http://127.0.0.2:1";
  EXPECT_NE(HttpEmbedder(config).model_id(), id);
  config.url = server_.url();
  config.model = "org/Model-1.5:latest2";
  std::string other = HttpEmbedder(config).model_id();
  EXPECT_EQ(other.substr(0, other.size() - 8), "http-org-Model-1.5-latest2-");
  EXPECT_NE(other.substr(other.size() - 8), id.substr(id.size() - 8));
  config.model = std::string(100, 'm');
  std::string long_id = HttpEmbedder(config).model_id();
  EXPECT_EQ(long_id.size(), 5 + 64 + 1 + 8u) << long_id;
}

TEST_F(HttpEmbedderTest, RejectsConfigurationsThatCannotWork) {
  auto expect_bad = [&](const std::function<void(HttpEmbedderConfig&)>& change, const std::string& needle) {
    HttpEmbedderConfig config = Config(server_);
    change(config);
    return ExpectError([&] { HttpEmbedder embedder(config); }, ExitCode::kBadInput,
                       {"'" + config.url + "'", "(model " + config.model + ")", needle});
  };
  expect_bad([](auto& c) { c.url = "ftp://example.com"; }, "http:// or https://");
  expect_bad([](auto& c) { c.url = "localhost:8080"; }, "http:// or https://");
  expect_bad([](auto& c) { c.url = "http://"; }, "no host");
  expect_bad([](auto& c) { c.url = "http://:8080"; }, "no host");
  expect_bad([](auto& c) { c.url = "http://localhost:0"; }, "bad port '0'");
  expect_bad([](auto& c) { c.url = "http://localhost:99999"; }, "bad port '99999'");
  expect_bad([](auto& c) { c.url = "http://localhost:80a"; }, "bad port '80a'");
  HttpEmbedderConfig config = Config(server_);
  config.url = "http://user:secret@localhost:80/x";
  std::string message = ExpectError([&] { HttpEmbedder embedder(config); }, ExitCode::kBadInput,
                                    {"'http://...@localhost:80/x' (model test-model): credentials"});
  EXPECT_EQ(message.find("secret"), std::string::npos) << message;
  expect_bad([](auto& c) { c.url = "http://localhost/?x=1"; }, "query");
  expect_bad([](auto& c) { c.model = ""; }, "no model");
  expect_bad([](auto& c) { c.batch_size = 0; }, "batch size");
  expect_bad([](auto& c) { c.max_attempts = 0; }, "attempts");
  config = Config(server_);
  config.url = "HTTP://[::1]:8080";
  EXPECT_EQ(HttpEmbedder(config).endpoint(), "http://[::1]:8080/v1/embeddings");
  config.url = "https://api.example.com/v1";
#ifdef CPPHTTPLIB_OPENSSL_SUPPORT
  EXPECT_EQ(HttpEmbedder(config).endpoint(), "https://api.example.com/v1/embeddings");
#else
  ExpectError([&] { HttpEmbedder embedder(config); }, ExitCode::kBadInput, {"https is not supported"});
#endif
}

// The cache.

TEST(EmbeddingCacheTest, StoresVectorsPerModelAndTextAcrossReopening) {
  testing::TempTree t;
  std::filesystem::path path = t.root() / "embeddings.db";
  std::vector<float> v = {0.5f, -0.25f, 1e-30f, -0.0f, 3.4e38f};
  {
    EmbeddingCache cache(path);
    EXPECT_EQ(cache.Get("m1", "text"), std::nullopt);
    cache.Put("m1", "text", v);
    cache.Put("m1", "other", {1.0f});
    cache.Put("m2", "text", {2.0f, 3.0f});
    EXPECT_EQ(cache.Get("m1", "text"), v);
    EXPECT_EQ(cache.Get("m1", "text "), std::nullopt);
    cache.Put("m1", "other", {4.0f});  // replaces
  }
  EmbeddingCache cache(path);
  EXPECT_EQ(cache.Get("m1", "text"), v);
  EXPECT_EQ(cache.Get("m1", "other"), std::vector<float>{4.0f});
  EXPECT_EQ(cache.Get("m2", "text"), (std::vector<float>{2.0f, 3.0f}));
  EXPECT_EQ(cache.Get("m3", "text"), std::nullopt);
  // Little-endian float32 on disk.
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "SELECT vector, length(text_hash) FROM vectors WHERE model_id = 'm2'", -1,
                               &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  std::string bytes(static_cast<const char*>(sqlite3_column_blob(stmt, 0)),
                    static_cast<size_t>(sqlite3_column_bytes(stmt, 0)));
  EXPECT_EQ(bytes, std::string("\x00\x00\x00\x40\x00\x00\x40\x40", 8));  // 2.0f, 3.0f
  EXPECT_EQ(sqlite3_column_int(stmt, 1), 16);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST(EmbeddingCacheTest, RefusesFilesThatAreNotCaches) {
  testing::TempTree t;
  t.Write("garbage.db", std::string(4096, 'x'));
  ExpectError([&] { EmbeddingCache cache(t.root() / "garbage.db"); }, ExitCode::kCorrupt, {"garbage.db"});
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((t.root() / "future.db").c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version = 9", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
  }
  ExpectError([&] { EmbeddingCache cache(t.root() / "future.db"); }, ExitCode::kCorrupt,
              {"future.db", "unknown embedding cache format 9"});
  ExpectError([&] { EmbeddingCache cache(t.root() / "missing" / "x.db"); }, ExitCode::kIo, {"x.db"});
}

TEST_F(HttpEmbedderTest, CachedEmbedderKeepsTheBatchesBeforeAFailureAndResumes) {
  testing::TempTree t;
  std::filesystem::path path = t.root() / "embeddings.db";
  std::vector<std::string> texts = Texts(100);
  HttpEmbedderConfig config = Config(server_);
  config.batch_size = 32;
  config.max_attempts = 2;
  std::vector<std::vector<float>> fresh = HttpEmbedder(config).Embed(texts);
  server_.ClearRequests();

  // The first two batches succeed, then the server fails.
  server_.SetBehavior([](size_t n, const std::vector<std::string>&) -> std::optional<Reply> {
    if (n >= 2) return Reply{500, "out of memory"};
    return std::nullopt;
  });
  {
    EmbeddingCache cache(path);
    HttpEmbedder http(config);
    CachedEmbedder cached(http, cache, 32);
    EXPECT_EQ(cached.model_id(), http.model_id());
    ExpectError([&] { cached.Embed(texts); }, ExitCode::kEmbedding, {"HTTP 500", "out of memory"});
    EXPECT_EQ(server_.requests().size(), 4u);  // 2 batches, then 2 attempts at the third
    for (size_t i = 0; i < texts.size(); ++i) {
      std::optional<std::vector<float>> v = cache.Get(http.model_id(), texts[i]);
      if (i < 64) {
        ASSERT_TRUE(v.has_value()) << i;
        EXPECT_EQ(*v, fresh[i]) << i;
      } else {
        EXPECT_FALSE(v.has_value()) << i;
      }
    }

    // Healthy again: only the texts not cached are sent.
    server_.SetBehavior(nullptr);
    server_.ClearRequests();
    HttpEmbedder http2(config);
    CachedEmbedder cached2(http2, cache, 32);
    EXPECT_EQ(cached2.Embed(texts), fresh);
    std::vector<Recorded> requests = server_.requests();
    ASSERT_EQ(requests.size(), 2u);
    EXPECT_EQ(requests[0].inputs, std::vector<std::string>(texts.begin() + 64, texts.begin() + 96));
    EXPECT_EQ(requests[1].inputs, std::vector<std::string>(texts.begin() + 96, texts.end()));
  }

  // Reopened from its file, the cache answers everything: no request at all.
  server_.ClearRequests();
  EmbeddingCache reopened(path);
  HttpEmbedder http3(config);
  CachedEmbedder cached3(http3, reopened, 32);
  EXPECT_EQ(cached3.Embed(texts), fresh);
  EXPECT_TRUE(server_.requests().empty());
  EXPECT_EQ(http3.dimension(), 0u);
  EXPECT_EQ(cached3.dimension(), kDimension);  // learnt from the cache
}

TEST_F(HttpEmbedderTest, CachedEmbedderSendsEachMissOnceInBatches) {
  testing::TempTree t;
  EmbeddingCache cache(t.root() / "embeddings.db");
  HttpEmbedder http(Config(server_));
  CachedEmbedder cached(http, cache, 2);
  cached.Embed({"a", "b"});
  server_.ClearRequests();
  std::vector<std::string> texts = {"c", "a", "d", "c", "", "e", "b", "d"};
  std::vector<std::vector<float>> vectors = cached.Embed(texts);
  std::vector<Recorded> requests = server_.requests();
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0].inputs, (std::vector<std::string>{"c", "d"}));
  EXPECT_EQ(requests[1].inputs, (std::vector<std::string>{"e"}));  // "" is not sent
  ASSERT_EQ(vectors.size(), texts.size());
  for (size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].empty()) {
      EXPECT_EQ(vectors[i], std::vector<float>(kDimension, 0.0f));
    } else {
      ExpectNear(vectors[i], Expected(texts[i]));
    }
  }
}

TEST_F(HttpEmbedderTest, CachedEmbedderRefusesVectorsOfAnotherDimension) {
  testing::TempTree t;
  EmbeddingCache cache(t.root() / "embeddings.db");
  HttpEmbedder http(Config(server_));
  cache.Put(http.model_id(), "a", std::vector<float>(4, 0.5f));
  CachedEmbedder cached(http, cache);
  ExpectError(
      [&] {
        cached.Embed({"a", "b"});
      },
      ExitCode::kCorrupt, {"embeddings.db", http.model_id(), "4 and 8 dimensions"});
}

}  // namespace
}  // namespace scry
