// Status: the outcome of a fallible trawl operation.
//
// trawl never throws (except std::bad_alloc): a missing file, a corrupt index, a malformed query
// or an unknown language are ordinary outcomes, so they are part of the signature. A Status is
// either OK (and then costs one null pointer) or carries a code and a message that names what
// failed and where, e.g. "analyzer: unknown language 'xx' (known: arabic/ar, ...)".
//
// Thread-safety: a Status is a value; distinct objects may be used from distinct threads, and a
// const Status may be read from several threads at once.
#ifndef TRAWL_STATUS_H_
#define TRAWL_STATUS_H_

#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>

#include "trawl/export.h"

namespace trawl {

class [[nodiscard]] TRAWL_EXPORT Status {
 public:
  /// What kind of failure a Status reports.
  enum class Code : std::uint8_t {
    kOk = 0,
    kInvalidArgument = 1,  ///< The caller passed something unusable (bad option, bad query).
    kNotFound = 2,         ///< A named thing (file, document, field) does not exist.
    kCorruption = 3,       ///< Data on disk is damaged, truncated or not trawl's.
    kIOError = 4,          ///< The operating system refused an operation (disk full, ...).
    kNotSupported = 5,     ///< Valid but not handled by this version (e.g. a newer format).
    kInternal = 6,         ///< A library trawl depends on failed unexpectedly.
    kBusy = 7,             ///< Held by someone else right now (another writer's lock): retry later.
  };

  /// An OK status.
  Status() noexcept = default;
  Status(const Status& other);
  Status& operator=(const Status& other);
  Status(Status&& other) noexcept = default;
  Status& operator=(Status&& other) noexcept = default;
  ~Status() = default;

  static Status invalid_argument(std::string_view message);
  static Status not_found(std::string_view message);
  static Status corruption(std::string_view message);
  static Status io_error(std::string_view message);
  static Status not_supported(std::string_view message);
  static Status internal(std::string_view message);
  static Status busy(std::string_view message);
  /// A status with `code` and `message`. REQUIRES: code != Code::kOk.
  static Status make(Code code, std::string_view message);

  bool ok() const noexcept { return state_ == nullptr; }
  Code code() const noexcept { return state_ ? state_->code : Code::kOk; }
  bool is_invalid_argument() const noexcept { return code() == Code::kInvalidArgument; }
  bool is_not_found() const noexcept { return code() == Code::kNotFound; }
  bool is_corruption() const noexcept { return code() == Code::kCorruption; }
  bool is_io_error() const noexcept { return code() == Code::kIOError; }
  bool is_not_supported() const noexcept { return code() == Code::kNotSupported; }
  bool is_internal() const noexcept { return code() == Code::kInternal; }
  bool is_busy() const noexcept { return code() == Code::kBusy; }

  /// The message without the code; empty when OK. Valid while this Status lives unchanged.
  std::string_view message() const noexcept {
    return state_ ? std::string_view(state_->message) : std::string_view();
  }

  /// "OK", or the code's name, ": " and the message, e.g. "Corruption: segment_3.post: ...".
  std::string to_string() const;

  /// A copy whose message is prefixed with `context` and ": ", to say where a lower-level
  /// failure happened ("opening index /srv/idx: ..."). OK stays OK.
  Status with_context(std::string_view context) const;

  /// The name of a code, e.g. "InvalidArgument".
  static std::string_view code_name(Code code) noexcept;

 private:
  struct State {
    Code code;
    std::string message;
  };
  std::unique_ptr<State> state_;  // null means OK
};

/// Prints `status.to_string()`.
TRAWL_EXPORT std::ostream& operator<<(std::ostream& out, const Status& status);

}  // namespace trawl

/// Returns the Status of `expr` from the enclosing function when it is not OK.
#define TRAWL_RETURN_IF_ERROR(expr)                  \
  do {                                               \
    ::trawl::Status trawl_status_ = (expr);          \
    if (!trawl_status_.ok()) return trawl_status_;   \
  } while (false)

#endif  // TRAWL_STATUS_H_
