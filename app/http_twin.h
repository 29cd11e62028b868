// scry and scry-http: one program (app/main.cc) built as two executables (CMakeLists.txt).
//
// scry-http links cpp-httplib, for `scry serve`'s server and for embedding with an HTTP model
// (indexer/http_embedder.h).  Debian's cpp-httplib is a shared library that loads OpenSSL, Kerberos,
// zlib and Brotli: 3.5 ms of dynamic linking at every start, which a search, a symbol lookup or a git
// hook should not pay.  So `scry` links none of it and, for what needs it, becomes scry-http: it
// executes the scry-http beside it with its own command line, unchanged, and that runs the same
// command from the start.  `serve` and `mcp` (a server that may embed a question at any request) do
// so at once; any other command when it opens an HTTP model: `index --embed-url`, or `index`, `ask`,
// `context`, `search --hybrid` and `eval` in a store whose model is one.  Each opens its model before
// it writes or prints anything, so that nothing is done twice.
//
// An exec rather than a helper process on a pipe: nothing to design, start, feed or stop; the
// command runs whole in one process, and only commands that go to the network anyway pay the 3.5 ms.
#pragma once

namespace scry {

// Called by main first.  In scry-http, lets OpenHttpEmbedder (indexer/embeddings.h) make an
// HttpEmbedder; in scry, makes it execute scry-http instead.
void SetUpHttp(int argc, char** argv);

}  // namespace scry
