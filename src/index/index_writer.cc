#include "trawl/index/index_writer.h"

#include <algorithm>
#include <set>

#include "index/manifest.h"
#include "index/segment_builder.h"

namespace trawl {

using index_internal::Manifest;
using index_internal::SegmentBuilder;
using index_internal::SegmentEntry;

struct IndexWriter::Impl {
  std::shared_ptr<Directory> directory;
  std::unique_ptr<DirectoryLock> lock;
  std::unique_ptr<Schema> schema;  // stable address: the builder points to it
  IndexWriterOptions options;
  Manifest committed;
  std::vector<SegmentEntry> flushed;  // written since the last commit, not yet in a manifest
  std::unique_ptr<SegmentBuilder> builder;
  std::uint64_t next_segment = 1;
  std::uint64_t pending = 0;

  Status flush_segment() {
    if (builder->doc_count() == 0) return {};
    const std::string name = index_internal::segment_name(next_segment++);
    auto meta = builder->flush(*directory, name);
    if (!meta) return meta.error().with_context("flushing segment " + name);
    flushed.push_back(SegmentEntry{name, meta->doc_count, 0, 0});
    return {};
  }

  // Removes the files of segments that neither the last commit nor the pending flushes name:
  // leftovers of a crash, a failed flush, a rollback or of segments merged away.
  void remove_unreferenced_files() {
    std::set<std::string, std::less<>> live;
    for (const SegmentEntry& entry : committed.segments) live.insert(entry.name);
    for (const SegmentEntry& entry : flushed) live.insert(entry.name);
    auto names = directory->list();
    if (!names) return;
    for (const std::string& name : *names) {
      if (name == index_internal::kManifestTempName) {
        (void)directory->remove(name);
        continue;
      }
      if (name.rfind("seg_", 0) != 0) continue;
      const std::string segment = name.substr(0, name.find('.'));
      if (live.find(segment) == live.end()) (void)directory->remove(name);
    }
  }
};

IndexWriter::IndexWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;
IndexWriter::~IndexWriter() {
  if (impl_) (void)rollback();
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
  auto impl = std::make_unique<Impl>();
  impl->directory = std::move(directory);
  impl->options = options;
  const std::string where = "index " + impl->directory->description();
  TRAWL_ASSIGN_OR_RETURN(impl->lock, impl->directory->lock(index_internal::kWriteLockName));

  auto manifest = index_internal::read_manifest(*impl->directory);
  if (manifest) {
    TRAWL_ASSIGN_OR_RETURN(Schema existing,
                           index_internal::to_schema(manifest->fields, manifest->unique_key));
    if (existing != schema) {
      return Status::invalid_argument(where + " has schema [" + existing.describe() +
                                      "], not [" + schema.describe() + "]");
    }
    impl->committed = std::move(manifest).value();
  } else if (manifest.error().is_not_found()) {
    if (!options.create_if_missing) return Status::not_found(where + ": no index");
    impl->committed.fields = index_internal::to_records(schema);
    impl->committed.unique_key = schema.unique_key();
    // Generation 0: an empty index that readers can open, holding the schema.
    TRAWL_RETURN_IF_ERROR(index_internal::write_manifest(*impl->directory, impl->committed)
                              .with_context("creating " + where));
  } else {
    return manifest.error().with_context("opening " + where);
  }
  impl->next_segment = impl->committed.next_segment;
  impl->schema = std::make_unique<Schema>(schema);
  TRAWL_ASSIGN_OR_RETURN(auto builder, SegmentBuilder::create(*impl->schema));
  impl->builder = std::make_unique<SegmentBuilder>(std::move(builder));
  impl->remove_unreferenced_files();
  return IndexWriter(std::move(impl));
}

Status IndexWriter::add(const Document& document) {
  TRAWL_RETURN_IF_ERROR(impl_->builder->add(document));
  ++impl_->pending;
  if (impl_->builder->ram_bytes() >= impl_->options.ram_budget_bytes) {
    return impl_->flush_segment();
  }
  return {};
}

Status IndexWriter::commit() {
  TRAWL_RETURN_IF_ERROR(impl_->flush_segment());
  Manifest next = impl_->committed;
  ++next.generation;
  next.next_segment = impl_->next_segment;
  next.segments.insert(next.segments.end(), impl_->flushed.begin(), impl_->flushed.end());
  TRAWL_RETURN_IF_ERROR(index_internal::write_manifest(*impl_->directory, next)
                            .with_context("committing index " + impl_->directory->description()));
  impl_->committed = std::move(next);
  impl_->flushed.clear();
  impl_->pending = 0;
  impl_->remove_unreferenced_files();
  return {};
}

Status IndexWriter::rollback() {
  impl_->builder->clear();
  impl_->flushed.clear();
  impl_->pending = 0;
  impl_->remove_unreferenced_files();
  return {};
}

std::uint64_t IndexWriter::pending_documents() const noexcept { return impl_->pending; }
const Schema& IndexWriter::schema() const noexcept { return *impl_->schema; }

}  // namespace trawl
