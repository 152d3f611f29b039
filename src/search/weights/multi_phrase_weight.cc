// MultiPhraseWeight: a phrase whose words may have colocated forms (a transliteration beside the
// word, a synonym): each word matches where any of its forms stands, and the phrase is scored
// as one term whose tf is its number of occurrences, as PhraseWeight scores a phrase of single
// terms, with the sum of its words' idf, a word's idf being that of its most frequent form (as
// for a word's colocated forms in a bag: terms_weight.h).
#include <algorithm>

#include "search/scorers/combined_scorers.h"
#include "search/scorers/multi_phrase_scorer.h"
#include "search/weights/compiler.h"
#include "search/weights/terms_weight.h"

namespace trawl::search_internal {
namespace {

struct Form {
  std::string text;
  TermLocations locations;
};

class MultiPhraseWeight final : public Weight {
 public:
  MultiPhraseWeight(std::vector<std::vector<Form>> words, PhraseShape shape, Bm25Term bm25)
      : words_(std::move(words)), shape_(std::move(shape)), bm25_(std::move(bm25)) {}

  ScorerPtr scorer(const index_internal::SegmentReader& segment) const override {
    auto fields = cursors(segment);
    if (!fields) return make_failed_scorer(fields.error());
    if (std::all_of(fields->begin(), fields->end(),
                    [](const MultiPhraseField& f) { return f.words.empty(); })) {
      return nullptr;
    }
    return make_multi_phrase_scorer(segment, bm25_, std::move(*fields), shape_);
  }

  Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                 DocId doc) const override {
    TRAWL_ASSIGN_OR_RETURN(auto fields, cursors(segment));
    double tf = 0;  // as the scorer sums it: field by field, with the fields' weights
    MultiPhraseScratch scratch;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      MultiPhraseField& field = fields[f];
      if (field.words.empty() || align_words(field, doc) != doc) continue;
      const std::uint32_t freq = multi_phrase_frequency(field, shape_, scratch);
      for (const auto& word : field.words) {
        for (const auto& cursor : word) TRAWL_RETURN_IF_ERROR(cursor->status());
      }
      if (freq > 0) tf += bm25_.field_weights[f] * freq;
    }
    ExplainedScore out;
    out.matched = tf > 0;
    out.explanation.description = "phrase";
    if (out.matched) {
      std::string text;
      for (const auto& word : words_) {
        text += text.empty() ? "" : " ";
        for (std::size_t i = 0; i < word.size(); ++i) text += (i ? "|" : "") + word[i].text;
      }
      const std::string slop = shape_.slop > 0 ? "~" + std::to_string(shape_.slop) : "";
      Explanation part =
          bm25_.explain(bm25_.field_names(segment.schema()) + ":\"" + text + "\"" + slop, tf,
                        bm25_.length(segment, doc));
      out.explanation.value = part.value;
      out.explanation.details.push_back(std::move(part));
    }
    return out;
  }

  void highlights(std::uint32_t field, double boost, std::vector<Highlight>& out) const override {
    if (std::find(bm25_.fields.begin(), bm25_.fields.end(), field) == bm25_.fields.end()) return;
    // Each form as a word of its own: the highlighter's phrases are of single terms.
    for (const auto& word : words_) {
      for (const Form& form : word) out.push_back({{form.text}, {}, boost * bm25_.weight});
    }
  }

 private:
  // Per field of the group, each word's cursors; none where the field lacks every form of a word.
  Result<std::vector<MultiPhraseField>> cursors(
      const index_internal::SegmentReader& segment) const {
    std::vector<MultiPhraseField> fields(bm25_.fields.size());
    std::vector<bool> complete(bm25_.fields.size(), true);
    TermLocations::Infos infos;
    for (const auto& word : words_) {
      for (auto& field : fields) field.words.emplace_back();
      for (const Form& form : word) {
        TRAWL_RETURN_IF_ERROR(form.locations.find(segment, bm25_.fields, form.text, infos));
        for (std::size_t i = 0; i < bm25_.fields.size(); ++i) {
          if (infos[i])
            fields[i].words.back().push_back(segment.postings(*infos[i], bm25_.fields[i]));
        }
      }
      for (std::size_t i = 0; i < fields.size(); ++i) {
        complete[i] = complete[i] && !fields[i].words.back().empty();
      }
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (!complete[i]) fields[i].words.clear();
    }
    return fields;
  }

  std::vector<std::vector<Form>> words_;  // per word of the phrase, its forms in the index
  PhraseShape shape_;
  Bm25Term bm25_;
};

}  // namespace

Result<WeightPtr> compile_multi_phrase(Compiler& compiler, const Compiler::FieldGroup& group,
                                       const std::vector<QueryWord>& words, bool scoped,
                                       const Query& query) {
  PhraseShape shape;
  shape.slop = query.slop();
  double n = 0;
  Bm25Term bm25 = compiler.bm25_for(group, scoped, &n);
  std::vector<std::vector<Form>> forms(words.size());
  std::vector<std::vector<std::string>> texts;  // per word, its forms' texts (as typed, sorted)
  double idf_sum = 0;
  for (std::size_t w = 0; w < words.size(); ++w) {
    const QueryWord& word = words[w];
    std::uint64_t largest = 0;
    for (std::size_t i = 0; i <= word.colocated.size(); ++i) {
      const std::string& text = i == 0 ? word.term : word.colocated[i - 1];
      TermLocations locations;
      TRAWL_ASSIGN_OR_RETURN(std::uint64_t df, compiler.doc_freq(text, group.fields, &locations));
      if (df == 0) continue;
      largest = std::max(largest, df);
      forms[w].push_back({text, std::move(locations)});
    }
    if (largest == 0) return make_nothing(false);  // a word no document has: nothing matches
    idf_sum += bm25_idf(n, static_cast<double>(largest));
    // Every form analysis gave the word, in the index or not: the word as the query has it.
    std::vector<std::string> key = word.colocated;
    key.push_back(word.term);
    std::sort(key.begin(), key.end());
    // Words of the same forms compete for positions in a sloppy phrase, as one term's words do.
    const auto same = std::find(texts.begin(), texts.end(), key);
    shape.term.push_back(static_cast<std::uint32_t>(same - texts.begin()));
    texts.push_back(std::move(key));
    shape.offsets.push_back(word.position - words.front().position);
  }
  bm25.n = n;
  bm25.df = -1;  // several words: no single df
  bm25.multiplier = query.boost();
  bm25.idf = idf_sum;
  bm25.weight = query.boost() * idf_sum;
  return WeightPtr(
      std::make_unique<MultiPhraseWeight>(std::move(forms), std::move(shape), std::move(bm25)));
}

}  // namespace trawl::search_internal
