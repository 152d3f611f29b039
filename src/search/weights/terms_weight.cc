#include "search/weights/terms_weight.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <type_traits>

#include "search/pruning/best_block_floor.h"
#include "search/pruning/max_score.h"
#include "search/pruning/max_score_heap.h"
#include "search/pruning/max_score_windows.h"
#include "search/pruning/term_blocks.h"
#include "search/scorers/combined_scorers.h"
#include "search/scorers/field_term_scorer.h"
#include "search/scorers/synonym_scorer.h"
#include "search/scorers/term_scorer.h"
#include "search/scorers/window_disjunction.h"
#include "util/bitmap.h"

namespace trawl::search_internal {

// The distinct words in query order, each with how often the query has it. A query has a few
// words: they are compared with those found so far, without a tree node each; past a few dozen
// (a long text, a prefix's expansion) an index of them keeps the work linear.
std::vector<std::pair<std::string_view, double>> count_words(
    const std::vector<std::string>& words) {
  constexpr std::size_t kCompared = 32;
  std::vector<std::pair<std::string_view, double>> distinct;
  distinct.reserve(words.size());
  std::map<std::string_view, std::size_t> index;
  for (const std::string& word : words) {
    std::size_t at = distinct.size();
    if (words.size() <= kCompared) {
      for (std::size_t i = 0; i < distinct.size(); ++i) {
        if (distinct[i].first == word) {
          at = i;
          break;
        }
      }
    } else {
      at = index.try_emplace(word, distinct.size()).first->second;
    }
    if (at == distinct.size()) distinct.emplace_back(word, 0.0);
    distinct[at].second += 1;
  }
  return distinct;
}

Bm25Term bag_term(const Bm25Term& base, double n, double idf_df, double multiplier) {
  Bm25Term term = base;
  term.df = idf_df;
  term.n = std::max(n, term.df);  // as bm25_idf() takes it, for explanations
  term.idf = bm25_idf(n, term.df);
  term.multiplier = multiplier;
  term.weight = term.multiplier * term.idf;
  return term;
}

Result<WeightPtr> compile_terms(Compiler& compiler, const Compiler::FieldGroup& group,
                                const std::vector<std::string>& words, bool scoped, double boost,
                                const std::vector<std::vector<std::string>>* colocated) {
  TRAWL_RETURN_IF_ERROR(compiler.add_clauses(count_words(words).size()));
  return compile_words(compiler, group, words, scoped, boost, colocated);
}

namespace {

// A word and its colocated forms as one term (a synonym whose occurrences are the distinct
// positions of its forms), or as a plain term where only one of them is in the index. False
// if none is.
Result<bool> colocated_term(Compiler& compiler, const Compiler::FieldGroup& group,
                            const Bm25Term& base, double n, const std::string& word,
                            const std::vector<std::string>& colocated, double multiplier,
                            TermsWeight::Term& out) {
  std::vector<TermsWeight::Form> forms;
  std::uint64_t blended = 0;
  for (std::size_t i = 0; i <= colocated.size(); ++i) {
    const std::string& form = i == 0 ? word : colocated[i - 1];
    TermLocations locations;
    TRAWL_ASSIGN_OR_RETURN(std::uint64_t df, compiler.doc_freq(form, group.fields, &locations));
    if (df == 0) continue;
    blended = std::max(blended, df);
    forms.push_back({form, std::move(locations)});
  }
  if (forms.empty()) return false;
  out = {word, bag_term(base, n, static_cast<double>(blended), multiplier), {}, {}, {}, true};
  if (forms.size() == 1) {
    out.text = std::move(forms[0].text);
    out.locations = std::move(forms[0].locations);
    out.colocated = false;
  } else {
    out.forms = std::move(forms);
  }
  return true;
}

}  // namespace

Result<WeightPtr> compile_words(Compiler& compiler, const Compiler::FieldGroup& group,
                                const std::vector<std::string>& words, bool scoped, double boost,
                                const std::vector<std::vector<std::string>>* colocated) {
  double n = 0;
  const Bm25Term base = compiler.bm25_for(group, scoped, &n);
  const auto distinct = count_words(words);
  std::vector<TermsWeight::Term> terms;
  terms.reserve(distinct.size());
  for (const auto& [word, count] : distinct) {
    std::string text(word);
    if (colocated != nullptr) {
      // A word's forms are the same wherever the query has it: its first occurrence's.
      const auto at =
          static_cast<std::size_t>(std::find(words.begin(), words.end(), text) - words.begin());
      if (!(*colocated)[at].empty()) {
        TermsWeight::Term term;
        TRAWL_ASSIGN_OR_RETURN(bool found, colocated_term(compiler, group, base, n, text,
                                                          (*colocated)[at], boost * count, term));
        if (found) terms.push_back(std::move(term));
        continue;
      }
    }
    TermLocations locations;
    TRAWL_ASSIGN_OR_RETURN(std::uint64_t df, compiler.doc_freq(text, group.fields, &locations));
    if (df == 0) continue;
    terms.push_back({std::move(text),
                     bag_term(base, n, static_cast<double>(df), boost * count),
                     std::move(locations),
                     {},
                     {}});
  }
  if (terms.empty()) return make_nothing(false);
  return WeightPtr(std::make_unique<TermsWeight>(std::move(terms)));
}

Result<WeightPtr> compile_expansion(Compiler& compiler, const Compiler::FieldGroup& group,
                                    const std::vector<std::string>& terms,
                                    const std::string& pattern, bool scoped, double boost) {
  double n = 0;
  const Bm25Term base = compiler.bm25_for(group, scoped, &n);
  std::vector<TermsWeight::Form> forms;
  forms.reserve(terms.size());
  std::uint64_t blended = 0;
  for (const std::string& term : terms) {
    TermLocations locations;
    TRAWL_ASSIGN_OR_RETURN(std::uint64_t df, compiler.doc_freq(term, group.fields, &locations));
    if (df == 0) continue;
    blended = std::max(blended, df);
    forms.push_back({term, std::move(locations)});
  }
  if (forms.empty()) return make_nothing(false);
  TermsWeight::Term synonym{
      pattern, bag_term(base, n, static_cast<double>(blended), boost), {}, {}, std::move(forms)};
  if (synonym.forms.size() == 1) {
    // One term: the term itself (the same score, without merging its postings).
    synonym.text = std::move(synonym.forms[0].text);
    synonym.locations = std::move(synonym.forms[0].locations);
    synonym.forms.clear();
  }
  std::vector<TermsWeight::Term> bag;
  bag.push_back(std::move(synonym));
  return WeightPtr(std::make_unique<TermsWeight>(std::move(bag)));
}

Result<WeightPtr> compile_term(const Query& query, Compiler& compiler) {
  // A value of a numeric or date field is the range of that value ("year:2020": 2020..2020,
  // "published:2025-02-14": that day).
  const Schema& schema = compiler.state().schema();
  if (const auto index = schema.find(query.field());
      index && is_numeric_type(schema.fields()[*index].type)) {
    Query range = Query::range(query.field(), query.text(), query.text());
    range.boost(query.boost());
    return compile_range(range, compiler);
  }
  return compiler.over_field_groups(
      query.field(),
      [&](const Compiler::FieldGroup& group, bool scoped, bool* any_words) -> Result<WeightPtr> {
        const bool fuzzy = compiler.options().fuzzy && !group.keyword;  // typo-tolerant text
        std::vector<std::string> surfaces;
        std::vector<std::vector<std::string>> colocated;
        TRAWL_ASSIGN_OR_RETURN(auto words,
                               compiler.words(group, query.text(), fuzzy ? &surfaces : nullptr,
                                              fuzzy ? nullptr : &colocated));
        *any_words = *any_words || !words.empty();
        if (fuzzy) {
          return compile_fuzzy_words(compiler, group, words, surfaces, Query::kEditsByLength, 0,
                                     scoped, query.boost());
        }
        return compile_terms(compiler, group, words, scoped, query.boost(), &colocated);
      });
}

Result<WeightPtr> compile_prefix(const Query& query, Compiler& compiler) {
  return compiler.over_field_groups(
      query.field(),
      [&](const Compiler::FieldGroup& group, bool scoped, bool* any_words) -> Result<WeightPtr> {
        *any_words = true;  // a prefix no term has matches nothing; it is not ignored
        TRAWL_RETURN_IF_ERROR(compiler.add_clauses(1));
        TRAWL_ASSIGN_OR_RETURN(auto words, compiler.expand_prefix(group, query.text()));
        return compile_expansion(compiler, group, words, query.text() + "*", scoped, query.boost());
      });
}

Result<std::vector<TermsWeight::Found>> TermsWeight::find(
    const index_internal::SegmentReader& segment) const {
  std::vector<Found> found;
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    const Bm25Term& bm25 = terms_[t].bm25;
    Found term{t, {}, 0, 0, {}};
    const auto present = [](const std::optional<index_internal::TermInfo>& info) {
      return info.has_value();
    };
    if (!terms_[t].forms.empty()) {
      for (const Form& form : terms_[t].forms) {
        TRAWL_RETURN_IF_ERROR(form.locations.find(segment, bm25.fields, form.text, term.infos));
        if (std::any_of(term.infos.begin(), term.infos.end(), present)) ++term.holders;
        term.forms.push_back(std::move(term.infos));
        term.infos = {};
      }
    } else {
      TRAWL_RETURN_IF_ERROR(
          terms_[t].locations.find(segment, bm25.fields, terms_[t].text, term.infos));
      for (std::size_t i = 0; i < term.infos.size(); ++i) {
        if (term.infos[i]) {
          ++term.holders;
          term.holder = i;
        }
      }
    }
    if (term.holders > 0) found.push_back(std::move(term));
  }
  return found;
}

