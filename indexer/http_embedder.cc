#include "indexer/http_embedder.h"

#include <httplib.h>
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <nlohmann/json.hpp>
#include <thread>
#include <utility>

#include "util/error.h"

namespace scry {

namespace {

using nlohmann::json;

constexpr size_t kMaxModelChars = 64;  // of the model name in model_id()
constexpr size_t kBodyExcerpt = 200;   // bytes of an error answer quoted in the message

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i]) return false;
  }
  return true;
}

// The start of an answer's body on one line: control characters become spaces.
std::string Excerpt(const std::string& body) {
  std::string out = body.substr(0, kBodyExcerpt);
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = ' ';
  }
  size_t end = out.find_last_not_of(' ');
  out.erase(end == std::string::npos ? 0 : end + 1);
  if (out.empty()) return "(empty body)";
  if (body.size() > kBodyExcerpt) out += "...";
  return out;
}

std::string DescribeFailure(httplib::Error error, std::chrono::milliseconds timeout) {
  std::string limit = std::to_string(timeout.count()) + " ms";
  switch (error) {
    case httplib::Error::Connection:
      return "cannot connect";
    case httplib::Error::ConnectionTimeout:
      return "no connection within " + limit;
    case httplib::Error::Read:
      return "no answer within " + limit + ", or the connection closed";
    case httplib::Error::Write:
      return "sending the request failed within " + limit;
    case httplib::Error::SSLConnection:
      return "the TLS handshake failed";
    case httplib::Error::SSLServerVerification:
      return "the server's TLS certificate did not verify";
    default:
      return "request failed: " + httplib::to_string(error);
  }
}

bool Retryable(httplib::Error error) {
  return error == httplib::Error::Connection || error == httplib::Error::ConnectionTimeout ||
         error == httplib::Error::Read || error == httplib::Error::Write;
}

void Normalize(std::vector<float>& v) {
  double sum = 0;
  for (float x : v) sum += static_cast<double>(x) * x;
  if (sum == 0) return;
  double scale = 1 / std::sqrt(sum);
  for (float& x : v) x = static_cast<float>(x * scale);
}

}  // namespace

HttpEmbedder::HttpEmbedder(HttpEmbedderConfig config) : config_(std::move(config)) {
  std::string shown = config_.url;  // in messages, without a password
  auto bad = [&](const std::string& what) {
    throw Error(ExitCode::kBadInput,
                "embedding service '" + shown + "' (model " + config_.model + "): " + what);
  };
  std::string_view url = config_.url;
  std::string scheme;
  if (StartsWithNoCase(url, "http://")) {
    scheme = "http";
  } else if (StartsWithNoCase(url, "https://")) {
    scheme = "https";
#ifndef CPPHTTPLIB_OPENSSL_SUPPORT
    bad("https is not supported by this build (cpp-httplib without OpenSSL): use http://");
#endif
  } else {
    bad("the URL must start with http:// or https://");
  }
  url.remove_prefix(scheme.size() + 3);
  if (url.find_first_of("?#") != std::string_view::npos) bad("a query or fragment is not supported");
  size_t slash = url.find('/');
  std::string authority(url.substr(0, slash));
  std::string prefix(slash == std::string_view::npos ? "" : url.substr(slash));
  if (size_t at = authority.rfind('@'); at != std::string::npos) {
    shown = scheme + "://...@" + std::string(url.substr(at + 1));
    bad("credentials in the URL are not supported: set the " + config_.api_key_env + " variable");
  }
  size_t bracket = authority.rfind(']');
  size_t colon = authority.find(':', bracket == std::string::npos ? 0 : bracket);
  std::string host = authority.substr(0, colon);
  if (host.empty() || host == "[]") bad("no host");
  if (colon != std::string::npos) {
    std::string port = authority.substr(colon + 1);
    if (port.empty() || port.size() > 5 ||
        !std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; }) ||
        std::stoi(port) == 0 || std::stoi(port) > 65535) {
      bad("bad port '" + port + "'");
    }
  }
  while (!prefix.empty() && prefix.back() == '/') prefix.pop_back();
  bool has_v1 = prefix.size() >= 3 && prefix.compare(prefix.size() - 3, 3, "/v1") == 0;
  path_ = prefix + (has_v1 ? "/embeddings" : "/v1/embeddings");
  endpoint_ = scheme + "://" + authority + path_;

  if (config_.model.empty()) bad("no model named");
  if (config_.batch_size == 0) bad("the batch size must be at least 1");
  if (config_.max_attempts < 1) bad("the number of attempts must be at least 1");

  std::string sanitized = config_.model.substr(0, kMaxModelChars);
  for (char& c : sanitized) {
    bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.';
    if (!ok) c = '-';
  }
  std::string keyed = endpoint_ + '\n' + config_.model;
  char hash[9];
  std::snprintf(hash, sizeof hash, "%08x",
                static_cast<unsigned>(XXH3_64bits(keyed.data(), keyed.size()) & 0xffffffffu));
  model_id_ = "http-" + sanitized + "-" + hash;

  if (const char* key = std::getenv(config_.api_key_env.c_str())) api_key_ = key;
  dimension_ = config_.expected_dimension;

  client_ = std::make_unique<httplib::Client>(scheme + "://" + authority);
  client_->set_connection_timeout(config_.timeout);
  client_->set_read_timeout(config_.timeout);
  client_->set_write_timeout(config_.timeout);
}

