// Directory: where an index's files live. Every byte trawl reads or writes goes through this
// interface, so an index can sit on a filesystem (FsDirectory), in memory (MemDirectory), or
// behind a test double that injects I/O failures.
//
// Files are written once, start to end, and never modified afterwards (write-once, like
// Lucene's and LevelDB's tables); the only mutation is rename(), which atomically replaces the
// target and is how a commit becomes visible.
//
// Thread-safety: a Directory's methods may be called from several threads at once. An
// OutputFile is used by one thread; a ReadableFile is immutable and may be shared by any number
// of threads.
#ifndef TRAWL_STORE_DIRECTORY_H_
#define TRAWL_STORE_DIRECTORY_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trawl/export.h"
#include "trawl/result.h"
#include "trawl/status.h"

namespace trawl {

/// A file being written. Close it (or let it be destroyed, which discards nothing already
/// appended but reports no error) once everything is appended.
class TRAWL_EXPORT OutputFile {
 public:
  virtual ~OutputFile();
  /// Appends `data`. IOError (naming the file) when the system refuses, e.g. the disk is full.
  virtual Status append(std::string_view data) = 0;
  /// Makes everything appended so far durable (fsync).
  virtual Status sync() = 0;
  /// Closes the file; further appends fail.
  virtual Status close() = 0;
  /// Bytes appended so far.
  virtual std::uint64_t size() const = 0;
};

/// A file opened for reading: its whole contents as one byte range (memory-mapped for files on
/// disk), valid for the object's lifetime, even if the file is removed meanwhile.
class TRAWL_EXPORT ReadableFile {
 public:
  virtual ~ReadableFile();
  virtual std::string_view bytes() const = 0;
  virtual const std::string& name() const = 0;
};

/// An exclusive lock held on a directory until the object is destroyed.
class TRAWL_EXPORT DirectoryLock {
 public:
  virtual ~DirectoryLock();
};

class TRAWL_EXPORT Directory {
 public:
  virtual ~Directory();

  /// Creates `name` for writing, replacing any file of that name.
  virtual Result<std::unique_ptr<OutputFile>> create(std::string_view name) = 0;
  /// Opens `name` for reading. NotFound if it does not exist.
  virtual Result<std::shared_ptr<const ReadableFile>> open(std::string_view name) = 0;
  /// The names of all files, sorted.
  virtual Result<std::vector<std::string>> list() = 0;
  /// Removes `name`; readers that opened it keep their bytes. NotFound if it does not exist.
  virtual Status remove(std::string_view name) = 0;
  /// Renames `from` to `to`, atomically replacing `to`.
  virtual Status rename(std::string_view from, std::string_view to) = 0;
  /// Makes creations, renames and removals durable (fsync of the directory itself).
  virtual Status sync() = 0;
  /// Makes the bytes of `name`, a file written and closed without OutputFile::sync(), durable
  /// (fsync). NotFound if it does not exist.
  virtual Status sync_file(std::string_view name) = 0;
  /// Takes the exclusive lock called `name`. Busy ("locked") if another holder,
  /// in this process or another, has it; a lock left by a dead process is free again.
  virtual Result<std::unique_ptr<DirectoryLock>> lock(std::string_view name) = 0;
  /// A human-readable location for error messages (a path, or "memory").
  virtual std::string description() const = 0;
};

/// A directory on the filesystem at `path`, created (with missing parents) if
/// `create_if_missing`. Files are read through mmap. NotFound if the path does not exist and
/// may not be created; IOError if it cannot be created or is not a directory.
TRAWL_EXPORT Result<std::unique_ptr<Directory>> open_fs_directory(const std::string& path,
                                                                  bool create_if_missing);

/// A directory held in memory, for tests and throw-away indexes.
TRAWL_EXPORT std::unique_ptr<Directory> make_mem_directory();

}  // namespace trawl

#endif  // TRAWL_STORE_DIRECTORY_H_
