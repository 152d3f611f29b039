#include "trawl/index/index_writer.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include "index/deletions.h"
#include "index/document_analyzer.h"
#include "index/index_reader_internal.h"
#include "index/manifest.h"
#include "index/merger.h"
#include "index/repair.h"
#include "index/segment_builder.h"
#include "index/segment_reader.h"
#include "index/write_ahead_log.h"

namespace trawl {

using index_internal::AnalyzedDocument;
using index_internal::DeletionSet;
using index_internal::DocumentAnalyzer;
using index_internal::LoggedChange;
using index_internal::Manifest;
using index_internal::SegmentBuilder;
using index_internal::SegmentEntry;
using index_internal::SegmentReader;

namespace {

using Lock = std::unique_lock<std::mutex>;

// A segment as the writer knows it: committed or flushed since, with its deletions.
struct WriterSegment {
  SegmentEntry entry;  // as last committed, or as flushed
  bool committed = false;
  std::shared_ptr<const SegmentReader> reader;           // opened when first needed
  std::shared_ptr<const DeletionSet> committed_deletes;  // loaded with the reader
  std::shared_ptr<DeletionSet> pending_deletes;          // non-null once changed since commit
  bool deletes_loaded = false;
  // A snapshot or a commit's cut holds pending_deletes: the next removal copies them first.
  bool pending_shared = false;
  // Flushed for a snapshot without fsync: the commit that names it syncs its files first.
  bool synced = true;
  // Part of the commit being made (its cut), with the deletions it had then: removals after
  // the cut are the next commit's.
  bool in_cut = false;
  std::shared_ptr<const DeletionSet> cut_deletes;
  bool cut_changed = false;  // cut_deletes differ from committed_deletes
  bool merging = false;      // a background merge reads it

  std::uint32_t deleted_count() const {
    if (pending_deletes) return pending_deletes->count();
    return entry.deleted_count;
  }
  // Its deletions as they stand, committed or not (null: none, or not loaded).
  const DeletionSet* current_deletes() const {
    return pending_deletes ? pending_deletes.get() : committed_deletes.get();
  }
  // The same, for a holder that keeps them (a snapshot, a commit's cut, a merge): the next
  // removal copies pending ones first.
  std::shared_ptr<const DeletionSet> share_deletes() {
    if (!pending_deletes) return committed_deletes;
    pending_shared = true;
    return pending_deletes;
  }
};

// A document buffer of its own for each thread adding at the moment (as Lucene's
// DocumentsWriterPerThread): threads analyse and invert into their buffers in parallel.
struct Buffer {
  explicit Buffer(SegmentBuilder b) : builder(std::move(b)) {}
  SegmentBuilder builder;
  std::size_t counted_bytes = 0;  // its part of Impl::buffered_bytes
  std::thread::id last_user;      // the thread that checked it out last
  // While it is being flushed: the segment it becomes, and the keys removed meanwhile (applied
  // to that segment).
  std::string flush_name;
  std::vector<std::string> late_removals;
};

// A buffer being written as a segment, with the mutex released.
struct FlushTicket {
  Buffer* buffer;  // its flush_name names the segment
  bool durable;
  bool for_commit;  // its documents precede the cut of the commit flushing it
};

// Documents and removals queued for parallel analysis, inverted in order afterwards.
struct Batch {
  struct Item {
    std::optional<Document> document;  // an addition, or
    std::string remove_key;            // a removal by unique key
  };
  std::vector<Item> items;
  std::vector<AnalyzedDocument> analyzed;  // one per item
  index_internal::InvertedBatch inverted;  // the postings of the batch's documents, in order
  std::future<Status> analysis;
};

// The analysers the batches and updates borrow, one per running analysis.
class AnalyzerPool {
 public:
  Result<std::unique_ptr<DocumentAnalyzer>> take(const Schema& schema) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!free_.empty()) {
        auto analyzer = std::move(free_.back());
        free_.pop_back();
        return analyzer;
      }
    }
    TRAWL_ASSIGN_OR_RETURN(auto analyzer, DocumentAnalyzer::create(schema));
    return std::make_unique<DocumentAnalyzer>(std::move(analyzer));
  }
  void give_back(std::unique_ptr<DocumentAnalyzer> analyzer) {
    std::lock_guard<std::mutex> lock(mutex_);
    free_.push_back(std::move(analyzer));
  }

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<DocumentAnalyzer>> free_;
};

constexpr std::size_t kBatchDocuments = 64;

}  // namespace

// Concurrency. Three mutexes, always taken in this order:
//  - commit_mutex: one commit, merge, rollback or repair at a time;
//  - batch_mutex:  the batch pipeline of options.threads > 1, through which every change then
//                  goes in call order;
//  - state:        everything else. It is held briefly to check a buffer out and in, and for
//                  the "exclusive" operations (remove, update, a commit's cut, a snapshot),
//                  which wait until no buffer is checked out: a change is applied (and logged)
//                  entirely before or entirely after one of them.
// Analysis runs on a checked-out buffer with no mutex held, and a flush with state released:
// removals meanwhile are noted on the buffer and applied to the segment it becomes.
struct IndexWriter::Impl {
  std::shared_ptr<Directory> directory;
  std::unique_ptr<DirectoryLock> directory_lock;
  std::shared_ptr<const Schema> schema;  // stable address: the builders and readers point to it
  IndexWriterOptions options;

  std::mutex commit_mutex;
  std::mutex batch_mutex;
  std::mutex state;
  std::condition_variable changed;  // of checked_out, exclusive_waiters, flushing

  // Under state:
  Manifest committed;
  std::vector<WriterSegment> segments;
  std::uint64_t next_segment = 1;
  std::vector<std::unique_ptr<Buffer>> buffers;  // every buffer
  std::vector<Buffer*> free_buffers;
  std::vector<Buffer*> flushing;
  std::size_t checked_out = 0;
  std::size_t exclusive_waiters = 0;
  std::size_t buffered_bytes = 0;  // of every buffer, as last counted

  // Background merges, under state (but the threads).
  std::vector<std::thread> merge_threads;
  std::condition_variable merge_wake;
  bool merges_wanted = false;    // the segments changed since a merge thread last looked
  bool merges_stopping = false;  // the writer closes
  std::size_t merges_running = 0;
  std::size_t merge_pauses = 0;
  Status merge_failure;                 // reported by the next commit() or wait_for_merges()
  std::set<std::string> merge_outputs;  // segments being written by merges

  std::atomic<std::uint64_t> committed_generation{0};
  std::atomic<std::uint64_t> pending{0};
  // The write-ahead log (options.wal), from the end of open(). After `directory`: destroyed
  // (its syncing thread stopped) before the directory it writes to.
  std::unique_ptr<index_internal::WriteAheadLog> wal;
  bool replaying = false;  // changes applied from a log are not logged again
  bool closing = false;    // the destructor's rollback leaves the log alone
  WalRecovery recovery;
  // Parallel analysis (options.threads > 1), under batch_mutex. Declared last: destroyed
  // first, which waits for running analyses before the pool and schema they use go away.
  AnalyzerPool analyzers;
  Batch filling;
  std::deque<Batch> in_flight;

  std::string where() const { return "index " + directory->description(); }
  bool batched() const { return options.threads > 1; }

  // Appends a change to the log before it is applied (nothing without options.wal).
  Status log_change(LoggedChange::Kind kind, const Document* document, std::string_view key) {
    if (!wal || replaying) return {};
    // Called for every change: the context is put together only for a failure.
    Status status = wal->append(kind, document, key);
    if (!status.ok()) return status.with_context("write-ahead log of " + where());
    return status;
  }

