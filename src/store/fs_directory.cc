// The filesystem Directory: POSIX files, mmap for reading, flock for the writer lock (released
// by the kernel when the holder dies, so a stale lock needs no cleanup).
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <vector>

#include "store/directory_util.h"
#include "trawl/store/directory.h"

namespace trawl {
namespace {

Status errno_status(std::string_view what, const std::string& path, int error) {
  std::string message(what);
  message += " ";
  message += path;
  message += ": ";
  message += std::strerror(error);
  if (error == ENOENT) return Status::not_found(message);
  return Status::io_error(message);
}

// Closes a descriptor on scope exit.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  int get() const { return fd_; }
  int release() { return std::exchange(fd_, -1); }

 private:
  int fd_;
};

// fsync of a directory: makes the names in it (new files, renames, new folders) durable.
Status sync_directory(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (fd.get() < 0) return errno_status("opening directory", path, errno);
  if (::fsync(fd.get()) != 0) return errno_status("syncing directory", path, errno);
  return {};
}

class FsOutputFile final : public OutputFile {
 public:
  FsOutputFile(int fd, std::string path) : fd_(fd), path_(std::move(path)) {}
  ~FsOutputFile() override {
    if (fd_ >= 0) ::close(fd_);
  }

  Status append(std::string_view data) override {
    if (fd_ < 0) return Status::io_error("append to closed file " + path_);
    while (!data.empty()) {
      const ssize_t written = ::write(fd_, data.data(), data.size());
      if (written < 0) {
        if (errno == EINTR) continue;
        return errno_status("writing", path_, errno);
      }
      size_ += static_cast<std::uint64_t>(written);
      data.remove_prefix(static_cast<std::size_t>(written));
    }
    return {};
  }

  Status sync() override {
    if (fd_ < 0) return Status::io_error("sync of closed file " + path_);
    if (::fdatasync(fd_) != 0) return errno_status("syncing", path_, errno);
    return {};
  }

  Status close() override {
    if (fd_ < 0) return {};
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0) return errno_status("closing", path_, errno);
    return {};
  }

  std::uint64_t size() const override { return size_; }

 private:
  int fd_;
  std::string path_;
  std::uint64_t size_ = 0;
};

class MappedFile final : public ReadableFile {
 public:
  MappedFile(std::string name, void* data, std::size_t size)
      : name_(std::move(name)), data_(data), size_(size) {}
  ~MappedFile() override {
    if (data_ != nullptr) ::munmap(data_, size_);
  }
  std::string_view bytes() const override {
    return {static_cast<const char*>(data_), data_ == nullptr ? 0 : size_};
  }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  void* data_;  // null for an empty file (mmap rejects length 0)
  std::size_t size_;
};

class FsLock final : public DirectoryLock {
 public:
  explicit FsLock(int fd) : fd_(fd) {}
  ~FsLock() override {
    ::flock(fd_, LOCK_UN);
    ::close(fd_);
  }

 private:
  int fd_;
};

class FsDirectory final : public Directory {
 public:
  explicit FsDirectory(std::filesystem::path path) : path_(std::move(path)) {}

  Result<std::unique_ptr<OutputFile>> create(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    const std::string path = full(name);
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return errno_status("creating", path, errno);
    return std::unique_ptr<OutputFile>(std::make_unique<FsOutputFile>(fd, path));
  }

  Result<std::shared_ptr<const ReadableFile>> open(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    const std::string path = full(name);
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return errno_status("opening", path, errno);
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0) return errno_status("reading the size of", path, errno);
    const auto size = static_cast<std::size_t>(info.st_size);
    void* data = nullptr;
    if (size > 0) {
      data = ::mmap(nullptr, size, PROT_READ, MAP_SHARED, fd.get(), 0);
      if (data == MAP_FAILED) return errno_status("mapping", path, errno);
    }
    return std::shared_ptr<const ReadableFile>(
        std::make_shared<MappedFile>(std::string(name), data, size));
  }

  Result<std::vector<std::string>> list() override {
    std::vector<std::string> names;
    std::error_code error;
    for (const auto& entry : std::filesystem::directory_iterator(path_, error)) {
      if (entry.is_regular_file(error)) names.push_back(entry.path().filename().string());
    }
    if (error) return Status::io_error("listing " + path_.string() + ": " + error.message());
    std::sort(names.begin(), names.end());
    return names;
  }

  Status remove(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    const std::string path = full(name);
    if (::unlink(path.c_str()) != 0) return errno_status("removing", path, errno);
    return {};
  }

  Status rename(std::string_view from, std::string_view to) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(from));
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(to));
    const std::string source = full(from);
    if (::rename(source.c_str(), full(to).c_str()) != 0) {
      return errno_status("renaming", source + " to " + std::string(to), errno);
    }
    return {};
  }

  Status sync() override { return sync_directory(path_.string()); }

  Status sync_file(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    const std::string path = full(name);
    // fsync through a read-only descriptor: Linux syncs the file's data whatever the mode.
    Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return errno_status("opening", path, errno);
    if (::fdatasync(fd.get()) != 0) return errno_status("syncing", path, errno);
    return {};
  }

  Result<std::unique_ptr<DirectoryLock>> lock(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    const std::string path = full(name);
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
    if (fd.get() < 0) return errno_status("creating lock file", path, errno);
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
      if (errno == EWOULDBLOCK) {
        return Status::busy(path + " is locked: another writer has this index open");
      }
      return errno_status("locking", path, errno);
    }
    return std::unique_ptr<DirectoryLock>(std::make_unique<FsLock>(fd.release()));
  }

  std::string description() const override { return path_.string(); }

 private:
  std::string full(std::string_view name) const { return (path_ / std::string(name)).string(); }

  std::filesystem::path path_;
};

}  // namespace

OutputFile::~OutputFile() = default;
ReadableFile::~ReadableFile() = default;
DirectoryLock::~DirectoryLock() = default;
Directory::~Directory() = default;

Result<std::unique_ptr<Directory>> open_fs_directory(const std::string& path,
                                                     bool create_if_missing) {
  std::error_code error;
  const std::filesystem::path dir(path);
  if (!std::filesystem::exists(dir, error)) {
    if (!create_if_missing) return Status::not_found("index directory " + path + " does not exist");
    // The folders that do not exist yet, outermost first: each is made, then its parent synced,
    // so a power loss cannot forget a new index whose commits were acknowledged.
    std::vector<std::filesystem::path> missing;
    for (std::filesystem::path p = std::filesystem::absolute(dir, error);
         !p.empty() && !std::filesystem::exists(p, error); p = p.parent_path()) {
      missing.push_back(p);
      if (p == p.parent_path()) break;
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      if (::mkdir(it->c_str(), 0755) != 0 && errno != EEXIST) {
        return errno_status("creating directory", it->string(), errno);
      }
      TRAWL_RETURN_IF_ERROR(sync_directory(it->parent_path().string()));
    }
  }
  if (!std::filesystem::is_directory(dir, error)) {
    return Status::io_error(path + " is not a directory");
  }
  return std::unique_ptr<Directory>(std::make_unique<FsDirectory>(dir));
}

}  // namespace trawl
