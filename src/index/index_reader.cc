#include "trawl/index/index_reader.h"

#include "index/deletions.h"
#include "index/index_reader_internal.h"
#include "index/manifest.h"
#include "index/segment_reader.h"

namespace trawl {

using index_internal::SegmentReader;

struct IndexReader::Impl {
  std::shared_ptr<Directory> directory;
  index_internal::Manifest manifest;
  std::shared_ptr<const Schema> schema;
  std::vector<std::shared_ptr<const SegmentReader>> segments;
  std::vector<std::shared_ptr<const index_internal::DeletionSet>> deletions;  // null: none
  std::uint64_t doc_count = 0;
  std::uint64_t deleted_count = 0;
  // A writer's snapshot: it holds more than its generation's commit, so reopen() never keeps it.
  bool near_real_time = false;

  // Appends a segment with its deletions (null: none), counting its documents.
  void add_segment(std::shared_ptr<const SegmentReader> segment,
                   std::shared_ptr<const index_internal::DeletionSet> deleted_set) {
    const std::uint32_t deleted = deleted_set ? deleted_set->count() : 0;
    doc_count += segment->doc_count() - deleted;
    deleted_count += deleted;
    segments.push_back(std::move(segment));
    deletions.push_back(std::move(deleted_set));
  }

  Result<std::uint32_t> field_number(std::string_view field) const {
    auto index = schema->find(field);
    if (!index) {
      return Status::invalid_argument("unknown field '" + std::string(field) + "' (schema: " +
                                      schema->describe() + ")");
    }
    return static_cast<std::uint32_t>(*index);
  }

