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
  for (const auto& filter : filters_) adds_forms_ = adds_forms_ || filter->adds_forms();
}

TokenStream::TokenStream(TokenStream&&) noexcept = default;
TokenStream& TokenStream::operator=(TokenStream&&) noexcept = default;
TokenStream::~TokenStream() = default;

void TokenStream::reset(std::string_view text) {
  tokenizer_->reset(text);
  ready_size_ = ready_at_ = 0;
  colocated_ = false;
}

bool TokenStream::advance() {
  if (adds_forms_) return advance_with_forms();
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

TokenStream::Form& TokenStream::add_form(std::vector<Form>& forms, std::size_t& size) {
  if (size == forms.size()) forms.emplace_back();
  return forms[size++];
}

// Runs `token` through the filters from `stage` on, noting its surface on the way and queueing
// the forms filters add to it. False if a filter drops it.
bool TokenStream::run(std::size_t stage, Token& token, std::string& surface) {
  for (std::size_t i = stage; i < filters_.size(); ++i) {
    if (i == rewriter_ && keep_surfaces_) surface.assign(token.term);
    if (!filters_[i]->apply(token)) return false;
    if (!filters_[i]->adds_forms()) continue;
    added_.clear();
    filters_[i]->add_forms(token, added_);
    for (std::size_t f = 0; f < added_.size(); ++f) {
      Form& form = add_form(work_, work_size_);
      form.stage = i + 1;
      form.term.assign(added_[f]);
    }
  }
  // A form added after the filter that rewrites words is its own surface.
  if (stage > rewriter_ && keep_surfaces_) surface.assign(token.term);
  return true;
}

bool TokenStream::advance_with_forms() {
  if (ready_at_ < ready_size_) {
    Form& form = ready_[ready_at_++];
    token_.term.swap(form.term);
    surface_.swap(form.surface);
    colocated_ = true;
    return true;
  }
  colocated_ = false;
  while (tokenizer_->advance(token_)) {
    work_size_ = ready_size_ = ready_at_ = 0;
    const bool kept = run(0, token_, surface_);
    // Forms may add forms of their own: work_ grows while it is read.
    for (std::size_t w = 0; w < work_size_; ++w) {
      scratch_.term.assign(work_[w].term);
      scratch_.position = token_.position;
      scratch_.byte_begin = token_.byte_begin;
      scratch_.byte_end = token_.byte_end;
      if (!run(work_[w].stage, scratch_, scratch_surface_)) continue;
      if (kept && scratch_.term == token_.term) continue;
      bool seen = false;
      for (std::size_t r = 0; r < ready_size_ && !seen; ++r) seen = ready_[r].term == scratch_.term;
      if (seen) continue;
      Form& form = add_form(ready_, ready_size_);
      form.term.assign(scratch_.term);
      form.surface.assign(scratch_surface_);
    }
    if (kept) return true;
    if (ready_size_ == 0) continue;
    // The token was dropped after it gave forms: its first form stands at its position.
    Form& form = ready_[ready_at_++];
    token_.term.swap(form.term);
    surface_.swap(form.surface);
    return true;
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
