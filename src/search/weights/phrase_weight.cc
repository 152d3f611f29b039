// PhraseWeight: the analysed words at their relative positions within one field of a group,
// scored as one term whose tf is the number of occurrences and whose idf is the sum of its
// words' idf (searcher.h). A phrase of one word is a term.
#include <algorithm>
#include <array>

#include "search/pruning/phrase_top_k.h"
#include "search/pruning/segment_run.h"
#include "search/scorers/combined_scorers.h"
#include "search/scorers/field_term_scorer.h"
#include "search/scorers/phrase_scorer.h"
#include "search/weights/compiler.h"
#include "search/weights/terms_weight.h"

namespace trawl::search_internal {
namespace {

// What phrase_top_k asks of a phrase held by one field of the group in a segment: scores as
// the phrase scorer computes them (FieldBm25: the same expressions, so the same bits) and
// bounds.
struct PhraseScoring {
  FieldBm25 bm25;
  const PhraseShape& shape;
  std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>>& words;  // in query order
  std::vector<std::span<const Position>> lists;  // phrase_frequency's scratch

  double block_bound(index_internal::BlockPostingsCursor& word) const {
    return bm25.bound(word.block_impacts());
  }
  double score(std::uint32_t tf, DocId doc) const { return bm25.score(tf, doc); }
  // score(freq, doc) for every document of the lead's decoded block, at once (one BM25 loop)
  // the first time one of them asks, as most of them do.
  const double* lead_scores(index_internal::BlockPostingsCursor& lead) {
    if (lead.block_last_doc() != lead_block) {
      bm25.score_block(lead.block_docs(), lead.block_freqs_minus_one(), lead.block_size(),
                       block_scores.data());
      lead_block = lead.block_last_doc();
    }
    return block_scores.data();
  }
  std::uint32_t occurrences() { return phrase_frequency(words, shape, lists); }

  DocId lead_block = kTerminated;  // the last document of the block lead_scores are of
  std::array<double, util::kBlockSize> block_scores{};
};

class PhraseWeight final : public Weight {
 public:
  PhraseWeight(std::vector<std::string> terms, std::vector<TermLocations> locations,
               PhraseShape shape, Bm25Term bm25)
      : terms_(std::move(terms)),
        locations_(std::move(locations)),
        shape_(std::move(shape)),
        bm25_(std::move(bm25)) {}

  ScorerPtr scorer(const index_internal::SegmentReader& segment) const override {
    auto fields = cursors(segment);
    if (!fields) return make_failed_scorer(fields.error());
    if (std::all_of(fields->begin(), fields->end(),
                    [](const PhraseField& f) { return f.cursors.empty(); })) {
      return nullptr;
    }
    return make_phrase_scorer(segment, bm25_, std::move(*fields), shape_);
  }

  Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                 DocId doc) const override {
    TRAWL_ASSIGN_OR_RETURN(auto fields, cursors(segment));
    double tf = 0;  // as the scorer sums it: field by field, with the fields' weights
    for (std::size_t f = 0; f < fields.size(); ++f) {
      auto& words = fields[f].cursors;
      if (words.empty()) continue;
      bool on_doc = true;
      for (auto& cursor : words) {
        cursor->next_geq(doc);
        TRAWL_RETURN_IF_ERROR(cursor->status());
        on_doc = on_doc && cursor->docid() == doc;
      }
      if (!on_doc) continue;
      std::vector<std::span<const Position>> lists;
      const std::uint32_t freq = phrase_frequency(words, shape_, lists);
      for (const auto& cursor : words) TRAWL_RETURN_IF_ERROR(cursor->status());
      if (freq > 0) tf += bm25_.field_weights[f] * freq;
    }
    ExplainedScore out;
    out.matched = tf > 0;
    out.explanation.description = "phrase";
    if (out.matched) {
      std::string words;
      for (const std::string& term : terms_) words += (words.empty() ? "" : " ") + term;
      const std::string slop = shape_.slop > 0 ? "~" + std::to_string(shape_.slop) : "";
      Explanation part =
          bm25_.explain(bm25_.field_names(segment.schema()) + ":\"" + words + "\"" + slop, tf,
                        bm25_.length(segment, doc));
      out.explanation.value = part.value;
      out.explanation.details.push_back(std::move(part));
    }
    return out;
  }

  Result<bool> search_top_k(SegmentRun& run) const override {
    TRAWL_ASSIGN_OR_RETURN(auto fields, cursors(run.reader));
    std::size_t holders = 0, field = 0;
    for (std::size_t f = 0; f < fields.size(); ++f) {
      if (fields[f].cursors.empty()) continue;
      ++holders;
      field = f;
    }
    if (holders == 0) return true;
    if (holders > 1) return false;  // several fields: their frequencies add up, match by match
    auto& words = fields[field].cursors;
    std::vector<index_internal::BlockPostingsCursor*> aligned;
    for (const std::size_t i : rarest_first(words)) aligned.push_back(words[i].get());
    PhraseScoring scoring{FieldBm25(run.reader, bm25_, field), shape_, words, {}};
    TRAWL_RETURN_IF_ERROR(phrase_top_k(aligned, shape_.slop == 0, scoring, run));
    return true;
  }

  void highlights(std::uint32_t field, double boost, std::vector<Highlight>& out) const override {
    if (std::find(bm25_.fields.begin(), bm25_.fields.end(), field) != bm25_.fields.end()) {
      out.push_back({terms_, shape_, boost * bm25_.weight});
    }
  }