  // Whether `document` may be added: valid for the schema and within the size limit.
  Status admit(const Document& document) const {
    const std::uint64_t bytes = document.byte_size();
    if (bytes > options.max_document_bytes) {
      const std::string* key = schema->unique_key().empty() ? nullptr : document.get(schema->unique_key());
      std::string name = key == nullptr ? "a document" : "document '" + key->substr(0, 100) + "'";
      return Status::invalid_argument(name + " holds " + std::to_string(bytes) +
                                      " bytes, more than max_document_bytes (" +
                                      std::to_string(options.max_document_bytes) +
                                      "); it is not added");
    }
    return DocumentAnalyzer::check(*schema, document);
  }

  // ---- Buffers ----

  // Waits until no buffer is checked out (and, with `flushes`, none is being flushed) and
  // returns with state held: no change is half applied, and none starts until it is released.
  Lock exclusive(bool flushes) {
    Lock lock(state);
    ++exclusive_waiters;
    changed.wait(lock, [&] { return checked_out == 0 && (!flushes || flushing.empty()); });
    --exclusive_waiters;
    changed.notify_all();
    return lock;
  }

  // A free buffer, created if there is none; it stays in free_buffers.
  Result<Buffer*> any_buffer() {
    if (free_buffers.empty()) {
      TRAWL_ASSIGN_OR_RETURN(auto builder, SegmentBuilder::create(*schema));
      buffers.push_back(std::make_unique<Buffer>(std::move(builder)));
      free_buffers.push_back(buffers.back().get());
    }
    return free_buffers.back();
  }

  // A buffer for the calling thread: the one it used last if it is free, whose term tables
  // are still in this core's cache (handing buffers round made two threads 1.2x one, not 2x).
  Result<Buffer*> check_out() {
    Lock lock(state);
    changed.wait(lock, [&] { return exclusive_waiters == 0; });
    const std::thread::id self = std::this_thread::get_id();
    auto own = std::find_if(free_buffers.begin(), free_buffers.end(),
                            [&](const Buffer* buffer) { return buffer->last_user == self; });
    if (own == free_buffers.end()) {
      TRAWL_RETURN_IF_ERROR(any_buffer().status());
      own = free_buffers.end() - 1;
    }
    Buffer* buffer = *own;
    free_buffers.erase(own);
    buffer->last_user = self;
    ++checked_out;
    return buffer;
  }

  void count_bytes(Buffer& buffer) {
    const std::size_t bytes = buffer.builder.ram_bytes();  // a sum of capacities: once
    buffered_bytes = buffered_bytes - buffer.counted_bytes + bytes;
    buffer.counted_bytes = bytes;
  }

  bool over_budget(const Buffer& buffer) const {
    return buffered_bytes >= options.ram_budget_bytes || buffer.builder.full();
  }

  // Returns a checked-out buffer; past the RAM budget it is flushed first (state is released
  // meanwhile).
  Status check_in(Lock& lock, Buffer* buffer) {
    count_bytes(*buffer);
    --checked_out;
    changed.notify_all();
    if (over_budget(*buffer)) return flush(lock, buffer, /*durable=*/true);
    free_buffers.push_back(buffer);
    return {};
  }

  // Starts flushing a buffer that is neither free nor checked out.
  FlushTicket begin_flush(Buffer* buffer, bool durable, bool for_commit) {
    flushing.push_back(buffer);
    buffer->flush_name = index_internal::segment_name(next_segment++);
    return FlushTicket{buffer, durable, for_commit};
  }

  // Writes the ticket's buffer as a segment (state need not be held: the buffer is the
  // ticket's alone, and concurrent removals only read it).
  Result<SegmentBuilder::Flushed> write(const FlushTicket& ticket) const {
    return ticket.buffer->builder.flush(*directory, ticket.buffer->flush_name, ticket.durable);
  }

  // Ends a flush: the segment joins the index (or the documents stay buffered after a
  // failure), and the buffer is free again.
  Status complete(const FlushTicket& ticket, Result<SegmentBuilder::Flushed> flushed) {
    Buffer& buffer = *ticket.buffer;
    flushing.erase(std::find(flushing.begin(), flushing.end(), &buffer));
    Status status;
    if (flushed) {
      WriterSegment& segment = adopt_flushed(buffer, std::move(flushed).value(), ticket.durable);
      if (ticket.for_commit) cut(segment);
      for (const std::string& key : buffer.late_removals) {
        Status removed = remove_from(segment, key_term(key)).status();
        if (status.ok()) status = std::move(removed);
      }
    } else {
      status = flushed.error().with_context("flushing segment " + buffer.flush_name);
      for (const std::string& key : buffer.late_removals) buffer.builder.remove_key(key);
    }
    buffer.late_removals.clear();
    count_bytes(buffer);
    free_buffers.push_back(&buffer);
    changed.notify_all();
    return status;
  }

  // Flushes the tickets' buffers with state released, in parallel (a commit's buffers are
  // as many as the threads that filled them), and completes them.
  Status finish_flushes(Lock& lock, const std::vector<FlushTicket>& tickets) {
    std::vector<std::optional<Result<SegmentBuilder::Flushed>>> results(tickets.size());
    lock.unlock();
    {
      std::vector<std::future<void>> others;
      for (std::size_t i = 1; i < tickets.size(); ++i) {
        others.push_back(
            std::async(std::launch::async, [&, i] { results[i].emplace(write(tickets[i])); }));
      }
      if (!tickets.empty()) results[0].emplace(write(tickets[0]));
    }  // the futures wait for their flushes here
    lock.lock();
    Status status;
    for (std::size_t i = 0; i < tickets.size(); ++i) {
      Status completed = complete(tickets[i], std::move(*results[i]));
      if (status.ok()) status = std::move(completed);  // every ticket ends, also after a failure
    }
    return status;
  }

  Status flush(Lock& lock, Buffer* buffer, bool durable) {
    return finish_flushes(lock, {begin_flush(buffer, durable, /*for_commit=*/false)});
  }

  // A buffer's flushed documents join the index as a segment (named by its flush_name), and
  // the buffer is emptied.
  WriterSegment& adopt_flushed(Buffer& buffer, SegmentBuilder::Flushed flushed, bool durable) {
    WriterSegment segment;
    segment.entry =
        SegmentEntry{buffer.flush_name, flushed.meta.doc_count, 0, 0, flushed.meta.identity};
    segment.pending_deletes = std::move(flushed.deletions);
    segment.deletes_loaded = true;
    segment.synced = durable;
    segments.push_back(std::move(segment));
    buffer.builder.clear();
    count_bytes(buffer);
    return segments.back();
  }

  // Flushes every free buffer that holds documents, with state held throughout (a snapshot
  // must not see removals that follow documents it leaves out). REQUIRES: exclusive.
  Status flush_all_held(bool durable) {
    for (Buffer* buffer : free_buffers) {
      if (buffer->builder.doc_count() == 0) continue;
      buffer->flush_name = index_internal::segment_name(next_segment++);
      auto flushed = buffer->builder.flush(*directory, buffer->flush_name, durable);
      if (!flushed) return flushed.error().with_context("flushing segment " + buffer->flush_name);
      adopt_flushed(*buffer, std::move(flushed).value(), durable);
    }
    return {};
  }

  // ---- Batches (options.threads > 1), under batch_mutex ----

