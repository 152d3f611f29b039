#include <cstddef>
#include <memory>

#include "trawl/analysis/token_filter.h"

namespace trawl {
namespace {

class LengthFilter final : public TokenFilter {
 public:
  explicit LengthFilter(std::size_t max_bytes) : max_bytes_(max_bytes) {}
  bool apply(Token& token) override {
    return !token.term.empty() && token.term.size() <= max_bytes_;
  }
  std::unique_ptr<TokenFilter> clone() const override {
    return std::make_unique<LengthFilter>(max_bytes_);
  }

 private:
  std::size_t max_bytes_;
};

}  // namespace

std::unique_ptr<TokenFilter> make_length_filter(std::size_t max_bytes) {
  return std::make_unique<LengthFilter>(max_bytes);
}

}  // namespace trawl