bool TermsWeight::one_field_each(const std::vector<Found>& found) {
  return std::all_of(found.begin(), found.end(),
                     [](const Found& f) { return f.holders == 1 && f.forms.empty(); });
}

bool TermsWeight::any_synonym(const std::vector<Found>& found) {
  return std::any_of(found.begin(), found.end(), [](const Found& f) { return !f.forms.empty(); });
}

namespace {

// The score ranges of a term from its fields' skip entries (BoundedTerm::blocks), with the
// largest bound.
Status term_bounds(const index_internal::SegmentReader& segment, const Bm25Term& bm25,
                   const TermLocations::Infos& infos, std::vector<std::pair<DocId, double>>& blocks,
                   double& bound) {
  const auto present = [](const std::optional<index_internal::TermInfo>& info) {
    return info.has_value();
  };
  if (std::count_if(infos.begin(), infos.end(), present) == 1) {
    // One field: its blocks are the ranges (block_ranges' result, without gathering them).
    const auto i = static_cast<std::size_t>(
        std::find_if(infos.begin(), infos.end(), present) - infos.begin());
    const Bm25Kernel kernel = bm25.kernel();
    const double weight = bm25.field_weights[i];
    blocks.clear();
    // Reserved at once (a frequent word has hundreds of blocks); a damaged document frequency
    // cannot ask for more than the segment's documents fill.
    const std::uint64_t docs = std::min<std::uint64_t>(infos[i]->doc_freq, segment.doc_count());
    blocks.reserve((docs + util::kBlockSize - 1) / util::kBlockSize);
    TRAWL_RETURN_IF_ERROR(segment.for_each_block(
        *infos[i], bm25.fields[i], [&](DocId last_doc, const index_internal::Impacts& impacts) {
          blocks.emplace_back(last_doc, one_field_block_bound(kernel, weight, impacts));
        }));
  } else {
    std::vector<std::vector<FieldBlock>> field_blocks(bm25.fields.size());
    for (std::size_t i = 0; i < infos.size(); ++i) {
      if (!infos[i]) continue;
      TRAWL_RETURN_IF_ERROR(segment.for_each_block(
          *infos[i], bm25.fields[i], [&](DocId last_doc, const index_internal::Impacts& impacts) {
            field_blocks[i].push_back({last_doc, impacts});
          }));
    }
    blocks = block_ranges(bm25, field_blocks);
  }
  bound = 0;
  for (const auto& [last_doc, block_bound] : blocks) bound = std::max(bound, block_bound);
  return {};
}

// The found terms as BoundedTerm clauses in query order, each with its score bounds if
// `bounds`; `make(term, bm25, clause)` gives a clause its cursor and cost (and a synonym's
// bounds, which come from its merged postings, not from skip entries), or fails.
template <class Cursor, class Make>
Result<std::vector<BoundedTerm<Cursor>>> clauses_of(const std::vector<TermsWeight::Term>& terms,
                                                    const index_internal::SegmentReader& segment,
                                                    const std::vector<TermsWeight::Found>& found,
                                                    bool bounds, Make&& make) {
  std::vector<BoundedTerm<Cursor>> clauses;
  clauses.reserve(found.size());
  for (const TermsWeight::Found& term : found) {
    const Bm25Term& bm25 = terms[term.term].bm25;
    BoundedTerm<Cursor> clause;
    if (bounds && term.forms.empty()) {
      TRAWL_RETURN_IF_ERROR(term_bounds(segment, bm25, term.infos, clause.blocks, clause.bound));
    }
    TRAWL_RETURN_IF_ERROR(make(term, bm25, clause));
    clause.order = term.term;
    clauses.push_back(std::move(clause));
  }
  return clauses;
}

// The clauses' cursors, as the children of a disjunction.
template <class Child, class Cursor>
std::vector<std::unique_ptr<Child>> cursors_of(std::vector<BoundedTerm<Cursor>>& clauses) {
  std::vector<std::unique_ptr<Child>> cursors;
  for (auto& clause : clauses) cursors.push_back(std::move(clause.cursor));
  return cursors;
}

}  // namespace

