// The in-memory Directory: a map of immutable byte strings behind a mutex.
#include <map>
#include <mutex>
#include <set>

#include "store/directory_util.h"
#include "trawl/store/directory.h"

namespace trawl {
namespace {

struct MemState {
  std::mutex mutex;
  std::map<std::string, std::shared_ptr<const std::string>, std::less<>> files;
  std::set<std::string, std::less<>> locks;
};

class MemReadableFile final : public ReadableFile {
 public:
  MemReadableFile(std::string name, std::shared_ptr<const std::string> data)
      : name_(std::move(name)), data_(std::move(data)) {}
  std::string_view bytes() const override { return *data_; }
  const std::string& name() const override { return name_; }

 private:
  std::string name_;
  std::shared_ptr<const std::string> data_;
};

// Appends go to a private buffer, published to the directory at every append so that a reader
// sees what a crash would leave (everything appended), as with a real file.
class MemOutputFile final : public OutputFile {
 public:
  MemOutputFile(std::shared_ptr<MemState> state, std::string name)
      : state_(std::move(state)), name_(std::move(name)) {}

  Status append(std::string_view data) override {
    if (closed_) return Status::io_error("append to closed file " + name_);
    buffer_.append(data);
    publish();
    return {};
  }
  Status sync() override { return closed_ ? Status::io_error("sync of closed " + name_) : Status(); }
  Status close() override {
    closed_ = true;
    return {};
  }
  std::uint64_t size() const override { return buffer_.size(); }

 private:
  void publish() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->files[name_] = std::make_shared<const std::string>(buffer_);
  }

  std::shared_ptr<MemState> state_;
  std::string name_;
  std::string buffer_;
  bool closed_ = false;
};

class MemLock final : public DirectoryLock {
 public:
  MemLock(std::shared_ptr<MemState> state, std::string name)
      : state_(std::move(state)), name_(std::move(name)) {}
  ~MemLock() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->locks.erase(name_);
  }

 private:
  std::shared_ptr<MemState> state_;
  std::string name_;
};

class MemDirectory final : public Directory {
 public:
  Result<std::unique_ptr<OutputFile>> create(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    {
      std::lock_guard<std::mutex> lock(state_->mutex);
      state_->files[std::string(name)] = std::make_shared<const std::string>();
    }
    return std::unique_ptr<OutputFile>(std::make_unique<MemOutputFile>(state_, std::string(name)));
  }

  Result<std::shared_ptr<const ReadableFile>> open(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->files.find(name);
    if (it == state_->files.end()) return Status::not_found("opening memory:" + std::string(name));
    return std::shared_ptr<const ReadableFile>(
        std::make_shared<MemReadableFile>(std::string(name), it->second));
  }

  Result<std::vector<std::string>> list() override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::vector<std::string> names;
    for (const auto& [name, data] : state_->files) names.push_back(name);
    return names;
  }

  Status remove(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->files.find(name);
    if (it == state_->files.end()) return Status::not_found("removing memory:" + std::string(name));
    state_->files.erase(it);
    return {};
  }

  Status rename(std::string_view from, std::string_view to) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(from));
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(to));
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->files.find(from);
    if (it == state_->files.end()) return Status::not_found("renaming memory:" + std::string(from));
    auto data = it->second;
    state_->files.erase(it);
    state_->files[std::string(to)] = std::move(data);
    return {};
  }

  Status sync() override { return {}; }
  Status sync_file(std::string_view name) override {
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (state_->files.find(name) == state_->files.end()) {
      return Status::not_found("no file " + std::string(name) + " in memory");
    }
    return {};
  }

  Result<std::unique_ptr<DirectoryLock>> lock(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(store_internal::check_file_name(name));
    std::lock_guard<std::mutex> lock(state_->mutex);
    if (!state_->locks.emplace(name).second) {
      return Status::busy("memory:" + std::string(name) +
                                      " is locked: another writer has this index open");
    }
    return std::unique_ptr<DirectoryLock>(std::make_unique<MemLock>(state_, std::string(name)));
  }

  std::string description() const override { return "memory"; }

 private:
  std::shared_ptr<MemState> state_ = std::make_shared<MemState>();
};

}  // namespace

std::unique_ptr<Directory> make_mem_directory() { return std::make_unique<MemDirectory>(); }

}  // namespace trawl
