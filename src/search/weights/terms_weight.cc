#include "search/weights/terms_weight.h"

#include <algorithm>
#include <map>
#include <optional>

#include "search/pruning/max_score.h"
#include "search/pruning/max_score_heap.h"
#include "search/pruning/term_blocks.h"
#include "search/scorers/combined_scorers.h"
#include "search/scorers/term_scorer.h"

namespace trawl::search_internal {

Result<WeightPtr> compile_terms(Compiler& compiler, const Compiler::FieldGroup& group,
                                const std::vector<std::string>& words, bool scoped, double boost) {
  double n = 0;
  const Bm25Term base = compiler.bm25_for(group, scoped, &n);
  std::map<std::string, double> counts;
  std::vector<std::string> order;
  for (const std::string& word : words) {
    if (counts[word]++ == 0) order.push_back(word);
  }
  TRAWL_RETURN_IF_ERROR(compiler.add_clauses(order.size()));
  std::vector<TermsWeight::Term> terms;
  for (const std::string& word : order) {
    TRAWL_ASSIGN_OR_RETURN(std::uint64_t df, compiler.doc_freq(word, group.fields));
    if (df == 0) continue;
    Bm25Term term = base;
    term.df = static_cast<double>(df);
    term.n = std::max(n, term.df);  // as bm25_idf() takes it, for explanations
    term.idf = bm25_idf(n, term.df);
    term.multiplier = boost * counts[word];
    term.weight = term.multiplier * term.idf;
    terms.push_back({word, std::move(term)});
  }
  if (terms.empty()) return make_nothing(false);
  return WeightPtr(std::make_unique<TermsWeight>(std::move(terms)));
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
        TRAWL_ASSIGN_OR_RETURN(auto tokens, compiler.analyze(group, query.text()));
        *any_words = *any_words || !tokens.empty();
        std::vector<std::string> words;
        for (const Token& token : tokens) words.push_back(token.term);
        return compile_terms(compiler, group, words, scoped, query.boost());
      });
}

Result<WeightPtr> compile_prefix(const Query& query, Compiler& compiler) {
  return compiler.over_field_groups(
      query.field(),
      [&](const Compiler::FieldGroup& group, bool scoped, bool* any_words) -> Result<WeightPtr> {
        *any_words = true;  // a prefix no term has matches nothing; it is not ignored
        TRAWL_ASSIGN_OR_RETURN(auto words, compiler.expand_prefix(group, query.text()));
        return compile_terms(compiler, group, words, scoped, query.boost());
      });
}

Result<std::vector<BoundedTerm<ScorerPtr>>> TermsWeight::bounded_terms(
    const index_internal::SegmentReader& segment, bool bounds) const {
  std::vector<BoundedTerm<ScorerPtr>> clauses;
  for (std::size_t t = 0; t < terms_.size(); ++t) {
    const Bm25Term& bm25 = terms_[t].bm25;
    std::vector<std::unique_ptr<PostingsCursor>> cursors;
    std::vector<std::vector<FieldBlock>> field_blocks(bm25.fields.size());
    bool any = false;
    std::uint64_t cost = 0;
    for (std::size_t i = 0; i < bm25.fields.size(); ++i) {
      const std::uint32_t f = bm25.fields[i];
      TRAWL_ASSIGN_OR_RETURN(auto info, segment.lookup(f, terms_[t].text));
      if (!info) {
        cursors.push_back(nullptr);
        continue;
      }
      any = true;
      if (bounds) {
        TRAWL_RETURN_IF_ERROR(segment.for_each_block(
            *info, [&](DocId last_doc, std::uint32_t freq, std::uint32_t length) {
              field_blocks[i].push_back({last_doc, freq, length});
            }));
      }
      cursors.push_back(segment.postings(*info, f));
      cost += cursors.back()->size();
    }
    if (!any) continue;
    std::vector<std::pair<DocId, double>> blocks = block_ranges(bm25, field_blocks);
    double bound = 0;
    for (const auto& [last_doc, block_bound] : blocks) bound = std::max(bound, block_bound);
    clauses.push_back({make_term_scorer(segment, bm25, std::move(cursors)), bound, t,
                       std::move(blocks), 0, cost});
  }
  return clauses;
}

ScorerPtr TermsWeight::scorer(const index_internal::SegmentReader& segment) const {
  auto clauses = bounded_terms(segment, /*bounds=*/false);
  if (!clauses) return make_failed_scorer(clauses.error());
  std::vector<ScorerPtr> children;
  for (auto& clause : *clauses) children.push_back(std::move(clause.cursor));
  if (children.empty()) return nullptr;
  if (children.size() == 1) return std::move(children[0]);
  return make_disjunction(std::move(children), 1);
}