  // Hands the filling batch to a thread for analysis; inverts the oldest batches while too many
  // are in flight (which bounds memory).
  Status submit() {
    if (filling.items.empty()) return {};
    Batch batch = std::move(filling);
    filling = Batch();
    batch.analyzed.resize(batch.items.size());
    Batch* slot = &in_flight.emplace_back(std::move(batch));
    slot->analysis = std::async(std::launch::async, [this, slot]() -> Status {
      TRAWL_ASSIGN_OR_RETURN(auto analyzer, analyzers.take(*schema));
      Status status;
      std::vector<const AnalyzedDocument*> documents;
      for (std::size_t i = 0; i < slot->items.size() && status.ok(); ++i) {
        if (slot->items[i].document) {
          status = analyzer->analyze(*slot->items[i].document, slot->analyzed[i]);
          documents.push_back(&slot->analyzed[i]);
        }
      }
      analyzers.give_back(std::move(analyzer));
      // Inverting here too leaves the calling thread only appends to do.
      if (status.ok()) index_internal::invert_batch(documents, slot->inverted);
      return status;
    });
    // Enough batches in flight that no analysis thread waits while the oldest is added.
    while (in_flight.size() > 2 * std::size_t{options.threads} + 2) {
      TRAWL_RETURN_IF_ERROR(invert_oldest());
    }
    return {};
  }

  Status enqueue(Batch::Item item) {
    filling.items.push_back(std::move(item));
    if (filling.items.size() >= kBatchDocuments) return submit();
    return {};
  }

