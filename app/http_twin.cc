// The scry-http side of app/http_twin.h: HTTP models are asked here.
#include "app/http_twin.h"

#include <memory>

#include "indexer/embeddings.h"
#include "indexer/http_embedder.h"

namespace scry {

void SetUpHttp(int, char**) {
  SetHttpEmbedderOpener([](const HttpEmbedderConfig& endpoint) -> std::unique_ptr<Embedder> {
    return std::make_unique<HttpEmbedder>(endpoint);
  });
}

}  // namespace scry
