#include "app/http_server.h"

#include <httplib.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include "app/http_parameters.h"
#include "util/error.h"

namespace scry {

namespace {

// A query longer than this is refused before it is parsed (the request line allows 8 KiB).
constexpr size_t kMaxQueryBytes = 2048;
constexpr uint64_t kMaxResults = 500;

void Reply(httplib::Response& response, int status, const nlohmann::ordered_json& body) {
  response.status = status;
  // Indexed content need not be UTF-8: show what is not as U+FFFD rather than fail.
  response.set_content(body.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace),
                       "application/json");
}

void ReplyError(httplib::Response& response, int status, const std::string& message) {
  Reply(response, status, {{"error", message}});
}

int StatusOf(const Error& error) {
  if (dynamic_cast<const TimeLimitError*>(&error)) return 504;
  if (dynamic_cast<const UnknownPathError*>(&error) || error.code() == ExitCode::kNoStore) return 404;
  return error.code() == ExitCode::kBadInput ? 400 : 500;
}

std::string Query(const HttpParameters& parameters) {
  std::string query = parameters.Text("q");
  if (query.empty()) throw Error(ExitCode::kBadInput, "parameter 'q' is required");
  if (query.size() > kMaxQueryBytes) {
    throw Error(ExitCode::kBadInput,
                "parameter 'q' is longer than " + std::to_string(kMaxQueryBytes) + " bytes");
  }
  return query;
}

// A path relative to the indexed root, as results print it.  Anything else is refused before the index
// is asked (which would not find it either).
std::string IndexedPath(const HttpParameters& parameters) {
  std::string path = parameters.Text("path");
  if (path.empty()) throw Error(ExitCode::kBadInput, "parameter 'path' is required");
  std::filesystem::path p(path);
  bool climbs = false;
  for (const auto& part : p) climbs |= part == "..";
  if (p.is_absolute() || climbs) {
    throw Error(ExitCode::kBadInput, "parameter 'path' must be relative to the indexed root, without '..'");
  }
  return path;
}

// What cpp-httplib refused a request for, when it answers by itself.
std::string ErrorMessage(const httplib::Request& request, int status) {
  switch (status) {
    case 404:
      return "no endpoint " + request.path +
             " (GET /api/search, /api/symbols, /api/file, /api/snapshots, /healthz)";
    case 414:
      return "the request line is longer than 8 KiB";
    case 413:
      return "the request has a body: the API takes GET requests with a query string";
    default:
      return "HTTP status " + std::to_string(status) + " for " + request.method + " " + request.path;
  }
}

using Handler = std::function<nlohmann::ordered_json(const httplib::Params& params)>;

httplib::Server::Handler Endpoint(Handler handler) {
  return [handler = std::move(handler)](const httplib::Request& request, httplib::Response& response) {
    try {
      Reply(response, 200, handler(request.params));
    } catch (const Error& e) {
      ReplyError(response, StatusOf(e), e.what());
    }
  };
}

}  // namespace

void ServeHttp(Service& service, const HttpOptions& options, std::FILE* log) {
  httplib::Server server;
  server.new_task_queue = [threads = options.threads] { return new httplib::ThreadPool(threads); };
  server.set_payload_max_length(64 << 10);  // GET only: no body worth reading
  server.set_read_timeout(std::chrono::seconds(10));
  // A response goes out in two writes (headers, body): with Nagle's algorithm the second waits for
  // the client's delayed ACK of the first, 40 ms on Linux, which was every request's median.
  server.set_tcp_nodelay(true);
  // SO_REUSEADDR, not cpp-httplib's SO_REUSEPORT, with which a second server would share the port.
  server.set_socket_options([](int socket) {
    int yes = 1;
    setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });

  server.Get("/api/search", Endpoint([&](const httplib::Params& given) {
               HttpParameters p(given, {"q", "rev", "max_results", "offset"});
               return service.Search({.query = Query(p),
                                      .rev = p.Text("rev"),
                                      .max_results = p.Number("max_results", 50, 1, kMaxResults),
                                      .offset = p.Number("offset", 0, 0, UINT32_MAX),
                                      .time_limit = options.time_limit});
             }));
  server.Get(
      "/api/symbols", Endpoint([&](const httplib::Params& given) {
        HttpParameters p(given, {"q", "kinds", "lang", "rev", "max_results"});
        std::string kinds = p.Text("kinds");  // comma-separated, as ParseSymbolKinds reads it
        return service.Symbols({.query = Query(p),
                                .kinds = kinds.empty() ? std::vector<std::string>{} : std::vector{kinds},
                                .lang = p.Text("lang"),
                                .rev = p.Text("rev"),
                                .max_results = p.Number("max_results", 50, 1, kMaxResults)});
      }));
  server.Get(
      "/api/file", Endpoint([&](const httplib::Params& given) {
        HttpParameters p(given, {"path", "rev", "start_line", "end_line"});
        return service.Read({.path = IndexedPath(p),
                             .rev = p.Text("rev"),
                             .start_line = static_cast<uint32_t>(p.Number("start_line", 1, 1, UINT32_MAX)),
                             .end_line = static_cast<uint32_t>(p.Number("end_line", 0, 0, UINT32_MAX))});
      }));
  server.Get("/api/snapshots", Endpoint([&](const httplib::Params& given) {
               HttpParameters(given, {});  // refuses any parameter
               return service.Snapshots();
             }));
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    Reply(response, 200, {{"status", "ok"}});
  });
  // Statuses cpp-httplib sets itself (404 for no route, 414, 400 for a malformed request) get a JSON body.
  server.set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty()) return;
    ReplyError(response, response.status, ErrorMessage(request, response.status));
  });
  server.set_exception_handler(
      [](const httplib::Request&, httplib::Response& response, std::exception_ptr error) {
        std::string message = "internal error";
        try {
          std::rethrow_exception(error);
        } catch (const std::exception& e) {
          message = e.what();
        } catch (...) {
        }
        ReplyError(response, 500, message);
      });

  int port =
      options.address.port == 0
          ? server.bind_to_any_port(options.address.host)
          : (server.bind_to_port(options.address.host, options.address.port) ? options.address.port : -1);
  if (port < 0) {
    throw Error(ExitCode::kIo, "cannot listen on " + options.address.host + ":" +
                                   std::to_string(options.address.port) + " (in use, or not this machine's)");
  }
  std::string host = options.address.host.find(':') == std::string::npos ? options.address.host
                                                                         : "[" + options.address.host + "]";
  std::fprintf(log, "listening on %s:%d\n", host.c_str(), port);
  std::fflush(log);
  if (!server.listen_after_bind())
    throw Error(ExitCode::kIo, "the server stopped: " + std::string(strerror(errno)));
}

}  // namespace scry