  Status invert_oldest() {
    // Wait before moving the batch: the analysis writes into it in place.
    Status analysed = in_flight.front().analysis.get();
    Batch batch = std::move(in_flight.front());
    in_flight.pop_front();
    TRAWL_RETURN_IF_ERROR(analysed);
    Lock lock = exclusive(/*flushes=*/false);
    TRAWL_ASSIGN_OR_RETURN(Buffer * buffer, any_buffer());
    SegmentBuilder& builder = buffer->builder;
    // The documents join the buffer in order (removals in between see exactly the documents
    // added before them); then their postings, all at once. The budget is checked per batch.
    if (builder.doc_count() + batch.items.size() > SegmentBuilder::kMaxDocs) {
      free_buffers.pop_back();
      TRAWL_RETURN_IF_ERROR(flush(lock, buffer, /*durable=*/true));
    }
    DocId first = kTerminated;
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
      if (batch.items[i].document) {
        const DocId doc = builder.add_document_data(batch.analyzed[i]);
        if (first == kTerminated) first = doc;
      } else {
        TRAWL_RETURN_IF_ERROR(remove_everywhere(batch.items[i].remove_key).status());
      }
    }
    if (first != kTerminated) builder.add_postings(first, batch.inverted);
    count_bytes(*buffer);
    if (!over_budget(*buffer)) return {};
    free_buffers.erase(std::find(free_buffers.begin(), free_buffers.end(), buffer));
    return flush(lock, buffer, /*durable=*/true);
  }

  // Inverts everything queued, so that the buffers reflect every call made so far.
  Status drain() {
    if (!batched()) return {};
    Status status = submit();
    while (!in_flight.empty()) {
      Status inverted = invert_oldest();
      if (status.ok()) status = std::move(inverted);
    }
    return status;
  }

  // Waits for queued analyses and forgets them.
  void discard_queue() {
    filling = Batch();
    for (Batch& batch : in_flight) {
      if (batch.analysis.valid()) batch.analysis.wait();
    }
    in_flight.clear();
  }

  // ---- Segments, under state ----

  // Syncs the files of segments flushed without it, before a manifest names them. Called with
  // state released: the commit holding commit_mutex is the only one to change these segments.
  Status sync_files(const std::vector<std::string>& segment_names) {
    if (segment_names.empty()) return {};
    TRAWL_ASSIGN_OR_RETURN(std::vector<std::string> files, directory->list());
    for (const std::string& file : files) {
      for (const std::string& name : segment_names) {
        if (file.rfind(name + ".", 0) == 0) TRAWL_RETURN_IF_ERROR(directory->sync_file(file));
      }
    }
    return {};
  }

  Status open_segment(WriterSegment& segment) {
    if (!segment.reader) {
      TRAWL_ASSIGN_OR_RETURN(segment.reader,
                             SegmentReader::open(*directory, segment.entry.name, schema,
                                                 segment.entry.identity));
    }
    if (!segment.deletes_loaded) {
      if (segment.entry.delete_generation > 0) {
        TRAWL_ASSIGN_OR_RETURN(
            segment.committed_deletes,
            DeletionSet::read(*directory,
                              index_internal::deletions_file(segment.entry.name,
                                                             segment.entry.delete_generation),
                              segment.entry.doc_count, segment.entry.identity));
      }
      segment.deletes_loaded = true;
    }
    return {};
  }

  // Notes the segment's deletions as of a commit's cut (unloaded committed ones are unchanged).
  void cut(WriterSegment& segment) {
    segment.in_cut = true;
    segment.cut_changed = segment.pending_deletes != nullptr;
    segment.cut_deletes = segment.share_deletes();
  }

  // The deletions a removal may change: copied first if a snapshot or a cut holds them.
  static DeletionSet& changeable_deletes(WriterSegment& segment) {
    if (!segment.pending_deletes) {
      segment.pending_deletes = segment.committed_deletes
                                    ? std::make_shared<DeletionSet>(*segment.committed_deletes)
                                    : std::make_shared<DeletionSet>(segment.entry.doc_count);
    } else if (segment.pending_shared) {
      segment.pending_deletes = std::make_shared<DeletionSet>(*segment.pending_deletes);
    }
    segment.pending_shared = false;
    return *segment.pending_deletes;
  }

  Status require_unique_key() const {
    if (!schema->unique_key().empty()) return {};
    return Status::invalid_argument("remove/update by key: the schema declares no unique key");
  }

  // A unique key as the dictionaries hold it: the key field's number and its term.
  struct KeyTerm {
    std::uint32_t field;
    std::string term;
  };
  KeyTerm key_term(std::string_view key) const {
    const auto field = static_cast<std::uint32_t>(*schema->find(schema->unique_key()));
    return {field, index_internal::term_key(field, key)};
  }

  Result<std::uint64_t> remove_from(WriterSegment& segment, const KeyTerm& key) {
    TRAWL_RETURN_IF_ERROR(open_segment(segment));
    TRAWL_ASSIGN_OR_RETURN(auto info, segment.reader->lookup(key.term));
    if (!info) return std::uint64_t{0};
    std::uint64_t removed = 0;
    auto cursor = segment.reader->postings(*info, key.field);
    for (; cursor->docid() != kTerminated; cursor->next()) {
      const DeletionSet* deleted = segment.current_deletes();
      if (deleted != nullptr && deleted->contains(cursor->docid())) continue;
      changeable_deletes(segment).add(cursor->docid());
      ++removed;
    }
    TRAWL_RETURN_IF_ERROR(cursor->status());
    return removed;
  }

  // Removes the documents with unique key `key` from every segment and buffer. REQUIRES:
  // exclusive (buffers being flushed note the key, for the segments they become).
  Result<std::uint64_t> remove_everywhere(std::string_view key) {
    TRAWL_RETURN_IF_ERROR(require_unique_key());
    const KeyTerm term = key_term(key);
    std::uint64_t removed = 0;
    for (WriterSegment& segment : segments) {
      TRAWL_ASSIGN_OR_RETURN(std::uint64_t in_segment, remove_from(segment, term));
      removed += in_segment;
    }
    for (Buffer* buffer : free_buffers) removed += buffer->builder.remove_key(key);
    for (Buffer* buffer : flushing) {
      removed += buffer->builder.count_key(key);
      buffer->late_removals.emplace_back(key);
    }
    return removed;
  }

  // Replaces segments[first, first + count) by their merge, in place, so that document order is
  // kept. The result is pending until the next commit. False if the merge would exceed the
  // segment size limit (and nothing was done). REQUIRES: exclusive.
  Result<bool> merge_range(std::size_t first, std::size_t count,
                           const index_internal::MergeOptions& merge = {}) {
    std::uint64_t total = 0;
    for (std::size_t i = first; i < first + count; ++i) total += live_docs(segments[i]);
    if (total > SegmentBuilder::kMaxDocs) return false;
    std::vector<index_internal::MergeSource> sources;
    for (std::size_t i = first; i < first + count; ++i) {
      WriterSegment& segment = segments[i];
      TRAWL_RETURN_IF_ERROR(open_segment(segment));
      sources.push_back({segment.reader, segment.share_deletes()});
    }
    const std::string name = index_internal::segment_name(next_segment++);
    auto meta = index_internal::merge_segments(*directory, name, *schema, sources, merge);
    if (!meta) return meta.error().with_context("merging into segment " + name);
    replace_range(first, count, name, *meta, nullptr);
    return true;
  }

  // Puts merged segment `name` (pending until the next commit) in place of
  // segments[first, first + count), keeping document order.
  void replace_range(std::size_t first, std::size_t count, const std::string& name,
                     const index_internal::SegmentMeta& meta,
                     std::shared_ptr<DeletionSet> deletes) {
    WriterSegment merged;
    merged.entry = SegmentEntry{name, meta.doc_count, 0, 0, meta.identity};
    merged.deletes_loaded = true;
    merged.pending_deletes = std::move(deletes);
    const auto begin = segments.begin() + static_cast<std::ptrdiff_t>(first);
    segments.erase(begin, begin + static_cast<std::ptrdiff_t>(count));
    segments.insert(segments.begin() + static_cast<std::ptrdiff_t>(first), std::move(merged));
  }

  std::uint64_t live_docs(const WriterSegment& segment) const {
    return segment.entry.doc_count - segment.deleted_count();
  }

  // The log-structured policy (after Lucene's LogMergePolicy): a segment's level is
  // log_factor(live documents). Going from the oldest segment of segments[begin, end), the
  // segments up to the newest one within 0.75 of the highest remaining level form a group; a
  // group of at least merge_factor segments has its first merge_factor merged. Returns the
  // first index of the merge, or `end` when nothing needs merging.
  std::size_t pick_merge(std::size_t begin, std::size_t end) const {
    const std::size_t factor = options.merge_factor;
    if (factor < 2 || end - begin < factor) return end;
    std::vector<double> levels;
    for (std::size_t i = begin; i < end; ++i) {
      levels.push_back(
          std::log(static_cast<double>(std::max<std::uint64_t>(1, live_docs(segments[i])))) /
          std::log(static_cast<double>(factor)));
    }
    const std::size_t n = levels.size();
    std::size_t start = 0;
    while (start < n) {
      const double top = *std::max_element(levels.begin() + static_cast<std::ptrdiff_t>(start),
                                           levels.end());
      const double floor = top - 0.75;
      std::size_t last = n;  // one past the group's last segment
      while (last > start + 1 && levels[last - 1] < floor) --last;
      if (last - start >= factor) return begin + start;
      start = last;
    }
    return end;
  }
  std::size_t pick_merge() const { return pick_merge(0, segments.size()); }

  // ---- Background merges (options.merge_threads > 0) ----

  // A merge under way: its sources, by name and with the deletions they had when it began.
  struct MergePlan {
    std::vector<std::string> sources;
    std::vector<index_internal::MergeSource> inputs;  // readers, and deletions at the start
    std::string name;  // of the merged segment
  };

  // The next merge the policy picks among neighbouring committed segments that no merge holds
  // (sources marked, deletions noted); nullopt if there is none. REQUIRES: state held.
  Result<std::optional<MergePlan>> start_background_merge() {
    const auto eligible = [](const WriterSegment& s) { return s.committed && !s.merging; };
    for (std::size_t begin = 0; begin < segments.size();) {
      if (!eligible(segments[begin])) {
        ++begin;
        continue;
      }
      std::size_t end = begin;
      while (end < segments.size() && eligible(segments[end])) ++end;
      const std::size_t first = pick_merge(begin, end);
      if (first == end) {
        begin = end;
        continue;
      }
      std::uint64_t total = 0;
      for (std::size_t i = first; i < first + options.merge_factor; ++i)
        total += live_docs(segments[i]);
      if (total > SegmentBuilder::kMaxDocs) return std::optional<MergePlan>();
      MergePlan plan;
      for (std::size_t i = first; i < first + options.merge_factor; ++i) {
        WriterSegment& segment = segments[i];
        TRAWL_RETURN_IF_ERROR(open_segment(segment));
        plan.sources.push_back(segment.entry.name);
        plan.inputs.push_back({segment.reader, segment.share_deletes()});
      }
      for (std::size_t i = first; i < first + options.merge_factor; ++i) segments[i].merging = true;
      plan.name = index_internal::segment_name(next_segment++);
      merge_outputs.insert(plan.name);
      return std::optional<MergePlan>(std::move(plan));
    }
    return std::optional<MergePlan>();
  }

  // Puts a finished merge in its sources' place, carrying over the removals made while it ran;
  // the merged segment is committed at once if nothing else is pending, else by the next
  // commit. REQUIRES: commit_mutex, not state.
  Status complete_background_merge(const MergePlan& plan, const index_internal::SegmentMeta& meta) {
    {
      Lock lock(state);
      std::size_t first = 0;
      while (first < segments.size() && segments[first].entry.name != plan.sources[0]) ++first;
      for (std::size_t i = 0; i < plan.sources.size(); ++i) {
        // A rollback took the sources away: the merge is moot (its files go with the next
        // clean-up).
        if (first + i >= segments.size() || segments[first + i].entry.name != plan.sources[i]) {
          return {};
        }
      }
      auto deletes = std::make_shared<DeletionSet>(meta.doc_count);
      DocId merged_doc = 0;
      for (std::size_t i = 0; i < plan.sources.size(); ++i) {
        const WriterSegment& source = segments[first + i];
        const DeletionSet* then = plan.inputs[i].deletions.get();
        const DeletionSet* now = source.current_deletes();
        for (DocId doc = 0; doc < source.entry.doc_count; ++doc) {
          if (then != nullptr && then->contains(doc)) continue;  // not in the merged segment
          if (merged_doc >= meta.doc_count) break;
          if (now != nullptr && now->contains(doc)) deletes->add(merged_doc);
          ++merged_doc;
        }
      }
      if (merged_doc != meta.doc_count) {
        return Status::corruption("merging into segment " + plan.name + ": it holds " +
                                  std::to_string(meta.doc_count) + " documents, its sources " +
                                  std::to_string(merged_doc) + " live ones");
      }
      if (deletes->count() == 0) deletes.reset();
      replace_range(first, plan.sources.size(), plan.name, meta, std::move(deletes));
    }
    return commit_once(/*only_if_unchanged=*/true);
  }

  // A merge thread: runs the merges the policy picks until the writer closes. A failure stops
  // the merging until it is reported.
  void merge_loop() {
    Lock lock(state);
    for (;;) {
      merge_wake.wait(lock, [&] {
        return merges_stopping || (merges_wanted && merge_pauses == 0 && merge_failure.ok());
      });
      if (merges_stopping) return;
      auto plan = start_background_merge();
      if (!plan || !*plan) {
        if (!plan) merge_failure = plan.error();
        merges_wanted = false;  // until a commit or a finished merge changes the segments
        merge_wake.notify_all();
        continue;
      }
      ++merges_running;
      lock.unlock();
      auto meta =
          index_internal::merge_segments(*directory, (*plan)->name, *schema, (*plan)->inputs, {});
      // The sources' readers are not held past the merge (their deletions are, for completing it).
      for (index_internal::MergeSource& input : (*plan)->inputs) input.segment.reset();
      Status status = meta.status();
      if (status.ok()) {
        std::lock_guard<std::mutex> commit(commit_mutex);
        status = complete_background_merge(**plan, *meta);
      }
      lock.lock();
      merge_outputs.erase((*plan)->name);
      for (WriterSegment& segment : segments) {
        for (const std::string& name : (*plan)->sources) {
          if (segment.entry.name == name) segment.merging = false;
        }
      }
      if (!status.ok() && merge_failure.ok()) {
        merge_failure = status.with_context("merging into segment " + (*plan)->name);
      }
      --merges_running;
      merges_wanted = true;
      merge_wake.notify_all();
    }
  }

  // Wakes the merge threads (starting them the first time). REQUIRES: state held.
  void want_merges() {
    if (options.merge_threads == 0 || options.merge_factor < 2) return;
    merges_wanted = true;
    while (merge_threads.size() < options.merge_threads) {
      merge_threads.emplace_back([this] { merge_loop(); });
    }
    merge_wake.notify_all();
  }

  // Waits until no merge runs and none is wanted; returns a failure not yet reported.
  Status wait_for_merges() {
    Lock lock(state);
    merge_wake.wait(lock, [&] {
      return merges_running == 0 &&
             (!merges_wanted || merge_pauses > 0 || !merge_failure.ok() || merge_threads.empty());
    });
    return take_merge_failure();
  }

  // A merge failure, reported once; the merges start again (a retry). REQUIRES: state held.
  Status take_merge_failure() {
    Status failure = std::move(merge_failure);
    merge_failure = Status();
    if (!failure.ok()) {
      merges_wanted = true;
      merge_wake.notify_all();
    }
    return failure;
  }

  // Holds merges off (those running finish first) while force_merge, rollback or repair work.
  class MergePause {
   public:
    explicit MergePause(Impl& impl) : impl_(impl) {
      Lock lock(impl_.state);
      ++impl_.merge_pauses;
      impl_.merge_wake.wait(lock, [&] { return impl_.merges_running == 0; });
    }
    ~MergePause() {
      Lock lock(impl_.state);
      --impl_.merge_pauses;
      impl_.merge_wake.notify_all();
    }
    MergePause(const MergePause&) = delete;
    MergePause& operator=(const MergePause&) = delete;

   private:
    Impl& impl_;
  };

  void stop_merges() {
    {
      Lock lock(state);
      merges_stopping = true;
      merge_wake.notify_all();
    }
    for (std::thread& thread : merge_threads) thread.join();
    merge_threads.clear();
  }

  // Removes every file that neither the last commit nor pending flushes use: leftovers of a
  // crash, a failed flush, a rollback, superseded deletions, and segments merged away.
  // REQUIRES: state held.
  void remove_unreferenced_files() {
    std::set<std::string, std::less<>> live_segments;
    std::set<std::string, std::less<>> live_deletes;
    for (const Buffer* buffer : flushing) live_segments.insert(buffer->flush_name);
    live_segments.insert(merge_outputs.begin(), merge_outputs.end());
    const auto keep = [&](const SegmentEntry& entry) {
      live_segments.insert(entry.name);
      if (entry.delete_generation > 0) {
        live_deletes.insert(index_internal::deletions_file(entry.name, entry.delete_generation));
      }
    };
    // The commit's segments too: a merge may have replaced them in the writer, not yet on disk.
    for (const SegmentEntry& entry : committed.segments) keep(entry);
    for (const WriterSegment& segment : segments) keep(segment.entry);
    auto names = directory->list();
    if (!names) return;
    for (const std::string& name : *names) {
      if (name == index_internal::kManifestTempName) {
        (void)directory->remove(name);
        continue;
      }
      if (name.rfind("seg_", 0) != 0) continue;
      const bool deletes = name.size() > 4 && name.compare(name.size() - 4, 4, ".del") == 0;
      const bool live = deletes ? live_deletes.count(name) > 0
                                : live_segments.count(name.substr(0, name.find('.'))) > 0;
      if (!live) (void)directory->remove(name);
    }
  }

  // REQUIRES: commit_mutex. `only_if_unchanged`: commit only if nothing is pending but merges.
  Status commit_once(bool only_if_unchanged = false);
  Status commit_and_merge();  // REQUIRES: commit_mutex

  ~Impl() { stop_merges(); }

  // The context of a failure after the commit `generation` (default: the last) was made
  // durable, so that a caller tells it from a failed commit.
  std::string durable_but(std::string_view what, std::uint64_t generation = UINT64_MAX) const {
    if (generation == UINT64_MAX) generation = committed_generation.load();
    return "the commit (generation " + std::to_string(generation) + ") is durable; " +
           std::string(what);
  }

  // Forgets a failed commit's cut: its segments are the next commit's.
  void abandon_cut() {
    for (WriterSegment& segment : segments) {
      segment.in_cut = false;
      segment.cut_deletes.reset();
      segment.cut_changed = false;
    }
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&& other) noexcept {
  if (this != &other) {
    close();
    impl_ = std::move(other.impl_);
  }
  return *this;
}
IndexWriter::~IndexWriter() { close(); }

