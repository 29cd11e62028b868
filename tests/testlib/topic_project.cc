#include "tests/testlib/topic_project.h"

#include <cctype>
#include <random>
#include <string>
#include <vector>

namespace scry::testing {

const std::vector<std::vector<std::string>> kTopics = {
    {"retry", "backoff", "attempt", "wait", "delay", "transient", "failure", "again", "jitter", "timeout"},
    {"parse", "config", "yaml", "setting", "option", "value", "key", "section", "file", "default"},
    {"compress", "gzip", "header", "stream", "deflate", "checksum", "block", "archive", "byte", "level"},
    {"cache", "evict", "entry", "lru", "capacity", "hit", "miss", "expire", "store", "size"},
    {"token", "auth", "login", "password", "session", "user", "credential", "secret", "verify", "hash"},
};

std::string RandomWords(std::mt19937& rng, const std::vector<std::string>& topic, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) {
    if (i) out += ' ';
    out += topic[rng() % topic.size()];
  }
  return out;
}

std::string CamelCase(const std::string& a, const std::string& b) {
  std::string out = a + b;
  out[a.size()] = static_cast<char>(std::toupper(out[a.size()]));
  return out;
}

void WriteTopicProject(const TempTree& tree) {
  std::mt19937 rng(7);
  for (int f = 0; f < 300; ++f) {
    const std::vector<std::string>& topic = kTopics[f % kTopics.size()];
    std::string text = "package p" + std::to_string(f) + "\n\n";
    for (int fn = 0; fn < 5; ++fn) {
      std::string name =
          CamelCase(topic[rng() % topic.size()], topic[rng() % topic.size()]) + std::to_string(f * 5 + fn);
      text += "// " + name + " " + RandomWords(rng, topic, 14) + ".\n";
      text += "func " + name + "(" + topic[rng() % topic.size()] + " int) int {\n";
      text += '\t';
      text +=
          CamelCase(topic[rng() % topic.size()], "count") + " := " + topic[rng() % topic.size()] + "\n\t// ";
      text += RandomWords(rng, topic, 8) + "\n\treturn 0\n}\n\n";
    }
    tree.Write("src/f" + std::to_string(f) + ".go", text);
  }
  tree.Write(
      "src/sleep.go",
      "package p\n\n// jitteredPause sleeps exponentially longer after each failed attempt, with\n"
      "// random jitter, before the transient failure is tried again.\nfunc jitteredPause(n int) int {\n"
      "\treturn n * 2\n}\n");
}

}  // namespace scry::testing
