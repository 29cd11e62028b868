// `scry index --embed-url` end to end: the real scry binary (which becomes scry-http for it) against an
// OpenAI-compatible server in this process whose vectors are sums of a vector per word, so that texts
// sharing words are near.  What is sent and when, what the store keeps (never the key), the questions
// of ask, context, search --hybrid, eval and mcp, resuming after a failure, and a server that is down.
#include <gtest/gtest.h>
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "indexer/catalog.h"
#include "indexer/segment.h"
#include "indexer/store.h"
#include "tests/testlib/embedding_server.h"
#include "tests/testlib/errors.h"
#include "tests/testlib/run.h"
#include "tests/testlib/tree.h"
#include "util/file.h"

namespace scry {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr size_t kDimension = 32;
constexpr const char* kKeyVariable = "SCRY_EMBED_URL_TEST_KEY";
constexpr const char* kKey = "sk-test-4f1c9e2a7b";

// The sum of a ±1 vector per word (a run of letters and digits, lower-cased): texts that share words
// point the same way.
std::vector<float> WordsVector(const std::string& text) {
  std::vector<float> v(kDimension, 0.0f);
  std::string word;
  auto add = [&] {
    for (size_t i = 0; i < kDimension && !word.empty(); ++i)
      v[i] += (XXH64(word.data(), word.size(), i) & 1) ? 1.0f : -1.0f;
    word.clear();
  };
  for (char c : text) {
    if (std::isalnum(static_cast<unsigned char>(c))) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      add();
    }
  }
  add();
  return v;
}

// Every text the server was sent, sorted.
std::vector<std::string> Inputs(const std::vector<testing::EmbeddingRequest>& requests) {
  std::vector<std::string> inputs;
  for (const testing::EmbeddingRequest& r : requests)
    inputs.insert(inputs.end(), r.inputs.begin(), r.inputs.end());
  std::sort(inputs.begin(), inputs.end());
  return inputs;
}

// The distinct texts of the chunks of every segment of the store, sorted: what is to be embedded.
std::vector<std::string> ChunkTexts(const fs::path& store) {
  std::vector<std::string> texts;
  Catalog catalog(CatalogPath(store), false);
  for (const SegmentRow& row : catalog.Segments()) {
    Segment segment(SegmentPath(store, row.id));
    BlockReader reader;
    for (uint32_t doc = 0; doc < segment.doc_count(); ++doc) {
      std::string_view content = segment.Content(doc, &reader);
      for (const ChunkRecord& chunk : segment.chunks(doc))
        texts.emplace_back(content.substr(chunk.begin, chunk.end - chunk.begin));
    }
  }
  std::sort(texts.begin(), texts.end());
  texts.erase(std::unique(texts.begin(), texts.end()), texts.end());
  return texts;
}

// What `b` holds that `a` does not, both sorted.
std::vector<std::string> Minus(const std::vector<std::string>& b, const std::vector<std::string>& a) {
  std::vector<std::string> out;
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(out));
  return out;
}

class EmbedUrlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    setenv(kKeyVariable, kKey, 1);
    tree_.Write("src/retry.go",
                "package p\n\n// retryRequest sends the request again after a failure, waiting with\n"
                "// exponential backoff and jitter between attempts.\nfunc retryRequest() {}\n");
    tree_.Write("src/config.go",
                "package p\n\n// parseConfig reads the configuration file and its settings.\n"
                "func parseConfig() {}\n");
    tree_.Write(
        "src/cache.go",
        "package p\n\n// evictOldest drops the least recently used cache entry.\nfunc evictOldest() {}\n");
    tree_.Write(
        "src/auth.go",
        "package p\n\n// checkPassword compares the password hash of a login.\nfunc checkPassword() {}\n");
  }
  void TearDown() override { unsetenv(kKeyVariable); }

  fs::path Store() const { return tree_.root() / ".scry"; }
  fs::path Vectors() const { return Store() / "vectors"; }
  std::string Endpoint() const { return server_->url() + "/v1/embeddings"; }
  testing::RunResult Scry(const std::string& args) const { return testing::Scry(tree_.root(), args); }
  testing::RunResult IndexWithServer(const std::string& more = "") const {
    return Scry("index --embed-url " + server_->url() + " --embed-model-name test-model --embed-key-env " +
                kKeyVariable + " " + more);
  }
  // `scry mcp` asked one question by a tools/call of `ask`.
  testing::RunResult McpAsk(const std::string& question) const {
    json call = {{"jsonrpc", "2.0"},
                 {"id", 1},
                 {"method", "tools/call"},
                 {"params", {{"name", "ask"}, {"arguments", {{"question", question}}}}}};
    return testing::Run(tree_.root(), "printf '%s\\n' " + ShellQuote(call.dump()) + " | " +
                                          ShellQuote(testing::ScryBinary()) + " mcp");
  }
  std::string ModelId() const {
    std::string id = ReadFile(Vectors() / "MODEL");
    return id.substr(0, id.find('\n'));
  }

  testing::TempTree tree_;
  std::unique_ptr<testing::FakeEmbeddingServer> server_ =
      std::make_unique<testing::FakeEmbeddingServer>(WordsVector);
};

