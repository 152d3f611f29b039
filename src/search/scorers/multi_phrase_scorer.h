// Phrases whose positions may each match several terms (Lucene's MultiPhraseQuery): a query word
// with colocated forms ("moskva" beside "москв") matches where any of them stands. The word's
// positions are the union of its forms', and occurrences are counted over those lists exactly as
// for a phrase of single terms (phrase_occurrences).
#ifndef TRAWL_SRC_SEARCH_SCORERS_MULTI_PHRASE_SCORER_H_
#define TRAWL_SRC_SEARCH_SCORERS_MULTI_PHRASE_SCORER_H_

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "index/segment_reader.h"
#include "search/scorers/phrase_scorer.h"
#include "search/scorers/scorer.h"
#include "search/similarity/bm25.h"

namespace trawl::search_internal {

/// A phrase's cursors in one field: per phrase word, in query order, one per form of it the
/// field holds. A field lacking every form of some word has no words.
struct MultiPhraseField {
  std::vector<std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>>> words;
};

/// Reused buffers of the functions below, so that a document costs no allocation.
struct MultiPhraseScratch {
  std::vector<std::vector<Position>> merged;  // per word with several forms on the document
  std::vector<std::span<const Position>> lists;
  std::vector<std::span<const Position>> forms;  // one word's forms on the document
};

/// The first document >= target where every word of `field` has a form, its cursors moved
/// there (or past it); kTerminated if none. REQUIRES: field.words is not empty.
DocId align_words(MultiPhraseField& field, DocId target);
/// The occurrences of the phrase in the document every word's cursors were aligned on.
std::uint32_t multi_phrase_frequency(MultiPhraseField& field, const PhraseShape& shape,
                                     MultiPhraseScratch& scratch);

/// Matches documents where the phrase occurs in some field; its frequency is the number of
/// occurrences, summed over fields with their weights. `fields` aligned with bm25.fields.
ScorerPtr make_multi_phrase_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                                   std::vector<MultiPhraseField> fields, PhraseShape shape);

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SCORERS_MULTI_PHRASE_SCORER_H_
