// The searcher: compiles a Query against the snapshot's statistics (analysis, prefix expansion,
// BM25 weights), then evaluates it segment by segment with the document-at-a-time scorers and a
// top-k heap.
#include "trawl/search/searcher.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <limits>
#include <map>
#include <queue>
#include <set>

#include "analysis/icu_util.h"
#include "index/index_reader_internal.h"
#include "index/segment_format.h"
#include "analysis/analyzer_set.h"
#include "index/stored_record.h"
#include "search/highlighter.h"
#include "search/scorers.h"
#include "trawl/analysis/analyzer.h"

namespace trawl {

using index_internal::SegmentReader;
using index_internal::term_key;
using search_internal::Bm25Term;
using search_internal::ScorerPtr;
using search_internal::Scorer;

namespace {

// A query compiled against one snapshot: terms analysed, statistics and weights computed.
struct Plan {
  enum class Kind { kNothing, kTerms, kPhrase, kBoolean, kMatchAll };
  Kind kind = Kind::kNothing;
  std::vector<std::pair<std::string, Bm25Term>> terms;  // kTerms: OR of these
  std::vector<std::string> phrase_terms;                // kPhrase
  search_internal::PhraseShape shape;
  Bm25Term phrase;
  std::vector<Plan> children;                           // kBoolean, with...
  std::vector<Query::Occur> occurs;                     // ...how each must match
  std::uint32_t min_should_match = 0;
  // kBoolean: whether some clause must, should or filter-match. Without one the boolean is a
  // pure exclusion ("-a"), which matches every document the prohibited clauses do not; with
  // one, a segment where none of them can match has nothing to offer.
  bool positive = false;
  double boost = 1;                                     // kBoolean, kMatchAll
  // kNothing because the text had no words left after analysis (stop words, punctuation): a
  // required clause like that is dropped, as users expect of "+the +cat", not unsatisfiable.
  bool no_words = false;
};

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.6g", value);
  return buffer;
}

// N is never taken below df (statistics of old segments may undercount it), so idf >= 0.
double idf(double n, double df) {
  n = std::max(n, df);
  return std::log(1 + (n - df + 0.5) / (df + 0.5));
}

// Queries built through the API may nest to any depth, and compiling recurses: a bound keeps
// the stack safe (the parser already stops at 64 levels).
constexpr std::size_t kMaxQueryDepth = 1000;

Status check_depth(const Query& query) {
  std::vector<std::pair<const Query*, std::size_t>> stack{{&query, 1}};
  while (!stack.empty()) {
    const auto [node, depth] = stack.back();
    stack.pop_back();
    if (depth > kMaxQueryDepth) {
      return Status::invalid_argument("query: nested deeper than " +
                                      std::to_string(kMaxQueryDepth) + " levels");
    }
    for (const Query::Clause& clause : node->clauses()) stack.emplace_back(&clause.query, depth + 1);
  }
  return {};
}

// Whether every child of `plan` is a single word joined by `occur`, with nothing else on the
// boolean that changes scores: the words can then be evaluated as one list of terms.
bool all_single_words(const Plan& plan, Query::Occur occur) {
  if (plan.kind != Plan::Kind::kBoolean || plan.boost != 1 || plan.children.size() < 2) {
    return false;
  }
  for (std::size_t c = 0; c < plan.children.size(); ++c) {
    if (plan.occurs[c] != occur || plan.children[c].kind != Plan::Kind::kTerms ||
        plan.children[c].terms.size() != 1) {
      return false;
    }
  }
  return true;
}

class Compiler {
 public:
  Compiler(const IndexReader& reader, const Bm25Parameters& bm25,
           const std::vector<double>& field_weights,
           const std::vector<std::shared_ptr<const Analyzer>>& analyzers,
           const SearchOptions& options)
      : analyzers_(analyzers),
        schema_(reader.schema()),
        segments_(IndexReaderInternal::segments(reader)),
        bm25_(bm25),
        field_weights_(field_weights),
        options_(options) {}

  Result<Plan> compile(const Query& query) {
    if (!(query.boost() >= 0) || !std::isfinite(query.boost())) {
      return Status::invalid_argument("query: boost must be a finite number >= 0, not " +
                                      std::to_string(query.boost()));
    }
    switch (query.kind()) {
      case Query::Kind::kMatchAll: {
        Plan plan;
        plan.kind = Plan::Kind::kMatchAll;
        plan.boost = query.boost();
        return plan;
      }
      case Query::Kind::kBoolean: return compile_boolean(query);
      case Query::Kind::kTerm:
      case Query::Kind::kPhrase:
      case Query::Kind::kPrefix: return compile_text(query);
    }
    return Status::internal("query: unknown kind");
  }

 private:
  // The fields a query node searches, grouped by analyzer: a group is scored as one text.
  struct FieldGroup {
    std::vector<std::uint32_t> fields;
    bool keyword = false;
  };

  Result<std::vector<FieldGroup>> field_groups(const std::string& field) const {
    const auto& fields = schema_.fields();
    std::vector<FieldGroup> groups;
    if (!field.empty()) {
      auto index = schema_.find(field);
      if (!index) {
        return Status::invalid_argument("query: unknown field '" + field + "' (schema: " +
                                        schema_.describe() + ")");
      }
      const FieldType type = fields[*index].type;
      if (type != FieldType::kText && type != FieldType::kKeyword) {
        return Status::invalid_argument("query: field '" + field + "' is " +
                                        std::string(field_type_name(type)) +
                                        ", not searchable");
      }
      groups.push_back({{static_cast<std::uint32_t>(*index)}, type == FieldType::kKeyword});
      return groups;
    }
    for (std::uint32_t f = 0; f < fields.size(); ++f) {
      if (fields[f].type != FieldType::kText) continue;
      auto same = std::find_if(groups.begin(), groups.end(), [&](const FieldGroup& g) {
        return fields[g.fields[0]].analyzer == fields[f].analyzer;
      });
      if (same == groups.end()) {
        groups.push_back({{f}, false});
      } else {
        same->fields.push_back(f);
      }
    }
    if (groups.empty()) return Status::invalid_argument("query: the schema has no text fields");
    return groups;
  }

  Result<std::vector<Token>> analyze(const FieldGroup& group, const std::string& text) {
    if (group.keyword) return std::vector<Token>{Token{text, 0, 0, 0}};
    const auto& analyzer = analyzers_[group.fields[0]];
    if (!analyzer) return Status::internal("no analyzer for field " + schema_.fields()[group.fields[0]].name);
    return analyzer->analyze(text);
  }

