#include "search/scorers/multi_phrase_scorer.h"

#include <algorithm>

namespace trawl::search_internal {
namespace {

// One field's words for FieldwisePhraseScorer.
class FormsInField {
 public:
  FormsInField(MultiPhraseField field, PhraseShape shape)
      : field_(std::move(field)), shape_(std::move(shape)) {}
  DocId next(DocId target, std::uint32_t& freq) {
    if (field_.words.empty()) return kTerminated;
    for (DocId doc = align_words(field_, target); doc != kTerminated;
         doc = align_words(field_, doc + 1)) {
      freq = multi_phrase_frequency(field_, shape_, scratch_);
      if (freq > 0) return doc;
    }
    return kTerminated;
  }
  Status status() const {
    for (const auto& word : field_.words) {
      for (const auto& cursor : word) TRAWL_RETURN_IF_ERROR(cursor->status());
    }
    return {};
  }

 private:
  MultiPhraseField field_;
  PhraseShape shape_;
  MultiPhraseScratch scratch_;
};

// The first document >= target holding some form of `word`.
DocId word_doc(std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>>& word,
               DocId target) {
  DocId doc = kTerminated;
  for (auto& cursor : word) {
    cursor->next_geq(target);
    doc = std::min(doc, cursor->docid());
  }
  return doc;
}

}  // namespace

DocId align_words(MultiPhraseField& field, DocId target) {
  DocId candidate = target;
  for (;;) {
    bool aligned = true;
    for (auto& word : field.words) {
      const DocId doc = word_doc(word, candidate);
      if (doc == kTerminated) return kTerminated;
      if (doc != candidate) {
        candidate = doc;
        aligned = false;
        break;
      }
    }
    if (aligned) return candidate;
  }
}

std::uint32_t multi_phrase_frequency(MultiPhraseField& field, const PhraseShape& shape,
                                     MultiPhraseScratch& scratch) {
  // Every word's cursors stand on or past the document its earliest one is on: that one.
  DocId doc = kTerminated;
  for (const auto& cursor : field.words[0]) doc = std::min(doc, cursor->docid());
  scratch.lists.clear();
  if (scratch.merged.size() < field.words.size()) scratch.merged.resize(field.words.size());
  for (std::size_t w = 0; w < field.words.size(); ++w) {
    scratch.forms.clear();
    for (const auto& cursor : field.words[w]) {
      if (cursor->docid() != doc) continue;
      const Position* positions = cursor->positions();
      scratch.forms.emplace_back(positions, cursor->freq());  // freq() after positions()
    }
    if (scratch.forms.size() == 1) {
      scratch.lists.push_back(scratch.forms[0]);
      continue;
    }
    // Several forms here: the union of their positions (each position once).
    std::vector<Position>& merged = scratch.merged[w];
    merged.clear();
    for (const auto& list : scratch.forms) merged.insert(merged.end(), list.begin(), list.end());
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    scratch.lists.emplace_back(merged);
  }
  return phrase_occurrences(scratch.lists, shape, nullptr);
}

ScorerPtr make_multi_phrase_scorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                                   std::vector<MultiPhraseField> fields, PhraseShape shape) {
  return make_fieldwise_phrase_scorer<FormsInField>(segment, std::move(bm25), std::move(fields),
                                                    shape);
}

}  // namespace trawl::search_internal
