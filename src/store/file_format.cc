#include "store/file_format.h"

#include <random>
#include <utility>

#include "util/varint.h"

namespace trawl::store_internal {
namespace {

constexpr std::string_view kHeaderMagic = "TRWL";
constexpr std::string_view kFooterMagic = "LWRT";
constexpr std::size_t kBufferBytes = 1 << 16;

Status corrupt(std::string_view name, std::string_view what) {
  return Status::corruption(std::string(name) + ": " + std::string(what));
}

}  // namespace

std::string new_identity() {
  std::random_device entropy;  // the kernel's generator: identities of separate runs differ
  std::string identity;
  while (identity.size() < kIdentitySize) util::put_fixed32(identity, entropy());
  return identity;
}

FileWriter::FileWriter(std::unique_ptr<OutputFile> file, std::string name, std::uint32_t version,
                       bool paged, bool sync)
    : file_(std::move(file)),
      name_(std::move(name)),
      pages_(paged ? std::make_unique<PageChecksumWriter>() : nullptr),
      version_(version),
      sync_(sync) {}

Result<FileWriter> FileWriter::create(Directory& directory, std::string_view name,
                                      std::string_view kind, std::uint32_t version,
                                      const FileOptions& options) {
  TRAWL_ASSIGN_OR_RETURN(auto file, directory.create(name));
  FileWriter writer(std::move(file), std::string(name), version, options.paged, options.sync);
  std::string header(kHeaderMagic);
  header += kind.substr(0, 4);
  header.resize(8, ' ');
  util::put_fixed32(header, version);
  util::put_fixed32(header, (options.identity.empty() ? 0 : kHasIdentity) |
                                (options.paged ? kHasPageTable : 0));
  header += options.identity;
  TRAWL_RETURN_IF_ERROR(writer.write(header));
  return writer;
}

Status FileWriter::append(std::string_view data) {
  if (!status_.ok()) return status_;
  if (pages_) pages_->update(data);
  body_bytes_ += data.size();
  return write(data);
}

Status FileWriter::write(std::string_view data) {
  if (!status_.ok()) return status_;
  checksum_.update(data.data(), data.size());
  written_ += data.size();
  if (data.size() >= kBufferBytes) {  // straight through: a large piece is not copied
    TRAWL_RETURN_IF_ERROR(flush());
    status_ = file_->append(data);
    return status_;
  }
  buffer_.append(data);
  if (buffer_.size() >= kBufferBytes) return flush();
  return {};
}

Status FileWriter::flush() {
  if (!status_.ok()) return status_;
  if (!buffer_.empty()) {
    status_ = file_->append(buffer_);
    buffer_.clear();
  }
  return status_;
}

Status FileWriter::finish() {
  if (pages_) TRAWL_RETURN_IF_ERROR(write(pages_->finish(body_bytes_)));
  if (!status_.ok()) return status_;
  std::string footer;
  util::put_fixed64(footer, checksum_.digest());
  util::put_fixed64(footer, written_);
  footer += kFooterMagic;
  // The footer repeats the header's version, so a file whose head is damaged is still diagnosable.
  util::put_fixed32(footer, version_);
  buffer_ += footer;
  TRAWL_RETURN_IF_ERROR(flush());
  if (sync_) status_ = file_->sync();
  if (status_.ok()) status_ = file_->close();
  return status_;
}

Result<FramedFile> open_framed(Directory& directory, std::string_view name, std::string_view kind,
                               std::uint32_t max_version, bool verify) {
  TRAWL_ASSIGN_OR_RETURN(auto file, directory.open(name));
  const std::string_view bytes = file->bytes();
  if (bytes.size() < kHeaderSize + kFooterSize) {
    return corrupt(name, "truncated: " + std::to_string(bytes.size()) + " bytes, a trawl file has "
                         "at least " + std::to_string(kHeaderSize + kFooterSize));
  }
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  if (bytes.substr(0, 4) != kHeaderMagic) return corrupt(name, "not a trawl file (bad magic)");
  if (bytes.substr(4, 4) != kind.substr(0, 4)) {
    return corrupt(name, "wrong file kind '" + std::string(bytes.substr(4, 4)) + "', expected '" +
                             std::string(kind) + "'");
  }
  const std::uint32_t version = util::load_fixed32(data + 8);
  if (version > max_version) {
    return Status::not_supported(std::string(name) + ": format version " +
                                 std::to_string(version) + " is newer than this trawl reads (" +
                                 std::to_string(max_version) + "); upgrade trawl");
  }
  const std::uint32_t flags = util::load_fixed32(data + 12);
  if ((flags & ~(kHasIdentity | kHasPageTable)) != 0) {
    return corrupt(name, "unknown header flags " + std::to_string(flags));
  }
  const std::size_t header_size = kHeaderSize + ((flags & kHasIdentity) != 0 ? kIdentitySize : 0);
  const std::size_t footer_at = bytes.size() - kFooterSize;
  if (footer_at < header_size) return corrupt(name, "truncated header");
  if (bytes.substr(footer_at + 16, 4) != kFooterMagic) {
    return corrupt(name, "missing footer (truncated or incompletely written)");
  }
  if (util::load_fixed64(data + footer_at + 8) != footer_at) {
    return corrupt(name, "footer records " + std::to_string(util::load_fixed64(data + footer_at + 8)) +
                             " bytes but the file has " + std::to_string(footer_at));
  }
  if (util::load_fixed32(data + footer_at + 20) != version) {
    return corrupt(name, "header and footer disagree on the format version");
  }
  FramedFile framed;
  framed.file = std::move(file);
  framed.body = bytes.substr(header_size, footer_at - header_size);
  framed.version = version;
  if ((flags & kHasIdentity) != 0) framed.identity = std::string(bytes.substr(kHeaderSize, kIdentitySize));
  if (verify) {
    TRAWL_RETURN_IF_ERROR(verify_checksum(framed));
  }
  if ((flags & kHasPageTable) != 0) {
    TRAWL_ASSIGN_OR_RETURN(auto checks, PageChecks::paged(std::string(name), framed.body));
    framed.body = checks->covered();
    if (!verify) framed.pages = std::move(checks);
  } else if (!verify) {
    framed.pages = PageChecks::whole(std::string(name), bytes.substr(0, footer_at),
                                     util::load_fixed64(data + footer_at), framed.body.size());
  }
  return framed;
}

Status expect_identity(const FramedFile& file, std::string_view expected,
                       std::string_view recorded_by) {
  if (file.identity == expected) return {};
  return corrupt(file.file->name(), "belongs to another segment or index (its identity is not the one " +
                                        std::string(recorded_by) + " records)");
}

Status verify_checksum(const FramedFile& file) {
  const std::string_view bytes = file.file->bytes();
  const std::size_t footer_at = bytes.size() - kFooterSize;
  const std::uint64_t stored =
      util::load_fixed64(reinterpret_cast<const std::uint8_t*>(bytes.data()) + footer_at);
  if (util::checksum(bytes.data(), footer_at) != stored) {
    return corrupt(file.file->name(), "checksum mismatch (the file is damaged)");
  }
  return {};
}

}  // namespace trawl::store_internal