void IndexWriter::close() noexcept {
  if (!impl_) return;
  impl_->stop_merges();  // a merge under way finishes first
  // Not a rollback of the log: what sync() made durable is the next writer's to replay.
  impl_->closing = true;
  (void)rollback();
}

Result<IndexWriter> IndexWriter::open(const std::string& path, const Schema& schema,
                                      const IndexWriterOptions& options) {
  TRAWL_ASSIGN_OR_RETURN(std::shared_ptr<Directory> directory,
                         open_fs_directory(path, options.create_if_missing));
  return open(std::move(directory), schema, options);
}

Result<IndexWriter> IndexWriter::open(std::shared_ptr<Directory> directory, const Schema& schema,
                                      const IndexWriterOptions& options) {
  TRAWL_RETURN_IF_ERROR(schema.validate());
  if (options.ram_budget_bytes == 0) {
    return Status::invalid_argument("index writer: ram_budget_bytes must be positive");
  }
  if (options.threads == 0 || options.threads > 256) {
    return Status::invalid_argument("index writer: threads must be between 1 and 256");
  }
  if (options.merge_threads > 64) {
    return Status::invalid_argument("index writer: merge_threads must be at most 64");
  }
  auto impl = std::make_unique<Impl>();
  impl->directory = std::move(directory);
  impl->options = options;
  TRAWL_ASSIGN_OR_RETURN(impl->directory_lock,
                         impl->directory->lock(index_internal::kWriteLockName));

  auto manifest = index_internal::read_manifest(*impl->directory);
  if (manifest) {
    TRAWL_ASSIGN_OR_RETURN(Schema existing,
                           index_internal::to_schema(manifest->fields, manifest->unique_key));
    if (existing != schema) {
      return Status::invalid_argument(impl->where() + " has schema [" + existing.describe() +
                                      "], not [" + schema.describe() + "]");
    }
    impl->committed = std::move(manifest).value();
  } else if (manifest.error().is_not_found()) {
    if (!options.create_if_missing) return Status::not_found(impl->where() + ": no index");
    impl->committed.fields = index_internal::to_records(schema);
    impl->committed.unique_key = schema.unique_key();
    // Generation 0: an empty index that readers can open, holding the schema.
    TRAWL_RETURN_IF_ERROR(index_internal::write_manifest(*impl->directory, impl->committed)
                              .with_context("creating " + impl->where()));
  } else {
    return manifest.error().with_context("opening " + impl->where());
  }
  for (const SegmentEntry& entry : impl->committed.segments) {
    WriterSegment segment;
    segment.entry = entry;
    segment.committed = true;
    impl->segments.push_back(std::move(segment));
  }
  impl->next_segment = impl->committed.next_segment;
  impl->committed_generation = impl->committed.generation;
  impl->schema = std::make_shared<const Schema>(schema);
  {
    Lock lock(impl->state);
    // A schema the analysers cannot take fails here, not at the first add().
    TRAWL_RETURN_IF_ERROR(impl->any_buffer().status());
    impl->remove_unreferenced_files();
  }
  IndexWriter writer(std::move(impl));
  TRAWL_RETURN_IF_ERROR(writer.recover());
  return writer;
}