namespace {

// A lone word's postings in the one field of its group that holds it in the segment, block by
// block for term_blocks_top_k, scored as TermScorer scores them (the same expressions, so the
// same bits). The length sums every field of the group, as BM25 over the group does; the bound
// takes this field's smallest length alone, which the sum is never below.
class FieldBlocks {
 public:
  FieldBlocks(const index_internal::SegmentReader& segment, const Bm25Term& bm25,
              std::size_t field, std::unique_ptr<index_internal::BlockPostingsCursor> cursor)
      : segment_(segment),
        bm25_(bm25),
        field_(bm25.fields[field]),
        weight_(bm25.field_weights[field]),
        one_field_(bm25.fields.size() == 1),
        cursor_(std::move(cursor)) {}

  bool next() {
    if (!started_) {
      started_ = true;
      return cursor_->docid() != kTerminated;
    }
    return cursor_->next_block();
  }
  double bound() const {
    const auto& entry = cursor_->block_entry();
    return bm25_.score(weight_ * entry.max_freq, weight_ * entry.min_length);
  }
  bool load() { return cursor_->load_block(); }
  std::uint32_t size() const { return cursor_->block_size(); }
  DocId doc(std::uint32_t i) const { return cursor_->block_docs()[i]; }
  double score(std::uint32_t i) const {
    const DocId doc = cursor_->block_docs()[i];
    const double tf = weight_ * (cursor_->block_freqs_minus_one()[i] + 1);
    const double dl =
        one_field_ ? weight_ * segment_.field_length(field_, doc) : bm25_.length(segment_, doc);
    return bm25_.score(tf, dl);
  }
  Status status() const { return cursor_->status(); }

 private:
  const index_internal::SegmentReader& segment_;
  const Bm25Term& bm25_;
  std::uint32_t field_;
  double weight_;
  bool one_field_;
  std::unique_ptr<index_internal::BlockPostingsCursor> cursor_;
  bool started_ = false;
};

}  // namespace

Result<bool> TermsWeight::search_top_k(SegmentRun& run) const {
  if (terms_.size() == 1) {
    // A lone word held by one field of the segment: block by block, without MaxScore's
    // machinery (the common term query). Held by several fields, it is a MaxScore over them.
    const Term& term = terms_[0];
    std::optional<index_internal::TermInfo> found;
    std::size_t found_field = 0, holders = 0;
    for (std::size_t i = 0; i < term.bm25.fields.size(); ++i) {
      TRAWL_ASSIGN_OR_RETURN(auto info, run.reader.lookup(term.bm25.fields[i], term.text));
      if (!info) continue;
      ++holders;
      found = info;
      found_field = i;
    }
    if (holders == 0) return true;
    if (holders == 1) {
      FieldBlocks blocks(run.reader, term.bm25, found_field,
                         run.reader.postings(*found, term.bm25.fields[found_field]));
      TRAWL_RETURN_IF_ERROR(term_blocks_top_k(blocks, run));
      return true;
    }
  }
  TRAWL_ASSIGN_OR_RETURN(auto terms, bounded_terms(run.reader, /*bounds=*/true));
  if (terms.size() >= kHeapMaxScoreFrom) {
    TRAWL_RETURN_IF_ERROR(max_score_heap(std::move(terms), run));
  } else {
    TRAWL_RETURN_IF_ERROR(max_score(std::move(terms), terms_.size(), run));
  }
  return true;
}

Result<ExplainedScore> TermsWeight::explain(const index_internal::SegmentReader& segment,
                                            DocId doc) const {
  ExplainedScore out;
  Explanation& e = out.explanation;
  e.description = "sum of:";
  double sum = 0;  // as the scorers sum: from zero, in query order
  for (const Term& term : terms_) {
    const Bm25Term& bm25 = term.bm25;
    double tf = 0;
    for (std::size_t i = 0; i < bm25.fields.size(); ++i) {
      TRAWL_ASSIGN_OR_RETURN(auto info, segment.lookup(bm25.fields[i], term.text));
      if (!info) continue;
      auto cursor = segment.postings(*info, bm25.fields[i]);
      cursor->next_geq(doc);
      TRAWL_RETURN_IF_ERROR(cursor->status());
      if (cursor->docid() == doc) tf += bm25.field_weights[i] * cursor->freq();
    }
    if (tf == 0) continue;
    Explanation part = bm25.explain(bm25.field_names(segment.schema()) + ":" + term.text, tf,
                                    bm25.length(segment, doc));
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
    if (std::find(fields.begin(), fields.end(), field) != fields.end()) {
      out.push_back({{term.text}, {}, boost * term.bm25.weight});
    }
  }
}

}  // namespace trawl::search_internal
