// A Directory that can lose power: it keeps, beside what its users see, what a disk would still
// hold if the machine died at that moment — the bytes of a file up to its last fsync (by
// OutputFile::sync or Directory::sync_file), under the names that the last directory sync made
// durable (a creation, rename or removal since is undone). crash_at(n) makes operation n (1 =
// the next one) the moment the power goes: from it on every operation fails, and image()
// returns a fresh memory Directory holding what survived, for the index to be opened from.
// The worst case of POSIX semantics, as LevelDB's and RocksDB's fault-injection environments
// model it: nothing unsynced survives.
#ifndef TRAWL_TESTS_SUPPORT_POWER_LOSS_DIRECTORY_H_
#define TRAWL_TESTS_SUPPORT_POWER_LOSS_DIRECTORY_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "trawl/store/directory.h"

namespace trawl::test {

class PowerLossDirectory final : public Directory {
 public:
  PowerLossDirectory() : state_(std::make_shared<State>()) {}

  /// The power goes at operation `n` counted from now (1 = the next one); 0 never.
  void crash_at(std::uint64_t n) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->crash_at = n == 0 ? 0 : state_->operations + n;
  }
  /// Whether the power went.
  bool crashed() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->crashed;
  }
  /// What a disk holds after the crash (or now, if there was none): a new memory Directory.
  std::shared_ptr<Directory> image() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::shared_ptr<Directory> disk = make_mem_directory();
    for (const auto& [name, data] : state_->durable_names) {
      auto file = disk->create(name).value();
      (void)file->append(std::string_view(data->bytes).substr(0, data->synced));
      (void)file->close();
    }
    return disk;
  }

  Result<std::unique_ptr<OutputFile>> create(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("create", name));
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto data = std::make_shared<Data>();
    state_->names[std::string(name)] = data;
    return std::unique_ptr<OutputFile>(new File(state_, std::string(name), std::move(data)));
  }
  Result<std::shared_ptr<const ReadableFile>> open(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("open", name));
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->names.find(name);
    if (it == state_->names.end()) return Status::not_found("no file " + std::string(name));
    return std::shared_ptr<const ReadableFile>(
        std::make_shared<Readable>(std::string(name), it->second->bytes));
  }
  Result<std::vector<std::string>> list() override {
    TRAWL_RETURN_IF_ERROR(step("list", ""));
    std::lock_guard<std::mutex> lock(state_->mutex);
    std::vector<std::string> names;
    for (const auto& [name, data] : state_->names) names.push_back(name);
    return names;
  }
  Status remove(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("remove", name));
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->names.find(name);
    if (it == state_->names.end()) return Status::not_found("no file " + std::string(name));
    state_->names.erase(it);
    return {};
  }
  Status rename(std::string_view from, std::string_view to) override {
    TRAWL_RETURN_IF_ERROR(step("rename", from));
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->names.find(from);
    if (it == state_->names.end()) return Status::not_found("no file " + std::string(from));
    auto data = it->second;
    state_->names.erase(it);
    state_->names[std::string(to)] = std::move(data);
    return {};
  }
  Status sync() override {
    TRAWL_RETURN_IF_ERROR(step("directory sync", ""));
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->durable_names = state_->names;
    return {};
  }
  Status sync_file(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("sync", name));
    std::lock_guard<std::mutex> lock(state_->mutex);
    auto it = state_->names.find(name);
    if (it == state_->names.end()) return Status::not_found("no file " + std::string(name));
    it->second->synced = it->second->bytes.size();
    return {};
  }
  Result<std::unique_ptr<DirectoryLock>> lock(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("lock", name));
    return std::unique_ptr<DirectoryLock>(std::make_unique<Lock>());
  }
  std::string description() const override { return "power-loss memory"; }

 private:
  // A file's contents (an inode): its bytes and how many of them an fsync made durable.
  struct Data {
    std::string bytes;
    std::size_t synced = 0;
  };
  using Names = std::map<std::string, std::shared_ptr<Data>, std::less<>>;
  struct State {
    mutable std::mutex mutex;
    Names names;          // what users see
    Names durable_names;  // the names as of the last directory sync
    std::uint64_t operations = 0;
    std::uint64_t crash_at = 0;
    bool crashed = false;  // from then on every operation fails before it changes anything,
                           // so the durable state stays as the crash left it
  };

  static Status step(const std::shared_ptr<State>& state, const char* what, std::string_view name) {
    std::lock_guard<std::mutex> lock(state->mutex);
    const std::uint64_t n = ++state->operations;
    if (state->crash_at != 0 && n >= state->crash_at) state->crashed = true;
    if (!state->crashed) return {};
    return Status::io_error("power lost: " + std::string(what) + " '" + std::string(name) + "'");
  }
  Status step(const char* what, std::string_view name) { return step(state_, what, name); }

  class Lock final : public DirectoryLock {};

  class Readable final : public ReadableFile {
   public:
    Readable(std::string name, std::string bytes)
        : name_(std::move(name)), bytes_(std::move(bytes)) {}
    std::string_view bytes() const override { return bytes_; }
    const std::string& name() const override { return name_; }

   private:
    std::string name_;
    std::string bytes_;
  };

  class File final : public OutputFile {
   public:
    File(std::shared_ptr<State> state, std::string name, std::shared_ptr<Data> data)
        : state_(std::move(state)), name_(std::move(name)), data_(std::move(data)) {}
    Status append(std::string_view bytes) override {
      TRAWL_RETURN_IF_ERROR(step(state_, "append to", name_));
      std::lock_guard<std::mutex> lock(state_->mutex);
      data_->bytes.append(bytes);
      return {};
    }
    Status sync() override {
      TRAWL_RETURN_IF_ERROR(step(state_, "sync", name_));
      std::lock_guard<std::mutex> lock(state_->mutex);
      data_->synced = data_->bytes.size();
      return {};
    }
    Status close() override { return step(state_, "close", name_); }
    std::uint64_t size() const override {
      std::lock_guard<std::mutex> lock(state_->mutex);
      return data_->bytes.size();
    }

   private:
    std::shared_ptr<State> state_;
    std::string name_;
    std::shared_ptr<Data> data_;
  };

  std::shared_ptr<State> state_;
};

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_POWER_LOSS_DIRECTORY_H_
