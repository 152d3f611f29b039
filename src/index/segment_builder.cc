#include "index/segment_builder.h"

#include <algorithm>

#include "index/segment_writer.h"
#include "util/varint.h"

namespace trawl::index_internal {
namespace {

constexpr std::size_t kFlushBytesPerValue = 96;
// A surface as flush() sorts them: its key (past the short-string buffer when longer than 11
// bytes) and its entry.
constexpr std::size_t kFlushBytesPerSurface = 64;

// A term as flush() sorts them: its key and its number.
using FlushKey = std::pair<std::string_view, std::uint32_t>;

// The heap a string holds (none while it fits inside the object).
std::size_t heap_bytes(const std::string& s) {
  return s.capacity() > std::string().capacity() ? s.capacity() + 1 : 0;
}

// A key_docs_ entry: the node, the key and the vector of one document (glibc's minimum chunks).
constexpr std::size_t kKeyEntryBytes = 96;

template <class Vector>
std::size_t vector_bytes(const Vector& v) {
  return v.capacity() * sizeof(typename Vector::value_type);
}

}  // namespace

SegmentBuilder::SegmentBuilder(const Schema& schema) : schema_(&schema) {
  for (const FieldSpec& field : schema.fields()) {
    value_fields_ += field.type == FieldType::kKeyword || is_numeric_type(field.type);
  }
}

Result<SegmentBuilder> SegmentBuilder::create(const Schema& schema) {
  SegmentBuilder builder(schema);
  TRAWL_ASSIGN_OR_RETURN(auto analyzer, DocumentAnalyzer::create(schema));
  builder.analyzer_.emplace(std::move(analyzer));
  return builder;
}

std::uint32_t SegmentBuilder::term_id(std::uint32_t field, std::string_view term) {
  key_.clear();  // reused: no allocation per lookup
  append_term_key(key_, field, term);
  bool added = false;
  const std::uint32_t id = term_ids_.intern(key_, &added);
  if (added) postings_.emplace_back();
  return id;
}

void SurfaceCounts::count(std::uint32_t owner, std::string_view surface, std::uint32_t documents,
                          std::uint64_t occurrences, std::uint32_t doc) {
  if (owner >= heads_.size())
    heads_.resize(std::max<std::size_t>(owner + 1, heads_.size() * 2), kNone);
  std::uint32_t* link = &heads_[owner];
  while (*link != kNone && this->surface(entries_[*link]) != surface) link = &entries_[*link].next;
  std::uint32_t at = *link;
  if (at == kNone) {
    at = static_cast<std::uint32_t>(entries_.size());
    *link = at;  // before the push, which may move the entry `link` points into
    Entry entry;
    entry.owner = owner;
    entry.offset = static_cast<std::uint32_t>(bytes_.size());
    entry.size = static_cast<std::uint32_t>(surface.size());
    bytes_.append(surface);
    entries_.push_back(entry);
  } else if (entries_[at].last_doc == doc && entries_[at].doc_freq > 0) {
    documents = 0;  // the document was counted already
  }
  Entry& entry = entries_[at];
  entry.doc_freq += documents;
  entry.occurrences += occurrences;
  entry.last_doc = doc;
}

Status SegmentBuilder::add(const Document& document) {
  TRAWL_RETURN_IF_ERROR(analyzer_->analyze(document, analyzed_));
  add(analyzed_);
  return {};
}

void SegmentBuilder::add(const AnalyzedDocument& document) {
  const DocId doc = add_document_data(document);
  // The document's hits grouped by term without sorting them: each term's first hit opens a
  // run; the runs' sizes give each its place, and the positions (rising within a field, as the
  // analyzer emits them) are put there in order. A sort of (term, position) pairs did the same
  // at 7% of indexing time.
  for (const Run& run : runs_) run_of_[run.term] = kNoRun;  // left by an add() that threw
  runs_.clear();
  hit_runs_.clear();
  for (const AnalyzedDocument::Hit& hit : document.hits) {
    const std::uint32_t term = term_id(hit.field, document.term(hit));
    if (term >= run_of_.size()) run_of_.resize(postings_.size(), kNoRun);
    if (run_of_[term] == kNoRun) {
      runs_.push_back({term, 0, 0});
      run_of_[term] = static_cast<std::uint32_t>(runs_.size() - 1);
    }
    const std::uint32_t run = run_of_[term];
    ++runs_[run].size;
    hit_runs_.push_back(run);
  }
  std::uint32_t next = 0;
  for (Run& run : runs_) {
    run.start = next;
    next += run.size;
    run.size = 0;  // counts again as the positions are placed
  }
  run_positions_.resize(next);
  for (std::size_t i = 0; i < hit_runs_.size(); ++i) {
    Run& run = runs_[hit_runs_[i]];
    run_positions_[run.start + run.size++] = document.hits[i].position;
  }
  for (const AnalyzedDocument::Surface& surface : document.surfaces) {
    surfaces_.count(runs_[hit_runs_[surface.hit]].term, document.surface(surface), 1, 1, doc);
  }
  for (const Run& run : runs_) {
    run_of_[run.term] = kNoRun;
    Position* const positions = run_positions_.data() + run.start;
    // Rising as the analyzer emits them; sorted otherwise, as the sort of pairs did.
    if (!std::is_sorted(positions, positions + run.size)) std::sort(positions, positions + run.size);
    TermPostings& postings = postings_[run.term];
    const std::size_t before = heap_bytes(postings.data);
    util::put_varint(postings.data, postings.doc_freq == 0 ? doc : doc - postings.last_doc);
    util::put_varint(postings.data, run.size);
    Position previous = 0;
    for (std::uint32_t k = 0; k < run.size; ++k) {
      util::put_varint(postings.data, positions[k] - previous);
      previous = positions[k];
    }
    postings.last_doc = doc;
    ++postings.doc_freq;
    ram_bytes_ += heap_bytes(postings.data) - before;
  }
}

DocId SegmentBuilder::add_document_data(const AnalyzedDocument& document) {
  const DocId doc = doc_count_;
  lengths_.insert(lengths_.end(), document.lengths.begin(), document.lengths.end());
  number_starts_.push_back(numbers_.size());
  numbers_.insert(numbers_.end(), document.numbers.begin(), document.numbers.end());
  if (document.key) {
    auto& docs = key_docs_[*document.key];
    docs.push_back(doc);
    ram_bytes_ += docs.size() == 1 ? kKeyEntryBytes + document.key->size() : sizeof(DocId);
  }
  stored_sizes_.push_back(static_cast<std::uint32_t>(document.stored.size()));
  if (stored_.empty() ||
      stored_.back().size() + document.stored.size() > stored_.back().capacity()) {
    // Each chunk twice the one before, from 4 KiB up to kStoredChunkBytes: a small budget is
    // not taken by one chunk, a large one not sliced thin.
    const std::size_t chunk =
        stored_.empty() ? 4096 : std::min(2 * stored_.back().capacity(), kStoredChunkBytes);
    stored_.emplace_back().reserve(std::max(chunk, document.stored.size()));
    ram_bytes_ += heap_bytes(stored_.back());
  }
  stored_.back() += document.stored;
  ++doc_count_;
  return doc;
}

void SegmentBuilder::add_postings(DocId first, const InvertedBatch& batch) {
  group_terms_.clear();
  for (const InvertedBatch::Group& group : batch.groups) {
    const std::string_view term = std::string_view(batch.terms).substr(group.term_offset, group.term_size);
    group_terms_.push_back(term_id(group.field, term));
    TermPostings& postings = postings_[group_terms_.back()];
    const std::size_t before = heap_bytes(postings.data);
    const DocId doc = first + group.first_doc;
    util::put_varint(postings.data, postings.doc_freq == 0 ? doc : doc - postings.last_doc);
    postings.data.append(batch.data, group.data_offset, group.data_size);
    postings.last_doc = first + group.last_doc;
    postings.doc_freq += group.doc_freq;
    ram_bytes_ += heap_bytes(postings.data) - before;
  }
  for (const SurfaceCounts::Entry& entry : batch.surfaces.entries()) {
    // No document of an earlier batch is the entry's: its count adds whole.
    surfaces_.count(group_terms_[entry.owner], batch.surfaces.surface(entry), entry.doc_freq,
                    entry.occurrences, first + entry.last_doc);
  }
}

void invert_batch(const std::vector<const AnalyzedDocument*>& documents, InvertedBatch& out) {
  out.terms.clear();
  out.data.clear();
  out.groups.clear();
  out.local_ids.clear();
  out.surfaces.clear();
  auto& hits = out.hits;
  hits.clear();
  // Batch-local term numbers: one hash lookup per token here, on the analysis thread, so the
  // builder does one per distinct term of the batch.
  for (std::uint32_t d = 0; d < documents.size(); ++d) {
    const AnalyzedDocument& document = *documents[d];
    const std::size_t first_hit = hits.size();  // the document's hits follow, in its order
    for (const AnalyzedDocument::Hit& hit : document.hits) {
      const std::string_view term = document.term(hit);
      auto [it, added] = out.local_ids.try_emplace(InvertedBatch::Key{hit.field, term},
                                                   static_cast<std::uint32_t>(out.groups.size()));
      if (added) {
        InvertedBatch::Group group{};
        group.field = hit.field;
        group.term_offset = static_cast<std::uint32_t>(out.terms.size());
        group.term_size = static_cast<std::uint32_t>(term.size());
        out.terms.append(term);
        out.groups.push_back(group);
      }
      hits.push_back({it->second, d, hit.position});
    }
    for (const AnalyzedDocument::Surface& surface : document.surfaces) {
      out.surfaces.count(hits[first_hit + surface.hit].term, document.surface(surface), 1, 1, d);
    }
  }
  std::sort(hits.begin(), hits.end());
  for (std::size_t i = 0; i < hits.size();) {
    InvertedBatch::Group& group = out.groups[hits[i].term];
    std::size_t end = i;
    while (end < hits.size() && hits[end].term == hits[i].term) ++end;
    group.first_doc = hits[i].doc;
    group.data_offset = out.data.size();
    for (std::size_t k = i; k < end;) {
      std::size_t doc_end = k;
      while (doc_end < end && hits[doc_end].doc == hits[k].doc) ++doc_end;
      if (k != i) util::put_varint(out.data, hits[k].doc - group.last_doc);
      util::put_varint(out.data, doc_end - k);
      Position previous = 0;
      for (std::size_t p = k; p < doc_end; ++p) {
        util::put_varint(out.data, hits[p].position - previous);
        previous = hits[p].position;
      }
      group.last_doc = hits[k].doc;
      ++group.doc_freq;
      k = doc_end;
    }
    group.data_size = out.data.size() - group.data_offset;
    i = end;
  }
}

std::uint32_t SegmentBuilder::count_key(std::string_view key) const {
  auto it = key_docs_.find(key);
  return it == key_docs_.end() ? 0 : static_cast<std::uint32_t>(it->second.size());
}

std::uint32_t SegmentBuilder::remove_key(std::string_view key) {
  auto it = key_docs_.find(key);
  if (it == key_docs_.end()) return 0;
  const auto removed = static_cast<std::uint32_t>(it->second.size());
  deleted_.insert(deleted_.end(), it->second.begin(), it->second.end());
  key_docs_.erase(it);
  return removed;
}

Result<SegmentBuilder::Flushed> SegmentBuilder::flush(Directory& directory, const std::string& name,
                                                      bool durable) const {
  TRAWL_ASSIGN_OR_RETURN(auto writer, SegmentWriter::create(directory, name, *schema_, durable));
  const auto& fields = schema_->fields();
  const std::size_t width = fields.size();

  std::vector<FlushKey> keys;
  keys.reserve(term_ids_.size());
  for (std::uint32_t id = 0; id < term_ids_.size(); ++id) {
    // A term met only by a document that was then rejected has no postings.
    if (postings_[id].doc_freq > 0) keys.emplace_back(term_ids_.key(id), id);
  }
  std::sort(keys.begin(), keys.end());

  std::vector<Position> positions;
  for (const auto& [key, id] : keys) {
    const std::uint32_t field = key_field(key);
    const bool text = fields[field].type == FieldType::kText;
    TRAWL_RETURN_IF_ERROR(writer.start_term(key));
    const TermPostings& postings = postings_[id];
    const auto* p = reinterpret_cast<const std::uint8_t*>(postings.data.data());
    const auto* end = p + postings.data.size();
    DocId doc = 0;
    for (std::uint32_t n = 0; n < postings.doc_freq; ++n) {
      std::uint32_t delta = 0, freq = 0;
      util::get_varint32(p, end, delta);
      util::get_varint32(p, end, freq);
      doc = n == 0 ? delta : doc + delta;
      positions.resize(freq);
      Position position = 0;
      for (std::uint32_t k = 0; k < freq; ++k) {
        std::uint32_t gap = 0;
        util::get_varint32(p, end, gap);
        position += gap;
        positions[k] = position;
      }
      TRAWL_RETURN_IF_ERROR(writer.add_posting(doc, freq, text ? positions.data() : nullptr,
                                               lengths_[std::size_t{doc} * width + field]));
    }
    TRAWL_RETURN_IF_ERROR(writer.finish_term());
  }
  // The surfaces, after every term (their keys sort last), by field and bytes.
  std::vector<std::pair<std::string, const SurfaceCounts::Entry*>> surfaces;
  surfaces.reserve(surfaces_.entries().size());
  for (const SurfaceCounts::Entry& entry : surfaces_.entries()) {
    if (entry.doc_freq == 0) continue;
    surfaces.emplace_back(
        surface_key(key_field(term_ids_.key(entry.owner)), surfaces_.surface(entry)), &entry);
  }
  std::sort(surfaces.begin(), surfaces.end());
  for (const auto& [key, entry] : surfaces) {
    TRAWL_RETURN_IF_ERROR(writer.add_surface(key, entry->doc_freq, entry->occurrences));
  }

  std::vector<std::uint32_t> lengths(width);
  std::vector<FieldNumber> numbers;
  std::size_t chunk = 0, stored_at = 0;  // where the next record is, as add_document put it
  for (DocId doc = 0; doc < doc_count_; ++doc) {
    std::copy_n(lengths_.begin() + static_cast<std::ptrdiff_t>(std::size_t{doc} * width), width,
                lengths.begin());
    const std::size_t end = doc + 1 < doc_count_ ? number_starts_[doc + 1] : numbers_.size();
    numbers.assign(numbers_.begin() + static_cast<std::ptrdiff_t>(number_starts_[doc]),
                   numbers_.begin() + static_cast<std::ptrdiff_t>(end));
    if (stored_at + stored_sizes_[doc] > stored_[chunk].size()) {
      ++chunk;
      stored_at = 0;
    }
    TRAWL_RETURN_IF_ERROR(writer.add_document(
        lengths, numbers, std::string_view(stored_[chunk]).substr(stored_at, stored_sizes_[doc])));
    stored_at += stored_sizes_[doc];
  }
  Flushed flushed;
  TRAWL_ASSIGN_OR_RETURN(flushed.meta, writer.finish());
  if (!deleted_.empty()) {
    flushed.deletions = std::make_shared<DeletionSet>(doc_count_);
    for (DocId doc : deleted_) flushed.deletions->add(doc);
  }
  return flushed;
}

std::size_t SegmentBuilder::ram_bytes() const noexcept {
  // What the containers hold, by capacity: growth by doubling leaves up to half of a buffer
  // unused, and an estimate by size undercounted the heap by 40% at a 64 MB budget.
  // And what flush() will take: the sorted list of the terms, and the value columns (measured
  // with heaptrack: about 80 bytes per document and keyword, numeric or date field).
  return ram_bytes_ + term_ids_.memory_bytes() + term_ids_.growth_bytes() +
         std::size_t{doc_count_} * value_fields_ * kFlushBytesPerValue +
         postings_.size() * (sizeof(TermPostings) + sizeof(FlushKey)) + vector_bytes(lengths_) +
         vector_bytes(numbers_) + vector_bytes(number_starts_) + vector_bytes(stored_sizes_) +
         vector_bytes(stored_) + vector_bytes(deleted_) + vector_bytes(run_of_) +
         surfaces_.memory_bytes() + surfaces_.entries().size() * kFlushBytesPerSurface;
}

void SegmentBuilder::clear() {
  // The memory goes too: a buffer kept at its largest would hold its share of the budget for
  // nothing, and several threads' buffers would hold several shares.
  // Fresh containers, not `= {}`: that assigns an empty list and keeps the capacity.
  term_ids_ = util::StringTable();
  postings_ = decltype(postings_)();
  surfaces_ = SurfaceCounts();
  group_terms_ = decltype(group_terms_)();
  lengths_ = decltype(lengths_)();
  numbers_ = decltype(numbers_)();
  number_starts_ = decltype(number_starts_)();
  stored_sizes_ = decltype(stored_sizes_)();
  stored_ = decltype(stored_)();
  doc_count_ = 0;
  ram_bytes_ = 0;
  key_docs_ = decltype(key_docs_)();
  deleted_ = decltype(deleted_)();
  run_of_ = decltype(run_of_)();
  runs_.clear();  // its terms' marks in run_of_ are gone
}

}  // namespace trawl::index_internal
