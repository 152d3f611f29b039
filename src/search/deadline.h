// Deadline: SearchOptions::timeout. The clock is read every 1024 checks, cheap enough to check
// at every candidate.
#ifndef TRAWL_SRC_SEARCH_DEADLINE_H_
#define TRAWL_SRC_SEARCH_DEADLINE_H_

#include <chrono>
#include <cstdint>

namespace trawl::search_internal {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Deadline(std::chrono::nanoseconds timeout)
      : enabled_(timeout.count() > 0),
        at_(enabled_ ? Clock::now() + std::chrono::duration_cast<Clock::duration>(timeout)
                     : Clock::time_point{}) {}
  /// Whether time is up, looking at the clock now and then.
  bool expired() {
    if (!enabled_ || expired_) return expired_;
    if ((++checks_ & 1023u) != 0) return false;
    return now_expired();
  }
  /// Whether time is up, looking at the clock.
  bool now_expired() {
    if (enabled_ && !expired_) expired_ = Clock::now() >= at_;
    return expired_;
  }
  bool hit() const { return expired_; }

 private:
  bool enabled_;
  Clock::time_point at_;
  std::uint32_t checks_ = 0;
  bool expired_ = false;
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_DEADLINE_H_
