// JSON-RPC 2.0 over a byte stream, as the Model Context Protocol and the Language Server Protocol
// use it over stdio: MCP frames a message as one line of JSON, LSP with a `Content-Length` header.
//
// The loop reads a message, hands a request or notification to the handler, and writes the
// response of a request (a notification gets none).  A handler's JsonRpcError becomes an error
// response with its code; a malformed message gets a parse or invalid-request error; the loop goes
// on until the input ends or the handler says to stop.  Output is flushed per message.
#pragma once

#include <cstdio>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

namespace scry {

enum class Framing { kLines, kContentLength };

// Error codes of the JSON-RPC specification.
enum JsonRpcCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kInternalError = -32603,
};

class JsonRpcError : public std::runtime_error {
 public:
  JsonRpcError(int code, const std::string& message) : std::runtime_error(message), code_(code) {}
  int code() const { return code_; }

 private:
  int code_;
};

struct JsonRpcCall {
  std::string method;
  nlohmann::json params;  // null if absent
  bool notification = false;
};

// Returns the result of a request (ignored for a notification); throws JsonRpcError to refuse it.
// Setting *stop ends the loop after this message is answered.
using JsonRpcHandler = std::function<nlohmann::json(const JsonRpcCall& call, bool* stop)>;

void ServeJsonRpc(std::FILE* in, std::FILE* out, Framing framing, const JsonRpcHandler& handler);

}  // namespace scry