  // BM25 parameters of a field group: weights, N, average length.
  Bm25Term bm25_for(const FieldGroup& group, bool scoped, double* n) const {
    Bm25Term term;
    term.k1 = bm25_.k1;
    term.b = bm25_.b;
    term.fields = group.fields;
    if (group.keyword) {
      // A keyword value has no length to normalise by (b = 0: dl is taken as avgdl), and N is
      // every document of the snapshot, so a rare value weighs more than a common one.
      term.field_weights.push_back(1.0);
      term.b = 0;
      double docs = 0;
      for (const auto& segment : segments_) docs += segment->doc_count();
      *n = docs;
      return term;
    }
    double total = 0, docs = 0;
    for (std::uint32_t f : group.fields) {
      const double weight = scoped ? 1.0 : field_weights_[f];
      term.field_weights.push_back(weight);
      for (const auto& segment : segments_) {
        total += weight * static_cast<double>(segment->meta().fields[f].total_length);
        if (scoped) docs += static_cast<double>(segment->meta().fields[f].doc_count);
      }
    }
    if (!scoped) {  // N = documents with any text, whichever fields the group has
      for (const auto& segment : segments_) {
        docs += static_cast<double>(segment->meta().docs_with_text);
      }
    }
    *n = docs;
    term.avgdl = docs > 0 && total > 0 ? total / docs : 1.0;
    return term;
  }

  // Documents containing `term` in any of `fields`, summed over segments.
  Result<std::uint64_t> doc_freq(const std::string& term, const std::vector<std::uint32_t>& fields) {
    std::uint64_t df = 0;
    for (const auto& segment : segments_) {
      std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>> cursors;
      for (std::uint32_t f : fields) {
        TRAWL_ASSIGN_OR_RETURN(auto info, segment->lookup(term_key(f, term)));
        if (info) cursors.push_back(segment->postings(*info, f));
      }
      if (cursors.empty()) continue;
      // A term in several fields: the size of the union of their postings. The longest list
      // counts whole; a document of the others adds one only where the longest lacks it, which
      // next_geq answers skipping whole blocks. Cost: the shorter lists (titles, usually).
      std::sort(cursors.begin(), cursors.end(),
                [](const auto& a, const auto& b) { return a->size() > b->size(); });
      auto& longest = cursors.front();
      df += longest->size();
      for (DocId doc = 0; cursors.size() > 1;) {
        DocId smallest = kTerminated;
        for (std::size_t c = 1; c < cursors.size(); ++c) {
          cursors[c]->next_geq(doc);
          smallest = std::min(smallest, cursors[c]->docid());
        }
        if (smallest == kTerminated) break;
        longest->next_geq(smallest);
        if (longest->docid() != smallest) ++df;
        doc = smallest + 1;
      }
      for (auto& cursor : cursors) TRAWL_RETURN_IF_ERROR(cursor->status());
    }
    return df;
  }

  Result<std::vector<std::string>> expand_prefix(const FieldGroup& group, const std::string& raw) {
    std::string prefix = raw;
    if (!group.keyword) {
      auto normalize = make_normalize_filter();
      if (!normalize) return normalize.error();
      Token token;
      token.term = raw;
      if (!(*normalize)->apply(token)) return std::vector<std::string>{};
      prefix = token.term;
    }
    std::set<std::string> terms;
    for (std::uint32_t f : group.fields) {
      const std::string key_prefix = term_key(f, prefix);
      for (const auto& segment : segments_) {
        index_internal::TermIterator iterator(*segment);
        if (iterator.seek(key_prefix)) {
          do {
            if (iterator.key().compare(0, key_prefix.size(), key_prefix) != 0) break;
            terms.insert(iterator.key().substr(2));
            if (expanded_ + terms.size() > options_.max_prefix_terms) {
              return Status::invalid_argument(
                  "query: the prefixes expand to more than " +
                  std::to_string(options_.max_prefix_terms) + " terms in all (at '" + raw +
                  "*'); make them longer");
            }
          } while (iterator.next());
        }
        TRAWL_RETURN_IF_ERROR(iterator.status());
      }
    }
    expanded_ += terms.size();
    return std::vector<std::string>(terms.begin(), terms.end());
  }

  // Counts `n` more clauses against SearchOptions::max_clauses.
  Status add_clauses(std::size_t n) {
    clauses_ += n;
    if (clauses_ > options_.max_clauses) {
      return Status::invalid_argument(
          "query: more than " + std::to_string(options_.max_clauses) +
          " clauses (distinct words, phrase words, prefix expansions and boolean clauses); "
          "SearchOptions::max_clauses sets the limit");
    }
    return {};
  }

  // A bag of words over one group: OR of its distinct terms, each weighted by its count.
  Result<Plan> terms_plan(const FieldGroup& group, const std::vector<std::string>& words,
                          bool scoped, double boost) {
    Plan plan;
    plan.kind = Plan::Kind::kTerms;
    double n = 0;
    const Bm25Term base = bm25_for(group, scoped, &n);
    std::map<std::string, double> counts;
    std::vector<std::string> order;
    for (const std::string& word : words) {
      if (counts[word]++ == 0) order.push_back(word);
    }
    TRAWL_RETURN_IF_ERROR(add_clauses(order.size()));
    for (const std::string& word : order) {
      TRAWL_ASSIGN_OR_RETURN(std::uint64_t df, doc_freq(word, group.fields));
      if (df == 0) continue;
      Bm25Term term = base;
      term.df = static_cast<double>(df);
      term.n = std::max(n, term.df);  // as idf() takes it, for explanations
      term.idf = idf(n, term.df);
      term.multiplier = boost * counts[word];
      term.weight = term.multiplier * term.idf;
      plan.terms.emplace_back(word, std::move(term));
    }
    if (plan.terms.empty()) plan.kind = Plan::Kind::kNothing;
    return plan;
  }

  Result<Plan> compile_text(const Query& query) {
    TRAWL_ASSIGN_OR_RETURN(auto groups, field_groups(query.field()));
    const bool scoped = !query.field().empty();
    std::vector<Plan> plans;
    bool any_words = query.kind() == Query::Kind::kPrefix;
    for (const FieldGroup& group : groups) {
      Plan plan;
      if (query.kind() == Query::Kind::kPrefix) {
        TRAWL_ASSIGN_OR_RETURN(auto words, expand_prefix(group, query.text()));
        TRAWL_ASSIGN_OR_RETURN(plan, terms_plan(group, words, scoped, query.boost()));
      } else {
        TRAWL_ASSIGN_OR_RETURN(auto tokens, analyze(group, query.text()));
        any_words = any_words || !tokens.empty();
        std::vector<std::string> words;
        for (const Token& token : tokens) words.push_back(token.term);
        if (query.kind() == Query::Kind::kPhrase && tokens.size() > 1) {
          TRAWL_ASSIGN_OR_RETURN(plan, phrase_plan(group, tokens, scoped, query));
        } else {
          TRAWL_ASSIGN_OR_RETURN(plan, terms_plan(group, words, scoped, query.boost()));
        }
      }
      if (plan.kind != Plan::Kind::kNothing) plans.push_back(std::move(plan));
    }
    if (plans.empty()) {
      Plan nothing;
      nothing.no_words = !any_words;
      return nothing;
    }
    if (plans.size() == 1) return std::move(plans[0]);
    Plan any;  // fields with different analyzers: each group scored on its own, OR-ed
    any.kind = Plan::Kind::kBoolean;
    any.positive = true;
    for (Plan& plan : plans) {
      any.children.push_back(std::move(plan));
      any.occurs.push_back(Query::Occur::kShould);
    }
    return any;
  }

