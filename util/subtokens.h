// Identifier subtokens: "http request" should find parseHTTPRequest and http_request_free alike, in
// ranking (query/bm25.h) and in the words that embeddings are trained on (indexer/word_vectors.h).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace scry {

// Walks the lower-cased subtokens of a text: "parseHTTPRequest_v2 foo-bar" gives parse, http,
// request, v2, foo, bar.  A subtoken ends at an ASCII byte that is not a letter or digit, before an
// upper-case letter that follows a lower-case one or a digit (fooBar, utf8Decode), and before the
// last capital of an acronym that starts a capitalised word (HTTPRequest, but not the plural URLs).
// Digits stay with what precedes them (v2, utf8, md5sum).  Bytes of UTF-8 sequences are letters
// without case: they never split a subtoken and are not lower-cased (größe_berechnen gives größe,
// berechnen).  Subtokens under two bytes are dropped, so one non-ASCII character is still one.
class SubtokenSplitter {
 public:
  explicit SubtokenSplitter(std::string_view text) : text_(text) {}

  // The next subtoken; the view lives until the next call.  False at the end of the text.
  bool Next(std::string_view* subtoken);

 private:
  std::string_view text_;
  size_t position_ = 0;
  // Only subtokens with an upper-case letter are copied; the rest are views into the text.
  std::string lowered_;
};

template <typename Fn>
void ForEachSubtoken(std::string_view text, Fn&& fn) {
  SubtokenSplitter splitter(text);
  for (std::string_view subtoken; splitter.Next(&subtoken);) fn(subtoken);
}

// Every subtoken in order, repeats included: BM25 counts them.
std::vector<std::string> Subtokens(std::string_view text);

}  // namespace scry
