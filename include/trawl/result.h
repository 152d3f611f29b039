// Result<T>: a value of type T or the Status that explains why there is none.
//
// The member names follow std::expected (has_value, value, error, operator*, operator->) so that
// moving to C++23 is mechanical. Accessing the value of a failed Result is a caller bug: it
// aborts with the message in every build mode, rather than reading garbage.
//
// Example:
//   trawl::Result<trawl::Analyzer> analyzer = trawl::Analyzer::standard("en");
//   if (!analyzer) return analyzer.error();
//   auto tokens = analyzer->analyze("Peace talks");
//
// Thread-safety: a value type; as safe as T.
#ifndef TRAWL_RESULT_H_
#define TRAWL_RESULT_H_

#include <type_traits>
#include <utility>
#include <variant>

#include "trawl/status.h"

namespace trawl {
namespace detail {
/// Aborts the process with `status` printed; used when a failed Result's value is accessed.
[[noreturn]] TRAWL_EXPORT void die_on_bad_result_access(const Status& status) noexcept;
}  // namespace detail

template <class T>
class [[nodiscard]] Result {
  static_assert(!std::is_same_v<std::decay_t<T>, Status>, "Result<Status> makes no sense");

 public:
  using value_type = T;

  /// A Result holding `value`.
  template <class U = T,
            class = std::enable_if_t<std::is_constructible_v<T, U&&> &&
                                     !std::is_same_v<std::decay_t<U>, Status> &&
                                     !std::is_same_v<std::decay_t<U>, Result>>>
  Result(U&& value) : storage_(std::in_place_index<1>, std::forward<U>(value)) {}  // NOLINT

  /// A failed Result. REQUIRES: !status.ok().
  Result(Status status) : storage_(std::in_place_index<0>, std::move(status)) {  // NOLINT
    if (std::get<0>(storage_).ok()) {
      storage_.template emplace<0>(Status::internal("Result constructed from an OK Status"));
    }
  }

  bool has_value() const noexcept { return storage_.index() == 1; }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & { check(); return std::get<1>(storage_); }
  const T& value() const& { check(); return std::get<1>(storage_); }
  // On an rvalue the value is moved out into a new object rather than referenced, unlike
  // std::expected: `for (auto& x : f().value())` then iterates a live object instead of one
  // destroyed with the temporary Result (a bug this API made easy; the move costs nothing).
  T value() && { check(); return std::get<1>(std::move(storage_)); }

  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  /// The failure. REQUIRES: !has_value() (an OK Status is returned otherwise).
  const Status& error() const& noexcept {
    static const Status kOk;  // immutable; returned only on misuse
    return has_value() ? kOk : std::get<0>(storage_);
  }
  /// The failure as a Status, or OK when there is a value; handy with TRAWL_RETURN_IF_ERROR.
  Status status() const { return has_value() ? Status() : std::get<0>(storage_); }

  template <class U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<1>(storage_) : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  void check() const {
    if (!has_value()) detail::die_on_bad_result_access(std::get<0>(storage_));
  }

  std::variant<Status, T> storage_;
};

}  // namespace trawl

#define TRAWL_DETAIL_CONCAT_INNER(a, b) a##b
#define TRAWL_DETAIL_CONCAT(a, b) TRAWL_DETAIL_CONCAT_INNER(a, b)
#define TRAWL_DETAIL_ASSIGN_OR_RETURN(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.has_value()) return tmp.error();           \
  lhs = std::move(tmp).value()

/// Evaluates `expr` (a Result); on failure returns its Status from the enclosing function,
/// otherwise moves the value into `lhs` (which may be a declaration: `auto x`).
#define TRAWL_ASSIGN_OR_RETURN(lhs, expr) \
  TRAWL_DETAIL_ASSIGN_OR_RETURN(TRAWL_DETAIL_CONCAT(trawl_result_, __LINE__), lhs, expr)

#endif  // TRAWL_RESULT_H_