  Result<Plan> phrase_plan(const FieldGroup& group, const std::vector<Token>& tokens, bool scoped,
                           const Query& query) {
    Plan plan;
    plan.kind = Plan::Kind::kPhrase;
    plan.shape.slop = query.slop();
    double n = 0;
    plan.phrase = bm25_for(group, scoped, &n);
    TRAWL_RETURN_IF_ERROR(add_clauses(tokens.size()));
    double idf_sum = 0;
    for (const Token& token : tokens) {
      TRAWL_ASSIGN_OR_RETURN(std::uint64_t df, doc_freq(token.term, group.fields));
      if (df == 0) return Plan{};  // a word no document has: the phrase matches nothing
      idf_sum += idf(n, static_cast<double>(df));
      const auto same = std::find(plan.phrase_terms.begin(), plan.phrase_terms.end(), token.term);
      plan.shape.term.push_back(static_cast<std::uint32_t>(same - plan.phrase_terms.begin()));
      plan.phrase_terms.push_back(token.term);
      plan.shape.offsets.push_back(token.position - tokens.front().position);
    }
    plan.phrase.n = n;
    plan.phrase.df = -1;  // several words: no single df
    plan.phrase.idf = idf_sum;
    plan.phrase.multiplier = query.boost();
    plan.phrase.weight = query.boost() * idf_sum;
    return plan;
  }

  Result<Plan> compile_boolean(const Query& query) {
    Plan plan;
    plan.kind = Plan::Kind::kBoolean;
    plan.boost = query.boost();
    plan.min_should_match = query.min_should_match();
    TRAWL_RETURN_IF_ERROR(add_clauses(query.clauses().size()));
    std::size_t should = 0;
    bool any_words = false, required_nothing = false;
    // Every clause is compiled, also after one that makes the boolean match nothing: whether a
    // query is valid must not depend on what the index holds.
    for (const Query::Clause& clause : query.clauses()) {
      TRAWL_ASSIGN_OR_RETURN(Plan child, compile(clause.query));
      const bool required =
          clause.occur == Query::Occur::kMust || clause.occur == Query::Occur::kFilter;
      if (child.kind == Plan::Kind::kNothing && child.no_words) {
        continue;  // nothing to require or exclude: the clause was only stop words
      }
      any_words = true;
      if (clause.occur != Query::Occur::kMustNot) plan.positive = true;
      if (child.kind == Plan::Kind::kNothing) {
        // A required clause nothing matches makes the boolean match nothing; an optional or
        // prohibited one is simply absent.
        required_nothing = required_nothing || required;
        continue;
      }
      if (clause.occur == Query::Occur::kShould) ++should;
      plan.children.push_back(std::move(child));
      plan.occurs.push_back(clause.occur);
    }
    if (!any_words) {  // "(the of)": no words at all, so nothing to require either
      Plan nothing;
      nothing.no_words = true;
      return nothing;
    }
    if (required_nothing || plan.min_should_match > should || plan.children.empty()) {
      return Plan{};
    }
    // Optional clauses that match nothing leave only prohibited ones: "zzz -b" matches nothing,
    // it is not "everything but b".
    const bool only_prohibited =
        std::all_of(plan.occurs.begin(), plan.occurs.end(),
                    [](Query::Occur occur) { return occur == Query::Occur::kMustNot; });
    if (plan.positive && only_prohibited) return Plan{};
    return as_bag_of_words(std::move(plan));
  }

  // "a OR b OR c" of single words is a bag of words: one kTerms plan, which top-k search prunes
  // (MaxScore). Scores stay bit-identical: both sum the words' scores from zero in clause order.
  static Plan as_bag_of_words(Plan plan) {
    if (plan.min_should_match > 1 || !all_single_words(plan, Query::Occur::kShould)) return plan;
    Plan bag;
    bag.kind = Plan::Kind::kTerms;
    for (Plan& child : plan.children) bag.terms.push_back(std::move(child.terms[0]));
    return bag;
  }

  const std::vector<std::shared_ptr<const Analyzer>>& analyzers_;
  const Schema& schema_;
  const std::vector<std::shared_ptr<const SegmentReader>>& segments_;
  const Bm25Parameters& bm25_;
  const std::vector<double>& field_weights_;
  const SearchOptions& options_;
  std::size_t clauses_ = 0;   // counted against options_.max_clauses
  std::size_t expanded_ = 0;  // prefix expansions so far, against options_.max_prefix_terms
};

// One term of a bag of words in a segment, with upper bounds of its score there.
struct TermClause {
  ScorerPtr scorer;
  double bound = 0;       // over the whole segment
  std::size_t order = 0;  // position in the plan: scores are summed in this order
  // Consecutive document ranges, each given by its last document, with a bound for every
  // document in it: the term's postings blocks for one field; for several fields the ranges
  // where each field's block stays the same.
  std::vector<std::pair<DocId, double>> blocks;
  std::size_t block = 0;  // the range MaxScore last looked at
  std::uint64_t cost = 0; // postings to walk (summed over fields)