TEST_F(EmbedUrlTest, IndexSendsEveryChunkOnceWithTheKeyAndTheStoreKeepsTheEndpointNotTheKey) {
  testing::RunResult r = IndexWithServer("--embed-batch 3");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_EQ(r.out.find("trained"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("embedded 8 chunks with http-test-model-"), std::string::npos) << r.out;

  std::vector<testing::EmbeddingRequest> requests = server_->requests();
  ASSERT_FALSE(requests.empty());
  for (const testing::EmbeddingRequest& request : requests) {
    EXPECT_EQ(request.path, "/v1/embeddings");
    EXPECT_EQ(request.model, "test-model");
    EXPECT_EQ(request.authorization, std::optional<std::string>(std::string("Bearer ") + kKey));
    EXPECT_LE(request.inputs.size(), 3u);
  }
  EXPECT_EQ(Inputs(requests), ChunkTexts(Store()));

  std::string id = ModelId();
  EXPECT_TRUE(id.starts_with("http-test-model-")) << id;
  json endpoint = json::parse(ReadFile(Vectors() / (id + ".endpoint")));
  EXPECT_EQ(
      endpoint,
      json({{"url", server_->url()}, {"model", "test-model"}, {"key_env", kKeyVariable}, {"batch", 3}}));
  EXPECT_TRUE(fs::exists(Vectors() / "embeddings.cache"));
  int status = 0;
  std::string found =
      testing::RunCommand("grep -rl " + ShellQuote(kKey) + " " + ShellQuote(Store().string()), &status);
  EXPECT_EQ(status, 1) << found;  // grep found nothing

  // Nothing new: nothing sent.
  server_->ClearRequests();
  ASSERT_EQ(Scry("index").status, 0);
  EXPECT_TRUE(server_->requests().empty());
}

TEST_F(EmbedUrlTest, QuestionsAreEmbeddedByTheServer) {
  ASSERT_EQ(IndexWithServer().status, 0);
  const std::string question = "evict the least recently used entry";
  auto asked = [&](const std::string& args) {
    server_->ClearRequests();
    testing::RunResult r = Scry(args);
    EXPECT_EQ(r.status, 0) << args << ": " << r.err;
    EXPECT_EQ(r.err, "") << args;
    std::vector<std::string> sent = Inputs(server_->requests());
    return std::make_pair(r, sent);
  };

  for (const char* mode : {"hybrid", "semantic"}) {
    auto [r, sent] = asked("ask --json --mode " + std::string(mode) + " " + ShellQuote(question));
    EXPECT_EQ(sent, std::vector<std::string>{question}) << mode;
    json first = json::parse(testing::Lines(r.out).at(0));
    EXPECT_EQ(first["path"], "src/cache.go") << mode << ": " << r.out;
    EXPECT_EQ(first["signals"]["vector_rank"], 1) << mode << ": " << r.out;
  }
  auto [lexical, none] = asked("ask --mode lexical " + ShellQuote(question));
  EXPECT_TRUE(none.empty());
  EXPECT_NE(lexical.out.find("src/cache.go"), std::string::npos) << lexical.out;

  auto [context, context_sent] = asked("context " + ShellQuote(question));
  EXPECT_EQ(context_sent, std::vector<std::string>{question});
  EXPECT_NE(context.out.find("evictOldest"), std::string::npos) << context.out;

  auto [search, search_sent] = asked("search --hybrid 'request|password'");
  EXPECT_EQ(search_sent, std::vector<std::string>{"request|password"});
  EXPECT_NE(search.out.find("src/retry.go"), std::string::npos) << search.out;
  EXPECT_NE(search.out.find("src/auth.go"), std::string::npos) << search.out;

  tree_.Write("gold.jsonl", "{\"query\": \"" + question +
                                "\", \"targets\": [{\"path\": \"src/cache.go\", \"line\": 4}]}\n");
  auto [eval, eval_sent] = asked("eval gold.jsonl");
  EXPECT_EQ(eval_sent, (std::vector<std::string>{question, question}));  // semantic, then hybrid
  EXPECT_NE(eval.out.find("semantic"), std::string::npos) << eval.out;

  server_->ClearRequests();
  testing::RunResult mcp = McpAsk(question);
  EXPECT_EQ(mcp.status, 0) << mcp.err;
  EXPECT_NE(mcp.out.find("src/cache.go"), std::string::npos) << mcp.out;
  EXPECT_EQ(mcp.out.find("words only"), std::string::npos) << mcp.out;
  EXPECT_EQ(Inputs(server_->requests()), std::vector<std::string>{question});
}

TEST_F(EmbedUrlTest, LaterIndexRunsSendOnlyTheNewChunks) {
  ASSERT_EQ(IndexWithServer().status, 0);
  std::vector<std::string> before = ChunkTexts(Store());
  server_->ClearRequests();
  tree_.Write("src/compress.go", "package p\n\n// gzipBody compresses the body.\nfunc gzipBody() {}\n");
  testing::RunResult r = Scry("index");  // the store remembers the endpoint
  ASSERT_EQ(r.status, 0) << r.err;
  std::vector<std::string> added = Minus(ChunkTexts(Store()), before);
  ASSERT_FALSE(added.empty());
  EXPECT_EQ(Inputs(server_->requests()), added);
  for (const testing::EmbeddingRequest& request : server_->requests())
    EXPECT_EQ(request.authorization, std::optional<std::string>(std::string("Bearer ") + kKey));
}

TEST_F(EmbedUrlTest, AServerFailingDuringIndexLeavesTheIndexSearchableAndTheNextRunResumes) {
  // Two batches of two are answered, then the server fails until told otherwise.
  server_->SetBehavior(
      [](size_t n, const std::vector<std::string>&) -> std::optional<testing::EmbeddingReply> {
        if (n < 2) return std::nullopt;
        return testing::EmbeddingReply{503, "model unloaded"};
      });
  testing::RunResult failed = IndexWithServer("--embed-batch 1");
  EXPECT_EQ(failed.status, 7);
  EXPECT_EQ(std::count(failed.err.begin(), failed.err.end(), '\n'), 1) << failed.err;
  EXPECT_TRUE(failed.err.starts_with("scry: embedding service " + Endpoint() + " (model test-model): "))
      << failed.err;
  EXPECT_NE(failed.err.find("HTTP 503"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("the next `scry index` embeds what is left"), std::string::npos) << failed.err;
  EXPECT_NE(failed.out.find("indexed 4 files"), std::string::npos) << failed.out;

  testing::RunResult search = Scry("search -l backoff");
  EXPECT_EQ(search.status, 0) << search.err;
  EXPECT_EQ(search.out, "src/retry.go\n");

  std::vector<testing::EmbeddingRequest> first = server_->requests();
  ASSERT_GE(first.size(), 3u);
  std::vector<std::string> answered = Inputs({first[0], first[1]});
  server_->SetBehavior(nullptr);
  server_->ClearRequests();
  testing::RunResult resumed = Scry("index");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  std::vector<std::string> rest = Inputs(server_->requests());
  EXPECT_EQ(rest, Minus(ChunkTexts(Store()), answered));
  EXPECT_EQ(rest.size() + answered.size(), ChunkTexts(Store()).size());
  testing::RunResult ask = Scry("ask --mode semantic 'least recently used entry'");
  EXPECT_EQ(ask.status, 0) << ask.err;
  EXPECT_TRUE(ask.out.starts_with("src/cache.go")) << ask.out;
}

TEST_F(EmbedUrlTest, AnUnreachableServerFailsTheEmbeddingOnlyUntilItIsBack) {
  int port = server_->port();
  std::string endpoint = Endpoint();
  server_.reset();  // nothing listens on the port
  testing::RunResult failed =
      Scry("index --embed-url http://127.0.0.1:" + std::to_string(port) + " --embed-model-name test-model");
  EXPECT_EQ(failed.status, 7);
  EXPECT_EQ(std::count(failed.err.begin(), failed.err.end(), '\n'), 1) << failed.err;
  EXPECT_NE(failed.err.find(endpoint + " (model test-model)"), std::string::npos) << failed.err;
  EXPECT_NE(failed.err.find("cannot connect"), std::string::npos) << failed.err;
  EXPECT_EQ(Scry("search -l parseConfig").out, "src/config.go\n");

  server_ = std::make_unique<testing::FakeEmbeddingServer>(WordsVector, port);
  testing::RunResult resumed = Scry("index");
  ASSERT_EQ(resumed.status, 0) << resumed.err;
  EXPECT_EQ(Inputs(server_->requests()), ChunkTexts(Store()));
}

TEST_F(EmbedUrlTest, AServerDownDuringAQuestion) {
  ASSERT_EQ(IndexWithServer().status, 0);
  std::string endpoint = Endpoint();
  server_.reset();

  // Hybrid answers with words alone, and says so on one line.
  testing::RunResult hybrid = Scry("ask 'least recently used entry'");
  EXPECT_EQ(hybrid.status, 0) << hybrid.err;
  EXPECT_TRUE(hybrid.out.starts_with("src/cache.go")) << hybrid.out;
  EXPECT_EQ(std::count(hybrid.err.begin(), hybrid.err.end(), '\n'), 1) << hybrid.err;
  EXPECT_TRUE(hybrid.err.starts_with("scry: warning: embedding service " + endpoint)) << hybrid.err;
  EXPECT_NE(hybrid.err.find("answered with words only (lexical)"), std::string::npos) << hybrid.err;
  testing::RunResult context = Scry("context 'least recently used entry'");
  EXPECT_EQ(context.status, 0) << context.err;
  EXPECT_NE(context.err.find("answered with words only"), std::string::npos) << context.err;
  testing::RunResult mcp = McpAsk("least recently used entry");
  EXPECT_EQ(mcp.status, 0) << mcp.err;
  EXPECT_NE(mcp.out.find("src/cache.go"), std::string::npos) << mcp.out;
  EXPECT_NE(mcp.out.find("(words only: embedding service " + endpoint), std::string::npos) << mcp.out;

  // What cannot go without meaning fails, naming the endpoint.
  testing::ExpectOneLineError(Scry("ask --mode semantic 'least recently used entry'"), 7, endpoint);
  testing::ExpectOneLineError(Scry("search --hybrid entry"), 7, endpoint);
  testing::RunResult lexical = Scry("ask --mode lexical 'least recently used entry'");
  EXPECT_EQ(lexical.status, 0);
  EXPECT_EQ(lexical.err, "");
}

TEST_F(EmbedUrlTest, BadConfigurationsAreRefusedBeforeAnythingIsIndexed) {
  testing::ExpectOneLineError(Scry("index --embed-url ftp://x --embed-model-name m"), 2, "'ftp://x'");
  EXPECT_FALSE(fs::exists(Store()));
  testing::ExpectOneLineError(Scry("index --embed-url http://127.0.0.1:1"), 2, "--embed-model-name");
  testing::ExpectOneLineError(Scry("index --embed-model-name m"), 2, "--embed-url");
  testing::ExpectOneLineError(Scry("index --embed-url http://127.0.0.1:1 --embed-model-name m --retrain"), 2,
                              "--retrain");
  testing::ExpectOneLineError(
      Scry("index --embed-url http://127.0.0.1:1 --embed-model-name m --embed-batch 0"), 2, "--embed-batch");
  EXPECT_FALSE(fs::exists(Store()));
}

TEST_F(EmbedUrlTest, AnOwnModelReplacesTheEndpoint) {
  ASSERT_EQ(IndexWithServer().status, 0);
  std::string id = ModelId();
  // The tree is too small to train a model: the store is left with none, and forgets the endpoint.
  testing::RunResult own = Scry("index --embed-model unif");
  ASSERT_EQ(own.status, 0) << own.err;
  for (const fs::directory_entry& e : fs::directory_iterator(Vectors()))
    ADD_FAILURE() << "left behind: " << e.path().filename();
  server_->ClearRequests();
  ASSERT_EQ(Scry("index").status, 0);
  EXPECT_TRUE(server_->requests().empty());
  testing::ExpectOneLineError(Scry("ask --mode semantic entry"), 3, "no word-vector model");
}

}  // namespace
}  // namespace scry
