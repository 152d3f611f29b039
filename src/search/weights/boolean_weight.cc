// BooleanWeight: clauses that must, should, must not match, or filter, with min_should_match
// and a boost. An OR of single words compiles to one bag of words (TermsWeight, pruned by
// MaxScore); an AND of single words keeps its words as one bag too, for the block-max
// conjunction.
#include <algorithm>

#include "search/pruning/block_max_conjunction.h"
#include "search/scorers/combined_scorers.h"
#include "search/weights/compiler.h"
#include "search/weights/terms_weight.h"
#include "util/bitmap.h"

namespace trawl::search_internal {
namespace {

class BooleanWeight final : public Weight {
 public:
  struct Clause {
    Query::Occur occur;
    WeightPtr weight;
  };
  // `positive`: some clause must, should or filter-match. Without one the boolean is a pure
  // exclusion ("-a"), which matches every document the prohibited clauses do not; with one, a
  // segment where none of them can match has nothing to offer. `words`: the clauses' words
  // when they are all required single words ("+a +b"), else null.
  BooleanWeight(std::vector<Clause> clauses, std::uint32_t min_should_match, bool positive,
                double boost, std::unique_ptr<TermsWeight> words)
      : clauses_(std::move(clauses)),
        min_should_match_(min_should_match),
        positive_(positive),
        boost_(boost),
        words_(std::move(words)) {}

  ScorerPtr scorer(const index_internal::SegmentReader& segment) const override {
    std::vector<ScorerPtr> required, should, excluded;
    std::vector<bool> scoring;
    for (const Clause& clause : clauses_) {
      ScorerPtr scorer = clause.weight->scorer(segment);
      switch (clause.occur) {
        case Query::Occur::kMust:
        case Query::Occur::kFilter:
          if (!scorer) return nullptr;
          required.push_back(std::move(scorer));
          scoring.push_back(clause.occur == Query::Occur::kMust);
          break;
        case Query::Occur::kShould:
          if (scorer) should.push_back(std::move(scorer));
          break;
        case Query::Occur::kMustNot:
          if (scorer) excluded.push_back(std::move(scorer));
          break;
      }
    }
    ScorerPtr result;
    if (min_should_match_ > should.size()) return nullptr;
    if (!required.empty()) {
      result = required.size() == 1 && scoring[0]
                   ? std::move(required[0])
                   : make_conjunction(std::move(required), std::move(scoring));
      if (min_should_match_ > 0) {
        std::vector<ScorerPtr> both;
        both.push_back(std::move(result));
        both.push_back(make_disjunction(std::move(should), min_should_match_));
        result = make_conjunction(std::move(both), {true, true});
      } else if (!should.empty()) {
        result = make_required_optional(std::move(result), make_disjunction(std::move(should), 1));
      }
    } else if (!should.empty()) {
      result = make_disjunction(std::move(should), std::max<std::size_t>(1, min_should_match_));
    } else if (positive_) {
      return nullptr;  // none of the clauses that could match has a document here
    } else {
      result = make_match_all_scorer(segment.doc_count(), 0.0);  // only prohibited clauses
    }
    if (!excluded.empty()) {
      result = make_exclusion(std::move(result), excluded.size() == 1
                                                     ? std::move(excluded[0])
                                                     : make_disjunction(std::move(excluded), 1));
    }
    if (boost_ != 1.0) result = make_boosted(std::move(result), boost_);
    return result;
  }

  // "+a +b" of single words: the rarest word leads, skipping by the words' block bounds.
  // "+(a b c) #filter": MaxScore over the bag among the filter's documents.
  Result<bool> search_top_k(SegmentRun& run) const override {
    if (!words_) return filtered_bag_top_k(run);
    TRAWL_ASSIGN_OR_RETURN(auto found, words_->find(run.reader));
    if (found.size() < words_->terms().size()) return true;  // a word is missing: no match
    if (TermsWeight::any_synonym(found)) {
      TRAWL_ASSIGN_OR_RETURN(auto terms, words_->scorers(run.reader, found, /*bounds=*/true));
      TRAWL_RETURN_IF_ERROR(block_max_conjunction(std::move(terms), run));
    } else if (TermsWeight::one_field_each(found)) {
      // Their scorers read their block bounds as the conjunction reaches them (range_bound).
      TRAWL_ASSIGN_OR_RETURN(auto terms, words_->field_terms(run.reader, found, /*bounds=*/false));
      TRAWL_RETURN_IF_ERROR(block_max_conjunction(std::move(terms), run));
    } else {
      TRAWL_ASSIGN_OR_RETURN(auto terms, words_->bounded_terms(run.reader, found, /*bounds=*/true));
      TRAWL_RETURN_IF_ERROR(block_max_conjunction(std::move(terms), run));
    }
    return true;
  }