 private:
  // Per field of the group, the words' cursors; none where the segment lacks a word.
  Result<std::vector<PhraseField>> cursors(const index_internal::SegmentReader& segment) const {
    std::vector<TermLocations::Infos> infos(terms_.size());  // per word, per field
    for (std::size_t w = 0; w < terms_.size(); ++w) {
      TRAWL_RETURN_IF_ERROR(locations_[w].find(segment, bm25_.fields, terms_[w], infos[w]));
    }
    std::vector<PhraseField> fields;
    for (std::size_t i = 0; i < bm25_.fields.size(); ++i) {
      PhraseField field;
      for (const TermLocations::Infos& word : infos) {
        if (!word[i]) {
          field.cursors.clear();
          break;
        }
        field.cursors.push_back(segment.postings(*word[i], bm25_.fields[i]));
      }
      fields.push_back(std::move(field));
    }
    return fields;
  }

  std::vector<std::string> terms_;  // per word of the phrase
  std::vector<TermLocations> locations_;  // per word: its entries per segment and field
  PhraseShape shape_;
  Bm25Term bm25_;
};

}  // namespace

Result<std::vector<WeightPtr>> compile_phrase_endings(Compiler& compiler,
                                                      const Compiler::FieldGroup& group,
                                                      const std::vector<Token>& tokens,
                                                      const std::vector<std::string>& lasts,
                                                      bool scoped, const Query& query) {
  // The words before the last, looked up once for every ending.
  PhraseShape shape;
  shape.slop = query.slop();
  double n = 0;
  Bm25Term bm25 = compiler.bm25_for(group, scoped, &n);
  std::vector<std::string> terms;
  std::vector<TermLocations> locations(tokens.size() - 1);
  double idf_sum = 0;
  for (std::size_t t = 0; t + 1 < tokens.size(); ++t) {
    const Token& token = tokens[t];
    TRAWL_ASSIGN_OR_RETURN(std::uint64_t df,
                           compiler.doc_freq(token.term, group.fields, &locations[t]));
    if (df == 0) return std::vector<WeightPtr>{};  // a word no document has: nothing matches
    idf_sum += bm25_idf(n, static_cast<double>(df));
    const auto same = std::find(terms.begin(), terms.end(), token.term);
    shape.term.push_back(static_cast<std::uint32_t>(same - terms.begin()));
    terms.push_back(token.term);
    shape.offsets.push_back(token.position - tokens.front().position);
  }
  bm25.n = n;
  bm25.df = -1;  // several words: no single df
  bm25.multiplier = query.boost();
  std::vector<WeightPtr> phrases;
  for (const std::string& last : lasts) {
    TermLocations last_locations;
    TRAWL_ASSIGN_OR_RETURN(std::uint64_t df,
                           compiler.doc_freq(last, group.fields, &last_locations));
    if (df == 0) continue;
    PhraseShape ending = shape;
    const auto same = std::find(terms.begin(), terms.end(), last);
    ending.term.push_back(static_cast<std::uint32_t>(same - terms.begin()));
    ending.offsets.push_back(tokens.back().position - tokens.front().position);
    std::vector<std::string> ending_terms = terms;
    ending_terms.push_back(last);
    std::vector<TermLocations> ending_locations = locations;
    ending_locations.push_back(std::move(last_locations));
    Bm25Term ending_bm25 = bm25;
    ending_bm25.idf = idf_sum + bm25_idf(n, static_cast<double>(df));
    ending_bm25.weight = query.boost() * ending_bm25.idf;
    phrases.push_back(std::make_unique<PhraseWeight>(std::move(ending_terms),
                                                     std::move(ending_locations), std::move(ending),
                                                     std::move(ending_bm25)));
  }
  return phrases;
}

Result<WeightPtr> compile_phrase_words(Compiler& compiler, const Compiler::FieldGroup& group,
                                       const std::vector<Token>& tokens, bool scoped,
                                       const Query& query) {
  TRAWL_ASSIGN_OR_RETURN(auto phrases, compile_phrase_endings(compiler, group, tokens,
                                                              {tokens.back().term}, scoped, query));
  if (phrases.empty()) return make_nothing(false);  // a word no document has: nothing matches
  return std::move(phrases[0]);
}

Result<WeightPtr> compile_phrase(const Query& query, Compiler& compiler) {
  return compiler.over_field_groups(
      query.field(),
      [&](const Compiler::FieldGroup& group, bool scoped, bool* any_words) -> Result<WeightPtr> {
        TRAWL_ASSIGN_OR_RETURN(auto tokens, compiler.analyze(group, query.text()));
        *any_words = *any_words || !tokens.empty();
        std::vector<QueryWord> words = query_words(tokens);
        const bool colocated = std::any_of(words.begin(), words.end(),
                                           [](const QueryWord& w) { return !w.colocated.empty(); });
        if (words.size() > 1) {
          TRAWL_RETURN_IF_ERROR(compiler.add_clauses(words.size()));
          if (colocated) return compile_multi_phrase(compiler, group, words, scoped, query);
          return compile_phrase_words(compiler, group, tokens, scoped, query);
        }
        std::vector<std::string> terms;
        std::vector<std::vector<std::string>> forms;
        for (QueryWord& word : words) {
          terms.push_back(std::move(word.term));
          forms.push_back(std::move(word.colocated));
        }
        return compile_terms(compiler, group, terms, scoped, query.boost(), &forms);
      });
}

}  // namespace trawl::search_internal
