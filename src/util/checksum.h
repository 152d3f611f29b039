// File checksums: XXH3-64 (libxxhash, compiled inline), which runs at memory bandwidth, so
// verifying a whole file costs little more than reading it.
#ifndef TRAWL_SRC_UTIL_CHECKSUM_H_
#define TRAWL_SRC_UTIL_CHECKSUM_H_

#include <cstddef>
#include <cstdint>
#include <memory>

namespace trawl::util {

/// The checksum of `size` bytes at `data`.
std::uint64_t checksum(const void* data, std::size_t size) noexcept;

/// A checksum computed over data that arrives in pieces; equals checksum() of the whole.
class StreamingChecksum {
 public:
  StreamingChecksum();
  ~StreamingChecksum();
  StreamingChecksum(StreamingChecksum&&) noexcept;
  StreamingChecksum& operator=(StreamingChecksum&&) noexcept;

  void update(const void* data, std::size_t size) noexcept;
  std::uint64_t digest() const noexcept;
  /// Starts over, as if newly constructed.
  void reset() noexcept;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace trawl::util

#endif  // TRAWL_SRC_UTIL_CHECKSUM_H_