  // The scorer's sums, in its order: the scoring required clauses, then the matching optional
  // ones added to them, then the boost.
  Result<ExplainedScore> explain(const index_internal::SegmentReader& segment,
                                 DocId doc) const override {
    static const char* kOccur[] = {"must: ", "should: ", "must not: ", "filter (not scored): "};
    ExplainedScore out;
    Explanation& e = out.explanation;
    e.description = "boolean, sum of the matching scoring clauses" +
                    (boost_ != 1 ? " times boost " + format_number(boost_) : "");
    double required_sum = 0, should_sum = 0;
    bool any_required = false, required_match = true, any_should = false, excluded = false;
    std::size_t should_matched = 0;
    for (const Clause& clause : clauses_) {
      TRAWL_ASSIGN_OR_RETURN(ExplainedScore child, explain_node(*clause.weight, segment, doc));
      switch (clause.occur) {
        case Query::Occur::kMust:
        case Query::Occur::kFilter:
          any_required = true;
          required_match = required_match && child.matched;
          if (child.matched && clause.occur == Query::Occur::kMust) {
            required_sum += child.explanation.value;
          }
          break;
        case Query::Occur::kShould:
          any_should = true;
          if (child.matched) {
            ++should_matched;
            should_sum += child.explanation.value;
          }
          break;
        case Query::Occur::kMustNot:
          excluded = excluded || child.matched;
          break;
      }
      child.explanation.description =
          kOccur[static_cast<int>(clause.occur)] + child.explanation.description;
      e.details.push_back(std::move(child.explanation));
    }
    double value = 0;
    if (any_required) {
      out.matched = required_match && should_matched >= min_should_match_;
      value = should_matched > 0 ? required_sum + should_sum : required_sum;
    } else if (any_should) {
      out.matched = should_matched >= std::max<std::size_t>(1, min_should_match_);
      value = should_sum;
    } else {
      out.matched = !positive_;  // only prohibited clauses: every other document, score 0
    }
    out.matched = out.matched && !excluded;
    if (boost_ != 1.0) value = boost_ * value;
    e.value = out.matched ? value : 0;
    return out;
  }

  void highlights(std::uint32_t field, double boost, std::vector<Highlight>& out) const override {
    for (const Clause& clause : clauses_) {
      if (clause.occur != Query::Occur::kMustNot) {
        clause.weight->highlights(field, boost * boost_, out);
      }
    }
  }

 private:
  // One bag of words that must match, filter clauses, nothing else, no boost: the score is the
  // bag's (the conjunction sums its one scoring clause from zero), so the bag's top k among the
  // filters' documents is the boolean's. The filters' documents are marked in a bitmap first
  // (as Lucene 4 applies a filter's bits), and the bag's pruning runs with the bitmap as the
  // test of a live document. false for other shapes.
  Result<bool> filtered_bag_top_k(SegmentRun& run) const {
    if (boost_ != 1 || min_should_match_ != 0) return false;
    const TermsWeight* bag = nullptr;
    std::size_t filters = 0;
    for (const Clause& clause : clauses_) {
      if (clause.occur == Query::Occur::kMust && bag == nullptr && clause.weight->as_terms()) {
        bag = clause.weight->as_terms();
      } else if (clause.occur == Query::Occur::kFilter) {
        ++filters;
      } else {
        return false;
      }
    }
    if (bag == nullptr || filters == 0) return false;
    const std::size_t words = util::bitmap_words(run.reader.doc_count());
    std::vector<std::uint64_t> bits, clause_bits;
    bool first = true;
    for (const Clause& clause : clauses_) {
      if (clause.occur != Query::Occur::kFilter) continue;
      std::vector<std::uint64_t>& into = first ? bits : clause_bits;
      into.assign(words, 0);
      TRAWL_RETURN_IF_ERROR(clause.weight->mark_matches(run.reader, into));
      if (!first) {
        for (std::size_t w = 0; w < words; ++w) bits[w] &= clause_bits[w];
      }
      first = false;
    }
    if (std::none_of(bits.begin(), bits.end(), [](std::uint64_t w) { return w != 0; })) {
      return true;  // no document passes the filters here
    }
    return bag->search_top_k(run, bits);
  }