  // A bound for `doc` (which only grows between calls).
  double bound_at(DocId doc) {
    if (blocks.empty()) return bound;
    while (block < blocks.size() && blocks[block].first < doc) ++block;
    return block < blocks.size() ? blocks[block].second : 0.0;
  }
  // The last document for which the bound bound_at(doc) returned holds.
  DocId bound_end() const {
    return block < blocks.size() ? blocks[block].first : kTerminated - 1;
  }
};

// One field's postings blocks of a term: last document, largest tf, smallest field length.
struct FieldBlock {
  DocId last_doc;
  std::uint32_t max_freq;
  std::uint32_t min_length;
};

// The ranges of a term's postings, each with a bound on the term's score for every document in
// it (see TermClause::blocks): for one field, its postings blocks; for several, the ranges where
// each field's block is fixed. A document in a range holds the term in some set S of the fields
// whose blocks cover it, so its tf is at most the sum of S's blocks' weighted maxima and its
// length at least the sum of their weighted minima; the bound is the largest over every S (for
// one field: the block's largest tf with its smallest length). Taking all fields' maxima with
// the smallest minimum would be valid too, but a short field such as a title, whose sparse
// blocks span most documents, would then make every bound nearly the segment's.
std::vector<std::pair<DocId, double>> block_ranges(
    const Bm25Term& bm25, const std::vector<std::vector<FieldBlock>>& fields) {
  std::vector<DocId> ends;
  for (const auto& blocks : fields) {
    for (const FieldBlock& block : blocks) ends.push_back(block.last_doc);
  }
  std::sort(ends.begin(), ends.end());
  ends.erase(std::unique(ends.begin(), ends.end()), ends.end());
  std::vector<std::size_t> at(fields.size(), 0);
  std::vector<double> tfs, lengths;
  std::vector<std::pair<DocId, double>> ranges;
  ranges.reserve(ends.size());
  for (const DocId end : ends) {
    tfs.clear();
    lengths.clear();
    for (std::size_t i = 0; i < fields.size(); ++i) {
      while (at[i] < fields[i].size() && fields[i][at[i]].last_doc < end) ++at[i];
      if (at[i] == fields[i].size()) continue;  // the field's postings ended before the range
      const double weight = bm25.field_weights[i];
      tfs.push_back(weight * fields[i][at[i]].max_freq);
      lengths.push_back(weight * fields[i][at[i]].min_length);
    }
    double bound = 0;
    if (tfs.size() <= 6) {
      for (std::uint32_t set = 1; set < (1u << tfs.size()); ++set) {
        double tf = 0, length = 0;
        for (std::size_t i = 0; i < tfs.size(); ++i) {
          if ((set >> i) & 1u) {
            tf += tfs[i];
            length += lengths[i];
          }
        }
        bound = std::max(bound, bm25.score(tf, length));
      }
    } else {
      double tf = 0;
      for (const double t : tfs) tf += t;
      bound = bm25.score(tf, *std::min_element(lengths.begin(), lengths.end()));
    }
    // Slack for rounding: the bound is computed as the scores are.
    ranges.emplace_back(end, bound * (1 + 1e-9) + 1e-12);
  }
  return ranges;
}

// The terms of a kTerms plan present in `segment`, in plan order; with their score bounds if
// `bounds` (exhaustive evaluation does not need them).
Result<std::vector<TermClause>> term_clauses(const Plan& plan, const SegmentReader& segment,
                                             bool bounds) {
  std::vector<TermClause> clauses;
  for (std::size_t t = 0; t < plan.terms.size(); ++t) {
    const std::string& term = plan.terms[t].first;
    const Bm25Term& bm25 = plan.terms[t].second;
    std::vector<std::unique_ptr<PostingsCursor>> cursors;
    std::vector<std::vector<FieldBlock>> field_blocks(bm25.fields.size());
    bool any = false;
    std::uint64_t cost = 0;
    for (std::size_t i = 0; i < bm25.fields.size(); ++i) {
      const std::uint32_t f = bm25.fields[i];
      TRAWL_ASSIGN_OR_RETURN(auto info, segment.lookup(term_key(f, term)));
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
    clauses.push_back({search_internal::make_term_scorer(segment, bm25, std::move(cursors)),
                       bound, t, std::move(blocks), 0, cost});
  }
  return clauses;
}

// The scorer of `plan` in one segment; null if nothing in the segment can match.
ScorerPtr build(const Plan& plan, const SegmentReader& segment) {
  switch (plan.kind) {
    case Plan::Kind::kNothing: return nullptr;
    case Plan::Kind::kMatchAll:
      return search_internal::make_match_all_scorer(segment.doc_count(), plan.boost);
    case Plan::Kind::kTerms: {
      auto clauses = term_clauses(plan, segment, /*bounds=*/false);
      if (!clauses) return search_internal::make_failed_scorer(clauses.error());
      std::vector<ScorerPtr> children;
      for (TermClause& clause : *clauses) children.push_back(std::move(clause.scorer));
      if (children.empty()) return nullptr;
      if (children.size() == 1) return std::move(children[0]);
      return search_internal::make_disjunction(std::move(children), 1);
    }
    case Plan::Kind::kPhrase: {
      std::vector<search_internal::PhraseField> fields;
      bool any = false;
      for (std::uint32_t f : plan.phrase.fields) {
        search_internal::PhraseField field;
        for (const std::string& term : plan.phrase_terms) {
          auto info = segment.lookup(term_key(f, term));
          if (!info.has_value() || !info->has_value()) {
            field.cursors.clear();
            break;
          }
          field.cursors.push_back(segment.postings(**info, f));
        }
        any = any || !field.cursors.empty();
        fields.push_back(std::move(field));
      }
      if (!any) return nullptr;
      return search_internal::make_phrase_scorer(segment, plan.phrase, std::move(fields),
                                                 plan.shape);
    }
    case Plan::Kind::kBoolean: {
      std::vector<ScorerPtr> required, should, excluded;
      std::vector<bool> scoring;
      for (std::size_t c = 0; c < plan.children.size(); ++c) {
        const Query::Occur occur = plan.occurs[c];
        ScorerPtr scorer = build(plan.children[c], segment);
        switch (occur) {
          case Query::Occur::kMust:
          case Query::Occur::kFilter:
            if (!scorer) return nullptr;
            required.push_back(std::move(scorer));
            scoring.push_back(occur == Query::Occur::kMust);
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
      if (plan.min_should_match > should.size()) return nullptr;
      if (!required.empty()) {
        result = required.size() == 1 && scoring[0]
                     ? std::move(required[0])
                     : search_internal::make_conjunction(std::move(required), std::move(scoring));
        if (plan.min_should_match > 0) {
          std::vector<ScorerPtr> both;
          both.push_back(std::move(result));
          both.push_back(search_internal::make_disjunction(std::move(should), plan.min_should_match));
          result = search_internal::make_conjunction(std::move(both), {true, true});
        } else if (!should.empty()) {
          result = search_internal::make_required_optional(
              std::move(result), search_internal::make_disjunction(std::move(should), 1));
        }
      } else if (!should.empty()) {
        result = search_internal::make_disjunction(std::move(should),
                                                   std::max<std::size_t>(1, plan.min_should_match));
      } else if (plan.positive) {
        return nullptr;  // none of the clauses that could match has a document here
      } else {
        // Only prohibited clauses: every document except those.
        result = search_internal::make_match_all_scorer(segment.doc_count(), 0.0);
      }
      if (!excluded.empty()) {
        result = search_internal::make_exclusion(
            std::move(result), excluded.size() == 1
                                   ? std::move(excluded[0])
                                   : search_internal::make_disjunction(std::move(excluded), 1));
      }
      if (plan.boost != 1.0) result = search_internal::make_boosted(std::move(result), plan.boost);
      return result;
    }
  }
  return nullptr;
}

struct Candidate {
  double score;
  std::uint64_t global;  // document order across segments, for ties
  Hit hit;
};
// a ranks before b: higher score, then earlier document. As the heap's "less", it puts the
// worst candidate kept on top.
struct RanksBefore {
  bool operator()(const Candidate& a, const Candidate& b) const {
    if (a.score != b.score) return a.score > b.score;
    return a.global < b.global;
  }
};

// The best k candidates seen so far.
class TopK {
 public:
  explicit TopK(std::size_t k) : k_(k) {}

  // The score a new document must beat (equal is not enough: it would come later in document
  // order than every kept candidate of that score); -infinity until k are kept.
  double threshold() const {
    return full() ? heap_.top().score : -std::numeric_limits<double>::infinity();
  }
  bool full() const { return k_ > 0 && heap_.size() == k_; }
  void offer(double score, std::uint64_t global, const Hit& hit) {
    if (k_ == 0) return;
    const Candidate candidate{score, global, hit};
    if (heap_.size() < k_) {
      heap_.push(candidate);
    } else if (RanksBefore{}(candidate, heap_.top())) {
      heap_.pop();
      heap_.push(candidate);
    }
  }
  std::vector<Hit> take() {
    std::vector<Hit> hits(heap_.size());
    for (std::size_t i = heap_.size(); i > 0; --i) {
      Candidate candidate = heap_.top();
      heap_.pop();
      candidate.hit.score = static_cast<Score>(candidate.score);
      hits[i - 1] = candidate.hit;
    }
    return hits;
  }

 private:
  std::size_t k_;
  std::priority_queue<Candidate, std::vector<Candidate>, RanksBefore> heap_;
};

// SearchOptions::timeout: the clock is read every 1024 checks, cheap enough for every candidate.
class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  explicit Deadline(std::chrono::nanoseconds timeout)
      : enabled_(timeout.count() > 0),
        at_(enabled_ ? Clock::now() + std::chrono::duration_cast<Clock::duration>(timeout)
                     : Clock::time_point{}) {}
  // Whether time is up, looking at the clock now and then.
  bool expired() {
    if (!enabled_ || expired_) return expired_;
    if ((++checks_ & 1023u) != 0) return false;
    return now_expired();
  }
  // Whether time is up, looking at the clock.
  bool now_expired() {
    if (enabled_ && !expired_) expired_ = Clock::now() >= at_;
    return expired_;
  }
  bool hit() const { return expired_; }

 private:
  bool enabled_;
  Clock::time_point at_;
  std::uint32_t checks_ = 0;
  bool expired_ = false;
};

// What the evaluation of one segment reports to: where its documents go, and when to stop.
struct SegmentRun {
  std::size_t segment;
  std::uint64_t base;  // documents of the segments before: global document order, for ties
  const index_internal::DeletionSet* deleted;
  TopK& top;
  std::uint64_t& matched;
  Deadline& deadline;

  bool live(DocId doc) const { return deleted == nullptr || !deleted->contains(doc); }
  void offer(double score, DocId doc) { top.offer(score, base + doc, Hit{segment, doc, 0}); }
};

// MaxScore's split of a bag: the terms sorted by their segment-wide bounds, the running sums of
// those bounds, and the first essential term: terms[essential, n) could still lift a document
// into the top k; the others, even all together, cannot.
struct BoundOrder {
  explicit BoundOrder(std::vector<TermClause>& terms) : prefix(terms.size()) {
    std::sort(terms.begin(), terms.end(),
              [](const TermClause& a, const TermClause& b) { return a.bound < b.bound; });
    double running = 0;
    for (std::size_t i = 0; i < terms.size(); ++i) prefix[i] = running += terms[i].bound;
  }
  // Moves the split up past the terms that `threshold` made non-essential.
  void update(double threshold) {
    while (essential < prefix.size() && prefix[essential] <= threshold) ++essential;
  }

  std::vector<double> prefix;  // prefix[i]: bounds of terms 0..i summed
  std::size_t essential = 0;
};

// Bags of at least this many words present in a segment are pruned by max_score_heap(); below,
// max_score()'s scan with its block-max skip is faster (measured on the English benchmark
// corpus, medians of 100 random bags: 8 words 0.30 vs 0.35 ms, 16 words 1.0 vs 0.76 ms).
constexpr std::size_t kHeapMaxScoreFrom = 16;

// Block-max MaxScore over a bag of words in one segment (Turtle & Flood 1995; Ding & Suel
// 2011; Chakrabarti et al. 2011). Terms are ordered by their segment-wide score bound; those
// whose bounds, summed with all smaller ones, cannot beat the current threshold are
// "non-essential": they never start a candidate. For a document an essential term brought up,
// the non-essential terms' bounds for the postings block holding it (from the skip entries,
// without decoding) are tried first; only if they leave hope are the terms probed, largest
// bound first, until the document provably cannot make the top k. Scores are summed in plan
// order, exactly as exhaustive evaluation sums them, so both paths give identical hits.
Status max_score(std::vector<TermClause> terms, std::size_t plan_terms, SegmentRun run) {
  TopK& top = run.top;
  const std::size_t n = terms.size();
  BoundOrder order(terms);
  const std::vector<double>& prefix = order.prefix;
  std::size_t& essential = order.essential;
  std::vector<double> contribution(plan_terms);
  std::vector<char> present(plan_terms, 0);
  std::vector<double> block_prefix(n);
  auto update_essential = [&] { order.update(top.threshold()); };
  update_essential();
  while (essential < n && !run.deadline.expired()) {
    DocId doc = kTerminated;
    for (std::size_t i = essential; i < n; ++i) doc = std::min(doc, terms[i].scorer->doc());
    if (doc == kTerminated) break;
    // Block-max skip: while the essential terms stay in their current blocks, no document can
    // score more than their block bounds plus every non-essential bound; if that cannot beat
    // the threshold, the essential terms jump past the nearest block end.
    {
      double bound = essential > 0 ? prefix[essential - 1] : 0.0;
      DocId end = kTerminated - 1;
      for (std::size_t i = essential; i < n; ++i) {
        bound += terms[i].bound_at(doc);
        end = std::min(end, terms[i].bound_end());
      }
      if (bound <= top.threshold()) {
        for (std::size_t i = essential; i < n; ++i) terms[i].scorer->advance(end + 1);
        continue;
      }
    }
    const bool live = run.live(doc);
    double partial = 0;
    bool hopeless = false;
    if (live) {
      std::fill(present.begin(), present.end(), 0);
      for (std::size_t i = essential; i < n; ++i) {
        if (terms[i].scorer->doc() != doc) continue;
        const double score = terms[i].scorer->score();
        contribution[terms[i].order] = score;
        present[terms[i].order] = 1;
        partial += score;
      }
      const double threshold = top.threshold();
      // Block bounds of the non-essential terms at this document, summed from the smallest.
      double block_sum = 0;
      for (std::size_t i = 0; i < essential; ++i) {
        block_sum += terms[i].bound_at(doc);
        block_prefix[i] = block_sum;
      }
      for (std::size_t i = essential; i-- > 0;) {
        if (partial + std::min(prefix[i], block_prefix[i]) <= threshold) {
          hopeless = true;
          break;
        }
        terms[i].scorer->advance(doc);
        if (terms[i].scorer->doc() != doc) continue;
        const double score = terms[i].scorer->score();
        contribution[terms[i].order] = score;
        present[terms[i].order] = 1;
        partial += score;
      }
    }
    for (std::size_t i = essential; i < n; ++i) {
      if (terms[i].scorer->doc() == doc) terms[i].scorer->next();
    }
    if (!live) continue;
    ++run.matched;
    if (hopeless) continue;
    double score = 0;
    for (std::size_t t = 0; t < plan_terms; ++t) {
      if (present[t]) score += contribution[t];
    }
    run.offer(score, doc);
    update_essential();
  }
  for (const TermClause& term : terms) TRAWL_RETURN_IF_ERROR(term.scorer->status());
  return {};
}

// MaxScore for long bags (kHeapMaxScoreFrom words or more). max_score() scans every essential
// term per candidate (the smallest document, the block bounds, the contributions) and sums the
// non-essential block bounds, so a bag of thousands of words cost thousands of steps per
// document. Here the essential terms wait in a min-heap of (document, term), so a candidate
// costs O(log n) per term on it; non-essential terms are probed, largest bound first, only while
// their segment-wide bounds leave hope. The block-max skip is left out: it needs every
// essential term's block bound at each document. Entries carry the document they were pushed
// at, so a term that became non-essential (and is then moved by probing) can stay in the heap
// until it surfaces, and is dropped then. Scores are summed in plan order, as exhaustive
// evaluation sums them, so the hits are the same.
Status max_score_heap(std::vector<TermClause> terms, SegmentRun run) {
  TopK& top = run.top;
  const std::size_t n = terms.size();
  BoundOrder order(terms);
  const std::vector<double>& prefix = order.prefix;
  const std::size_t& essential = order.essential;
  auto update_essential = [&] { order.update(top.threshold()); };
  update_essential();

  using Entry = std::pair<DocId, std::size_t>;  // (document, term)
  std::vector<Entry> heap;
  const auto later = [](const Entry& a, const Entry& b) { return a > b; };
  for (std::size_t i = essential; i < n; ++i) {
    if (terms[i].scorer->doc() != kTerminated) heap.emplace_back(terms[i].scorer->doc(), i);
  }
  std::make_heap(heap.begin(), heap.end(), later);
  std::vector<std::size_t> on_doc;                       // essential terms at the candidate
  std::vector<std::pair<std::size_t, double>> matched;  // (plan order, score)
  while (!heap.empty() && !run.deadline.expired()) {
    const DocId doc = heap.front().first;
    on_doc.clear();
    while (!heap.empty() && heap.front().first == doc) {
      const std::size_t i = heap.front().second;
      std::pop_heap(heap.begin(), heap.end(), later);
      heap.pop_back();
      if (i >= essential) on_doc.push_back(i);  // else it left the essential terms: dropped
    }
    if (on_doc.empty()) continue;
    const bool live = run.live(doc);
    bool hopeless = false;
    matched.clear();
    if (live) {
      double partial = 0;
      for (const std::size_t i : on_doc) {
        const double score = terms[i].scorer->score();
        matched.emplace_back(terms[i].order, score);
        partial += score;
      }
      const double threshold = top.threshold();
      for (std::size_t i = essential; i-- > 0;) {
        if (partial + prefix[i] <= threshold) {
          hopeless = true;
          break;
        }
        terms[i].scorer->advance(doc);
        if (terms[i].scorer->doc() != doc) continue;
        const double score = terms[i].scorer->score();
        matched.emplace_back(terms[i].order, score);
        partial += score;
      }
    }
    for (const std::size_t i : on_doc) {
      terms[i].scorer->next();
      if (terms[i].scorer->doc() == kTerminated) continue;
      heap.emplace_back(terms[i].scorer->doc(), i);
      std::push_heap(heap.begin(), heap.end(), later);
    }
    if (!live) continue;
    ++run.matched;
    if (hopeless) continue;
    std::sort(matched.begin(), matched.end());
    double score = 0;
    for (const auto& [plan_order, contribution] : matched) score += contribution;
    run.offer(score, doc);
    update_essential();
  }
  for (const TermClause& term : terms) TRAWL_RETURN_IF_ERROR(term.scorer->status());
  return {};
}

// Whether `plan` requires every one of several single words and nothing else ("+a +b"; the
// parser's "a AND b"): then top-k search can skip by the words' block bounds.
bool is_term_conjunction(const Plan& plan) {
  return plan.min_should_match == 0 && all_single_words(plan, Query::Occur::kMust);
}

// Block-max conjunction: the rarest word leads; at each of its documents, if the words' bounds
// for the blocks there cannot beat the threshold, the lead jumps past the nearest block end
// (no other list is touched); otherwise the others are moved to the document (leapfrogging on
// a miss). Matches are scored in plan order, as the exhaustive conjunction sums them, so both
// give identical hits. `terms` are in plan order, every plan word present.
Status block_max_conjunction(std::vector<TermClause> terms, SegmentRun run) {
  TopK& top = run.top;
  std::size_t lead = 0;
  for (std::size_t i = 1; i < terms.size(); ++i) {
    if (terms[i].cost < terms[lead].cost) lead = i;
  }
  Scorer& leader = *terms[lead].scorer;
  for (DocId doc = leader.doc(); doc != kTerminated && !run.deadline.expired(); doc = leader.doc()) {
    double bound = 0;
    DocId end = kTerminated - 1;
    for (TermClause& term : terms) {
      bound += term.bound_at(doc);
      end = std::min(end, term.bound_end());
    }
    if (bound <= top.threshold()) {
      leader.advance(end + 1);
      continue;
    }
    DocId next = doc;
    for (std::size_t i = 0; i < terms.size() && next == doc; ++i) {
      if (i == lead) continue;
      terms[i].scorer->advance(doc);
      next = terms[i].scorer->doc();
    }
    if (next != doc) {
      leader.advance(next);
      continue;
    }
    if (run.live(doc)) {
      ++run.matched;
      double score = 0;
      for (TermClause& term : terms) score += term.scorer->score();
      run.offer(score, doc);
    }
    leader.next();
  }
  for (const TermClause& term : terms) TRAWL_RETURN_IF_ERROR(term.scorer->status());
  return {};
}

}  // namespace

namespace {

Status validate(const Schema& schema, const Bm25Parameters& bm25,
                const std::vector<std::pair<std::string, double>>& field_weights) {
  if (!std::isfinite(bm25.k1) || bm25.k1 < 0) {
    return Status::invalid_argument("searcher: BM25 k1 must be a finite number >= 0, not " +
                                    format_number(bm25.k1));
  }
  if (!(bm25.b >= 0 && bm25.b <= 1)) {
    return Status::invalid_argument("searcher: BM25 b must be from 0 to 1, not " +
                                    format_number(bm25.b));
  }
  for (const auto& [name, weight] : field_weights) {
    auto index = schema.find(name);
    if (!index || schema.fields()[*index].type != FieldType::kText) {
      return Status::invalid_argument("searcher: a weight for '" + name +
                                      "', which is not a text field (schema: " +
                                      schema.describe() + ")");
    }
    if (!std::isfinite(weight) || weight < 0) {
      return Status::invalid_argument("searcher: the weight of field '" + name +
                                      "' must be a finite number >= 0, not " +
                                      format_number(weight));
    }
  }
  return {};
}

}  // namespace

Result<Searcher> Searcher::create(IndexReader reader, Bm25Parameters bm25,
                                  std::vector<std::pair<std::string, double>> field_weights) {
  Searcher searcher(std::move(reader), bm25, std::move(field_weights));  // validates
  TRAWL_RETURN_IF_ERROR(searcher.status_);
  return searcher;
}

Searcher::Searcher(IndexReader reader, Bm25Parameters bm25,
                   std::vector<std::pair<std::string, double>> field_weights)
    : reader_(std::move(reader)), bm25_(bm25) {
  status_ = validate(reader_.schema(), bm25_, field_weights);
  field_weights_.assign(reader_.schema().fields().size(), 1.0);
  for (const auto& [name, weight] : field_weights) {
    if (auto index = reader_.schema().find(name)) field_weights_[*index] = weight;
  }
  analysis_internal::AnalyzerSet shared;  // fields with equal options share one analyzer
  for (const FieldSpec& field : reader_.schema().fields()) {
    std::shared_ptr<const Analyzer> analyzer;
    // The schema was validated when the index was created, so this cannot fail but for missing
    // ICU data; then queries on the field report it.
    if (field.type == FieldType::kText) {
      if (auto number = shared.add(field.analyzer)) analyzer = shared[*number];
    }
    analyzers_.push_back(std::move(analyzer));
  }
}

Result<SearchResult> Searcher::search(const Query& query, const SearchOptions& options) const {
  Deadline deadline(options.timeout);  // compiling counts too
  TRAWL_RETURN_IF_ERROR(status_);
  TRAWL_RETURN_IF_ERROR(check_depth(query));
  Compiler compiler(reader_, bm25_, field_weights_, analyzers_, options);
  TRAWL_ASSIGN_OR_RETURN(Plan plan, compiler.compile(query));

  SearchResult result;
  TopK top(options.k);
  const auto& segments = IndexReaderInternal::segments(reader_);
  const auto& deletions = IndexReaderInternal::deletions(reader_);
  const bool top_k = !options.exact_count && options.k > 0;
  const bool prune = top_k && plan.kind == Plan::Kind::kTerms;
  const bool conjunction = top_k && is_term_conjunction(plan);
  Plan words;  // the conjunction's words as one list
  if (conjunction) {
    words.kind = Plan::Kind::kTerms;
    for (const Plan& child : plan.children) words.terms.push_back(child.terms[0]);
  }
  std::uint64_t base = 0;
  for (std::size_t s = 0; s < segments.size() && !deadline.now_expired(); ++s) {
    SegmentRun run{s, base, deletions[s].get(), top, result.total_hits, deadline};
    if (conjunction) {
      TRAWL_ASSIGN_OR_RETURN(auto terms, term_clauses(words, *segments[s], /*bounds=*/true));
      if (terms.size() == words.terms.size()) {  // else a word is missing: nothing matches here
        TRAWL_RETURN_IF_ERROR(block_max_conjunction(std::move(terms), run));
      }
    } else if (prune) {
      TRAWL_ASSIGN_OR_RETURN(auto terms, term_clauses(plan, *segments[s], /*bounds=*/true));
      TRAWL_RETURN_IF_ERROR(terms.size() >= kHeapMaxScoreFrom
                                ? max_score_heap(std::move(terms), run)
                                : max_score(std::move(terms), plan.terms.size(), run));
    } else if (ScorerPtr scorer = build(plan, *segments[s])) {
      for (DocId doc = scorer->doc(); doc != kTerminated && !deadline.expired();
           scorer->next(), doc = scorer->doc()) {
        if (!run.live(doc)) continue;
        ++result.total_hits;
        run.offer(scorer->score(), doc);
      }
      TRAWL_RETURN_IF_ERROR(scorer->status());
    }
    base += segments[s]->doc_count();
  }
  // Pruning skips only documents that cannot beat the k-th hit; with fewer than k hits nothing
  // was ever skipped, so the count is exact then too.
  result.partial = deadline.hit();
  result.total_is_exact = !result.partial && ((!prune && !conjunction) || !top.full());
  result.hits = top.take();
  return result;
}

namespace {

std::string field_list(const Schema& schema, const Bm25Term& bm25) {
  std::string names;
  for (std::uint32_t f : bm25.fields) names += (names.empty() ? "" : "+") + schema.fields()[f].name;
  return names;
}

// The score of `plan` for `doc`, or 0 when it does not match.
double score_of(const Plan& plan, const SegmentReader& segment, DocId doc) {
  ScorerPtr scorer = build(plan, segment);
  if (!scorer) return 0;
  scorer->advance(doc);
  return scorer->doc() == doc ? scorer->score() : 0;
}

// BM25's parts for one term or phrase whose (weighted) frequency in the document is `tf`.
Explanation explain_bm25(const std::string& what, const Bm25Term& bm25, double tf, double dl) {
  Explanation e;
  e.value = bm25.score(tf, dl);
  e.description = "weight(" + what + "), BM25: multiplier * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))";
  e.details.push_back({bm25.multiplier, "multiplier: boost * occurrences in the query", {}});
  e.details.push_back({bm25.idf,
                       bm25.df < 0 ? "idf: the phrase words' idf = ln(1 + (N - df + 0.5) / (df + 0.5)) summed, N = " +
                                         format_number(bm25.n)
                                   : "idf = ln(1 + (N - df + 0.5) / (df + 0.5)), N = " +
                                         format_number(bm25.n) + ", df = " + format_number(bm25.df),
                       {}});
  e.details.push_back({tf, "tf: frequency in the document (field weights applied)", {}});
  e.details.push_back({dl, "dl: document length in tokens (field weights applied)", {}});
  e.details.push_back({bm25.avgdl, "avgdl: average length", {}});
  e.details.push_back({bm25.k1, "k1", {}});
  e.details.push_back({bm25.b, "b", {}});
  return e;
}

Explanation explain_plan(const Plan& plan, const Schema& schema, const SegmentReader& segment,
                         DocId doc) {
  Explanation e;
  e.value = score_of(plan, segment, doc);
  switch (plan.kind) {
    case Plan::Kind::kNothing: e.description = "no match: the query has no indexed words"; break;
    case Plan::Kind::kMatchAll: e.description = "every document, constant score"; break;
    case Plan::Kind::kTerms: {
      e.description = "sum of:";
      for (const auto& [term, bm25] : plan.terms) {
        double tf = 0;
        for (std::size_t i = 0; i < bm25.fields.size(); ++i) {
          auto info = segment.lookup(term_key(bm25.fields[i], term));
          if (!info.has_value() || !info->has_value()) continue;
          auto cursor = segment.postings(**info, bm25.fields[i]);
          cursor->next_geq(doc);
          if (cursor->docid() == doc) tf += bm25.field_weights[i] * cursor->freq();
        }
        if (tf > 0) {
          e.details.push_back(explain_bm25(field_list(schema, bm25) + ":" + term, bm25, tf,
                                           bm25.length(segment, doc)));
        }
      }
      break;
    }
    case Plan::Kind::kPhrase: {
      std::string words;
      for (const std::string& term : plan.phrase_terms) words += (words.empty() ? "" : " ") + term;
      const double dl = plan.phrase.length(segment, doc);
      // The phrase frequency that gives the score: solve the BM25 formula for tf.
      const double k = plan.phrase.k1 * (1 - plan.phrase.b + plan.phrase.b * dl / plan.phrase.avgdl);
      const double ratio = e.value / (plan.phrase.weight * (plan.phrase.k1 + 1));
      const double tf = e.value > 0 && ratio < 1 ? ratio * k / (1 - ratio) : 0;
      e.description = "phrase";
      e.details.push_back(explain_bm25(field_list(schema, plan.phrase) + ":\"" + words + "\"" +
                                           (plan.shape.slop > 0 ? "~" + std::to_string(plan.shape.slop) : ""),
                                       plan.phrase, std::round(tf * 1e6) / 1e6, dl));
      break;
    }
    case Plan::Kind::kBoolean: {
      e.description = "boolean, sum of the matching scoring clauses" +
                      (plan.boost != 1 ? " times boost " + format_number(plan.boost) : "");
      for (std::size_t c = 0; c < plan.children.size(); ++c) {
        Explanation child = explain_plan(plan.children[c], schema, segment, doc);
        static const char* kOccur[] = {"must: ", "should: ", "must not: ", "filter (not scored): "};
        child.description = kOccur[static_cast<int>(plan.occurs[c])] + child.description;
        e.details.push_back(std::move(child));
      }
      break;
    }
  }
  if (e.value == 0 && plan.kind != Plan::Kind::kMatchAll) {
    e.description = "no match; " + e.description;
  }
  return e;
}

// What `plan` highlights in `field`: its words and phrases there, not those of prohibited
// clauses, weighted by boost and idf.
void collect_highlights(const Plan& plan, std::uint32_t field, double boost,
                        std::vector<search_internal::Highlight>& out) {
  auto has = [&](const Bm25Term& bm25) {
    return std::find(bm25.fields.begin(), bm25.fields.end(), field) != bm25.fields.end();
  };
  switch (plan.kind) {
    case Plan::Kind::kTerms:
      for (const auto& [term, bm25] : plan.terms) {
        if (has(bm25)) out.push_back({{term}, {}, boost * bm25.weight});
      }
      break;
    case Plan::Kind::kPhrase:
      if (has(plan.phrase)) out.push_back({plan.phrase_terms, plan.shape, boost * plan.phrase.weight});
      break;
    case Plan::Kind::kBoolean:
      for (std::size_t c = 0; c < plan.children.size(); ++c) {
        if (plan.occurs[c] != Query::Occur::kMustNot) {
          collect_highlights(plan.children[c], field, boost * plan.boost, out);
        }
      }
      break;
    default: break;
  }
}

}  // namespace

std::string Explanation::to_string() const {
  std::string out;
  const std::function<void(const Explanation&, int)> print = [&](const Explanation& e, int depth) {
    out += std::string(static_cast<std::size_t>(depth) * 2, ' ') + format_number(e.value) + " = " +
           e.description + "\n";
    for (const Explanation& detail : e.details) print(detail, depth + 1);
  };
  print(*this, 0);
  return out;
}

namespace {

// `query` compiled to look at single hits (explain, snippets): under no limits, since the query
// was searched under the caller's already.
Result<Plan> compile_for_hit(const Query& query, const IndexReader& reader,
                             const Bm25Parameters& bm25, const std::vector<double>& field_weights,
                             const std::vector<std::shared_ptr<const Analyzer>>& analyzers) {
  TRAWL_RETURN_IF_ERROR(check_depth(query));
  SearchOptions options;
  options.max_clauses = SIZE_MAX;
  options.max_prefix_terms = SIZE_MAX;
  return Compiler(reader, bm25, field_weights, analyzers, options).compile(query);
}

}  // namespace

Result<Explanation> Searcher::explain(const Query& query, const Hit& hit) const {
  const auto& segments = IndexReaderInternal::segments(reader_);
  if (hit.segment >= segments.size() || hit.doc >= segments[hit.segment]->doc_count()) {
    return Status::invalid_argument("explain: no document " + std::to_string(hit.segment) + ":" +
                                    std::to_string(hit.doc));
  }
  TRAWL_RETURN_IF_ERROR(status_);
  TRAWL_ASSIGN_OR_RETURN(Plan plan,
                         compile_for_hit(query, reader_, bm25_, field_weights_, analyzers_));
  return explain_plan(plan, reader_.schema(), *segments[hit.segment], hit.doc);
}

namespace {

// The stored values of `field` in `document`, joined by spaces.
std::string stored_text(const Document& document, const std::string& field) {
  std::string text;
  for (const auto& value : document.fields()) {
    if (value.name != field) continue;
    if (!text.empty()) text += " ";
    text += std::get<std::string>(value.value);
  }
  return text;
}

// The passage of stored text field `f` of `document` for `plan`.
Result<Snippet> field_snippet(const Plan& plan, const Document& document, const Schema& schema,
                              std::uint32_t f, const Analyzer* analyzer,
                              const SnippetOptions& options) {
  const std::string& name = schema.fields()[f].name;
  if (analyzer == nullptr) return Status::internal("no analyzer for field " + name);
  std::vector<search_internal::Highlight> items;
  collect_highlights(plan, f, 1.0, items);
  TRAWL_ASSIGN_OR_RETURN(Snippet passage, search_internal::highlight(stored_text(document, name),
                                                                     *analyzer, items, options));
  passage.field = name;
  return passage;
}

}  // namespace

Result<std::string> Searcher::snippet(const Query& query, const Hit& hit, const std::string& field,
                                      const SnippetOptions& options) const {
  const Schema& schema = reader_.schema();
  auto index = schema.find(field);
  if (!index || schema.fields()[*index].type != FieldType::kText || !schema.fields()[*index].stored) {
    return Status::invalid_argument("snippet: '" + field + "' is not a stored text field");
  }
  TRAWL_RETURN_IF_ERROR(status_);
  TRAWL_ASSIGN_OR_RETURN(Plan plan,
                         compile_for_hit(query, reader_, bm25_, field_weights_, analyzers_));
  TRAWL_ASSIGN_OR_RETURN(Document document, document(hit));
  const auto f = static_cast<std::uint32_t>(*index);
  TRAWL_ASSIGN_OR_RETURN(Snippet passage,
                         field_snippet(plan, document, schema, f, analyzers_[f].get(), options));
  return std::move(passage.text);
}

Result<Snippet> Searcher::best_snippet(const Query& query, const Hit& hit,
                                       const SnippetOptions& options) const {
  TRAWL_RETURN_IF_ERROR(status_);
  TRAWL_ASSIGN_OR_RETURN(Plan plan,
                         compile_for_hit(query, reader_, bm25_, field_weights_, analyzers_));
  TRAWL_ASSIGN_OR_RETURN(Document document, document(hit));
  const Schema& schema = reader_.schema();
  std::optional<Snippet> best;
  for (std::uint32_t f = 0; f < schema.fields().size(); ++f) {
    if (schema.fields()[f].type != FieldType::kText || !schema.fields()[f].stored) continue;
    TRAWL_ASSIGN_OR_RETURN(Snippet passage,
                           field_snippet(plan, document, schema, f, analyzers_[f].get(), options));
    if (!best || passage.weight > best->weight) best = std::move(passage);
  }
  if (!best) return Status::invalid_argument("snippet: the schema has no stored text field");
  return std::move(*best);
}

Result<Document> Searcher::document(const Hit& hit) const { return reader_.stored(hit.segment, hit.doc); }

Result<std::vector<Document>> Searcher::documents(const std::vector<Hit>& hits) const {
  const auto& segments = IndexReaderInternal::segments(reader_);
  std::vector<std::size_t> order(hits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return std::pair(hits[a].segment, hits[a].doc) < std::pair(hits[b].segment, hits[b].doc);
  });
  std::vector<Document> documents(hits.size());
  SegmentReader::StoredCache cache;
  std::size_t cached_segment = SIZE_MAX;
  for (std::size_t i : order) {
    const Hit& hit = hits[i];
    if (hit.segment >= segments.size()) {
      return Status::invalid_argument("hit of segment " + std::to_string(hit.segment) + " of " +
                                      std::to_string(segments.size()));
    }
    if (hit.segment != cached_segment) {
      cache = SegmentReader::StoredCache();
      cached_segment = hit.segment;
    }
    TRAWL_ASSIGN_OR_RETURN(auto values, segments[hit.segment]->stored(hit.doc, cache));
    documents[i] = index_internal::to_document(std::move(values), reader_.schema());
  }
  return documents;
}

}  // namespace trawl
