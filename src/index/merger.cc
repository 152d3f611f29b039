#include "index/merger.h"

#include <algorithm>
#include <limits>
#include <map>
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
  /// The key's documents in all its holders, deleted ones included.
  std::uint32_t doc_freq() const {
    std::uint32_t df = 0;
    for (const std::size_t s : holders_) df += terms_[s].info().doc_freq;
    return df;
  }
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
  std::uint32_t source;
  DocId doc;
};

// What reordering holds beside the forward index's postings, per document: the forward
// index's starts (twice while it is built), the order and the bisection's gains, moves and
// logarithms, and the merge's own maps from and to source documents.
constexpr std::size_t kReorderBytesPerDocument = 64;
// Per posting kept: the term-major list and the document-major copy made from it.
constexpr std::size_t kReorderBytesPerPosting = 8;
// Per term kept, per bisection thread: its degrees and gains in the two halves.
constexpr std::size_t kReorderBytesPerTerm = 24;

// How many terms of each document frequency the sources hold (counted from their
// dictionaries, deleted documents included: an upper bound), to choose which terms reordering
// can afford.
Result<std::map<std::uint32_t, std::uint64_t>> frequency_histogram(
    const std::vector<MergeSource>& sources) {
  std::map<std::uint32_t, std::uint64_t> histogram;
  MergedTerms terms(sources);
  while (terms.next()) {
    if (!is_surface_key(terms.key())) ++histogram[terms.doc_freq()];
  }
  TRAWL_RETURN_IF_ERROR(terms.status());
  return histogram;
}

// Which terms the forward index of a range of documents holds: those held by at least
// `min_df` documents of the merge (estimated from the dictionaries) and, within the range, by
// two live documents or more (one held by one says nothing of which documents belong
// together) and by at most half of them (a word nearly every document holds says little
// either, and its postings would be most of the work: on the benchmark corpus leaving them out
// cost nothing). Adding terms stops once the index would pass `max_bytes`.
struct TermSelection {
  std::uint32_t min_df = 2;
  std::size_t max_bytes = std::numeric_limits<std::size_t>::max();
};

// The smallest min_df whose terms fit `bytes` in a range of `range_docs` of the merge's
// `doc_count` documents, a term's postings there estimated in proportion.
std::uint32_t affordable_min_df(const std::map<std::uint32_t, std::uint64_t>& histogram,
                                std::uint32_t doc_count, std::uint32_t range_docs,
                                std::size_t bytes, unsigned threads) {
  const double share = doc_count == 0 ? 0.0 : static_cast<double>(range_docs) / doc_count;
  double needed = 0;
  std::uint32_t min_df = std::numeric_limits<std::uint32_t>::max();
  // The most frequent terms first (those beyond half the range are left out anyway), adding
  // rarer ones while they fit: common terms group documents, the rarest matter least.
  for (auto it = histogram.rbegin(); it != histogram.rend(); ++it) {
    const auto [df, terms] = *it;
    if (df < 2) break;
    if (df * share * 2 > range_docs) continue;
    needed += static_cast<double>(terms) *
              (df * share * kReorderBytesPerPosting + kReorderBytesPerTerm * threads);
    if (needed > static_cast<double>(bytes)) break;
    min_df = df;
  }
  return min_df;
}

