#include "index/merger.h"

#include <queue>

#include "index/segment_writer.h"

namespace trawl::index_internal {

Result<SegmentMeta> merge_segments(Directory& directory, const std::string& name,
                                   const Schema& schema, const std::vector<MergeSource>& sources) {
  const auto width = static_cast<std::uint32_t>(schema.fields().size());
  // Every byte of every source is verified first (as Lucene's checkIntegrity before a merge):
  // a merge that read damage would write it into a segment whose checksums vouch for it.
  for (const MergeSource& source : sources) TRAWL_RETURN_IF_ERROR(source.segment->verify_checksums());
  TRAWL_ASSIGN_OR_RETURN(auto writer, SegmentWriter::create(directory, name, schema));

  // Old document -> new document, per source (kTerminated for deleted documents).
  std::vector<std::vector<DocId>> doc_maps(sources.size());
  DocId next = 0;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const MergeSource& source = sources[s];
    doc_maps[s].resize(source.segment->doc_count());
    for (DocId doc = 0; doc < source.segment->doc_count(); ++doc) {
      const bool deleted = source.deletions && source.deletions->contains(doc);
      doc_maps[s][doc] = deleted ? kTerminated : next++;
    }
  }

  // Terms: a k-way merge of the sources' dictionaries. Sources sharing a key are visited in
  // source order, which keeps the new document numbers increasing.
  std::vector<TermIterator> terms;
  terms.reserve(sources.size());
  using Head = std::pair<std::string, std::size_t>;
  std::priority_queue<Head, std::vector<Head>, std::greater<>> heads;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    terms.emplace_back(*sources[s].segment);
    if (terms[s].next()) heads.emplace(terms[s].key(), s);
    TRAWL_RETURN_IF_ERROR(terms[s].status());
  }
  std::vector<std::size_t> holders;
  while (!heads.empty()) {
    const std::string key = heads.top().first;
    holders.clear();
    while (!heads.empty() && heads.top().first == key) {
      holders.push_back(heads.top().second);
      heads.pop();
    }
    const std::uint32_t field = key_field(key);
    const bool text = schema.fields()[field].type == FieldType::kText;
    bool started = false;
    for (std::size_t s : holders) {  // the heap yields equal keys in increasing source order
      auto cursor = sources[s].segment->postings(terms[s].info(), field);
      for (; cursor->docid() != kTerminated; cursor->next()) {
        const DocId mapped = doc_maps[s][cursor->docid()];
        if (mapped == kTerminated) continue;
        if (!started) {
          TRAWL_RETURN_IF_ERROR(writer.start_term(key));
          started = true;
        }
        const DocId doc = cursor->docid();
        const Position* positions = text ? cursor->positions() : nullptr;
        const std::uint32_t freq = cursor->freq();  // after positions(), which may fail
        TRAWL_RETURN_IF_ERROR(cursor->status());
        TRAWL_RETURN_IF_ERROR(writer.add_posting(mapped, freq, positions,
                                                 sources[s].segment->field_length(field, doc)));
      }
      TRAWL_RETURN_IF_ERROR(cursor->status());
      if (terms[s].next()) heads.emplace(terms[s].key(), s);
      TRAWL_RETURN_IF_ERROR(terms[s].status());
    }
    if (started) TRAWL_RETURN_IF_ERROR(writer.finish_term());
  }

  // Per-document data, copied for every live document.
  std::vector<std::uint32_t> lengths(width);
  std::vector<FieldNumber> numbers;
  std::vector<std::int64_t> values;
  for (std::size_t s = 0; s < sources.size(); ++s) {
    const SegmentReader& segment = *sources[s].segment;
    SegmentReader::StoredCache stored;  // each block decompressed once, not once per document
    for (DocId doc = 0; doc < segment.doc_count(); ++doc) {
      if (doc_maps[s][doc] == kTerminated) continue;
      numbers.clear();
      for (std::uint32_t f = 0; f < width; ++f) {
        lengths[f] = segment.field_length(f, doc);
        if (const NumericColumn* column = segment.field_values().numeric(f)) {
          TRAWL_RETURN_IF_ERROR(column->values(doc, values));
          for (const std::int64_t value : values) numbers.push_back({f, value});
        }
      }
      TRAWL_ASSIGN_OR_RETURN(const std::string_view record, segment.stored_record(doc, stored));
      TRAWL_RETURN_IF_ERROR(writer.add_document(lengths, numbers, record));
    }
  }
  return writer.finish();
}

}  // namespace trawl::index_internal
