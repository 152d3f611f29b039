// The write-ahead log (IndexWriterOptions::wal): every change a writer accepts (add, update,
// remove) is appended as a checksummed record; IndexWriter::sync() makes the log durable, so
// the changes survive a crash without a commit. One log per commit generation, named
// wal_<generation>_<sequence>.log: a commit or rollback starts a new, empty one for the
// committed generation and removes the older ones, and opening a writer replays the newest log
// of the committed generation (and then commits what it replayed). Format:
//
//   file:   "TRWLWAL1" record*
//   record: fixed32 payload size | fixed64 XXH3 of the payload | payload
//   payload: kind byte (1 add, 2 update, 3 remove), then
//            add, update: varint field count, per field: varint name size, name, then the
//                         value as a stored record writes it (stored_record.h)
//            remove:      varint key size, key
//
// A record cut short or failing its checksum ends the log: it and everything after it are
// dropped (a crash mid-append leaves a torn tail) and reported, never fatal.
#ifndef TRAWL_SRC_INDEX_WRITE_AHEAD_LOG_H_
#define TRAWL_SRC_INDEX_WRITE_AHEAD_LOG_H_

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "trawl/index/document.h"
#include "trawl/result.h"
#include "trawl/store/directory.h"

namespace trawl::index_internal {

struct LoggedChange {
  enum class Kind : std::uint8_t { kAdd = 1, kUpdate = 2, kRemove = 3 };
  Kind kind = Kind::kAdd;
  Document document;  // add, update
  std::string key;    // remove
};

/// Appends one framed record to `out`: of `document` for an add or update, of `key` for a
/// removal.
void append_log_record(std::string& out, LoggedChange::Kind kind, const Document* document,
                       std::string_view key);

/// The name of a log, and the reverse (false for a name that is not a log's).
std::string log_name(std::uint64_t generation, std::uint64_t sequence);
bool parse_log_name(std::string_view name, std::uint64_t& generation, std::uint64_t& sequence);

/// A log being written. Records are buffered until sync() (or until the buffer is large).
class LogWriter {
 public:
  /// Creates log `name` (replacing any) with its header (synced with the first sync()).
  static Result<LogWriter> create(Directory& directory, std::string name);

  /// Appends a change: `document` for an add or update, `key` for a removal.
  Status append(LoggedChange::Kind kind, const Document* document, std::string_view key);
  /// Writes what is buffered and syncs the file.
  Status sync();
  const std::string& name() const noexcept { return name_; }

 private:
  LogWriter(std::unique_ptr<OutputFile> file, std::string name)
      : file_(std::move(file)), name_(std::move(name)) {}
  std::unique_ptr<OutputFile> file_;
  std::string name_;
  std::string buffer_;
};

/// A writer's log across commits: the current LogWriter, started afresh for each committed
/// generation, and (with an interval) a thread that syncs it by itself. Thread-safe: the
/// syncing thread and the writer's calls share it under one mutex (an append may wait for a
/// sync in flight).
class WriteAheadLog {
 public:
  /// `last_sequence`: the highest sequence number in a log name in the directory. `interval`:
  /// how often unsynced changes are synced by themselves; 0 for never.
  WriteAheadLog(Directory& directory, std::uint64_t last_sequence,
                std::chrono::milliseconds interval);
  /// Stops the syncing thread; what was not synced is not written.
  ~WriteAheadLog();
  WriteAheadLog(const WriteAheadLog&) = delete;
  WriteAheadLog& operator=(const WriteAheadLog&) = delete;

  /// Starts an empty log for committed `generation` and removes every other. `durable`: its
  /// name is made durable (a directory sync) before the older logs go, as it must be when they
  /// are of the same generation (after a rollback); otherwise the first sync() does it.
  Status start(std::uint64_t generation, bool durable);
  /// Appends a change (starting a log for `generation` if there is none).
  Status append(std::uint64_t generation, LoggedChange::Kind kind, const Document* document,
                std::string_view key);
  /// Makes every change appended so far durable. Reports a failure of the syncing thread
  /// since the last call, if there was one.
  Status sync(std::uint64_t generation);

 private:
  Status start_locked(std::uint64_t generation, bool durable);
  Status sync_locked();

  Directory& directory_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::optional<LogWriter> log_;
  std::uint64_t sequence_;
  bool name_durable_ = false;  // a directory sync made the current log's name durable
  bool dirty_ = false;         // changes appended since the last sync
  bool stopping_ = false;
  Status background_error_;  // the syncing thread's failure, for the next sync()
  std::thread syncer_;       // last: started once everything else is constructed
};

/// Removes every log in `directory` but `keep` (best effort).
void remove_logs(Directory& directory, std::string_view keep);

/// What a log held: its whole records in order, and what was cut off its end.
struct LogContents {
  std::vector<LoggedChange> changes;
  std::uint64_t dropped_bytes = 0;  // the torn or damaged tail
  Status damage;                    // why the tail was dropped; OK if nothing was
};

/// Reads log `name`. An error only if it cannot be read at all (IOError, NotFound); damage is
/// in the contents.
Result<LogContents> read_log(Directory& directory, std::string_view name);

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_WRITE_AHEAD_LOG_H_