Result<std::vector<BoundedTerm<std::unique_ptr<TermScorer>>>> TermsWeight::bounded_terms(
    const index_internal::SegmentReader& segment, const std::vector<Found>& found,
    bool bounds) const {
  return clauses_of<std::unique_ptr<TermScorer>>(
      terms_, segment, found, bounds,
      [&](const Found& term, const Bm25Term&, auto& clause) -> Status {
        clause.cursor = term_scorer(segment, term, clause.cost);
        return {};
      });
}

std::unique_ptr<TermScorer> TermsWeight::term_scorer(const index_internal::SegmentReader& segment,
                                                     const Found& term, std::uint64_t& cost) const {
  const Bm25Term& bm25 = terms_[term.term].bm25;
  std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>> cursors;
  for (std::size_t i = 0; i < term.infos.size(); ++i) {
    cursors.push_back(term.infos[i] ? segment.postings(*term.infos[i], bm25.fields[i]) : nullptr);
    if (cursors.back()) cost += cursors.back()->size();
  }
  return std::make_unique<TermScorer>(segment, bm25, std::move(cursors));
}

Result<std::vector<BoundedTerm<ScorerPtr>>> TermsWeight::scorers(
    const index_internal::SegmentReader& segment, const std::vector<Found>& found,
    bool bounds) const {
  return clauses_of<ScorerPtr>(
      terms_, segment, found, bounds,
      [&](const Found& term, const Bm25Term& bm25, auto& clause) -> Status {
        if (term.forms.empty()) {
          clause.cursor = term_scorer(segment, term, clause.cost);
          return {};
        }
        std::vector<SynonymScorer::Postings> postings;
        for (const TermLocations::Infos& infos : term.forms) {
          for (std::size_t i = 0; i < infos.size(); ++i) {
            if (infos[i]) postings.push_back({i, segment.postings(*infos[i], bm25.fields[i])});
          }
        }
        TRAWL_ASSIGN_OR_RETURN(
            auto synonym, terms_[term.term].colocated
                              ? SynonymScorer::merge_colocated(segment, bm25, std::move(postings))
                              : SynonymScorer::merge(segment, bm25, std::move(postings)));
        clause.cost = synonym->size();
        if (bounds) {
          clause.blocks = synonym->blocks();
          clause.bound = synonym->best();
        }
        clause.cursor = std::move(synonym);
        return {};
      });
}

