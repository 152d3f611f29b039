#include "util/checksum.h"

#define XXH_INLINE_ALL
#include <xxhash.h>

#include <new>

namespace trawl::util {

struct StreamingChecksum::State {
  XXH3_state_t xxh;
};

std::uint64_t checksum(const void* data, std::size_t size) noexcept {
  return XXH3_64bits(data, size);
}

StreamingChecksum::StreamingChecksum() : state_(std::make_unique<State>()) {
  XXH3_64bits_reset(&state_->xxh);
}
StreamingChecksum::~StreamingChecksum() = default;
StreamingChecksum::StreamingChecksum(StreamingChecksum&&) noexcept = default;
StreamingChecksum& StreamingChecksum::operator=(StreamingChecksum&&) noexcept = default;

void StreamingChecksum::update(const void* data, std::size_t size) noexcept {
  XXH3_64bits_update(&state_->xxh, data, size);
}

std::uint64_t StreamingChecksum::digest() const noexcept { return XXH3_64bits_digest(&state_->xxh); }

void StreamingChecksum::reset() noexcept { XXH3_64bits_reset(&state_->xxh); }

}  // namespace trawl::util
