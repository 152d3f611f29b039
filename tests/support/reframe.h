// Damage the checksums cannot see: a file rewritten with a new body but the kind, version,
// flags and identity of the file it replaces, and correct page and file checksums. Real damage
// gets past a 32-bit page checksum once in 2^32; tests and fuzzers use this to reach the
// decoders behind the checksums, which must still fail cleanly.
#ifndef TRAWL_TESTS_SUPPORT_REFRAME_H_
#define TRAWL_TESTS_SUPPORT_REFRAME_H_

#include <string>
#include <string_view>

#include "store/file_format.h"
#include "trawl/store/directory.h"
#include "util/varint.h"

namespace trawl::test {

/// The body of framed file `name` (whatever its kind), or an error if it is not one.
inline Result<std::string> framed_body(Directory& directory, const std::string& name) {
  TRAWL_ASSIGN_OR_RETURN(auto file, directory.open(name));
  const std::string_view bytes = file->bytes();
  if (bytes.size() < store_internal::kHeaderSize) return Status::corruption(name + ": too short");
  TRAWL_ASSIGN_OR_RETURN(auto framed,
                         store_internal::open_framed(directory, name, bytes.substr(4, 4),
                                                     UINT32_MAX, false));
  return std::string(framed.body);
}

/// Replaces framed file `name`'s body by `body`, keeping its header and writing valid checksums.
inline Status reframe(Directory& directory, const std::string& name, std::string_view body) {
  std::string header;
  {
    TRAWL_ASSIGN_OR_RETURN(auto file, directory.open(name));
    header = std::string(file->bytes().substr(0, store_internal::kHeaderSize +
                                                     store_internal::kIdentitySize));
  }
  if (header.size() < store_internal::kHeaderSize) return Status::corruption(name + ": too short");
  const auto* head = reinterpret_cast<const std::uint8_t*>(header.data());
  const std::uint32_t flags = util::load_fixed32(head + 12);
  store_internal::FileOptions options;
  if ((flags & store_internal::kHasIdentity) != 0 && header.size() >= 32) {
    options.identity = header.substr(store_internal::kHeaderSize, store_internal::kIdentitySize);
  }
  options.paged = (flags & store_internal::kHasPageTable) != 0;
  TRAWL_ASSIGN_OR_RETURN(auto writer,
                         store_internal::FileWriter::create(directory, name, header.substr(4, 4),
                                                            util::load_fixed32(head + 8), options));
  TRAWL_RETURN_IF_ERROR(writer.append(body));
  return writer.finish();
}

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_REFRAME_H_