Result<IndexWriter> IndexWriter::open_existing(const std::string& path,
                                               const IndexWriterOptions& options) {
  TRAWL_ASSIGN_OR_RETURN(std::shared_ptr<Directory> directory, open_fs_directory(path, false));
  return open_existing(std::move(directory), options);
}

Result<IndexWriter> IndexWriter::open_existing(std::shared_ptr<Directory> directory,
                                               const IndexWriterOptions& options) {
  auto manifest = index_internal::read_manifest(*directory);
  if (!manifest) {
    if (manifest.error().is_not_found()) {
      return Status::not_found("index " + directory->description() + ": no index");
    }
    return manifest.error().with_context("opening index " + directory->description());
  }
  TRAWL_ASSIGN_OR_RETURN(Schema schema,
                         index_internal::to_schema(manifest->fields, manifest->unique_key));
  IndexWriterOptions existing = options;
  existing.create_if_missing = false;
  return open(std::move(directory), schema, existing);
}

Status IndexWriter::add(const Document& document) {
  TRAWL_RETURN_IF_ERROR(impl_->admit(document));
  Impl& w = *impl_;
  if (w.batched()) {
    std::lock_guard<std::mutex> batch(w.batch_mutex);
    TRAWL_RETURN_IF_ERROR(w.log_change(LoggedChange::Kind::kAdd, &document, {}));
    ++w.pending;
    return w.enqueue(Batch::Item{document, {}});
  }
  TRAWL_ASSIGN_OR_RETURN(Buffer * buffer, w.check_out());
  // Logged with the buffer checked out: no removal or cut comes between the log and the add.
  Status status = w.log_change(LoggedChange::Kind::kAdd, &document, {});
  if (status.ok()) status = buffer->builder.add(document);
  if (status.ok()) ++w.pending;
  Lock lock(w.state);
  Status checked_in = w.check_in(lock, buffer);
  return status.ok() ? checked_in : status;
}

Status IndexWriter::update(const Document& document) {
  Impl& w = *impl_;
  const std::string& key_field = w.schema->unique_key();
  if (key_field.empty()) {
    return Status::invalid_argument("update: the schema declares no unique key");
  }
  const std::string* key = document.get(key_field);
  if (key == nullptr) {
    return Status::invalid_argument("update: the document has no value of the unique key '" +
                                    key_field + "'");
  }
  // A document that cannot be added must not remove the one it replaces.
  TRAWL_RETURN_IF_ERROR(w.admit(document));
  if (w.batched()) {
    std::lock_guard<std::mutex> batch(w.batch_mutex);
    TRAWL_RETURN_IF_ERROR(w.log_change(LoggedChange::Kind::kUpdate, &document, {}));
    ++w.pending;
    // Queued in order: the removal applies to everything added before it.
    TRAWL_RETURN_IF_ERROR(w.enqueue(Batch::Item{std::nullopt, *key}));
    return w.enqueue(Batch::Item{document, {}});
  }
  // Analysed first, with no lock held; then removal and addition at once, so that a racing
  // update or removal of the same key comes entirely before or after.
  AnalyzedDocument analyzed;
  {
    TRAWL_ASSIGN_OR_RETURN(auto analyzer, w.analyzers.take(*w.schema));
    Status status = analyzer->analyze(document, analyzed);
    w.analyzers.give_back(std::move(analyzer));
    TRAWL_RETURN_IF_ERROR(status);
  }
  Lock lock = w.exclusive(/*flushes=*/false);
  TRAWL_RETURN_IF_ERROR(w.log_change(LoggedChange::Kind::kUpdate, &document, {}));
  TRAWL_RETURN_IF_ERROR(w.remove_everywhere(*key).status());
  TRAWL_ASSIGN_OR_RETURN(Buffer * buffer, w.any_buffer());
  if (buffer->builder.full()) {
    w.free_buffers.pop_back();
    TRAWL_RETURN_IF_ERROR(w.flush(lock, buffer, /*durable=*/true));
    // A removal may have come while the mutex was released: it is ordered before the addition.
    TRAWL_ASSIGN_OR_RETURN(buffer, w.any_buffer());
  }
  buffer->builder.add(analyzed);
  ++w.pending;
  w.count_bytes(*buffer);
  if (!w.over_budget(*buffer)) return {};
  w.free_buffers.pop_back();
  return w.flush(lock, buffer, /*durable=*/true);
}

Result<std::uint64_t> IndexWriter::remove(std::string_view key) {
  Impl& w = *impl_;
  TRAWL_RETURN_IF_ERROR(w.require_unique_key());  // before the change is logged
  std::unique_lock<std::mutex> batch(w.batch_mutex, std::defer_lock);
  if (w.batched()) {
    batch.lock();
    TRAWL_RETURN_IF_ERROR(w.log_change(LoggedChange::Kind::kRemove, nullptr, key));
    TRAWL_RETURN_IF_ERROR(w.drain());
  }
  Lock lock = w.exclusive(/*flushes=*/false);
  if (!w.batched()) {
    TRAWL_RETURN_IF_ERROR(w.log_change(LoggedChange::Kind::kRemove, nullptr, key));
  }
  TRAWL_ASSIGN_OR_RETURN(std::uint64_t removed, w.remove_everywhere(key));
  if (removed > 0) ++w.pending;
  return removed;
}

Status IndexWriter::commit() {
  Impl& w = *impl_;
  {
    std::lock_guard<std::mutex> guard(w.commit_mutex);
    if (w.options.merge_threads == 0) return w.commit_and_merge();
    TRAWL_RETURN_IF_ERROR(w.commit_once());
  }
  Lock lock(w.state);
  w.want_merges();
  Status failure = w.take_merge_failure();
  if (failure.ok()) return failure;
  return failure.with_context(w.durable_but("a background merge before it failed (it is retried)"));
}

Status IndexWriter::wait_for_merges() { return impl_->wait_for_merges(); }

std::uint64_t IndexWriter::committed_generation() const noexcept {
  return impl_->committed_generation.load();
}