Result<std::vector<BoundedTerm<std::unique_ptr<FieldTermScorer>>>> TermsWeight::field_terms(
    const index_internal::SegmentReader& segment, const std::vector<Found>& found,
    bool bounds) const {
  return clauses_of<std::unique_ptr<FieldTermScorer>>(
      terms_, segment, found, bounds,
      [&](const Found& term, const Bm25Term&, auto& clause) -> Status {
        clause.cursor = field_term(segment, term);
        clause.cost = term.infos[term.holder]->doc_freq;
        return {};
      });
}

std::unique_ptr<FieldTermScorer> TermsWeight::field_term(
    const index_internal::SegmentReader& segment, const Found& term) const {
  const Bm25Term& bm25 = terms_[term.term].bm25;
  return std::make_unique<FieldTermScorer>(
      segment, bm25, term.holder,
      segment.postings(*term.infos[term.holder], bm25.fields[term.holder]));
}

ScorerPtr TermsWeight::scorer_of(const index_internal::SegmentReader& segment,
                                 const std::vector<Found>& found) const {
  auto clauses = scorers(segment, found, /*bounds=*/false);
  if (!clauses) return make_failed_scorer(clauses.error());
  std::vector<ScorerPtr> children = cursors_of<Scorer>(*clauses);
  if (children.empty()) return nullptr;
  if (children.size() == 1) return std::move(children[0]);
  return make_disjunction(std::move(children), 1);
}

