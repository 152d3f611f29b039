#include "trawl/index/index_writer.h"

#include <algorithm>
#include <cmath>
#include <deque>
#include <future>
#include <mutex>
#include <set>

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

// A segment as the writer knows it: committed or flushed since, with its deletions.
struct WriterSegment {
  SegmentEntry entry;  // as last committed, or as flushed
  bool committed = false;
  std::shared_ptr<const SegmentReader> reader;           // opened when first needed
  std::shared_ptr<const DeletionSet> committed_deletes;  // loaded with the reader
  std::shared_ptr<DeletionSet> pending_deletes;          // non-null once changed since commit
  bool deletes_loaded = false;
  // A near-real-time snapshot holds pending_deletes: the next removal copies them first.
  bool pending_shared = false;
  // Flushed for a snapshot without fsync: the commit that names it syncs its files first.
  bool synced = true;

  std::uint32_t deleted_count() const {
    if (pending_deletes) return pending_deletes->count();
    return entry.deleted_count;
  }
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

// The analysers the batches borrow, one per running analysis.
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

struct IndexWriter::Impl {
  std::shared_ptr<Directory> directory;
  std::unique_ptr<DirectoryLock> lock;
  std::shared_ptr<const Schema> schema;  // stable address: the builder and readers point to it
  IndexWriterOptions options;
  Manifest committed;
  std::vector<WriterSegment> segments;
  std::unique_ptr<SegmentBuilder> builder;
  std::uint64_t next_segment = 1;
  std::uint64_t pending = 0;
  // The write-ahead log (options.wal), from the end of open(). After `directory`: destroyed
  // (its syncing thread stopped) before the directory it writes to.
  std::unique_ptr<index_internal::WriteAheadLog> wal;
  bool replaying = false;          // changes applied from a log are not logged again
  bool closing = false;            // the destructor's rollback leaves the log alone
  WalRecovery recovery;
  // Parallel analysis (options.threads > 1). Declared last: destroyed first, which waits for
  // running analyses before the pool and schema they use go away.
  AnalyzerPool analyzers;
  Batch filling;
  std::deque<Batch> in_flight;

  std::string where() const { return "index " + directory->description(); }

  // Appends a change to the log before it is applied (nothing without options.wal).
  Status log_change(LoggedChange::Kind kind, const Document* document, std::string_view key) {
    if (!wal || replaying) return {};
    // Called for every change: the context is put together only for a failure.
    Status status = wal->append(committed.generation, kind, document, key);
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

  // Adds an admitted document: to the segment being built, or to the batch being filled.
  Status enqueue(const Document& document) {
    if (options.threads <= 1) {
      if (builder->full()) TRAWL_RETURN_IF_ERROR(flush_segment());
      TRAWL_RETURN_IF_ERROR(builder->add(document));
      ++pending;
      if (builder->ram_bytes() >= options.ram_budget_bytes) return flush_segment();
      return {};
    }
    filling.items.push_back(Batch::Item{document, {}});
    ++pending;
    if (filling.items.size() >= kBatchDocuments) return submit();
    return {};
  }

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

  Status invert_oldest() {
    // Wait before moving the batch: the analysis writes into it in place.
    Status analysed = in_flight.front().analysis.get();
    Batch batch = std::move(in_flight.front());
    in_flight.pop_front();
    TRAWL_RETURN_IF_ERROR(analysed);
    // The documents join the segment in order (removals in between see exactly the documents
    // added before them); then their postings, all at once. The budget is checked per batch.
    if (builder->doc_count() + batch.items.size() > SegmentBuilder::kMaxDocs) {
      TRAWL_RETURN_IF_ERROR(flush_segment());
    }
    DocId first = kTerminated;
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
      if (batch.items[i].document) {
        const DocId doc = builder->add_document_data(batch.analyzed[i]);
        if (first == kTerminated) first = doc;
      } else {
        TRAWL_RETURN_IF_ERROR(remove_key(batch.items[i].remove_key).status());
      }
    }
    if (first != kTerminated) builder->add_postings(first, batch.inverted);
    if (builder->ram_bytes() >= options.ram_budget_bytes) return flush_segment();
    return {};
  }

