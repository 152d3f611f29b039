#include "index/deletions.h"

#include <bit>

#include "store/file_format.h"
#include "util/varint.h"

namespace trawl::index_internal {
namespace {
constexpr std::string_view kDeletesKind = "DELS";
constexpr std::uint32_t kDeletesVersion = 1;
}  // namespace

Status DeletionSet::write(Directory& directory, const std::string& name,
                          const std::string& identity) const {
  TRAWL_ASSIGN_OR_RETURN(auto file, store_internal::FileWriter::create(directory, name,
                                                                       kDeletesKind,
                                                                       kDeletesVersion,
                                                                       {identity, false}));
  std::string body;
  util::put_fixed32(body, doc_count_);
  for (std::uint64_t word : words_) util::put_fixed64(body, word);
  TRAWL_RETURN_IF_ERROR(file.append(body));
  return file.finish();
}

Result<std::shared_ptr<const DeletionSet>> DeletionSet::read(Directory& directory,
                                                             const std::string& name,
                                                             std::uint32_t doc_count,
                                                             const std::string& identity) {
  TRAWL_ASSIGN_OR_RETURN(auto file, store_internal::open_framed(directory, name, kDeletesKind,
                                                                kDeletesVersion, true));
  if (!identity.empty()) TRAWL_RETURN_IF_ERROR(store_internal::expect_identity(file, identity, "MANIFEST"));
  auto set = std::make_shared<DeletionSet>(doc_count);
  if (file.body.size() != 4 + set->words_.size() * 8 ||
      util::load_fixed32(file.body_begin()) != doc_count) {
    return Status::corruption(name + ": size does not match the segment's document count");
  }
  for (std::size_t i = 0; i < set->words_.size(); ++i) {
    set->words_[i] = util::load_fixed64(file.body_begin() + 4 + 8 * i);
    set->count_ += static_cast<std::uint32_t>(std::popcount(set->words_[i]));
  }
  if (doc_count % 64 != 0 && !set->words_.empty() &&
      (set->words_.back() >> (doc_count % 64)) != 0) {
    return Status::corruption(name + ": deletes documents past the segment's end");
  }
  return std::shared_ptr<const DeletionSet>(std::move(set));
}

}  // namespace trawl::index_internal