ScorerPtr TermsWeight::scorer(const index_internal::SegmentReader& segment) const {
  auto found = find(segment);
  if (!found) return make_failed_scorer(found.error());
  return scorer_of(segment, *found);
}

ScorerPtr TermsWeight::top_scorer(const index_internal::SegmentReader& segment) const {
  // Up to the size where the document-at-a-time disjunction turns to its heap: every word is
  // visited once per window.
  if (terms_.size() < 2 || terms_.size() >= kHeapDisjunctionFrom) return scorer(segment);
  auto found = find(segment);
  if (!found) return make_failed_scorer(found.error());
  if (found->size() < 2 || any_synonym(*found)) return scorer_of(segment, *found);
  if (one_field_each(*found)) {
    auto clauses = field_terms(segment, *found, /*bounds=*/false);
    if (!clauses) return make_failed_scorer(clauses.error());
    return std::make_unique<WindowDisjunctionScorer<FieldTermScorer>>(
        cursors_of<FieldTermScorer>(*clauses));
  }
  auto clauses = bounded_terms(segment, *found, /*bounds=*/false);
  if (!clauses) return make_failed_scorer(clauses.error());
  return std::make_unique<WindowDisjunctionScorer<TermScorer>>(cursors_of<TermScorer>(*clauses));
}

namespace {

// A lone word held by one field, block by block for term_blocks_top_k.
class TermBlocks {
 public:
  explicit TermBlocks(FieldTermScorer& term) : term_(term), cursor_(term.postings()) {}

  bool survey() {
    entries_.clear();
    if (cursor_.docid() == kTerminated) return cursor_.status().ok();
    entries_.reserve(cursor_.block_count());
    for (;;) {
      // The skip entry's pair (largest tf, smallest length) bounds every impact of the block:
      // where it cannot reach the threshold, the impacts are not read (most skipped blocks).
      const index_internal::SkipEntry& entry = cursor_.block_entry();
      entries_.push_back(
          {cursor_.block_mark(), term_.bm25().bound(entry.max_freq, entry.min_length)});
      if (entries_.size() == cursor_.block_count()) return true;
      if (!cursor_.next_block()) return false;
    }
  }
  std::size_t count() const { return entries_.size(); }
  double bound(std::size_t b) const { return entries_[b].bound; }
  bool may_reach(std::size_t b, double threshold) {
    return cursor_.seek_block(entries_[b].mark) && term_.block_bound() >= threshold;
  }
  bool load(std::size_t b) {
    if (!cursor_.seek_block(entries_[b].mark) || !cursor_.load_block()) return false;
    docs_ = cursor_.block_docs();
    // Every document of the block is scored at once: the documents that are not live are few.
    term_.bm25().score_block(docs_, cursor_.block_freqs_minus_one(), cursor_.block_size(),
                             scores_.data());
    return true;
  }
  std::uint32_t size() const { return cursor_.block_size(); }
  DocId doc(std::uint32_t i) const { return docs_[i]; }
  double score(std::uint32_t i) const { return scores_[i]; }
  Status status() const { return cursor_.status(); }

