#include "index/merger.h"

#include <algorithm>
#include <queue>
#include <utility>

#include "index/graph_bisection.h"
#include "index/segment_writer.h"

namespace trawl::index_internal {

namespace {

// The sources' dictionaries as one: a k-way merge of their terms. next() moves to the next
// key and lists the sources holding it, in increasing source order (which keeps documents
// numbered in source order increasing within a term).
class MergedTerms {
 public:
  explicit MergedTerms(const std::vector<MergeSource>& sources) {
    terms_.reserve(sources.size());
    for (std::size_t s = 0; s < sources.size(); ++s) {
      terms_.emplace_back(*sources[s].segment);
      if (terms_[s].next()) heads_.emplace(terms_[s].key(), s);
      if (!terms_[s].status().ok() && status_.ok()) status_ = terms_[s].status();
    }
  }

  /// False at the end or on corruption (status()).
  bool next() {
    for (const std::size_t s : holders_) {
      if (terms_[s].next()) heads_.emplace(terms_[s].key(), s);
      if (!terms_[s].status().ok() && status_.ok()) status_ = terms_[s].status();
    }
    holders_.clear();
    if (!status_.ok() || heads_.empty()) return false;
    key_ = heads_.top().first;
    while (!heads_.empty() && heads_.top().first == key_) {
      holders_.push_back(heads_.top().second);
      heads_.pop();
    }
    return true;
  }
  const std::string& key() const { return key_; }
  const std::vector<std::size_t>& holders() const { return holders_; }
  const TermInfo& info(std::size_t source) const { return terms_[source].info(); }
  const Status& status() const { return status_; }

 private:
  using Head = std::pair<std::string, std::size_t>;
  std::vector<TermIterator> terms_;
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads_;
  std::string key_;
  std::vector<std::size_t> holders_;
  Status status_;
};

// A live document of the sources: its source and number there.
struct SourceDoc {
  std::size_t source;
  DocId doc;
};

// The documents as sets of their terms, numbered as `doc_maps` says: every term held by two
// live documents or more (one held by one says nothing of which documents belong together) and
// by at most half of them (a word nearly every document holds says little either, and its
// postings would be most of the work: on the benchmark corpus leaving them out cost nothing).
Result<ForwardIndex> forward_index(const std::vector<MergeSource>& sources,
                                   const std::vector<std::vector<DocId>>& doc_maps,
                                   std::uint32_t doc_count) {
  // Term by term first (as the postings are), then turned around.
  std::vector<std::uint32_t> docs;
  std::vector<std::uint64_t> term_starts{0};
  std::vector<std::uint64_t> per_doc(std::size_t{doc_count} + 1, 0);
  MergedTerms terms(sources);
  while (terms.next()) {
    const std::size_t start = docs.size();
    for (const std::size_t s : terms.holders()) {
      const std::uint32_t field = key_field(terms.key());
      auto cursor = sources[s].segment->postings(terms.info(s), field);
      for (; cursor->docid() != kTerminated; cursor->next()) {
        const DocId mapped = doc_maps[s][cursor->docid()];
        if (mapped != kTerminated) docs.push_back(mapped);
      }
      TRAWL_RETURN_IF_ERROR(cursor->status());
    }
    if (docs.size() - start < 2 || (docs.size() - start) * 2 > doc_count) {
      docs.resize(start);
      continue;
    }
    for (std::size_t i = start; i < docs.size(); ++i) ++per_doc[docs[i] + 1];
    term_starts.push_back(docs.size());
  }
  TRAWL_RETURN_IF_ERROR(terms.status());
  ForwardIndex forward;
  forward.term_count = static_cast<std::uint32_t>(term_starts.size() - 1);
  for (std::size_t d = 1; d < per_doc.size(); ++d) per_doc[d] += per_doc[d - 1];
  forward.starts = per_doc;
  forward.terms.resize(docs.size());
  for (std::uint32_t t = 0; t < forward.term_count; ++t) {
    for (std::uint64_t i = term_starts[t]; i < term_starts[t + 1]; ++i) {
      forward.terms[per_doc[docs[i]]++] = t;
    }
  }
  return forward;
}

}  // namespace

Result<SegmentMeta> merge_segments(Directory& directory, const std::string& name,
                                   const Schema& schema, const std::vector<MergeSource>& sources,
                                   const MergeOptions& options) {
  const auto width = static_cast<std::uint32_t>(schema.fields().size());
  // Every byte of every source is verified first (as Lucene's checkIntegrity before a merge):
  // a merge that read damage would write it into a segment whose checksums vouch for it.
  for (const MergeSource& source : sources) TRAWL_RETURN_IF_ERROR(source.segment->verify_checksums());
  TRAWL_ASSIGN_OR_RETURN(auto writer, SegmentWriter::create(directory, name, schema));

  // Old document -> new document, per source (kTerminated for deleted documents), and new ->
  // old: the live documents in source order, then renumbered if the merge reorders them.
  std::vector<std::vector<DocId>> doc_maps(sources.size());
  std::vector<SourceDoc> olds;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const MergeSource& source = sources[s];
    doc_maps[s].resize(source.segment->doc_count());
    for (DocId doc = 0; doc < source.segment->doc_count(); ++doc) {
      const bool deleted = source.deletions && source.deletions->contains(doc);
      doc_maps[s][doc] = deleted ? kTerminated : static_cast<DocId>(olds.size());
      if (!deleted) olds.push_back({s, doc});
    }
  }
  if (options.reorder) {
    TRAWL_ASSIGN_OR_RETURN(const ForwardIndex forward,
                           forward_index(sources, doc_maps, static_cast<std::uint32_t>(olds.size())));
    BisectionOptions bisection;
    bisection.threads = options.threads;
    const std::vector<std::uint32_t> order = bisection_order(forward, bisection);
    std::vector<SourceDoc> reordered(olds.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      const SourceDoc old = olds[order[i]];
      reordered[i] = old;
      doc_maps[old.source][old.doc] = static_cast<DocId>(i);
    }
    olds = std::move(reordered);
    writer.mark_reordered();
  }

