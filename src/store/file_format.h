// The frame every trawl file shares: a header naming the file's kind, format version and (for a
// segment's files) the segment's identity, the body, for files read piecemeal a page table
// (store/page_checksums.h), and a 24-byte footer with the file's length and an XXH3-64 checksum
// of everything before the footer. See docs/format/framing.md.
//
//   header: "TRWL" | kind (4 ASCII bytes) | format version u32 LE | flags u32 LE |
//           identity (16 bytes, if flags & kHasIdentity)
//   footer: checksum u64 LE | file length before the footer u64 LE | "LWRT" | version u32 LE
#ifndef TRAWL_SRC_STORE_FILE_FORMAT_H_
#define TRAWL_SRC_STORE_FILE_FORMAT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "trawl/result.h"
#include "trawl/store/directory.h"
#include "store/page_checksums.h"
#include "util/checksum.h"

namespace trawl::store_internal {

inline constexpr std::size_t kHeaderSize = 16;  // without the identity
inline constexpr std::size_t kIdentitySize = 16;
inline constexpr std::size_t kFooterSize = 24;
/// Header flags. Files written before flags existed have 0 there (the field was reserved).
inline constexpr std::uint32_t kHasIdentity = 1;
inline constexpr std::uint32_t kHasPageTable = 2;

/// How a file is framed beyond kind and version.
struct FileOptions {
  /// kIdentitySize bytes naming the segment the file belongs to, or empty: a file swapped in
  /// from another segment or index is recognised by it.
  std::string identity;
  /// Per-page checksums, for files whose readers decode pieces without reading the whole.
  bool paged = false;
  /// finish() syncs the file. Off for files made visible before they must be durable (a
  /// near-real-time segment): whoever commits them syncs them with Directory::sync_file().
  bool sync = true;
};

/// A new random identity (kIdentitySize bytes).
std::string new_identity();

/// Writes one framed file: header at construction time, body by append(), footer by finish().
/// Buffers appends, so small writes are cheap. Status is sticky: after a failure every call
/// returns it, and finish() reports it.
class FileWriter {
 public:
  /// REQUIRES: kind.size() == 4; options.identity empty or kIdentitySize bytes.
  static Result<FileWriter> create(Directory& directory, std::string_view name,
                                   std::string_view kind, std::uint32_t version,
                                   const FileOptions& options = {});

  FileWriter(FileWriter&&) noexcept = default;
  FileWriter& operator=(FileWriter&&) noexcept = default;
  ~FileWriter() = default;

  /// Appends to the body.
  Status append(std::string_view data);
  /// Bytes of body appended so far (the body offset of the next append).
  std::uint64_t body_position() const noexcept { return body_bytes_; }
  /// Writes the page table if any and the footer, syncs (unless options said not to) and
  /// closes the file.
  Status finish();

  const std::string& name() const noexcept { return name_; }

 private:
  FileWriter(std::unique_ptr<OutputFile> file, std::string name, std::uint32_t version, bool paged,
             bool sync);
  Status write(std::string_view data);  // header, body or tail
  Status flush();

  std::unique_ptr<OutputFile> file_;
  std::string name_;
  std::string buffer_;
  util::StreamingChecksum checksum_;
  std::unique_ptr<PageChecksumWriter> pages_;  // null unless paged
  std::uint32_t version_;
  bool sync_;
  std::uint64_t body_bytes_ = 0;
  std::uint64_t written_ = 0;  // bytes before the footer
  Status status_;
};

/// An opened, validated file: the whole mapping and its body.
struct FramedFile {
  std::shared_ptr<const ReadableFile> file;
  std::string_view body;  // between header and page table or footer; points into file->bytes()
  std::uint32_t version = 0;
  std::string identity;   // kIdentitySize bytes, or empty for a file written without one
  /// How bytes not verified at open are verified before use; null when the whole file was.
  std::shared_ptr<const PageChecks> pages;

  /// OK if body bytes [begin, end) are intact (see PageChecks::verify); decoders call it before
  /// they read a piece of a file opened unverified.
  Status verify(std::uint64_t begin, std::uint64_t end) const {
    return pages ? pages->verify(begin, end) : Status();
  }
  /// The same for the bytes [begin, end) of the body, given as pointers into it.
  Status verify(const std::uint8_t* begin, const std::uint8_t* end) const {
    return verify(static_cast<std::uint64_t>(begin - body_begin()),
                  static_cast<std::uint64_t>(end - body_begin()));
  }
  /// The full mapping ends kFooterSize bytes after the body: decoders may over-read into it.
  const std::uint8_t* body_begin() const {
    return reinterpret_cast<const std::uint8_t*>(body.data());
  }
  const std::uint8_t* body_end() const { return body_begin() + body.size(); }
  const std::uint8_t* mapping_end() const { return body_end() + kFooterSize; }
};

/// Opens `name`, checks header and footer (magic, kind, version <= max_version, flags, length,
/// page table), and if `verify_checksum` the checksum; otherwise `pages` verifies the bytes as
/// they are used. Corruption naming the file and the defect otherwise; NotSupported for a newer
/// version.
Result<FramedFile> open_framed(Directory& directory, std::string_view name, std::string_view kind,
                               std::uint32_t max_version, bool verify_checksum);

/// Corruption naming `file` unless its header carries `expected`, the identity `recorded_by`
/// (e.g. "MANIFEST") gives its segment: a file from another segment or index.
Status expect_identity(const FramedFile& file, std::string_view expected,
                       std::string_view recorded_by);

/// Recomputes the checksum of an opened file, every byte of it. Corruption on mismatch.
Status verify_checksum(const FramedFile& file);

}  // namespace trawl::store_internal

#endif  // TRAWL_SRC_STORE_FILE_FORMAT_H_