  std::vector<Clause> clauses_;
  std::uint32_t min_should_match_;
  bool positive_;
  double boost_;
  std::unique_ptr<TermsWeight> words_;
};

// Whether every clause is a single word joined by `occur`, with nothing else on the boolean
// that changes scores: the words can then be evaluated as one list of terms.
bool all_single_words(const std::vector<BooleanWeight::Clause>& clauses, double boost,
                      Query::Occur occur) {
  if (boost != 1 || clauses.size() < 2) return false;
  return std::all_of(clauses.begin(), clauses.end(), [&](const BooleanWeight::Clause& clause) {
    const TermsWeight* terms = clause.weight->as_terms();
    return clause.occur == occur && terms != nullptr && terms->terms().size() == 1;
  });
}

std::unique_ptr<TermsWeight> words_of(const std::vector<BooleanWeight::Clause>& clauses) {
  std::vector<TermsWeight::Term> words;
  for (const auto& clause : clauses) words.push_back(clause.weight->as_terms()->terms()[0]);
  return std::make_unique<TermsWeight>(std::move(words));
}

}  // namespace

Result<WeightPtr> compile_boolean(const Query& query, Compiler& compiler) {
  TRAWL_RETURN_IF_ERROR(compiler.add_clauses(query.clauses().size()));
  std::vector<BooleanWeight::Clause> clauses;
  std::size_t should = 0;
  bool any_words = false, required_nothing = false, positive = false;
  // Every clause is compiled, also after one that makes the boolean match nothing: whether a
  // query is valid must not depend on what the index holds.
  for (const Query::Clause& clause : query.clauses()) {
    TRAWL_ASSIGN_OR_RETURN(WeightPtr child, compiler.compile(clause.query));
    const bool required =
        clause.occur == Query::Occur::kMust || clause.occur == Query::Occur::kFilter;
    if (child->matches() == Weight::Matches::kNoWords) {
      continue;  // nothing to require or exclude: the clause was only stop words
    }
    any_words = true;
    if (clause.occur != Query::Occur::kMustNot) positive = true;
    if (child->matches() == Weight::Matches::kNothing) {
      // A required clause nothing matches makes the boolean match nothing; an optional or
      // prohibited one is simply absent.
      required_nothing = required_nothing || required;
      continue;
    }
    if (clause.occur == Query::Occur::kShould) ++should;
    clauses.push_back({clause.occur, std::move(child)});
  }
  if (!any_words) return make_nothing(true);  // "(the of)": nothing to require either
  const std::uint32_t min_should_match = query.min_should_match();
  if (required_nothing || min_should_match > should || clauses.empty()) return make_nothing(false);
  // Optional clauses that match nothing leave only prohibited ones: "zzz -b" matches nothing,
  // it is not "everything but b".
  const bool only_prohibited = std::all_of(clauses.begin(), clauses.end(), [](const auto& c) {
    return c.occur == Query::Occur::kMustNot;
  });
  if (positive && only_prohibited) return make_nothing(false);
  // "a OR b OR c" of single words is a bag of words, which top-k search prunes (MaxScore).
  // Scores stay bit-identical: both sum the words' scores from zero in clause order.
  if (min_should_match <= 1 && all_single_words(clauses, query.boost(), Query::Occur::kShould)) {
    return WeightPtr(words_of(clauses));
  }
  std::unique_ptr<TermsWeight> words;
  if (min_should_match == 0 && all_single_words(clauses, query.boost(), Query::Occur::kMust)) {
    words = words_of(clauses);
  }
  return WeightPtr(std::make_unique<BooleanWeight>(std::move(clauses), min_should_match, positive,
                                                   query.boost(), std::move(words)));
}

WeightPtr make_any_of(std::vector<WeightPtr> weights) {
  std::vector<BooleanWeight::Clause> clauses;
  for (WeightPtr& weight : weights) clauses.push_back({Query::Occur::kShould, std::move(weight)});
  return std::make_unique<BooleanWeight>(std::move(clauses), 0, true, 1.0, nullptr);
}

}  // namespace trawl::search_internal