Status IndexWriter::force_merge(std::size_t max_segments, const ForceMergeOptions& options) {
  if (max_segments == 0) return Status::invalid_argument("force_merge: max_segments must be >= 1");
  Impl& w = *impl_;
  Impl::MergePause pause(w);  // before commit_mutex, which a running merge needs to finish
  std::lock_guard<std::mutex> guard(w.commit_mutex);
  TRAWL_RETURN_IF_ERROR(w.options.merge_threads == 0 ? w.commit_and_merge() : w.commit_once());
  {
    // Other threads' changes wait for the merge (background merges do not).
    Lock lock = w.exclusive(/*flushes=*/true);
    auto& segments = w.segments;
    const bool has_deletions =
        std::any_of(segments.begin(), segments.end(),
                    [](const WriterSegment& s) { return s.deleted_count() > 0; });
    if (segments.empty()) return {};
    if (segments.size() <= max_segments && !(max_segments == 1 && has_deletions)) {
      // A lone segment is rewritten only to reorder it, once.
      if (segments.size() > 1 || !options.reorder_documents) return {};
      TRAWL_RETURN_IF_ERROR(w.open_segment(segments[0]));
      if (segments[0].reader->meta().reordered) return {};
    }
    // Merge the neighbours with the fewest live documents in all.
    const std::size_t count =
        segments.size() >= max_segments ? segments.size() - max_segments + 1 : 1;
    std::size_t best = 0;
    std::uint64_t best_docs = UINT64_MAX;
    for (std::size_t first = 0; first + count <= segments.size(); ++first) {
      std::uint64_t docs = 0;
      for (std::size_t i = first; i < first + count; ++i) docs += w.live_docs(segments[i]);
      if (docs < best_docs) {
        best_docs = docs;
        best = first;
      }
    }
    index_internal::MergeOptions merge;
    merge.reorder = options.reorder_documents;
    merge.threads = w.options.threads;
    merge.memory_bytes = w.options.ram_budget_bytes;
    TRAWL_ASSIGN_OR_RETURN(bool merged, w.merge_range(best, count, merge));
    if (!merged)
      return Status::invalid_argument(
          "force_merge: the merged segment would exceed 2^31 documents");
  }
  return w.commit_once();
}

Status IndexWriter::sync() {
  if (!impl_->wal) {
    return Status::invalid_argument(
        "sync: the writer keeps no write-ahead log (IndexWriterOptions::wal)");
  }
  return impl_->wal->sync().with_context("syncing the write-ahead log of " + impl_->where());
}

const WalRecovery& IndexWriter::wal_recovery() const noexcept { return impl_->recovery; }

// A commit: the cut (with every change stopped: what precedes it is in, what follows is the next
// commit's, in the index and in the write-ahead log alike), then with the mutex released the
// buffers before the cut are flushed and the files synced, and the manifest written.
Status IndexWriter::Impl::commit_once(bool only_if_unchanged) {
  std::vector<FlushTicket> tickets;
  std::uint64_t pending_at_cut = 0;
  Lock lock;
  {
    std::lock_guard<std::mutex> batch(batch_mutex);
    TRAWL_RETURN_IF_ERROR(drain());
    lock = exclusive(/*flushes=*/true);
    if (only_if_unchanged && pending.load() > 0) return {};
    if (wal) {
      TRAWL_RETURN_IF_ERROR(
          wal->rotate(committed.generation + 1).with_context("committing " + where()));
    }
    for (WriterSegment& segment : segments) cut(segment);
    for (std::size_t i = 0; i < free_buffers.size();) {
      if (free_buffers[i]->builder.doc_count() == 0) {
        ++i;
        continue;
      }
      tickets.push_back(begin_flush(free_buffers[i], /*durable=*/true, /*for_commit=*/true));
      free_buffers.erase(free_buffers.begin() + static_cast<std::ptrdiff_t>(i));
    }
    pending_at_cut = pending.load();
  }
  Status status = finish_flushes(lock, tickets);
  if (!status.ok()) {
    abandon_cut();
    return status;
  }
  // Segments whose every document is deleted leave the index (unsynced, if they never were).
  const auto emptied = [](const WriterSegment& segment) {
    return !segment.merging && segment.cut_changed && segment.cut_deletes &&
           segment.cut_deletes->count() == segment.entry.doc_count;
  };
  std::vector<std::string> unsynced;
  for (const WriterSegment& segment : segments) {
    if (segment.in_cut && !segment.synced && !emptied(segment)) {
      unsynced.push_back(segment.entry.name);
    }
  }
  lock.unlock();
  status = sync_files(unsynced);
  lock.lock();
  if (!status.ok()) {
    abandon_cut();
    return status.with_context("committing " + where());
  }

  Manifest next = committed;
  ++next.generation;
  next.next_segment = next_segment;
  next.segments.clear();
  std::vector<std::pair<std::shared_ptr<const DeletionSet>, SegmentEntry>> deletions;
  for (WriterSegment& segment : segments) {
    if (!segment.in_cut) continue;
    if (std::find(unsynced.begin(), unsynced.end(), segment.entry.name) != unsynced.end()) {
      segment.synced = true;
    }
    if (emptied(segment)) continue;
    SegmentEntry entry = segment.entry;
    if (segment.cut_changed && segment.cut_deletes && segment.cut_deletes->count() > 0) {
      entry.delete_generation = next.generation;
      entry.deleted_count = segment.cut_deletes->count();
    }
    if (entry.delete_generation == next.generation)
      deletions.emplace_back(segment.cut_deletes, entry);
    next.segments.push_back(std::move(entry));
  }
  // Written with the mutex released: removals meanwhile copy the deletions the cut holds.
  lock.unlock();
  status = Status();
  for (const auto& [set, entry] : deletions) {
    status = set->write(*directory, index_internal::deletions_file(entry.name, next.generation),
                        entry.identity);
    if (!status.ok()) break;
  }
  if (status.ok()) status = index_internal::write_manifest(*directory, next);
  lock.lock();
  if (!status.ok()) {
    abandon_cut();
    return status.with_context("committing " + where());
  }
  std::vector<WriterSegment> kept;
  kept.reserve(segments.size());
  std::size_t written = 0;
  for (WriterSegment& segment : segments) {
    if (segment.in_cut) {
      if (written == next.segments.size() || next.segments[written].name != segment.entry.name) {
        continue;  // every document deleted: left out of the commit, and now gone
      }
      segment.entry = next.segments[written++];
      segment.committed = true;
      if (segment.cut_changed) segment.committed_deletes = segment.cut_deletes;
      if (segment.pending_deletes && segment.pending_deletes.get() == segment.cut_deletes.get()) {
        segment.pending_deletes.reset();
        segment.pending_shared = false;
      }
      segment.in_cut = false;
      segment.cut_deletes.reset();
      segment.cut_changed = false;
    }
    kept.push_back(std::move(segment));
  }
  segments = std::move(kept);
  committed = std::move(next);
  committed_generation = committed.generation;
  pending -= pending_at_cut;
  remove_unreferenced_files();
  lock.unlock();
  if (wal) wal->retire();
  return {};
}

Status IndexWriter::Impl::commit_and_merge() {
  TRAWL_RETURN_IF_ERROR(commit_once());
  // Merges chosen by the policy, each committed on its own so readers see progress. The
  // documents are durable by now: a failure says so, for the caller to tell the two apart.
  const std::uint64_t generation = committed_generation.load();
  const auto failed = [&](const Status& status) {
    return status.with_context(durable_but("the merge after it failed", generation));
  };
  for (;;) {
    {
      Lock lock = exclusive(/*flushes=*/true);
      const std::size_t first = pick_merge();
      if (first >= segments.size()) break;
      auto merged = merge_range(first, options.merge_factor);
      if (!merged) return failed(merged.error());
      if (!*merged) break;
    }
    if (Status status = commit_once(); !status.ok()) return failed(status);
  }
  return {};
}

Result<IndexReader> IndexWriter::reader() {
  Impl& w = *impl_;
  Lock lock;
  {
    std::lock_guard<std::mutex> batch(w.batch_mutex);
    TRAWL_RETURN_IF_ERROR(w.drain());
    lock = w.exclusive(/*flushes=*/true);
  }
  TRAWL_RETURN_IF_ERROR(w.flush_all_held(/*durable=*/false));
  std::vector<IndexReaderInternal::SnapshotSegment> parts;
  parts.reserve(w.segments.size());
  for (WriterSegment& segment : w.segments) {
    TRAWL_RETURN_IF_ERROR(w.open_segment(segment));
    IndexReaderInternal::SnapshotSegment part;
    part.entry = segment.entry;
    part.reader = segment.reader;
    part.deletions_committed = segment.pending_deletes == nullptr;
    part.deletions = segment.share_deletes();
    parts.push_back(std::move(part));
  }
  return IndexReaderInternal::snapshot(w.directory, w.schema, w.committed, std::move(parts));
}

