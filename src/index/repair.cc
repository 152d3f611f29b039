#include "index/repair.h"

#include <algorithm>
#include <optional>

namespace trawl::index_internal {

std::vector<std::string> readable_keys(const SegmentReader& segment, const DeletionSet* deletions,
                                       const Schema& schema) {
  const auto key_number = schema.find(schema.unique_key());
  if (schema.unique_key().empty() || !key_number) return {};
  const auto field = static_cast<std::uint32_t>(*key_number);
  std::vector<std::optional<std::string>> keys(segment.doc_count());

  // The key's postings: each key term names its documents.
  TermIterator terms(segment);
  const std::string prefix = term_key(field, "");
  for (bool more = terms.seek(prefix); more && key_field(terms.key()) == field; more = terms.next()) {
    auto cursor = segment.postings(terms.info(), field);
    for (; cursor->docid() != kTerminated; cursor->next()) {
      keys[cursor->docid()] = terms.key().substr(prefix.size());
    }
  }

  // Stored fields, for the documents the postings did not reach.
  SegmentReader::StoredCache cache;
  for (DocId doc = 0; doc < segment.doc_count(); ++doc) {
    if (keys[doc] || (deletions != nullptr && deletions->contains(doc))) continue;
    auto values = segment.stored(doc, cache);
    if (!values) continue;
    for (const StoredValue& value : *values) {
      const auto* text = std::get_if<std::string>(&value.value);
      if (value.field == field && text != nullptr) keys[doc] = *text;
    }
  }

  std::vector<std::string> out;
  for (DocId doc = 0; doc < segment.doc_count(); ++doc) {
    if (keys[doc] && !(deletions != nullptr && deletions->contains(doc))) out.push_back(*keys[doc]);
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace trawl::index_internal
