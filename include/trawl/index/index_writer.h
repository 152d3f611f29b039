// IndexWriter: adds documents to an index and commits them durably.
//
// Documents are analysed and buffered in memory; past the RAM budget the buffer is written as
// an immutable segment. commit() writes what is buffered, syncs every new file and then
// atomically replaces the manifest: readers see all of a commit or none of it, and a crash at
// any moment leaves the last commit intact. Only one writer may have an index open at a time
// (a lock file; a second writer, also in another process, gets Busy; the lock of a
// process that died is free again). Segments are merged by a log-structured policy (see
// IndexWriterOptions::merge_factor) on background threads after commits, or on request with
// force_merge().
//
// Near-real-time search: reader() returns a snapshot of everything added, updated or removed so
// far, committed or not, in milliseconds. As in Lucene, visible is not durable: what a snapshot
// shows is lost by a crash or a rollback() until commit() makes it durable.
//
// Example:
//   trawl::Schema schema;
//   schema.add_keyword("id").add_text("body").set_unique_key("id");
//   auto writer = trawl::IndexWriter::open("/srv/index", schema);
//   if (!writer) return writer.error();
//   TRAWL_RETURN_IF_ERROR(writer->add(trawl::Document().add("id", "1").add("body", "...")));
//   TRAWL_RETURN_IF_ERROR(writer->commit());
//
// Thread-safety: add(), update(), remove(), reader(), commit(), sync() and the other calls
// may come from any number of threads at once on one writer. Each thread adding gets a
// document buffer of its own (as Lucene's DocumentsWriterPerThread): threads analyse and invert
// in parallel, with no lock held while they do. remove(), update() and reader() wait for the
// additions under way; commit() waits for them only while it cuts (what was added before it is
// in the commit, what comes after is the next one's) and lets adds go on while it writes.
// Each call takes effect at one instant: an update() racing a remove() of the same key ends in
// one of the two orders, never both or neither, and a snapshot or commit holds, of each
// thread's calls, a prefix. force_merge() and repair() hold the other calls off while they
// run; the writer must not be destroyed or moved while a call is under way.
#ifndef TRAWL_INDEX_INDEX_WRITER_H_
#define TRAWL_INDEX_INDEX_WRITER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "trawl/export.h"
#include "trawl/index/document.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/schema.h"
#include "trawl/result.h"
#include "trawl/store/directory.h"