Status IndexWriter::rollback() {
  Impl& w = *impl_;
  Impl::MergePause pause(w);
  std::lock_guard<std::mutex> guard(w.commit_mutex);
  Lock lock;
  {
    std::lock_guard<std::mutex> batch(w.batch_mutex);
    w.discard_queue();
    lock = w.exclusive(/*flushes=*/true);
  }
  for (Buffer* buffer : w.free_buffers) {
    buffer->builder.clear();
    w.count_bytes(*buffer);
  }
  w.pending = 0;
  // Back to what is committed on disk, read afresh: after a failed commit the writer's own view
  // may be off either way (a merge replaced committed segments in memory; a failure after the
  // rename left the new manifest in place). Until it is known, no file may be removed.
  auto read = index_internal::read_manifest(*w.directory);
  if (!read) return read.error().with_context("rolling back " + w.where());
  Manifest on_disk = std::move(read).value();
  std::vector<WriterSegment> segments;
  for (const SegmentEntry& entry : on_disk.segments) {
    WriterSegment segment;
    segment.entry = entry;
    segment.committed = true;
    // A segment this writer already has open, with the same deletions, keeps its reader.
    for (WriterSegment& known : w.segments) {
      if (known.entry.name == entry.name && known.committed &&
          known.entry.delete_generation == entry.delete_generation) {
        segment.reader = known.reader;
        segment.committed_deletes = known.committed_deletes;
        segment.deletes_loaded = known.deletes_loaded;
      }
    }
    segments.push_back(std::move(segment));
  }
  w.segments = std::move(segments);
  w.next_segment = std::max(w.next_segment, on_disk.next_segment);
  w.committed = std::move(on_disk);
  w.committed_generation = w.committed.generation;
  w.remove_unreferenced_files();
  // The log held what was just discarded.
  if (w.wal && !w.closing) {
    return w.wal->start(w.committed.generation, /*durable=*/true)
        .with_context("rolling back " + w.where());
  }
  return {};
}

// Replays the logs a writer left without committing: the newest log of the committed generation
// and every later one (cut by commits that did not complete), in order, and commits what they
// held. Older logs' changes are committed already; a lower sequence number of the committed
// generation was superseded by a rollback.
Status IndexWriter::recover() {
  TRAWL_ASSIGN_OR_RETURN(std::vector<std::string> names, impl_->directory->list());
  const std::uint64_t committed = impl_->committed.generation;
  std::uint64_t last_sequence = 0, first_sequence = 0;
  std::vector<std::pair<std::uint64_t, std::string>> logs;  // (sequence, name)
  bool any_log = false;
  for (const std::string& name : names) {
    std::uint64_t generation = 0, sequence = 0;
    if (!index_internal::parse_log_name(name, generation, sequence)) continue;
    any_log = true;
    last_sequence = std::max(last_sequence, sequence);
    if (generation == committed) first_sequence = std::max(first_sequence, sequence);
    if (generation >= committed) logs.emplace_back(sequence, name);
  }
  logs.erase(std::remove_if(logs.begin(), logs.end(),
                            [&](const auto& log) { return log.first < first_sequence; }),
             logs.end());
  std::sort(logs.begin(), logs.end());
  const IndexWriterOptions& options = impl_->options;
  if (options.wal) {
    impl_->wal = std::make_unique<index_internal::WriteAheadLog>(
        *impl_->directory, committed, last_sequence,
        std::chrono::milliseconds(options.wal_sync_interval_ms));
  }
  WalRecovery& recovery = impl_->recovery;
  impl_->replaying = true;
  Status status;
  for (const auto& [sequence, name] : logs) {
    if (!recovery.damage.ok()) {
      // Nothing after damage was synced (a sync covers every log): it is dropped too.
      auto file = impl_->directory->open(name);
      if (file) recovery.dropped_bytes += (*file)->bytes().size();
      continue;
    }
    auto contents = index_internal::read_log(*impl_->directory, name);
    if (!contents) {
      status = contents.error();
    } else {
      for (const LoggedChange& change : contents->changes) {
        switch (change.kind) {
          case LoggedChange::Kind::kAdd:
            status = add(change.document);
            break;
          case LoggedChange::Kind::kUpdate:
            status = update(change.document);
            break;
          case LoggedChange::Kind::kRemove:
            status = remove(change.key).status();
            break;
        }
        if (!status.ok()) break;
        ++recovery.replayed;
      }
      recovery.dropped_bytes += contents->dropped_bytes;
      recovery.damage = contents->damage;
    }
    if (!status.ok()) {
      impl_->replaying = false;
      return status.with_context("replaying the write-ahead log " + name + " of " + impl_->where());
    }
  }
  impl_->replaying = false;
  if (recovery.replayed > 0) {
    TRAWL_RETURN_IF_ERROR(commit().with_context(
        "committing what was replayed from the write-ahead log of " + impl_->where()));
  }
  // A commit leaves only its own new log; otherwise the logs are stale.
  if (impl_->wal) return impl_->wal->start(impl_->committed.generation, false);
  if (any_log) index_internal::remove_logs(*impl_->directory, {});
  return {};
}

Result<RepairResult> IndexWriter::repair(const RepairOptions& options) {
  Impl& w = *impl_;
  Impl::MergePause pause(w);
  std::lock_guard<std::mutex> guard(w.commit_mutex);
  Lock lock = w.exclusive(/*flushes=*/true);
  auto& segments = w.segments;
  // (Batches being filled hold only documents that pending counts.)
  const bool changed =
      w.pending > 0 || std::any_of(segments.begin(), segments.end(), [](const WriterSegment& s) {
        return !s.committed || s.pending_deletes != nullptr;
      });
  if (changed) {
    return Status::invalid_argument("repair: the writer has uncommitted changes; commit or roll "
                                    "them back first");
  }
  RepairResult result;
  std::vector<bool> damaged(segments.size(), false);
  for (std::size_t i = 0; i < segments.size(); ++i) {
    WriterSegment& segment = segments[i];
    Status status = w.open_segment(segment);
    if (status.ok()) status = segment.reader->verify();
    if (status.ok()) continue;
    // A missing file is damage too; an I/O failure is not: it says nothing of the bytes.
    if (!status.is_corruption() && !status.is_not_supported() && !status.is_not_found()) {
      return status;
    }
    damaged[i] = true;
    DroppedSegment dropped;
    dropped.name = segment.entry.name;
    dropped.damage = status;
    dropped.live_documents = segment.entry.doc_count - segment.entry.deleted_count;
    if (segment.reader) {
      dropped.ids = index_internal::readable_keys(*segment.reader, segment.committed_deletes.get(),
                                                  *w.schema);
    }
    result.dropped.push_back(std::move(dropped));
  }
  if (!options.dry_run && !result.dropped.empty()) {
    std::vector<WriterSegment> kept;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (!damaged[i]) kept.push_back(std::move(segments[i]));
    }
    segments = std::move(kept);
    lock.unlock();
    TRAWL_RETURN_IF_ERROR(w.commit_once().with_context("repair"));
  }
  result.generation = w.committed_generation;
  return result;
}

std::uint64_t IndexWriter::pending_documents() const noexcept { return impl_->pending.load(); }
const Schema& IndexWriter::schema() const noexcept { return *impl_->schema; }

}  // namespace trawl
