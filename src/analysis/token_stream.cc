#include "trawl/analysis/token_stream.h"

#include <utility>

namespace trawl {

TokenStream::TokenStream(std::unique_ptr<Tokenizer> tokenizer,
                         std::vector<std::unique_ptr<TokenFilter>> filters)
    : tokenizer_(std::move(tokenizer)), filters_(std::move(filters)) {
  rewriter_ = filters_.size();
  for (std::size_t i = 0; i < filters_.size() && rewriter_ == filters_.size(); ++i) {
    if (filters_[i]->rewrites_word()) rewriter_ = i;
  }
}

TokenStream::TokenStream(TokenStream&&) noexcept = default;
TokenStream& TokenStream::operator=(TokenStream&&) noexcept = default;
TokenStream::~TokenStream() = default;

void TokenStream::reset(std::string_view text) { tokenizer_->reset(text); }

bool TokenStream::advance() {
  while (tokenizer_->advance(token_)) {
    bool keep = true;
    for (std::size_t i = 0; i < filters_.size(); ++i) {
      if (i == rewriter_ && keep_surfaces_) surface_.assign(token_.term);
      if (!filters_[i]->apply(token_)) {
        keep = false;
        break;
      }
    }
    if (keep) return true;
  }
  return false;
}

bool TokenStream::rewrite_surface(Token& token) {
  for (std::size_t i = rewriter_; i < filters_.size(); ++i) {
    if (!filters_[i]->apply(token)) return false;
  }
  return true;
}

Status TokenStream::status() const {
  Status status = tokenizer_->status();
  for (const auto& filter : filters_) {
    if (!status.ok()) break;
    status = filter->status();
  }
  return status;
}

}  // namespace trawl
