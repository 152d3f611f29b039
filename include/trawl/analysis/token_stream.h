// TokenStream: one pass of an Analyzer's chain (tokenizer + filters) over texts, token by token.
//
// A stream owns its own tokenizer and filter state, reuses one Token and its buffers, and so
// does not allocate per token once warmed up. Get one from Analyzer::token_stream() and keep it
// for as many texts as you like.
//
// Example:
//   trawl::TokenStream stream = analyzer.token_stream();
//   stream.reset(text);
//   while (stream.advance()) use(stream.token());
//   if (!stream.status().ok()) report(stream.status());
//
// Thread-safety: a stream is used by one thread at a time; give each thread its own stream.
#ifndef TRAWL_ANALYSIS_TOKEN_STREAM_H_
#define TRAWL_ANALYSIS_TOKEN_STREAM_H_

#include <memory>
#include <string_view>
#include <vector>

#include "trawl/analysis/token.h"
#include "trawl/analysis/token_filter.h"
#include "trawl/analysis/tokenizer.h"
#include "trawl/export.h"
#include "trawl/status.h"

namespace trawl {

class TRAWL_EXPORT TokenStream {
 public:
  /// A stream running `tokenizer` then each of `filters` in order. REQUIRES: tokenizer and
  /// every filter are non-null.
  TokenStream(std::unique_ptr<Tokenizer> tokenizer,
              std::vector<std::unique_ptr<TokenFilter>> filters);
  TokenStream(TokenStream&&) noexcept;
  TokenStream& operator=(TokenStream&&) noexcept;
  ~TokenStream();

  /// Starts over on `text`. `text` must stay alive and unchanged while tokens are read.
  void reset(std::string_view text);

  /// Moves to the next token that survives every filter; false at the end or on error.
  bool advance();

  /// The current token. Valid until the next advance() or reset().
  const Token& token() const noexcept { return token_; }

  /// OK, or the first error of the tokenizer or a filter since reset(). Check it once when
  /// advance() returns false.
  Status status() const;

 private:
  std::unique_ptr<Tokenizer> tokenizer_;
  std::vector<std::unique_ptr<TokenFilter>> filters_;
  Token token_;
};

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_TOKEN_STREAM_H_