 private:
  struct Entry {
    index_internal::BlockPostingsCursor::BlockMark mark;
    double bound;
  };
  FieldTermScorer& term_;
  index_internal::BlockPostingsCursor& cursor_;
  std::vector<Entry> entries_;
  const std::uint32_t* docs_ = nullptr;  // the loaded block's
  std::array<double, util::kBlockSize> scores_{};
};

// MaxScore over the words, in the form for their number. Under a filter the document-at-a-time
// form leapfrogs to the filter's documents (next_allowed); without one, a few words are taken a
// window at a time (callgrind, 250 ORs of 2-4 words, top 10: 1.78M instructions a query
// document at a time, 1.19M a window at a time).
template <class Cursor, class Sink>
Status max_score_for(std::vector<BoundedTerm<Cursor>> terms, std::size_t query_terms, Sink& run) {
  if (terms.size() >= kHeapMaxScoreFrom) return max_score_heap(std::move(terms), run);
  if constexpr (std::is_same_v<Sink, SegmentRun>) {
    if (terms.size() >= 2 && terms.size() <= kWindowMaxScoreUpTo) {
      return max_score_windows(std::move(terms), run);
    }
  }
  return max_score(std::move(terms), query_terms, run);
}

// The top k of the bag by the fastest way its words allow, reported to `run` (a SegmentRun or
// one that also filters documents).
// From this many hits wanted on, MaxScore's threshold (the last wanted hit's score) prunes too
// little to pay for its bookkeeping over a bag of several words, and scoring every match a
// window at a time is cheaper (callgrind, 250 ORs of 2-4 words: 100 hits 1.71G instructions by
// MaxScore and 2.03G by windows, 300 hits 2.30G and 2.22G, 1,010 hits 3.20G and 2.54G).
constexpr std::size_t kWindowFromHits = 256;

template <class Sink>
Result<bool> top_k(const TermsWeight& weight, const index_internal::SegmentReader& reader,
                   Sink& run, bool many_hits) {
  const std::size_t query_terms = weight.terms().size();
  if (many_hits && query_terms >= 2 && query_terms < kHeapDisjunctionFrom) {
    return false;  // top_scorer() scores them a window at a time
  }
  TRAWL_ASSIGN_OR_RETURN(auto found, weight.find(reader));
  if (found.empty()) return true;
  if (TermsWeight::any_synonym(found)) {
    // A pattern's expansion as one term: MaxScore over scorers of either kind.
    TRAWL_ASSIGN_OR_RETURN(auto terms, weight.scorers(reader, found, /*bounds=*/true));
    TRAWL_RETURN_IF_ERROR(max_score_for(std::move(terms), query_terms, run));
    return true;
  }
  if (!TermsWeight::one_field_each(found)) {
    // A word held by several fields: MaxScore over the term scorers, which sum the fields.
    TRAWL_ASSIGN_OR_RETURN(auto terms, weight.bounded_terms(reader, found, /*bounds=*/true));
    TRAWL_RETURN_IF_ERROR(max_score_for(std::move(terms), query_terms, run));
    return true;
  }
  if (found.size() == 1) {
    // A lone word (the common term query): block by block, without MaxScore's machinery.
    TRAWL_ASSIGN_OR_RETURN(auto terms, weight.field_terms(reader, found, /*bounds=*/false));
    TermBlocks blocks(*terms[0].cursor);
    TRAWL_RETURN_IF_ERROR(term_blocks_top_k(blocks, run));
    return true;
  }
  TRAWL_ASSIGN_OR_RETURN(auto terms, weight.field_terms(reader, found, /*bounds=*/true));
  TRAWL_RETURN_IF_ERROR(raise_best_block_floor(
      terms, [&](std::size_t i) { return weight.field_term(reader, found[i]); }, run));
  TRAWL_RETURN_IF_ERROR(max_score_for(std::move(terms), query_terms, run));
  return true;
}

// A SegmentRun whose live documents are also those of a filter.
struct FilteredRun {
  SegmentRun& run;
  const std::vector<std::uint64_t>& filter;

  bool live(DocId doc) const { return util::test_bit(filter.data(), doc) && run.live(doc); }
  bool all_live() const { return false; }
  DocId next_allowed(DocId doc) const {
    return static_cast<DocId>(util::next_set_bit(filter.data(), filter.size(), doc, kTerminated));
  }
  double threshold() const { return run.threshold(); }
  void offer(double score, DocId doc) { run.offer(score, doc); }
  std::size_t wanted() const { return run.wanted(); }
  bool may_raise_floor() const { return run.may_raise_floor(); }
  void raise_floor(double score) { run.raise_floor(score); }
  void count() { run.count(); }
  void count(std::uint64_t n) { run.count(n); }
  bool expired() { return run.expired(); }
};

}  // namespace

Result<bool> TermsWeight::search_top_k(SegmentRun& run) const {
  return top_k(*this, run.reader, run, run.top.capacity() >= kWindowFromHits);
}

Result<bool> TermsWeight::search_top_k(SegmentRun& run,
                                        const std::vector<std::uint64_t>& filter) const {
  FilteredRun filtered{run, filter};
  return top_k(*this, run.reader, filtered, /*many_hits=*/false);
}