// The documents numbered [first, last) by `doc_maps`, as sets of the terms `selection` keeps,
// numbered from 0.
Result<ForwardIndex> forward_index(const std::vector<MergeSource>& sources,
                                   const std::vector<std::vector<DocId>>& doc_maps, DocId first,
                                   DocId last, const TermSelection& selection, unsigned threads) {
  const std::uint32_t range_docs = last - first;
  // Term by term first (as the postings are), then turned around.
  std::vector<std::uint32_t> docs;
  std::vector<std::uint64_t> term_starts{0};
  std::vector<std::uint64_t> per_doc(std::size_t{range_docs} + 1, 0);
  MergedTerms terms(sources);
  while (terms.next()) {
    if (terms.doc_freq() < selection.min_df || is_surface_key(terms.key())) continue;
    const std::size_t start = docs.size();
    for (const std::size_t s : terms.holders()) {
      const std::uint32_t field = key_field(terms.key());
      auto cursor = sources[s].segment->postings(terms.info(s), field);
      for (; cursor->docid() != kTerminated; cursor->next()) {
        const DocId mapped = doc_maps[s][cursor->docid()];
        if (mapped == kTerminated || mapped < first) continue;
        if (mapped >= last) break;  // a source's live documents are numbered in rising order
        docs.push_back(mapped - first);
      }
      TRAWL_RETURN_IF_ERROR(cursor->status());
    }
    if (docs.size() - start < 2 || (docs.size() - start) * 2 > range_docs) {
      docs.resize(start);
      continue;
    }
    const std::size_t bytes =
        docs.size() * kReorderBytesPerPosting + term_starts.size() * kReorderBytesPerTerm * threads;
    if (bytes > selection.max_bytes) {
      docs.resize(start);
      break;
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

// The new order of the merge's `doc_count` live documents (element i: the document, numbered
// as `doc_maps` says, that takes number i), by graph bisection within options.memory_bytes:
// documents are bisected in consecutive ranges small enough for their per-document state to
// take half the memory, each range's forward index holding the terms that fit the other half.
Result<std::vector<std::uint32_t>> reordered(const std::vector<MergeSource>& sources,
                                             const std::vector<std::vector<DocId>>& doc_maps,
                                             std::uint32_t doc_count, const MergeOptions& options) {
  const unsigned threads = std::max(options.threads, 1u);
  BisectionOptions bisection;
  bisection.threads = threads;
  std::uint32_t range_docs = doc_count;
  TermSelection selection;
  std::map<std::uint32_t, std::uint64_t> histogram;
  if (options.memory_bytes != 0) {
    const std::size_t half = options.memory_bytes / 2;
    range_docs = static_cast<std::uint32_t>(std::clamp<std::size_t>(
        half / kReorderBytesPerDocument, 4 * std::size_t{bisection.min_partition},
        std::max<std::size_t>(doc_count, 1)));
    selection.max_bytes = half;
    TRAWL_ASSIGN_OR_RETURN(histogram, frequency_histogram(sources));
  }
  std::vector<std::uint32_t> order(doc_count);
  for (std::uint32_t first = 0; first < doc_count; first += range_docs) {
    const auto last = static_cast<std::uint32_t>(
        std::min<std::uint64_t>(std::uint64_t{first} + range_docs, doc_count));
    if (options.memory_bytes != 0) {
      selection.min_df =
          affordable_min_df(histogram, doc_count, last - first, selection.max_bytes, threads);
    }
    TRAWL_ASSIGN_OR_RETURN(const ForwardIndex forward,
                           forward_index(sources, doc_maps, first, last, selection, threads));
    const std::vector<std::uint32_t> range_order = bisection_order(forward, bisection);
    for (std::uint32_t i = 0; i < range_order.size(); ++i)
      order[first + i] = first + range_order[i];
  }
  return order;
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
      if (!deleted) olds.push_back({static_cast<std::uint32_t>(s), doc});
    }
  }
  if (options.reorder) {
    TRAWL_ASSIGN_OR_RETURN(
        const std::vector<std::uint32_t> order,
        reordered(sources, doc_maps, static_cast<std::uint32_t>(olds.size()), options));
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
    if (is_surface_key(terms.key())) {
      // Its documents are not known, only counted: the counts add up, at most the merge's
      // documents (those deleted since still count).
      std::uint64_t occurrences = 0;
      for (const std::size_t s : terms.holders()) occurrences += terms.info(s).total_term_freq;
      const std::uint32_t docs =
          std::min<std::uint32_t>(terms.doc_freq(), static_cast<std::uint32_t>(olds.size()));
      if (docs > 0) TRAWL_RETURN_IF_ERROR(writer.add_surface(terms.key(), docs, occurrences));
      continue;
    }
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
