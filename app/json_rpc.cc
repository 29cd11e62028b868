#include "app/json_rpc.h"

#include <cstring>
#include <optional>

namespace scry {

namespace {

// Messages larger than this are refused without being buffered whole (a runaway client).
constexpr size_t kMaxMessageBytes = 64u << 20;

std::optional<std::string> ReadLine(std::FILE* in) {
  std::string line;
  for (int c; (c = std::fgetc(in)) != EOF;) {
    if (c == '\n') return line;
    if (line.size() < kMaxMessageBytes) line += static_cast<char>(c);
  }
  if (line.empty()) return std::nullopt;
  return line;
}

// One LSP message: headers up to an empty line, then Content-Length bytes.  nullopt at the end.
std::optional<std::string> ReadFramed(std::FILE* in) {
  size_t length = SIZE_MAX;
  for (;;) {
    std::optional<std::string> header = ReadLine(in);
    if (!header) return std::nullopt;
    if (!header->empty() && header->back() == '\r') header->pop_back();
    if (header->empty()) break;
    constexpr std::string_view kLength = "content-length:";
    if (header->size() > kLength.size() &&
        strncasecmp(header->c_str(), kLength.data(), kLength.size()) == 0) {
      length = std::strtoull(header->c_str() + kLength.size(), nullptr, 10);
    }
  }
  if (length == SIZE_MAX || length > kMaxMessageBytes) return std::string();  // answered as a parse error
  std::string body(length, '\0');
  if (std::fread(body.data(), 1, length, in) != length) return std::nullopt;
  return body;
}

void Write(std::FILE* out, Framing framing, const nlohmann::json& message) {
  std::string text = message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  if (framing == Framing::kContentLength) {
    std::fprintf(out, "Content-Length: %zu\r\n\r\n", text.size());
    std::fwrite(text.data(), 1, text.size(), out);
  } else {
    std::fwrite(text.data(), 1, text.size(), out);
    std::fputc('\n', out);
  }
  std::fflush(out);
}

nlohmann::json ErrorResponse(const nlohmann::json& id, int code, const std::string& message) {
  return {{"jsonrpc", "2.0"}, {"id", id}, {"error", {{"code", code}, {"message", message}}}};
}

}  // namespace

void ServeJsonRpc(std::FILE* in, std::FILE* out, Framing framing, const JsonRpcHandler& handler) {
  for (bool stop = false; !stop;) {
    std::optional<std::string> text = framing == Framing::kLines ? ReadLine(in) : ReadFramed(in);
    if (!text) return;
    if (framing == Framing::kLines && text->find_first_not_of(" \t\r") == std::string::npos) continue;
    nlohmann::json message = nlohmann::json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (message.is_discarded()) {
      Write(out, framing, ErrorResponse(nullptr, kParseError, "not JSON"));
      continue;
    }
    if (!message.is_object() || !message.contains("method") || !message["method"].is_string()) {
      // A response to a request of ours (we send none) or garbage: only the latter is answered.
      if (!message.is_object() || (!message.contains("result") && !message.contains("error"))) {
        Write(out, framing, ErrorResponse(nullptr, kInvalidRequest, "not a JSON-RPC request"));
      }
      continue;
    }
    JsonRpcCall call{message["method"].get<std::string>(), message.value("params", nlohmann::json()),
                     !message.contains("id")};
    nlohmann::json id = message.value("id", nlohmann::json());
    try {
      nlohmann::json result = handler(call, &stop);
      if (!call.notification) Write(out, framing, {{"jsonrpc", "2.0"}, {"id", id}, {"result", result}});
    } catch (const JsonRpcError& e) {
      if (!call.notification) Write(out, framing, ErrorResponse(id, e.code(), e.what()));
    } catch (const std::exception& e) {
      if (!call.notification) Write(out, framing, ErrorResponse(id, kInternalError, e.what()));
    }
  }
}

}  // namespace scry