namespace {

// A colocated term's tf in `doc` as SynonymScorer::merge_colocated sums it: field by field, the
// distinct positions of its forms; the forms the document holds go into `held`.
Result<double> colocated_tf(const index_internal::SegmentReader& segment,
                            const TermsWeight::Term& term, DocId doc, std::string& held) {
  const Bm25Term& bm25 = term.bm25;
  std::vector<TermLocations::Infos> infos(term.forms.size());
  for (std::size_t f = 0; f < term.forms.size(); ++f) {
    TRAWL_RETURN_IF_ERROR(
        term.forms[f].locations.find(segment, bm25.fields, term.forms[f].text, infos[f]));
  }
  std::vector<bool> here(term.forms.size(), false);
  std::vector<Position> scratch;
  double tf = 0;
  for (std::size_t i = 0; i < bm25.fields.size(); ++i) {
    std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>> cursors;
    std::vector<index_internal::BlockPostingsCursor*> on_doc;
    for (std::size_t f = 0; f < term.forms.size(); ++f) {
      if (!infos[f][i]) continue;
      auto cursor = segment.postings(*infos[f][i], bm25.fields[i]);
      cursor->next_geq(doc);
      TRAWL_RETURN_IF_ERROR(cursor->status());
      if (cursor->docid() != doc) continue;
      here[f] = true;
      on_doc.push_back(cursor.get());
      cursors.push_back(std::move(cursor));
    }
    if (on_doc.empty()) continue;
    const std::uint32_t occurrences = colocated_occurrences(on_doc, scratch);
    for (const auto& cursor : cursors) TRAWL_RETURN_IF_ERROR(cursor->status());
    tf += bm25.field_weights[i] * occurrences;
  }
  for (std::size_t f = 0; f < term.forms.size(); ++f) {
    if (here[f]) held += (held.empty() ? "" : ", ") + term.forms[f].text;
  }
  return tf;
}

}  // namespace

Result<ExplainedScore> TermsWeight::explain(const index_internal::SegmentReader& segment,
                                            DocId doc) const {
  ExplainedScore out;
  Explanation& e = out.explanation;
  e.description = "sum of:";
  double sum = 0;  // as the scorers sum: from zero, in query order
  for (const Term& term : terms_) {
    const Bm25Term& bm25 = term.bm25;
    double tf = 0;
    std::string held_forms;  // a synonym's forms the document holds
    // The term's (or each of a synonym's forms') occurrences in `doc`, summed as the scorers
    // sum them: form by form, field by field.
    const auto add = [&](const TermLocations& locations, const std::string& text) -> Status {
      TermLocations::Infos infos;
      TRAWL_RETURN_IF_ERROR(locations.find(segment, bm25.fields, text, infos));
      bool here = false;
      for (std::size_t i = 0; i < bm25.fields.size(); ++i) {
        if (!infos[i]) continue;
        auto cursor = segment.postings(*infos[i], bm25.fields[i]);
        cursor->next_geq(doc);
        TRAWL_RETURN_IF_ERROR(cursor->status());
        if (cursor->docid() != doc) continue;
        tf += bm25.field_weights[i] * cursor->freq();
        here = true;
      }
      if (here && !term.forms.empty()) held_forms += (held_forms.empty() ? "" : ", ") + text;
      return {};
    };
    if (term.colocated) {
      TRAWL_ASSIGN_OR_RETURN(tf, colocated_tf(segment, term, doc, held_forms));
    } else if (term.forms.empty()) {
      TRAWL_RETURN_IF_ERROR(add(term.locations, term.text));
    } else {
      for (const Form& form : term.forms) TRAWL_RETURN_IF_ERROR(add(form.locations, form.text));
    }
    if (tf == 0) continue;
    std::string what = bm25.field_names(segment.schema()) + ":" + term.text;
    if (!held_forms.empty()) what += " (as one term: " + held_forms + ")";
    if (!term.origin.empty()) what += ", " + term.origin;
    Explanation part = bm25.explain(what, tf, bm25.length(segment, doc));
    sum += part.value;
    out.matched = true;
    e.details.push_back(std::move(part));
  }
  e.value = sum;
  return out;
}

void TermsWeight::highlights(std::uint32_t field, double boost, std::vector<Highlight>& out) const {
  for (const Term& term : terms_) {
    const auto& fields = term.bm25.fields;
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) continue;
    if (term.forms.empty()) {
      out.push_back({{term.text}, {}, boost * term.bm25.weight});
      continue;
    }
    for (const Form& form : term.forms) {
      out.push_back({{form.text}, {}, boost * term.bm25.weight});
    }
  }
}

}  // namespace trawl::search_internal
