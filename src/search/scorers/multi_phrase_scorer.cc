#include "search/scorers/multi_phrase_scorer.h"

#include <algorithm>

namespace trawl::search_internal {
namespace {

class MultiPhraseScorer final : public Scorer {
 public:
  MultiPhraseScorer(const index_internal::SegmentReader& segment, Bm25Term bm25,
                    std::vector<MultiPhraseField> fields, PhraseShape shape)
      : segment_(segment),
        bm25_(std::move(bm25)),
        fields_(std::move(fields)),
        shape_(std::move(shape)),
        field_docs_(fields_.size(), kTerminated),
        field_freqs_(fields_.size(), 0) {
    for (std::size_t f = 0; f < fields_.size(); ++f) find_from(f, 0);
    update();
  }
  DocId doc() const noexcept override { return doc_; }
  void advance(DocId target) override {
    if (target <= doc_) return;
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (field_docs_[f] < target) find_from(f, target);
    }
    update();
  }
  double score() override {
    double tf = 0;
    for (std::size_t f = 0; f < fields_.size(); ++f) {
      if (field_docs_[f] == doc_) tf += bm25_.field_weights[f] * field_freqs_[f];
    }
    return kernel_.score(tf, bm25_.length(segment_, doc_));
  }
  Status status() const override {
    for (const auto& field : fields_) {
      for (const auto& word : field.words) {
        for (const auto& cursor : word) {
          if (!cursor->status().ok()) return cursor->status();
        }
      }
    }
    return {};
  }

 private:
  // The next document >= target where the phrase occurs in field f.
  void find_from(std::size_t f, DocId target) {
    MultiPhraseField& field = fields_[f];
    field_docs_[f] = kTerminated;
    if (field.words.empty()) return;
    for (DocId doc = align_words(field, target); doc != kTerminated;
         doc = align_words(field, doc + 1)) {
      const std::uint32_t freq = multi_phrase_frequency(field, shape_, scratch_);
      if (freq > 0) {
        field_docs_[f] = doc;
        field_freqs_[f] = freq;
        return;
      }
    }
  }
  void update() { doc_ = *std::min_element(field_docs_.begin(), field_docs_.end()); }

  const index_internal::SegmentReader& segment_;
  Bm25Term bm25_;
  Bm25Kernel kernel_ = bm25_.kernel();
  std::vector<MultiPhraseField> fields_;
  PhraseShape shape_;
  std::vector<DocId> field_docs_;
  std::vector<std::uint32_t> field_freqs_;
  MultiPhraseScratch scratch_;
  DocId doc_ = kTerminated;
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
  return std::make_unique<MultiPhraseScorer>(segment, std::move(bm25), std::move(fields),
                                             std::move(shape));
}

}  // namespace trawl::search_internal
