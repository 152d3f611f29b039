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
#include <string>
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

  /// Moves to the next token that survives every filter; false at the end or on error. A
  /// token's colocated forms (TokenFilter::add_forms) follow it as tokens of their own at its
  /// position and with its offsets.
  bool advance();

  /// The current token. Valid until the next advance() or reset().
  const Token& token() const noexcept { return token_; }
  /// Whether the current token is a colocated form of the token before it (same position).
  bool colocated() const noexcept { return colocated_; }

  /// OK, or the first error of the tokenizer or a filter since reset(). Check it once when
  /// advance() returns false.
  Status status() const;

  /// Makes advance() keep each token's surface, its term before the first filter that
  /// rewrites words (TokenFilter::rewrites_word): a copy a token, off by default.
  void keep_surfaces(bool keep) noexcept { keep_surfaces_ = keep; }
  /// The current token's surface (its term if no filter rewrote it, or surfaces are not kept).
  /// Valid until the next advance() or reset().
  const std::string& surface() const noexcept {
    return keep_surfaces_ && rewriter_ < filters_.size() ? surface_ : token_.term;
  }
  /// Runs `token`, a surface, through the filters from the first that rewrites words on:
  /// its term becomes the index term of that surface. False if a filter drops it.
  bool rewrite_surface(Token& token);

 private:
  // A term with the filter stage it goes on from, or a colocated form with its surface.
  struct Form {
    std::size_t stage = 0;
    std::string term;
    std::string surface;
  };

  bool run(std::size_t stage, Token& token, std::string& surface);
  bool advance_with_forms();
  Form& add_form(std::vector<Form>& forms, std::size_t& size);

  std::unique_ptr<Tokenizer> tokenizer_;
  std::vector<std::unique_ptr<TokenFilter>> filters_;
  Token token_;
  std::string surface_;
  std::size_t rewriter_ = 0;  // the first filter that rewrites words (filters_.size(): none)
  bool keep_surfaces_ = false;
  bool adds_forms_ = false;  // whether some filter adds colocated forms
  bool colocated_ = false;
  // Colocated forms (kept with their buffers between tokens, so that they do not allocate):
  FormList added_;          // one filter's, for one term
  std::vector<Form> work_;  // terms still to run through the filters after their stage
  std::size_t work_size_ = 0;
  std::vector<Form> ready_;  // the current token's forms still to be read
  std::size_t ready_size_ = 0, ready_at_ = 0;
  Token scratch_;
  std::string scratch_surface_;
};

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_TOKEN_STREAM_H_
