// A Directory that fails on command, in the manner of LevelDB's fault-injection environment and
// SQLite's I/O-error tests: it wraps another Directory, numbers every operation (create, append,
// file sync, close, open — the mmap —, list, remove, rename, directory sync, lock), and makes
// operation N fail with an IOError naming it, once (a transient error) or from N on (a full disk:
// ENOSPC until space is freed). Appends can fail short: part of the data is written first.
#ifndef TRAWL_TESTS_SUPPORT_FAULT_DIRECTORY_H_
#define TRAWL_TESTS_SUPPORT_FAULT_DIRECTORY_H_

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>

#include "trawl/store/directory.h"

namespace trawl::test {

class FaultDirectory final : public Directory {
 public:
  enum class Mode {
    kOnce,        ///< only operation N fails
    kFromThenOn,  ///< N and every later operation fail (a full disk)
  };

  explicit FaultDirectory(std::shared_ptr<Directory> base)
      : base_(std::move(base)), state_(std::make_shared<State>()) {}

  /// Fails operation number `n` counted from now (1 = the next one). `short_writes`: a failing
  /// append first writes half of its data.
  void arm(std::uint64_t n, Mode mode, bool short_writes = false) {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->fail_at = state_->operations + n;
    state_->mode = mode;
    state_->short_writes = short_writes;
  }
  /// No more failures.
  void disarm() {
    std::lock_guard<std::mutex> lock(state_->mutex);
    state_->fail_at = 0;
  }
  /// How many operations failed since construction.
  std::uint64_t failures() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->failures;
  }
  /// Operations counted since construction.
  std::uint64_t operations() const {
    std::lock_guard<std::mutex> lock(state_->mutex);
    return state_->operations;
  }

  Result<std::unique_ptr<OutputFile>> create(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("create", name));
    TRAWL_ASSIGN_OR_RETURN(auto file, base_->create(name));
    return std::unique_ptr<OutputFile>(new File(std::move(file), std::string(name), state_));
  }
  Result<std::shared_ptr<const ReadableFile>> open(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("open (mmap)", name));
    return base_->open(name);
  }
  Result<std::vector<std::string>> list() override {
    TRAWL_RETURN_IF_ERROR(step("list", ""));
    return base_->list();
  }
  Status remove(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("remove", name));
    return base_->remove(name);
  }
  Status rename(std::string_view from, std::string_view to) override {
    TRAWL_RETURN_IF_ERROR(step("rename", from));
    return base_->rename(from, to);
  }
  Status sync() override {
    TRAWL_RETURN_IF_ERROR(step("directory sync", ""));
    return base_->sync();
  }
  Status sync_file(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("sync", name));
    return base_->sync_file(name);
  }
  Result<std::unique_ptr<DirectoryLock>> lock(std::string_view name) override {
    TRAWL_RETURN_IF_ERROR(step("lock", name));
    return base_->lock(name);
  }
  std::string description() const override { return "fault(" + base_->description() + ")"; }

 private:
  struct State {
    mutable std::mutex mutex;
    std::uint64_t operations = 0;
    std::uint64_t fail_at = 0;  // 0: none
    Mode mode = Mode::kOnce;
    bool short_writes = false;
    std::uint64_t failures = 0;
  };

  // Counts one operation; an IOError if it is to fail.
  static Status step(const std::shared_ptr<State>& state, const char* what, std::string_view name,
                     bool* short_write = nullptr) {
    std::lock_guard<std::mutex> lock(state->mutex);
    const std::uint64_t n = ++state->operations;
    const bool fail = state->fail_at != 0 &&
                      (n == state->fail_at || (state->mode == Mode::kFromThenOn && n > state->fail_at));
    if (!fail) return {};
    ++state->failures;
    if (short_write != nullptr) *short_write = state->short_writes;
    return Status::io_error("injected fault: " + std::string(what) + " '" + std::string(name) +
                            "' (operation " + std::to_string(n) + "): No space left on device");
  }
  Status step(const char* what, std::string_view name) { return step(state_, what, name); }

  class File final : public OutputFile {
   public:
    File(std::unique_ptr<OutputFile> base, std::string name, std::shared_ptr<State> state)
        : base_(std::move(base)), name_(std::move(name)), state_(std::move(state)) {}
    Status append(std::string_view data) override {
      bool short_write = false;
      if (Status status = step(state_, "append to", name_, &short_write); !status.ok()) {
        if (short_write) (void)base_->append(data.substr(0, data.size() / 2));
        return status;
      }
      return base_->append(data);
    }
    Status sync() override {
      TRAWL_RETURN_IF_ERROR(step(state_, "sync", name_));
      return base_->sync();
    }
    Status close() override {
      TRAWL_RETURN_IF_ERROR(step(state_, "close", name_));
      return base_->close();
    }
    std::uint64_t size() const override { return base_->size(); }

   private:
    std::unique_ptr<OutputFile> base_;
    std::string name_;
    std::shared_ptr<State> state_;
  };

  std::shared_ptr<Directory> base_;
  std::shared_ptr<State> state_;
};

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_FAULT_DIRECTORY_H_
