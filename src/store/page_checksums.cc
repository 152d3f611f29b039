#include "store/page_checksums.h"

#include <algorithm>

#include "util/varint.h"

namespace trawl::store_internal {
namespace {

constexpr unsigned kMinPageShift = 6;
constexpr unsigned kMaxPageShift = 30;

std::uint32_t low_half(std::uint64_t checksum) { return static_cast<std::uint32_t>(checksum); }

std::uint64_t page_count(std::uint64_t body_size, unsigned shift) {
  return (body_size + (std::uint64_t{1} << shift) - 1) >> shift;
}

}  // namespace

void PageChecksumWriter::update(std::string_view data) {
  constexpr std::uint64_t kPage = std::uint64_t{1} << kPageShift;
  while (!data.empty()) {
    const auto take = static_cast<std::size_t>(std::min<std::uint64_t>(kPage - page_fill_, data.size()));
    page_.update(data.data(), take);
    page_fill_ += take;
    data.remove_prefix(take);
    if (page_fill_ == kPage) end_page();
  }
}

void PageChecksumWriter::end_page() {
  util::put_fixed32(table_, low_half(page_.digest()));
  page_.reset();
  page_fill_ = 0;
}

std::string PageChecksumWriter::finish(std::uint64_t body_bytes) {
  if (page_fill_ > 0) end_page();
  std::string tail = std::move(table_);
  util::put_fixed64(tail, body_bytes);
  util::put_fixed32(tail, kPageShift);
  util::put_fixed32(tail, low_half(util::checksum(tail.data(), tail.size())));
  return tail;
}

Result<std::shared_ptr<const PageChecks>> PageChecks::paged(std::string name,
                                                            std::string_view framed) {
  auto damaged = [&](std::string_view what) {
    return Status::corruption(name + ": " + std::string(what) + " (the file is damaged)");
  };
  if (framed.size() < kPageTrailerSize) return damaged("page table missing");
  const auto* trailer =
      reinterpret_cast<const std::uint8_t*>(framed.data()) + framed.size() - kPageTrailerSize;
  const std::uint64_t body_size = util::load_fixed64(trailer);
  const std::uint32_t shift = util::load_fixed32(trailer + 8);
  const std::uint64_t room = framed.size() - kPageTrailerSize;
  if (shift < kMinPageShift || shift > kMaxPageShift || body_size > room ||
      page_count(body_size, shift) * 4 != room - body_size) {
    return damaged("page table does not match the body");
  }
  const std::string_view tail = framed.substr(static_cast<std::size_t>(body_size));
  if (low_half(util::checksum(tail.data(), tail.size() - 4)) != util::load_fixed32(trailer + 12)) {
    return damaged("page table fails its checksum");
  }
  std::shared_ptr<PageChecks> checks(new PageChecks());
  checks->name_ = std::move(name);
  checks->covered_ = framed.substr(0, static_cast<std::size_t>(body_size));
  checks->table_ = reinterpret_cast<const std::uint8_t*>(tail.data());
  checks->body_size_ = body_size;
  checks->shift_ = shift;
  checks->verified_ =
      std::make_unique<std::atomic<std::uint64_t>[]>((page_count(body_size, shift) + 63) / 64);
  return std::shared_ptr<const PageChecks>(std::move(checks));
}

std::shared_ptr<const PageChecks> PageChecks::whole(std::string name, std::string_view covered,
                                                    std::uint64_t checksum,
                                                    std::uint64_t body_size) {
  std::shared_ptr<PageChecks> checks(new PageChecks());
  checks->name_ = std::move(name);
  checks->covered_ = covered;
  checks->whole_checksum_ = checksum;
  checks->body_size_ = body_size;
  checks->verified_ = std::make_unique<std::atomic<std::uint64_t>[]>(1);
  return checks;
}

Status PageChecks::verify_range(std::uint64_t begin, std::uint64_t end) const {
  if (end > body_size_) {
    return Status::corruption(name_ + ": bytes " + std::to_string(begin) + ".." +
                              std::to_string(end) + " lie outside the body of " +
                              std::to_string(body_size_) + " bytes (the file is damaged)");
  }
  const std::uint64_t last = (end - 1) >> shift_;
  for (std::uint64_t page = begin >> shift_; page <= last; ++page) {
    if (!is_verified(page)) TRAWL_RETURN_IF_ERROR(verify_page(page));
  }
  return {};
}

Status PageChecks::verify_page(std::uint64_t page) const {
  if (table_ == nullptr) {
    if (util::checksum(covered_.data(), covered_.size()) != whole_checksum_) {
      return Status::corruption(name_ + ": checksum mismatch (the file is damaged)");
    }
  } else {
    const std::uint64_t begin = page << shift_;
    const std::string_view bytes =
        covered_.substr(static_cast<std::size_t>(begin), std::size_t{1} << shift_);
    if (low_half(util::checksum(bytes.data(), bytes.size())) != util::load_fixed32(table_ + 4 * page)) {
      return Status::corruption(name_ + ": page " + std::to_string(page) + " (body bytes " +
                                std::to_string(begin) + ".." +
                                std::to_string(begin + bytes.size()) +
                                ") fails its checksum (the file is damaged)");
    }
  }
  verified_[page >> 6].fetch_or(std::uint64_t{1} << (page & 63), std::memory_order_release);
  return {};
}

}  // namespace trawl::store_internal
