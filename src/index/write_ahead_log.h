// The write-ahead log (IndexWriterOptions::wal): every change a writer accepts (add, update,
// remove) is appended as a checksummed record; IndexWriter::sync() makes the log durable, so
// the changes survive a crash without a commit. Logs are named wal_<generation>_<sequence>.log:
// a commit cuts the log where its documents end (later changes go to a log named for the
// commit's generation) and removes the older logs once it is durable; a rollback starts a new,
// empty one for the committed generation and removes every other. Opening a writer replays,
// in sequence order, the newest log of the committed generation and every later one (logs of
// commits that did not complete), and then commits what it replayed. Format:
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

/// A writer's logs across commits, shared by the writer's threads and (with an interval) a
/// thread that syncs by itself. Thread-safe. One log takes the changes; a commit rotates to a
/// new one at the point its documents are cut off, and retires the older ones once it is
/// durable (until then sync() keeps syncing them: their changes may not be committed yet).
/// sync() is a group commit: a thread that finds a sync in flight waits for it, and the next
/// fsync covers every change appended meanwhile, from any thread; appends go on during an fsync.
class WriteAheadLog {
 public:
  /// `generation`: the committed one, which a first log is named by. `last_sequence`: the
  /// highest sequence number in a log name in the directory. `interval`: how often unsynced
  /// changes are synced by themselves; 0 for never.
  WriteAheadLog(Directory& directory, std::uint64_t generation, std::uint64_t last_sequence,
                std::chrono::milliseconds interval);
  /// Stops the syncing thread; what was not synced is not written.
  ~WriteAheadLog();
  WriteAheadLog(const WriteAheadLog&) = delete;
  WriteAheadLog& operator=(const WriteAheadLog&) = delete;

  /// Starts an empty log for committed `generation` and removes every other. `durable`: its
  /// name is made durable (a directory sync) before the older logs go, as it must be when they
  /// are of the same generation (after a rollback); otherwise the first sync() does it.
  Status start(std::uint64_t generation, bool durable);
  /// A commit's cut: later changes go to a new log named for `generation`, the commit's.
  Status rotate(std::uint64_t generation);
  /// The commit after the last rotate() is durable: the logs before that one are removed.
  void retire();
  /// Appends a change.
  Status append(LoggedChange::Kind kind, const Document* document, std::string_view key);
  /// Makes every change appended so far durable. After a failed write or fsync (also of the
  /// syncing thread), fails until the log is retired by a commit or discarded by start().
  Status sync();

 private:
  struct Log {
    std::unique_ptr<OutputFile> file;  // appended to and synced under io_mutex_
    std::string name;
    std::string buffer;         // records not yet written to the file
    bool unsynced = false;      // written or buffered since the last fsync
    bool name_durable = false;  // a directory sync made its name durable
    Status broken;              // a write or fsync failed: sync() fails until it is retired
  };
  Status open_log_locked(std::uint64_t generation);
  Status ensure_log_locked();
  Status sync_group(std::unique_lock<std::mutex>& lock);
  void wait_idle_locked(std::unique_lock<std::mutex>& lock);

  Directory& directory_;
  std::mutex mutex_;  // everything below but the files' I/O
  // The files' I/O, taken under mutex_ and then held without it, so that writes reach a file
  // in the order their records were buffered and appends go on during an fsync.
  std::mutex io_mutex_;
  std::condition_variable wake_;
  std::vector<std::unique_ptr<Log>> logs_;  // oldest first; the last takes the appends
  std::uint64_t generation_;                // a log started lazily is named for it
  std::uint64_t sequence_;
  std::uint64_t appended_ = 0;  // records appended, ever
  std::uint64_t synced_ = 0;    // of those, how many a sync made durable
  bool syncing_ = false;        // a group sync is in flight
  bool stopping_ = false;
  std::thread syncer_;  // last: started once everything else is constructed
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
