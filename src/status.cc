#include "trawl/status.h"

#include <cstdio>
#include <cstdlib>
#include <ostream>

#include "trawl/result.h"

namespace trawl {

Status::Status(const Status& other)
    : state_(other.state_ ? std::make_unique<State>(*other.state_) : nullptr) {}

Status& Status::operator=(const Status& other) {
  if (this != &other) state_ = other.state_ ? std::make_unique<State>(*other.state_) : nullptr;
  return *this;
}

Status Status::make(Code code, std::string_view message) {
  Status status;
  // An OK code with a message would make ok() lie; callers never mean that.
  status.state_ = std::make_unique<State>(
      State{code == Code::kOk ? Code::kInternal : code, std::string(message)});
  return status;
}

Status Status::invalid_argument(std::string_view message) {
  return make(Code::kInvalidArgument, message);
}
Status Status::not_found(std::string_view message) { return make(Code::kNotFound, message); }
Status Status::corruption(std::string_view message) { return make(Code::kCorruption, message); }
Status Status::io_error(std::string_view message) { return make(Code::kIOError, message); }
Status Status::not_supported(std::string_view message) {
  return make(Code::kNotSupported, message);
}
Status Status::internal(std::string_view message) { return make(Code::kInternal, message); }
Status Status::busy(std::string_view message) { return make(Code::kBusy, message); }

std::string_view Status::code_name(Code code) noexcept {
  switch (code) {
    case Code::kOk: return "OK";
    case Code::kInvalidArgument: return "InvalidArgument";
    case Code::kNotFound: return "NotFound";
    case Code::kCorruption: return "Corruption";
    case Code::kIOError: return "IOError";
    case Code::kNotSupported: return "NotSupported";
    case Code::kInternal: return "Internal";
    case Code::kBusy: return "Busy";
  }
  return "Unknown";
}

std::string Status::to_string() const {
  if (ok()) return "OK";
  std::string text(code_name(state_->code));
  text += ": ";
  text += state_->message;
  return text;
}

Status Status::with_context(std::string_view context) const {
  if (ok()) return {};
  std::string message(context);
  message += ": ";
  message += state_->message;
  return make(state_->code, message);
}

std::ostream& operator<<(std::ostream& out, const Status& status) {
  return out << status.to_string();
}

namespace detail {
void die_on_bad_result_access(const Status& status) noexcept {
  std::fprintf(stderr, "trawl: value() of a failed Result: %s\n", status.to_string().c_str());
  std::abort();
}
}  // namespace detail

}  // namespace trawl
