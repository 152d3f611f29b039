// Test directories that wrap another: ForwardingDirectory passes every call on to its base, so
// that a wrapper overrides only what it watches or changes.
#ifndef TRAWL_TESTS_SUPPORT_FORWARDING_DIRECTORY_H_
#define TRAWL_TESTS_SUPPORT_FORWARDING_DIRECTORY_H_

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "trawl/store/directory.h"

namespace trawl::test {

class ForwardingDirectory : public Directory {
 public:
  explicit ForwardingDirectory(std::shared_ptr<Directory> base) : base_(std::move(base)) {}

  Result<std::unique_ptr<OutputFile>> create(std::string_view name) override {
    return base_->create(name);
  }
  Result<std::shared_ptr<const ReadableFile>> open(std::string_view name) override {
    return base_->open(name);
  }
  Result<std::vector<std::string>> list() override { return base_->list(); }
  Status remove(std::string_view name) override { return base_->remove(name); }
  Status rename(std::string_view from, std::string_view to) override {
    return base_->rename(from, to);
  }
  Status sync() override { return base_->sync(); }
  Status sync_file(std::string_view name) override { return base_->sync_file(name); }
  Result<std::unique_ptr<DirectoryLock>> lock(std::string_view name) override {
    return base_->lock(name);
  }
  std::string description() const override { return base_->description(); }

 protected:
  Directory& base() { return *base_; }

 private:
  std::shared_ptr<Directory> base_;
};

/// A shared_ptr to a directory the caller keeps alive (a test's local), for the APIs that take
/// one.
inline std::shared_ptr<Directory> borrowed(Directory& directory) {
  return std::shared_ptr<Directory>(&directory, [](Directory*) {});
}

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_FORWARDING_DIRECTORY_H_