  // Inverts everything queued, so that the builder reflects every call made so far.
  Status drain() {
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

  // Writes the buffered documents as a segment; `durable`: synced now, or by the commit.
  Status flush_segment(bool durable = true) {
    if (builder->doc_count() == 0) return {};
    const std::string name = index_internal::segment_name(next_segment++);
    auto flushed = builder->flush(*directory, name, durable);
    if (!flushed) return flushed.error().with_context("flushing segment " + name);
    WriterSegment segment;
    segment.entry = SegmentEntry{name, flushed->meta.doc_count, 0, 0, flushed->meta.identity};
    segment.pending_deletes = std::move(flushed->deletions);
    segment.deletes_loaded = true;
    segment.synced = durable;
    segments.push_back(std::move(segment));
    return {};
  }

  // Syncs the files of the segments flushed for snapshots, before a manifest names them.
  Status sync_flushed_segments() {
    std::vector<std::string> names;
    for (const WriterSegment& segment : segments) {
      if (!segment.synced) names.push_back(segment.entry.name + ".");
    }
    if (names.empty()) return {};
    TRAWL_ASSIGN_OR_RETURN(std::vector<std::string> files, directory->list());
    for (const std::string& file : files) {
      for (const std::string& prefix : names) {
        if (file.rfind(prefix, 0) == 0) TRAWL_RETURN_IF_ERROR(directory->sync_file(file));
      }
    }
    for (WriterSegment& segment : segments) segment.synced = true;
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

  Status require_unique_key() const {
    if (!schema->unique_key().empty()) return {};
    return Status::invalid_argument("remove/update by key: the schema declares no unique key");
  }

  Result<std::uint64_t> remove_key(std::string_view key) {
    TRAWL_RETURN_IF_ERROR(require_unique_key());
    const std::string& key_field = schema->unique_key();
    const auto field = static_cast<std::uint32_t>(*schema->find(key_field));
    const std::string term = index_internal::term_key(field, key);
    std::uint64_t removed = 0;
    for (WriterSegment& segment : segments) {
      TRAWL_RETURN_IF_ERROR(open_segment(segment));
      TRAWL_ASSIGN_OR_RETURN(auto info, segment.reader->lookup(term));
      if (!info) continue;
      auto cursor = segment.reader->postings(*info, field);
      for (; cursor->docid() != kTerminated; cursor->next()) {
        if (!segment.pending_deletes) {
          segment.pending_deletes =
              segment.committed_deletes
                  ? std::make_shared<DeletionSet>(*segment.committed_deletes)
                  : std::make_shared<DeletionSet>(segment.entry.doc_count);
        } else if (segment.pending_shared) {
          segment.pending_deletes = std::make_shared<DeletionSet>(*segment.pending_deletes);
        }
        segment.pending_shared = false;
        if (segment.pending_deletes->add(cursor->docid())) ++removed;
      }
      TRAWL_RETURN_IF_ERROR(cursor->status());
    }
    removed += builder->remove_key(key);
    return removed;
  }

  // Replaces segments[first, first + count) by their merge, in place, so that document order is
  // kept. The result is pending until the next commit. False if the merge would exceed the
  // segment size limit (and nothing was done).
  Result<bool> merge_range(std::size_t first, std::size_t count,
                           const index_internal::MergeOptions& merge = {}) {
    std::uint64_t total = 0;
    for (std::size_t i = first; i < first + count; ++i) total += live_docs(segments[i]);
    if (total > SegmentBuilder::kMaxDocs) return false;
    std::vector<index_internal::MergeSource> sources;
    for (std::size_t i = first; i < first + count; ++i) {
      WriterSegment& segment = segments[i];
      TRAWL_RETURN_IF_ERROR(open_segment(segment));
      sources.push_back({segment.reader, segment.pending_deletes
                                             ? std::shared_ptr<const DeletionSet>(segment.pending_deletes)
                                             : segment.committed_deletes});
    }
    const std::string name = index_internal::segment_name(next_segment++);
    auto meta = index_internal::merge_segments(*directory, name, *schema, sources, merge);
    if (!meta) return meta.error().with_context("merging into segment " + name);
    WriterSegment merged;
    merged.entry = SegmentEntry{name, meta->doc_count, 0, 0, meta->identity};
    merged.deletes_loaded = true;
    const auto begin = segments.begin() + static_cast<std::ptrdiff_t>(first);
    segments.erase(begin, begin + static_cast<std::ptrdiff_t>(count));
    segments.insert(segments.begin() + static_cast<std::ptrdiff_t>(first), std::move(merged));
    return true;
  }

  std::uint64_t live_docs(const WriterSegment& segment) const {
    return segment.entry.doc_count - segment.deleted_count();
  }

  // The log-structured policy (after Lucene's LogMergePolicy): a segment's level is
  // log_factor(live documents). Going from the oldest segment, the segments up to the newest one
  // within 0.75 of the highest remaining level form a group; a group of at least merge_factor
  // segments has its first merge_factor merged. Returns the first index of the merge, or
  // segments.size() when nothing needs merging.
  std::size_t pick_merge() const {
    const std::size_t factor = options.merge_factor;
    const std::size_t n = segments.size();
    if (factor < 2 || n < factor) return n;
    std::vector<double> levels(n);
    for (std::size_t i = 0; i < n; ++i) {
      levels[i] = std::log(static_cast<double>(std::max<std::uint64_t>(1, live_docs(segments[i])))) /
                  std::log(static_cast<double>(factor));
    }
    std::size_t start = 0;
    while (start < n) {
      const double top = *std::max_element(levels.begin() + static_cast<std::ptrdiff_t>(start),
                                           levels.end());
      const double floor = top - 0.75;
      std::size_t end = n;  // one past the group's last segment
      while (end > start + 1 && levels[end - 1] < floor) --end;
      if (end - start >= factor) return start;
      start = end;
    }
    return n;
  }

  // Removes every file that neither the last commit nor pending flushes use: leftovers of a
  // crash, a failed flush, a rollback, superseded deletions, and segments merged away.
  void remove_unreferenced_files() {
    std::set<std::string, std::less<>> live_segments;
    std::set<std::string, std::less<>> live_deletes;
    for (const WriterSegment& segment : segments) {
      live_segments.insert(segment.entry.name);
      if (segment.entry.delete_generation > 0) {
        live_deletes.insert(index_internal::deletions_file(segment.entry.name,
                                                           segment.entry.delete_generation));
      }
    }
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
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;
IndexWriter::~IndexWriter() {
  if (!impl_) return;
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
  auto impl = std::make_unique<Impl>();
  impl->directory = std::move(directory);
  impl->options = options;
  TRAWL_ASSIGN_OR_RETURN(impl->lock, impl->directory->lock(index_internal::kWriteLockName));

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
  impl->schema = std::make_shared<const Schema>(schema);
  TRAWL_ASSIGN_OR_RETURN(auto builder, SegmentBuilder::create(*impl->schema));
  impl->builder = std::make_unique<SegmentBuilder>(std::move(builder));
  impl->remove_unreferenced_files();
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
  TRAWL_RETURN_IF_ERROR(impl_->log_change(LoggedChange::Kind::kAdd, &document, {}));
  return impl_->enqueue(document);
}

Status IndexWriter::update(const Document& document) {
  const std::string& key_field = impl_->schema->unique_key();
  if (key_field.empty()) {
    return Status::invalid_argument("update: the schema declares no unique key");
  }
  const std::string* key = document.get(key_field);
  if (key == nullptr) {
    return Status::invalid_argument("update: the document has no value of the unique key '" +
                                    key_field + "'");
  }
  // A document that cannot be added must not remove the one it replaces.
  TRAWL_RETURN_IF_ERROR(impl_->admit(document));
  TRAWL_RETURN_IF_ERROR(impl_->log_change(LoggedChange::Kind::kUpdate, &document, {}));
  if (impl_->options.threads > 1) {
    // Queued in order: the removal applies to everything added before it.
    impl_->filling.items.push_back(Batch::Item{std::nullopt, *key});
  } else {
    TRAWL_RETURN_IF_ERROR(impl_->remove_key(*key).status());
  }
  return impl_->enqueue(document);
}

Result<std::uint64_t> IndexWriter::remove(std::string_view key) {
  TRAWL_RETURN_IF_ERROR(impl_->require_unique_key());  // before the change is logged
  TRAWL_RETURN_IF_ERROR(impl_->log_change(LoggedChange::Kind::kRemove, nullptr, key));
  TRAWL_RETURN_IF_ERROR(impl_->drain());
  TRAWL_ASSIGN_OR_RETURN(std::uint64_t removed, impl_->remove_key(key));
  if (removed > 0) ++impl_->pending;
  return removed;
}

Status IndexWriter::commit() {
  TRAWL_RETURN_IF_ERROR(commit_once());
  // Merges chosen by the policy, each committed on its own so readers see progress. The
  // documents are durable by now: a failure says so, for the caller to tell the two apart.
  const std::string committed = "the commit (generation " +
                                std::to_string(impl_->committed.generation) +
                                ") is durable; the merge after it failed";
  for (std::size_t first = impl_->pick_merge(); first < impl_->segments.size();
       first = impl_->pick_merge()) {
    auto merged = impl_->merge_range(first, impl_->options.merge_factor);
    if (!merged) return merged.error().with_context(committed);
    if (!*merged) break;
    TRAWL_RETURN_IF_ERROR(commit_once().with_context(committed));
  }
  return {};
}

std::uint64_t IndexWriter::committed_generation() const noexcept {
  return impl_->committed.generation;
}

Status IndexWriter::force_merge(std::size_t max_segments, const ForceMergeOptions& options) {
  if (max_segments == 0) return Status::invalid_argument("force_merge: max_segments must be >= 1");
  TRAWL_RETURN_IF_ERROR(commit());
  auto& segments = impl_->segments;
  const bool has_deletions = std::any_of(segments.begin(), segments.end(),
                                         [](const WriterSegment& s) { return s.deleted_count() > 0; });
  if (segments.empty()) return {};
  if (segments.size() <= max_segments && !(max_segments == 1 && has_deletions)) {
    // A lone segment is rewritten only to reorder it, once.
    if (segments.size() > 1 || !options.reorder_documents) return {};
    TRAWL_RETURN_IF_ERROR(impl_->open_segment(segments[0]));
    if (segments[0].reader->meta().reordered) return {};
  }
  // Merge the neighbours with the fewest live documents in all.
  const std::size_t count = segments.size() >= max_segments ? segments.size() - max_segments + 1 : 1;
  std::size_t best = 0;
  std::uint64_t best_docs = UINT64_MAX;
  for (std::size_t first = 0; first + count <= segments.size(); ++first) {
    std::uint64_t docs = 0;
    for (std::size_t i = first; i < first + count; ++i) docs += impl_->live_docs(segments[i]);
    if (docs < best_docs) {
      best_docs = docs;
      best = first;
    }
  }
  index_internal::MergeOptions merge;
  merge.reorder = options.reorder_documents;
  merge.threads = impl_->options.threads;
  TRAWL_ASSIGN_OR_RETURN(bool merged, impl_->merge_range(best, count, merge));
  if (!merged) return Status::invalid_argument("force_merge: the merged segment would exceed 2^31 documents");
  return commit_once();
}

Status IndexWriter::commit_once() {
  TRAWL_RETURN_IF_ERROR(impl_->drain());
  TRAWL_RETURN_IF_ERROR(impl_->flush_segment());
  Manifest next = impl_->committed;
  ++next.generation;
  next.next_segment = impl_->next_segment;
  next.segments.clear();
  // Segments whose every document is deleted leave the index.
  auto& segments = impl_->segments;
  segments.erase(std::remove_if(segments.begin(), segments.end(),
                                [](const WriterSegment& s) {
                                  return s.deleted_count() == s.entry.doc_count;
                                }),
                 segments.end());
  TRAWL_RETURN_IF_ERROR(
      impl_->sync_flushed_segments().with_context("committing " + impl_->where()));
  for (const WriterSegment& segment : segments) {
    SegmentEntry entry = segment.entry;
    if (segment.pending_deletes && segment.pending_deletes->count() > 0) {
      entry.delete_generation = next.generation;
      entry.deleted_count = segment.pending_deletes->count();
      TRAWL_RETURN_IF_ERROR(segment.pending_deletes->write(
          *impl_->directory, index_internal::deletions_file(entry.name, entry.delete_generation),
          entry.identity));
    }
    next.segments.push_back(std::move(entry));
  }
  TRAWL_RETURN_IF_ERROR(index_internal::write_manifest(*impl_->directory, next)
                            .with_context("committing " + impl_->where()));
  for (std::size_t i = 0; i < impl_->segments.size(); ++i) {
    WriterSegment& segment = impl_->segments[i];
    segment.entry = next.segments[i];
    segment.committed = true;
    if (segment.pending_deletes) {
      segment.committed_deletes = std::move(segment.pending_deletes);
      segment.pending_deletes.reset();
    }
  }
  impl_->committed = std::move(next);
  impl_->pending = 0;
  impl_->remove_unreferenced_files();
  if (impl_->wal) {
    TRAWL_RETURN_IF_ERROR(impl_->wal->start(impl_->committed.generation, false)
                              .with_context("the commit (generation " +
                                            std::to_string(impl_->committed.generation) +
                                            ") is durable; starting its write-ahead log failed"));
  }
  return {};
}

Status IndexWriter::sync() {
  if (!impl_->wal) {
    return Status::invalid_argument(
        "sync: the writer keeps no write-ahead log (IndexWriterOptions::wal)");
  }
  return impl_->wal->sync(impl_->committed.generation)
      .with_context("syncing the write-ahead log of " + impl_->where());
}

const WalRecovery& IndexWriter::wal_recovery() const noexcept { return impl_->recovery; }

// Replays the newest log of the committed generation (one a writer left without committing)
// and commits what it held; older logs' changes are committed already.
Status IndexWriter::recover() {
  TRAWL_ASSIGN_OR_RETURN(std::vector<std::string> names, impl_->directory->list());
  std::string newest;
  std::uint64_t newest_sequence = 0, last_sequence = 0;
  for (const std::string& name : names) {
    std::uint64_t generation = 0, sequence = 0;
    if (!index_internal::parse_log_name(name, generation, sequence)) continue;
    last_sequence = std::max(last_sequence, sequence);
    if (generation == impl_->committed.generation &&
        (newest.empty() || sequence > newest_sequence)) {
      newest = name;
      newest_sequence = sequence;
    }
  }
  const IndexWriterOptions& options = impl_->options;
  if (options.wal) {
    impl_->wal = std::make_unique<index_internal::WriteAheadLog>(
        *impl_->directory, last_sequence, std::chrono::milliseconds(options.wal_sync_interval_ms));
  }
  if (!newest.empty()) {
    const std::string context = "replaying the write-ahead log " + newest + " of " + impl_->where();
    TRAWL_ASSIGN_OR_RETURN(index_internal::LogContents contents,
                           index_internal::read_log(*impl_->directory, newest));
    impl_->replaying = true;
    Status status;
    for (const LoggedChange& change : contents.changes) {
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
    }
    impl_->replaying = false;
    TRAWL_RETURN_IF_ERROR(status.with_context(context));
    impl_->recovery.replayed = contents.changes.size();
    impl_->recovery.dropped_bytes = contents.dropped_bytes;
    impl_->recovery.damage = contents.damage;
    if (!contents.changes.empty()) {
      TRAWL_RETURN_IF_ERROR(commit().with_context(context));
      if (impl_->wal) return {};  // the commit started a new log, which supersedes this one
    }
  }
  if (impl_->wal) return impl_->wal->start(impl_->committed.generation, false);
  if (!names.empty()) index_internal::remove_logs(*impl_->directory, {});
  return {};
}

Result<IndexReader> IndexWriter::reader() {
  TRAWL_RETURN_IF_ERROR(impl_->drain());
  TRAWL_RETURN_IF_ERROR(impl_->flush_segment(/*durable=*/false));
  std::vector<IndexReaderInternal::SnapshotSegment> parts;
  parts.reserve(impl_->segments.size());
  for (WriterSegment& segment : impl_->segments) {
    TRAWL_RETURN_IF_ERROR(impl_->open_segment(segment));
    IndexReaderInternal::SnapshotSegment part;
    part.entry = segment.entry;
    part.reader = segment.reader;
    if (segment.pending_deletes) {
      part.deletions = segment.pending_deletes;
      part.deletions_committed = false;
      segment.pending_shared = true;
    } else {
      part.deletions = segment.committed_deletes;
    }
    parts.push_back(std::move(part));
  }
  return IndexReaderInternal::snapshot(impl_->directory, impl_->schema, impl_->committed,
                                       std::move(parts));
}

Status IndexWriter::rollback() {
  impl_->discard_queue();
  impl_->builder->clear();
  impl_->pending = 0;
  // Back to what is committed on disk, read afresh: after a failed commit the writer's own view
  // may be off either way (a merge replaced committed segments in memory; a failure after the
  // rename left the new manifest in place). Until it is known, no file may be removed.
  auto read = index_internal::read_manifest(*impl_->directory);
  if (!read) return read.error().with_context("rolling back " + impl_->where());
  Manifest on_disk = std::move(read).value();
  std::vector<WriterSegment> segments;
  for (const SegmentEntry& entry : on_disk.segments) {
    WriterSegment segment;
    segment.entry = entry;
    segment.committed = true;
    // A segment this writer already has open, with the same deletions, keeps its reader.
    for (WriterSegment& known : impl_->segments) {
      if (known.entry.name == entry.name && known.committed &&
          known.entry.delete_generation == entry.delete_generation) {
        segment.reader = known.reader;
        segment.committed_deletes = known.committed_deletes;
        segment.deletes_loaded = known.deletes_loaded;
      }
    }
    segments.push_back(std::move(segment));
  }
  impl_->segments = std::move(segments);
  impl_->next_segment = std::max(impl_->next_segment, on_disk.next_segment);
  impl_->committed = std::move(on_disk);
  impl_->remove_unreferenced_files();
  // The log held what was just discarded.
  if (impl_->wal && !impl_->closing) {
    return impl_->wal->start(impl_->committed.generation, /*durable=*/true)
        .with_context("rolling back " + impl_->where());
  }
  return {};
}

Result<RepairResult> IndexWriter::repair(const RepairOptions& options) {
  auto& segments = impl_->segments;
  // (Batches being filled hold only documents that pending counts.)
  const bool changed = impl_->pending > 0 ||
                       std::any_of(segments.begin(), segments.end(), [](const WriterSegment& s) {
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
    Status status = impl_->open_segment(segment);
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
                                                  *impl_->schema);
    }
    result.dropped.push_back(std::move(dropped));
  }
  if (!options.dry_run && !result.dropped.empty()) {
    std::vector<WriterSegment> kept;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (!damaged[i]) kept.push_back(std::move(segments[i]));
    }
    segments = std::move(kept);
    TRAWL_RETURN_IF_ERROR(commit_once().with_context("repair"));
  }
  result.generation = impl_->committed.generation;
  return result;
}

std::uint64_t IndexWriter::pending_documents() const noexcept { return impl_->pending; }
const Schema& IndexWriter::schema() const noexcept { return *impl_->schema; }

}  // namespace trawl