HttpEmbedder::~HttpEmbedder() = default;

std::string HttpEmbedder::model_id() const { return model_id_; }

uint32_t HttpEmbedder::dimension() const { return dimension_; }

void HttpEmbedder::Fail(const std::string& what) const {
  throw Error(ExitCode::kEmbedding,
              "embedding service " + endpoint_ + " (model " + config_.model + "): " + what);
}

std::vector<std::vector<float>> HttpEmbedder::Embed(const std::vector<std::string>& texts) {
  std::vector<std::vector<float>> out(texts.size());
  std::vector<std::string> batch;
  std::vector<size_t> positions;  // of the batch's texts in `texts`
  auto flush = [&] {
    std::vector<std::vector<float>> vectors = EmbedBatch(batch);
    for (size_t i = 0; i < positions.size(); ++i) out[positions[i]] = std::move(vectors[i]);
    batch.clear();
    positions.clear();
  };
  for (size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].empty()) continue;
    batch.push_back(texts[i]);
    positions.push_back(i);
    if (batch.size() == config_.batch_size) flush();
  }
  if (!batch.empty()) flush();
  for (size_t i = 0; i < texts.size(); ++i) {
    if (texts[i].empty()) out[i].assign(dimension_, 0.0f);
  }
  return out;
}

std::vector<std::vector<float>> HttpEmbedder::EmbedBatch(std::span<const std::string> texts) {
  json request = {{"model", config_.model}, {"input", texts}};
  // Source files are not always UTF-8: invalid bytes are sent as U+FFFD rather than refused.
  std::string body = request.dump(-1, ' ', false, json::error_handler_t::replace);
  httplib::Headers headers;
  if (!api_key_.empty()) headers.emplace("Authorization", "Bearer " + api_key_);

  std::chrono::milliseconds backoff = config_.first_backoff;
  std::string failure;
  for (int attempt = 1; attempt <= config_.max_attempts; ++attempt) {
    if (attempt > 1) {
      std::this_thread::sleep_for(backoff);
      backoff *= 2;
    }
    httplib::Result result = client_->Post(path_, headers, body, "application/json");
    if (!result) {
      if (!Retryable(result.error())) Fail(DescribeFailure(result.error(), config_.timeout));
      failure = DescribeFailure(result.error(), config_.timeout);
      continue;
    }
    int status = result->status;
    if (status >= 200 && status < 300) {
      std::vector<std::vector<float>> vectors = ParseAnswer(result->body, texts.size());
      for (std::vector<float>& v : vectors) Normalize(v);
      return vectors;
    }
    std::string what = "HTTP " + std::to_string(status) + ": " + Excerpt(result->body);
    if (status != 429 && status < 500) Fail(what);
    failure = what;
  }
  Fail("gave up after " + std::to_string(config_.max_attempts) +
       (config_.max_attempts == 1 ? " attempt" : " attempts") + ", the last: " + failure);
}

std::vector<std::vector<float>> HttpEmbedder::ParseAnswer(const std::string& body, size_t count) {
  json answer = json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (answer.is_discarded()) Fail("the answer is not JSON: " + Excerpt(body));
  if (!answer.is_object() || !answer.contains("data") || !answer["data"].is_array()) {
    Fail("the answer has no \"data\" array: " + Excerpt(body));
  }
  const json& data = answer["data"];
  if (data.size() != count) {
    Fail("the answer has " + std::to_string(data.size()) + " vectors for " + std::to_string(count) +
         " texts");
  }
  std::vector<std::vector<float>> vectors(count);
  std::vector<bool> seen(count, false);
  uint32_t dimension = dimension_;
  for (size_t i = 0; i < data.size(); ++i) {
    const json& item = data[i];
    std::string where = "data[" + std::to_string(i) + "]";
    if (!item.is_object() || !item.contains("index") || !item["index"].is_number_integer()) {
      Fail(where + " has no integer \"index\"");
    }
    int64_t index = item["index"].get<int64_t>();
    if (index < 0 || static_cast<uint64_t>(index) >= count || seen[static_cast<size_t>(index)]) {
      Fail(where + " has index " + std::to_string(index) + ", out of range or repeated");
    }
    seen[static_cast<size_t>(index)] = true;
    if (!item.contains("embedding") || !item["embedding"].is_array()) {
      Fail(where + " has no \"embedding\" array");
    }
    const json& embedding = item["embedding"];
    if (embedding.empty()) Fail(where + " has an empty embedding");
    if (dimension == 0) dimension = static_cast<uint32_t>(embedding.size());
    if (embedding.size() != dimension) {
      Fail(where + " has " + std::to_string(embedding.size()) +
           " dimensions where the model's vectors have " + std::to_string(dimension));
    }
    std::vector<float>& v = vectors[static_cast<size_t>(index)];
    v.reserve(dimension);
    for (size_t j = 0; j < embedding.size(); ++j) {
      const json& x = embedding[j];
      double d = x.is_number() ? x.get<double>() : std::numeric_limits<double>::quiet_NaN();
      if (!std::isfinite(d) || std::abs(d) > std::numeric_limits<float>::max()) {
        Fail(where + ".embedding[" + std::to_string(j) + "] is not a float: " + x.dump());
      }
      v.push_back(static_cast<float>(d));
    }
  }
  dimension_ = dimension;
  return vectors;
}

}  // namespace scry