namespace trawl {

struct IndexWriterOptions {
  /// Memory for buffered documents, all threads' buffers together; past it the buffer of the
  /// thread that went over is flushed as a segment. Larger budgets
  /// make fewer, larger segments (faster indexing and search, fewer merges). Default: 256 MiB.
  std::size_t ram_budget_bytes = std::size_t{256} << 20;
  /// Threads of the writer's own that analyse and invert documents in parallel, in batches of
  /// 64, for callers that add from one thread (the batches join the segment in order, so the
  /// index is the same for any thread count; every change then goes through the batches in
  /// call order, also from several threads). 1: each calling thread analyses what it adds,
  /// into a buffer of its own, which is how several threads index in parallel. With more than 1,
  /// add() and update() return once the document is queued, the RAM budget is checked once per
  /// batch, and an analysis failure (which only an internal ICU error can cause, after add()
  /// validated the document) is reported by the next call. Default: 1.
  unsigned threads = 1;
  /// Create the index if the directory has none. Default: true.
  bool create_if_missing = true;
  /// Merge policy: after a commit, whenever this many neighbouring segments are of the same
  /// size class (powers of merge_factor documents), they are merged into one and committed
  /// again. Higher values merge less often (faster indexing, more segments to search); 0 turns
  /// automatic merging off. Default: 10.
  std::size_t merge_factor = 10;
  /// Merges run in the background, at most this many at once, each on a thread of the
  /// writer's (started with the first commit). 0 runs them inside commit(). Default: 1.
  std::size_t merge_threads = 1;
  /// The largest document add() and update() accept, in bytes (Document::byte_size()); a
  /// larger one is refused with InvalidArgument naming it, and the index is unchanged. Indexing
  /// holds a document's analysed form whole (about 11 times its text), so this bounds the
  /// memory one document can take. Default: 64 MiB.
  std::uint64_t max_document_bytes = std::uint64_t{64} << 20;
  /// Keep a write-ahead log: every add(), update() and remove() is appended to a checksummed
  /// log in the index directory (wal_<generation>_<n>.log) before it is applied, and sync()
  /// makes every change so far durable without a commit. A commit or rollback starts the log
  /// afresh. Opening a writer replays the log a writer left without committing (whether or not
  /// this option is set) and commits what it replayed; see wal_recovery(). Default: false.
  bool wal = false;
  /// With wal: every this many milliseconds, changes not yet synced are synced by a thread of
  /// the writer's, as sync() would (a failure is reported by the next sync()). 0: only sync()
  /// and commit() make changes durable. Default: 0.
  std::uint32_t wal_sync_interval_ms = 0;
};

/// What opening a writer found in the write-ahead log of one that stopped without committing.
struct WalRecovery {
  std::uint64_t replayed = 0;       ///< changes replayed from the log (and committed at open)
  std::uint64_t dropped_bytes = 0;  ///< a torn or damaged tail cut off the log
  Status damage;  ///< why the tail was cut, naming the log and the offset; OK if nothing was
};

struct ForceMergeOptions {
  /// Renumber the merged segment's documents so that documents sharing words are neighbours
  /// (recursive graph bisection: Dhulipala et al., KDD 2016). A word's documents then sit in
  /// fewer, denser postings blocks: a smaller index, and top-k searches that skip more blocks.
  /// Scores and matches do not change; the order of equal scores (document order) and the
  /// numbers IndexReader::stored(segment, doc) takes do. The merge takes longer (about as long
  /// again as without, in IndexWriterOptions::threads threads). The renumbering holds at most
  /// IndexWriterOptions::ram_budget_bytes: past that, documents are renumbered in consecutive
  /// ranges and the rarest words are left out of what it weighs (a less compact order, the
  /// same results). Default: true.
  bool reorder_documents = true;
};

struct RepairOptions {
  /// Only find the damaged segments; commit nothing.
  bool dry_run = false;
};

/// A segment repair() dropped (or, in a dry run, would drop).
struct DroppedSegment {
  std::string name;                    ///< e.g. "seg_3"
  Status damage;                       ///< what verification found: Corruption naming the file
  std::uint64_t live_documents = 0;    ///< its documents that were not deleted
  /// The unique keys of those documents that could still be read (from the key's dictionary
  /// and postings, else stored fields), sorted; fewer than live_documents when damage hides
  /// some, none when the schema has no unique key.
  std::vector<std::string> ids;
};

struct RepairResult {
  std::vector<DroppedSegment> dropped;  ///< in index order; empty when nothing is damaged
  std::uint64_t generation = 0;         ///< the commit that holds the index now
};

class TRAWL_EXPORT IndexWriter {
 public:
  /// Opens the index in `directory` for writing, creating it with `schema` if it does not
  /// exist (and options allow). InvalidArgument if the index exists with another schema or if
  /// the schema is invalid; Busy if another writer holds the lock (retry once it is done);
  /// NotFound if there is no index and create_if_missing is false; Corruption/NotSupported if
  /// the manifest cannot be read.
  static Result<IndexWriter> open(std::shared_ptr<Directory> directory, const Schema& schema,
                                  const IndexWriterOptions& options = {});
  /// The same on a filesystem path (created if missing and allowed).
  static Result<IndexWriter> open(const std::string& path, const Schema& schema,
                                  const IndexWriterOptions& options = {});

  /// Opens the existing index in `directory` for writing with the schema it was created with,
  /// read from its manifest (no segment is opened, so a damaged one does not stand in the way of
  /// repair()). NotFound if the directory holds no index; otherwise as open().
  static Result<IndexWriter> open_existing(std::shared_ptr<Directory> directory,
                                           const IndexWriterOptions& options = {});
  /// The same on a filesystem path.
  static Result<IndexWriter> open_existing(const std::string& path,
                                           const IndexWriterOptions& options = {});

  IndexWriter(IndexWriter&&) noexcept;
  IndexWriter& operator=(IndexWriter&&) noexcept;
  /// Discards uncommitted documents and releases the lock. With options.wal, what sync() made
  /// durable stays in the log, for the next writer to replay (rollback() discards it too).
  ~IndexWriter();

  /// Adds a document. InvalidArgument naming the field for a document the schema rejects, or
  /// naming the document if it is larger than options' max_document_bytes (the index is
  /// unchanged then); IOError if a flush forced by the RAM budget fails.
  Status add(const Document& document);

