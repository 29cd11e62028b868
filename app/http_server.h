// `scry serve`: the service of app/service.h as an HTTP JSON API, for web front ends and scripts.
//
//   GET /api/search?q=QUERY&rev=&max_results=&offset=    Service::Search
//   GET /api/symbols?q=NAME&kinds=a,b&lang=&rev=&max_results=   Service::Symbols
//   GET /api/file?path=P&rev=&start_line=&end_line=      Service::Read (files of the index only)
//   GET /api/snapshots                                   Service::Snapshots
//   GET /healthz                                         {"status": "ok"}
//
// Every answer is JSON; a failure is {"error": one line} with 400 (a wrong request), 404 (an unknown
// endpoint, path or revision), 414 (a request line over 8 KiB), 504 (a query over the time limit) or
// 500.  Requests are served by a pool of threads over the shared, thread-safe Service, which picks up
// each newly published snapshot.
#pragma once

#include <chrono>
#include <cstdio>

#include "app/listen_address.h"
#include "app/service.h"

namespace scry {

struct HttpOptions {
  ListenAddress address;
  std::chrono::milliseconds time_limit{2000};  // per search
  unsigned threads = 16;
};

// Binds, prints "listening on HOST:PORT" (the port chosen, for port 0) to `log`, and serves until the
// process ends.  Throws scry::Error(kIo) when the address cannot be bound.
void ServeHttp(Service& service, const HttpOptions& options, std::FILE* log);

}  // namespace scry
