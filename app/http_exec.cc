// The `scry` side of app/http_twin.h: what needs cpp-httplib becomes scry-http, built beside scry,
// and training word vectors, which needs fastText, runs in it.
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "app/commands.h"
#include "app/http_twin.h"
#include "indexer/embeddings.h"
#include "indexer/word_vectors.h"
#include "util/error.h"
#include "util/process.h"

namespace scry {

namespace {

std::vector<std::string>& CommandLine() {
  static std::vector<std::string> argv;
  return argv;
}

// scry-http, beside this executable; empty (with `error` set) if this one cannot be found.
std::filesystem::path HttpTwin(std::error_code& error) {
  std::filesystem::path self = std::filesystem::read_symlink(kSelfExecutable, error);
  return error ? std::filesystem::path() : self.parent_path() / "scry-http";
}

// Executes scry-http with this process's command line; `what` (a command, a model) begins the error
// line if it cannot.
[[noreturn]] void BecomeHttpTwin(const std::string& what) {
  std::error_code error;
  std::filesystem::path twin = HttpTwin(error);
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(twin.c_str()));
  for (size_t i = 1; i < CommandLine().size(); ++i) argv.push_back(CommandLine()[i].data());
  argv.push_back(nullptr);
  std::fflush(nullptr);
  if (!error) execv(twin.c_str(), argv.data());
  throw Error(ExitCode::kIo, what + ": cannot run " + twin.string() +
                                 " (built beside scry): " + (error ? error.message() : std::strerror(errno)));
}

}  // namespace

void SetUpHttp(int argc, char** argv) {
  CommandLine().assign(argv, argv + argc);
  SetHttpEmbedderOpener([](const HttpEmbedderConfig& endpoint) -> std::unique_ptr<Embedder> {
    BecomeHttpTwin("embedding service " + endpoint.url + " (model " + endpoint.model + ")");
  });
}

// `scry-http train-word-vectors` writes the model; its error line, if any, becomes ours.
uint32_t TrainWordVectors(const std::filesystem::path& corpus, const WordVectorOptions& options,
                          const std::filesystem::path& out) {
  std::error_code error;
  std::filesystem::path twin = HttpTwin(error);
  if (error) throw Error(ExitCode::kIo, "training word vectors: cannot find scry-http: " + error.message());
  ProcessResult run = RunProcess(
      twin,
      {twin.string(), "train-word-vectors", corpus.string(), out.string(), "--dimension",
       std::to_string(options.dimension), "--epochs", std::to_string(options.epochs), "--min-count",
       std::to_string(options.min_count), "--window", std::to_string(options.window), "--threads",
       std::to_string(options.threads), "--seed", std::to_string(options.seed)},
      std::filesystem::current_path());
  if (run.status != 0) {
    std::string message = run.output;
    if (message.starts_with("scry: ")) message.erase(0, 6);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    if (message.empty())
      message = twin.string() + " train-word-vectors ended with status " + std::to_string(run.status);
    throw Error(run.status > 0 && run.status < 128 ? static_cast<ExitCode>(run.status) : ExitCode::kIo,
                message);
  }
  return static_cast<uint32_t>(WordVectors(out).vocabulary().size());
}

int RunServe(const ServeCommand&) { BecomeHttpTwin("serve"); }

int RunMcp(const McpCommand&) { BecomeHttpTwin("mcp"); }

}  // namespace scry