  /// Replaces every document whose unique key equals `document`'s with `document` (adds it if
  /// there is none). InvalidArgument if the schema has no unique key or the document is invalid
  /// or too large; the documents it would replace are kept then.
  Status update(const Document& document);

  /// Deletes every document whose unique key is `key` (those added before this call, committed
  /// or not). Returns how many were found. InvalidArgument if the schema has no unique key.
  Result<std::uint64_t> remove(std::string_view key);

  /// Makes everything added so far durable and visible to readers that open or reopen after it,
  /// and returns once it is; the merges the policy then chooses run on the writer's merge
  /// threads (options.merge_threads), never blocking add() or the next commit(). A merged
  /// segment is committed as soon as it is done if nothing else is pending, else by the next
  /// commit(). A merge that failed is reported by the next commit() or wait_for_merges(), as
  /// "the commit (generation N) is durable; a background merge before it failed ...": the
  /// documents are safe, the segments just unmerged, and the merge is tried again. With
  /// merge_threads = 0 the merges run inside commit(), each committed, and a failure says
  /// "the commit (generation N) is durable; the merge after it failed: ...".
  Status commit();
  /// Waits until no background merge runs and the policy wants none; returns a merge failure
  /// not yet reported (then the merges start again). For tests, benchmarks and shutdown: a
  /// writer's destructor lets a running merge finish, and starts no other.
  Status wait_for_merges();
  /// The generation of the last commit this writer made or opened (0 for a new, empty index).
  std::uint64_t committed_generation() const noexcept;
  /// Discards everything added since the last commit.
  Status rollback();

  /// Makes every change accepted so far durable without a commit: the write-ahead log is
  /// written and fsynced (options.wal). After a crash, the next writer to open the index
  /// replays it. A group commit: while one thread's fsync is under way, other threads' syncs
  /// wait and share the next fsync, and adds go on. InvalidArgument without options.wal;
  /// IOError if the log cannot be written (then every sync fails until a commit has made the
  /// changes durable in the index, or rollback() discarded them).
  Status sync();
  /// What opening this writer replayed from a write-ahead log (all zero if there was none).
  const WalRecovery& wal_recovery() const noexcept;

  /// A near-real-time reader: a snapshot of every document added, updated or removed so far,
  /// committed or not. Buffered documents are written as a segment without fsync (the next
  /// commit syncs and adopts it), so the cost follows what changed since the last snapshot, not
  /// the index size; unchanged segments are shared with earlier snapshots. The snapshot never
  /// changes; its generation() is the last commit's, and its reopen() moves to the latest
  /// commit (dropping what is not committed). Visible is not durable: a crash or rollback()
  /// loses what is not committed, though snapshots already taken keep showing it. IOError if
  /// writing the segment fails (nothing added is lost: a later commit or snapshot retries).
  Result<IndexReader> reader();

  /// Commits, then merges segments until at most `max_segments` remain (merging only
  /// neighbours: documents keep their order, but within the merged segment where
  /// options.reorder_documents renumbers them) and commits again; a lone segment is rewritten
  /// only to reorder it, once. Merging drops deleted documents for good; it never changes the
  /// live documents or their contents.
  /// InvalidArgument if max_segments is 0.
  Status force_merge(std::size_t max_segments, const ForceMergeOptions& options = {});

  /// Verifies every committed segment, every byte and structure, as IndexReader::check() does,
  /// and (unless options.dry_run) commits the index without the segments that fail: their
  /// documents are lost, which the result lists. The commit before stays the index until the
  /// new one is durable; the dropped segments' files are removed after it. Nothing is committed
  /// when nothing is damaged. InvalidArgument if the writer has uncommitted changes; an IOError
  /// while verifying is returned as is (it is not damage).
  Result<RepairResult> repair(const RepairOptions& options = {});

  /// Documents added since the last commit.
  std::uint64_t pending_documents() const noexcept;
  const Schema& schema() const noexcept;

 private:
  struct Impl;
  explicit IndexWriter(std::unique_ptr<Impl> impl);
  void close() noexcept;
  Status recover();
  std::unique_ptr<Impl> impl_;
};

}  // namespace trawl

#endif  // TRAWL_INDEX_INDEX_WRITER_H_