  // Terms, each term's postings gathered from its holders and put in the new order.
  struct Posting {
    DocId doc;
    std::uint32_t freq;
    std::uint32_t length;
    std::size_t positions;  // where its positions start in `positions`
  };
  std::vector<Posting> postings;
  std::vector<Position> positions;
  MergedTerms terms(sources);
  while (terms.next()) {
    const std::uint32_t field = key_field(terms.key());
    const bool text = schema.fields()[field].type == FieldType::kText;
    postings.clear();
    positions.clear();
    for (const std::size_t s : terms.holders()) {
      auto cursor = sources[s].segment->postings(terms.info(s), field);
      cursor->read_positions_whole();
      for (; cursor->docid() != kTerminated; cursor->next()) {
        const DocId mapped = doc_maps[s][cursor->docid()];
        if (mapped == kTerminated) continue;
        const DocId doc = cursor->docid();
        const Position* at = text ? cursor->positions() : nullptr;
        const std::uint32_t freq = cursor->freq();  // after positions(), which may fail
        TRAWL_RETURN_IF_ERROR(cursor->status());
        postings.push_back({mapped, freq, sources[s].segment->field_length(field, doc),
                            positions.size()});
        if (at != nullptr) positions.insert(positions.end(), at, at + freq);
      }
      TRAWL_RETURN_IF_ERROR(cursor->status());
    }
    if (postings.empty()) continue;  // every holder's documents are deleted
    if (options.reorder) {
      std::sort(postings.begin(), postings.end(),
                [](const Posting& a, const Posting& b) { return a.doc < b.doc; });
    }
    TRAWL_RETURN_IF_ERROR(writer.start_term(terms.key()));
    for (const Posting& posting : postings) {
      TRAWL_RETURN_IF_ERROR(writer.add_posting(posting.doc, posting.freq,
                                               text ? positions.data() + posting.positions : nullptr,
                                               posting.length));
    }
    TRAWL_RETURN_IF_ERROR(writer.finish_term());
  }
  TRAWL_RETURN_IF_ERROR(terms.status());

  // Per-document data, copied for every live document in its new order.
  std::vector<std::uint32_t> lengths(width);
  std::vector<FieldNumber> numbers;
  std::vector<std::int64_t> values;
  // Each source's stored blocks decompressed once per run of its documents, not once per
  // document.
  std::vector<SegmentReader::StoredCache> stored(sources.size());
  for (const SourceDoc& old : olds) {
    const SegmentReader& segment = *sources[old.source].segment;
    numbers.clear();
    for (std::uint32_t f = 0; f < width; ++f) {
      lengths[f] = segment.field_length(f, old.doc);
      if (const NumericColumn* column = segment.field_values().numeric(f)) {
        TRAWL_RETURN_IF_ERROR(column->values(old.doc, values));
        for (const std::int64_t value : values) numbers.push_back({f, value});
      }
    }
    TRAWL_ASSIGN_OR_RETURN(const std::string_view record,
                           segment.stored_record(old.doc, stored[old.source]));
    TRAWL_RETURN_IF_ERROR(writer.add_document(lengths, numbers, record));
  }
  return writer.finish();
}

}  // namespace trawl::index_internal
