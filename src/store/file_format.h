// The frame every trawl file shares: a 16-byte header naming the file's kind and format
// version, the body, and a 24-byte footer with the body's length and an XXH3-64 checksum of
// everything before the footer. See docs/format/framing.md.
//
//   header: "TRWL" | kind (4 ASCII bytes) | format version u32 LE | reserved u32 (0)
//   footer: checksum u64 LE | file length before the footer u64 LE | "LWRT" | version u32 LE
#ifndef TRAWL_SRC_STORE_FILE_FORMAT_H_
#define TRAWL_SRC_STORE_FILE_FORMAT_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "trawl/result.h"
#include "trawl/store/directory.h"
#include "util/checksum.h"

namespace trawl::store_internal {

inline constexpr std::size_t kHeaderSize = 16;
inline constexpr std::size_t kFooterSize = 24;

/// Writes one framed file: header at construction time, body by append(), footer by finish().
/// Buffers appends, so small writes are cheap. Status is sticky: after a failure every call
/// returns it, and finish() reports it.
class FileWriter {
 public:
  /// REQUIRES: kind.size() == 4.
  static Result<FileWriter> create(Directory& directory, std::string_view name,
                                   std::string_view kind, std::uint32_t version);

  FileWriter(FileWriter&&) noexcept = default;
  FileWriter& operator=(FileWriter&&) noexcept = default;
  ~FileWriter() = default;

  Status append(std::string_view data);
  /// Bytes written so far, header included (the offset of the next append).
  std::uint64_t position() const noexcept { return position_; }
  /// Writes the footer, syncs and closes the file.
  Status finish();

  const std::string& name() const noexcept { return name_; }

 private:
  FileWriter(std::unique_ptr<OutputFile> file, std::string name, std::uint32_t version);
  Status flush();

  std::unique_ptr<OutputFile> file_;
  std::string name_;
  std::string buffer_;
  util::StreamingChecksum checksum_;
  std::uint32_t version_;
  std::uint64_t position_ = 0;
  Status status_;
};

/// An opened, validated file: the whole mapping and its body.
struct FramedFile {
  std::shared_ptr<const ReadableFile> file;
  std::string_view body;  // between header and footer; points into file->bytes()
  std::uint32_t version = 0;
  /// The full mapping ends kFooterSize bytes after the body: decoders may over-read into it.
  const std::uint8_t* body_begin() const {
    return reinterpret_cast<const std::uint8_t*>(body.data());
  }
  const std::uint8_t* body_end() const { return body_begin() + body.size(); }
  const std::uint8_t* mapping_end() const { return body_end() + kFooterSize; }
};

/// Opens `name`, checks header and footer (magic, kind, version <= max_version, length), and if
/// `verify_checksum` the checksum. Corruption naming the file and the defect otherwise;
/// NotSupported for a newer version.
Result<FramedFile> open_framed(Directory& directory, std::string_view name, std::string_view kind,
                               std::uint32_t max_version, bool verify_checksum);

/// Recomputes the checksum of an opened file. Corruption on mismatch.
Status verify_checksum(const FramedFile& file);

}  // namespace trawl::store_internal

#endif  // TRAWL_SRC_STORE_FILE_FORMAT_H_