  Status check_segment(std::size_t segment) const {
    if (segment >= segments.size()) {
      return Status::invalid_argument("segment " + std::to_string(segment) + " of " +
                                      std::to_string(segments.size()));
    }
    return {};
  }
};

IndexReader::IndexReader(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

// Opens the latest commit, reusing segments of `previous` by name; null if `previous` is the
// latest. A writer may commit and remove files between our reading the manifest and opening its
// segments; then a file is missing, the manifest has changed, and we start over.
Result<std::shared_ptr<const IndexReader::Impl>> IndexReader::open_latest(
    std::shared_ptr<Directory> directory, const Impl* previous) {
  constexpr int kAttempts = 10;
  Status last;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    auto manifest = index_internal::read_manifest(*directory);
    if (!manifest) {
      if (manifest.error().is_not_found()) {
        return Status::not_found("no index in " + directory->description());
      }
      return manifest.error();
    }
    if (previous != nullptr && !previous->near_real_time &&
        manifest->generation == previous->manifest.generation) {
      return std::shared_ptr<const IndexReader::Impl>();
    }
    auto impl = std::make_shared<IndexReader::Impl>();
    impl->directory = directory;
    if (previous != nullptr) {
      impl->schema = previous->schema;
    } else {
      TRAWL_ASSIGN_OR_RETURN(Schema schema,
                             index_internal::to_schema(manifest->fields, manifest->unique_key));
      impl->schema = std::make_shared<const Schema>(std::move(schema));
    }
    impl->manifest = std::move(manifest).value();
    Status status;
    for (const auto& entry : impl->manifest.segments) {
      std::shared_ptr<const SegmentReader> segment;
      std::shared_ptr<const index_internal::DeletionSet> deletions;
      bool deletions_known = false;
      if (previous != nullptr) {
        for (std::size_t i = 0; i < previous->segments.size(); ++i) {
          if (previous->segments[i]->name() != entry.name) continue;
          segment = previous->segments[i];
          if (previous->manifest.segments[i].delete_generation == entry.delete_generation) {
            deletions = previous->deletions[i];
            deletions_known = true;
          }
        }
      }
      if (!segment) {
        auto opened = SegmentReader::open(*directory, entry.name, impl->schema, entry.identity);
        if (!opened) {
          status = opened.error();
          break;
        }
        segment = std::move(opened).value();
      }
      if (segment->doc_count() != entry.doc_count) {
        status = Status::corruption("segment " + entry.name +
                                    " holds a different document count than MANIFEST says");
        break;
      }
      if (!deletions_known && entry.delete_generation > 0) {
        auto loaded = index_internal::DeletionSet::read(
            *directory, index_internal::deletions_file(entry.name, entry.delete_generation),
            entry.doc_count, entry.identity);
        if (!loaded) {
          status = loaded.error();
          break;
        }
        deletions = std::move(loaded).value();
      }
      impl->add_segment(std::move(segment), std::move(deletions));
    }
    if (status.ok()) return std::shared_ptr<const IndexReader::Impl>(std::move(impl));
    if (!status.is_not_found()) return status;
    last = status;  // a file vanished: a newer commit removed it; read the manifest again
  }
  return last;
}

IndexReader IndexReaderInternal::snapshot(std::shared_ptr<Directory> directory,
                                          std::shared_ptr<const Schema> schema,
                                          const index_internal::Manifest& committed,
                                          std::vector<SnapshotSegment> segments) {
  auto impl = std::make_shared<IndexReader::Impl>();
  impl->directory = std::move(directory);
  impl->schema = std::move(schema);
  impl->near_real_time = true;
  impl->manifest = committed;
  impl->manifest.segments.clear();
  for (SnapshotSegment& segment : segments) {
    // reopen() reuses a segment's deletions when its entry's generation of them is unchanged:
    // removals not yet committed carry none that a commit could have.
    if (!segment.deletions_committed) segment.entry.delete_generation = UINT64_MAX;
    impl->manifest.segments.push_back(std::move(segment.entry));
    impl->add_segment(std::move(segment.reader), std::move(segment.deletions));
  }
  return IndexReader(std::move(impl));
}

Result<IndexReader> IndexReader::open(std::shared_ptr<Directory> directory) {
  TRAWL_ASSIGN_OR_RETURN(auto impl, open_latest(std::move(directory), nullptr));
  return IndexReader(std::move(impl));
}

Result<IndexReader> IndexReader::open(const std::string& path) {
  TRAWL_ASSIGN_OR_RETURN(std::shared_ptr<Directory> directory, open_fs_directory(path, false));
  return open(std::move(directory));
}

Result<IndexReader> IndexReader::reopen() const {
  TRAWL_ASSIGN_OR_RETURN(auto impl, open_latest(impl_->directory, impl_.get()));
  if (impl == nullptr) return IndexReader(impl_);
  return IndexReader(std::move(impl));
}

std::uint64_t IndexReader::generation() const noexcept { return impl_->manifest.generation; }
const Schema& IndexReader::schema() const noexcept { return *impl_->schema; }
std::uint64_t IndexReader::doc_count() const noexcept { return impl_->doc_count; }
std::uint64_t IndexReader::deleted_count() const noexcept { return impl_->deleted_count; }
std::size_t IndexReader::segment_count() const noexcept { return impl_->segments.size(); }

bool IndexReader::is_deleted(std::size_t segment, DocId doc) const noexcept {
  return segment < impl_->deletions.size() && impl_->deletions[segment] &&
         impl_->deletions[segment]->contains(doc);
}

SegmentInfo IndexReader::segment_info(std::size_t segment) const {
  SegmentInfo info;
  if (segment >= impl_->segments.size()) return info;
  const auto& reader = *impl_->segments[segment];
  info.name = reader.name();
  info.doc_count = reader.doc_count();
  info.deleted_count = impl_->deletions[segment] ? impl_->deletions[segment]->count() : 0;
  info.term_count = reader.meta().term_count;
  info.file_bytes = reader.file_sizes();
  return info;
}

Result<TermStatistics> IndexReader::term_statistics(std::string_view field,
                                                    std::string_view term) const {
  TRAWL_ASSIGN_OR_RETURN(std::uint32_t number, impl_->field_number(field));
  const std::string key = index_internal::term_key(number, term);
  TermStatistics stats;
  for (const auto& segment : impl_->segments) {
    TRAWL_ASSIGN_OR_RETURN(auto info, segment->lookup(key));
    if (info) {
      stats.doc_freq += info->doc_freq;
      stats.total_term_freq += info->total_term_freq;
    }
  }
  return stats;
}

Result<FieldStatistics> IndexReader::field_statistics(std::string_view field) const {
  TRAWL_ASSIGN_OR_RETURN(std::uint32_t number, impl_->field_number(field));
  FieldStatistics stats;
  for (const auto& segment : impl_->segments) {
    stats.doc_count += segment->meta().fields[number].doc_count;
    stats.total_length += segment->meta().fields[number].total_length;
  }
  return stats;
}

Result<std::unique_ptr<PostingsCursor>> IndexReader::postings(std::size_t segment,
                                                              std::string_view field,
                                                              std::string_view term) const {
  TRAWL_RETURN_IF_ERROR(impl_->check_segment(segment));
  TRAWL_ASSIGN_OR_RETURN(std::uint32_t number, impl_->field_number(field));
  const auto& reader = *impl_->segments[segment];
  TRAWL_ASSIGN_OR_RETURN(auto info, reader.lookup(number, term));
  if (!info) return std::unique_ptr<PostingsCursor>();
  return std::unique_ptr<PostingsCursor>(reader.postings(*info, number));
}

Result<std::uint32_t> IndexReader::field_length(std::size_t segment, std::string_view field,
                                                DocId doc) const {
  TRAWL_RETURN_IF_ERROR(impl_->check_segment(segment));
  TRAWL_ASSIGN_OR_RETURN(std::uint32_t number, impl_->field_number(field));
  const auto& reader = *impl_->segments[segment];
  if (doc < reader.doc_count()) TRAWL_RETURN_IF_ERROR(reader.verify_lengths(doc, doc));
  return reader.field_length(number, doc);
}

Result<Document> IndexReader::stored(std::size_t segment, DocId doc) const {
  TRAWL_RETURN_IF_ERROR(impl_->check_segment(segment));
  TRAWL_ASSIGN_OR_RETURN(auto values, impl_->segments[segment]->stored(doc));
  return index_internal::to_document(std::move(values), *impl_->schema);
}

Result<std::vector<std::string>> IndexReader::terms(std::size_t segment,
                                                    std::string_view field) const {
  TRAWL_RETURN_IF_ERROR(impl_->check_segment(segment));
  TRAWL_ASSIGN_OR_RETURN(std::uint32_t number, impl_->field_number(field));
  std::vector<std::string> result;
  TRAWL_RETURN_IF_ERROR(impl_->segments[segment]->for_each_term(
      number, "", [&](std::string_view term, const index_internal::TermInfo&) {
        result.emplace_back(term);
        return true;
      }));
  return result;
}

Result<std::vector<IndexReader::Surface>> IndexReader::surfaces(std::size_t segment,
                                                                std::string_view field) const {
  TRAWL_RETURN_IF_ERROR(impl_->check_segment(segment));
  TRAWL_ASSIGN_OR_RETURN(std::uint32_t number, impl_->field_number(field));
  std::vector<Surface> result;
  TRAWL_RETURN_IF_ERROR(impl_->segments[segment]->for_each_surface(
      number, "", [&](std::string_view word, const index_internal::TermInfo& info) {
        result.push_back({std::string(word), info.doc_freq});
        return true;
      }));
  return result;
}

Status IndexReader::check() const {
  for (const auto& segment : impl_->segments) TRAWL_RETURN_IF_ERROR(segment->verify());
  return {};
}

}  // namespace trawl

namespace trawl {

const std::vector<std::shared_ptr<const index_internal::SegmentReader>>&
IndexReaderInternal::segments(const IndexReader& reader) {
  return reader.impl_->segments;
}

const std::vector<std::shared_ptr<const index_internal::DeletionSet>>&
IndexReaderInternal::deletions(const IndexReader& reader) {
  return reader.impl_->deletions;
}

}  // namespace trawl
