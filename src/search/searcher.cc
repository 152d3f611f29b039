// The Searcher: compiles a Query into its Weight tree (src/search/weights/), then evaluates it
// segment by segment: a Weight's own top-k pruning where it has one and the caller allows it,
// else every match of its Scorer handed to the collectors.
#include "trawl/search/searcher.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <optional>

#include "analysis/analyzer_set.h"
#include "index/index_reader_internal.h"
#include "index/stored_record.h"
#include "search/collectors/facet_collector.h"
#include "search/collectors/sort_order.h"
#include "search/collectors/top_scores.h"
#include "search/collectors/top_sorted.h"
#include "search/deadline.h"
#include "search/highlight/highlighter.h"
#include "search/pruning/segment_run.h"
#include "search/searcher_state.h"
#include "search/similarity/bm25.h"
#include "search/suggest/suggester.h"
#include "search/weights/compiler.h"
#include "util/small_vector.h"

namespace trawl {

using index_internal::SegmentReader;
using search_internal::WeightPtr;

struct Searcher::Impl : search_internal::SearcherState {
  using SearcherState::SearcherState;
};

namespace {

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
    for (const Query::Clause& clause : node->clauses())
      stack.emplace_back(&clause.query, depth + 1);
  }
  return {};
}

Status validate(const Schema& schema, const Bm25Parameters& bm25,
                const std::vector<std::pair<std::string, double>>& field_weights) {
  if (!std::isfinite(bm25.k1) || bm25.k1 < 0) {
    return Status::invalid_argument("searcher: BM25 k1 must be a finite number >= 0, not " +
                                    search_internal::format_number(bm25.k1));
  }
  if (!(bm25.b >= 0 && bm25.b <= 1)) {
    return Status::invalid_argument("searcher: BM25 b must be from 0 to 1, not " +
                                    search_internal::format_number(bm25.b));
  }
  for (const auto& [name, weight] : field_weights) {
    auto index = schema.find(name);
    if (!index || schema.fields()[*index].type != FieldType::kText) {
      return Status::invalid_argument("searcher: a weight for '" + name +
                                      "', which is not a text field (schema: " + schema.describe() +
                                      ")");
    }
    if (!std::isfinite(weight) || weight < 0) {
      return Status::invalid_argument("searcher: the weight of field '" + name +
                                      "' must be a finite number >= 0, not " +
                                      search_internal::format_number(weight));
    }
  }
  return {};
}

// `query` compiled to look at single hits (explain, snippets) as the search with `searched`
// compiled it (the same expansions), but under no clause limit, since the query was searched
// under the caller's already.
Result<WeightPtr> compile_for_hit(const Query& query, const search_internal::SearcherState& state,
                                  const SearchOptions& searched) {
  TRAWL_RETURN_IF_ERROR(check_depth(query));
  SearchOptions options = searched;
  options.max_clauses = SIZE_MAX;
  options.max_wildcard_scan = SIZE_MAX;
  return search_internal::Compiler(state, options).compile(query);
}

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

// The passage of stored text field `f` of `document` for `weight`.
Result<Snippet> field_snippet(const search_internal::Weight& weight, const Document& document,
                              const Schema& schema, std::uint32_t f, const Analyzer* analyzer,
                              const SnippetOptions& options) {
  const std::string& name = schema.fields()[f].name;
  if (analyzer == nullptr) return Status::internal("no analyzer for field " + name);
  std::vector<search_internal::Highlight> items;
  weight.highlights(f, 1.0, items);
  TRAWL_ASSIGN_OR_RETURN(Snippet passage, search_internal::highlight(stored_text(document, name),
                                                                     *analyzer, items, options));
  passage.field = name;
  return passage;
}

}  // namespace

Result<Searcher> Searcher::create(IndexReader reader, Bm25Parameters bm25,
                                  std::vector<std::pair<std::string, double>> field_weights) {
  Searcher searcher(std::move(reader), bm25, std::move(field_weights));  // validates
  TRAWL_RETURN_IF_ERROR(searcher.impl_->status);
  return searcher;
}

Searcher::Searcher(IndexReader reader, Bm25Parameters bm25,
                   std::vector<std::pair<std::string, double>> field_weights) {
  auto impl = std::make_shared<Impl>(std::move(reader));
  impl->bm25 = bm25;
  const Schema& schema = impl->reader.schema();
  impl->status = validate(schema, bm25, field_weights);
  impl->field_weights.assign(schema.fields().size(), 1.0);
  for (const auto& [name, weight] : field_weights) {
    if (auto index = schema.find(name)) impl->field_weights[*index] = weight;
  }
  analysis_internal::AnalyzerSet shared;  // fields with equal options share one analyzer
  for (const FieldSpec& field : schema.fields()) {
    std::shared_ptr<const Analyzer> analyzer;
    // The schema was validated when the index was created, so this cannot fail but for missing
    // ICU data; then queries on the field report it.
    if (field.type == FieldType::kText) {
      if (auto number = shared.add(field.analyzer)) analyzer = shared[*number];
    }
    impl->analyzers.push_back(std::move(analyzer));
  }
  impl_ = std::move(impl);
}

const IndexReader& Searcher::reader() const noexcept { return impl_->reader; }

Result<SearchResult> Searcher::search(const Query& query, const SearchOptions& options) const {
  search_internal::Deadline deadline(options.timeout);  // compiling counts too
  TRAWL_RETURN_IF_ERROR(impl_->status);
  TRAWL_RETURN_IF_ERROR(check_depth(query));
  search_internal::Compiler compiler(*impl_, options);
  TRAWL_ASSIGN_OR_RETURN(WeightPtr weight, compiler.compile(query));

  // What the hits are ordered by, which page of them, and what else is counted.
  const Schema& schema = impl_->schema();
  const std::uint64_t generation = impl_->reader.generation();
  const bool by_score = options.sort.empty() ||
                        (options.sort.size() == 1 && options.sort[0].field.empty() &&
                         options.sort[0].descending);
  const std::size_t wanted =
      options.k > SIZE_MAX - options.offset ? SIZE_MAX : options.offset + options.k;
  static const std::vector<SortKey> kByScore{SortKey::by_score()};  // immutable once built
  TRAWL_ASSIGN_OR_RETURN(
      const search_internal::SortOrder order,
      search_internal::SortOrder::resolve(by_score ? kByScore : options.sort, schema));
  std::optional<search_internal::SortPosition> after;
  if (!options.after.empty()) {
    TRAWL_ASSIGN_OR_RETURN(after, order.parse_cursor(options.after, generation));
  }
  std::optional<std::pair<double, std::uint64_t>> score_after;
  if (after && by_score) score_after.emplace(after->score, after->global);
  search_internal::TopScores top(by_score ? wanted : 0, score_after);
  std::optional<search_internal::TopSorted> sorted;
  if (!by_score) sorted.emplace(order, wanted, after ? &*after : nullptr);
  std::vector<std::unique_ptr<search_internal::FacetCollector>> facets;
  for (const FacetRequest& request : options.facets) {
    TRAWL_ASSIGN_OR_RETURN(auto facet, search_internal::make_facet_collector(request, schema));
    facets.push_back(std::move(facet));
  }
  // Inline, as the segments' bases below: a search should allocate only what grows with it.
  util::SmallVector<search_internal::Collector*, 4> parts{
      by_score ? static_cast<search_internal::Collector*>(&top) : &*sorted};
  for (const auto& facet : facets) parts.push_back(facet.get());
  std::optional<search_internal::MultiCollector> all;
  if (parts.size() > 1)
    all.emplace(std::vector<search_internal::Collector*>(parts.begin(), parts.end()));
  search_internal::Collector& collector = all ? *all : *parts[0];

  SearchResult result;
  const auto& segments = impl_->segments();
  const auto& deletions = IndexReaderInternal::deletions(impl_->reader);
  // Pruning skips documents that cannot enter the top k by score: only when the caller wants
  // neither an exact count nor anything else of every match.
  const bool may_prune = !options.exact_count && wanted > 0 && !collector.needs_every_match();
  bool pruned = false;
  util::SmallVector<std::uint64_t, 16> bases;
  std::uint64_t base = 0;
  for (std::size_t s = 0; s < segments.size(); ++s) {
    bases.push_back(base);
    base += segments[s]->doc_count();
  }
  for (std::size_t s = 0; s < segments.size() && !deadline.now_expired(); ++s) {
    const SegmentReader& segment = *segments[s];
    collector.begin_segment(segment, s, bases[s]);
    search_internal::SegmentRun run{segment, deletions[s].get(), top, result.total_hits, deadline};
    if (may_prune) {
      TRAWL_ASSIGN_OR_RETURN(const bool done, weight->search_top_k(run));
      pruned = pruned || done;
      if (done) continue;
    }
    search_internal::ScorerPtr scorer = weight->top_scorer(segment);
    if (!scorer) continue;
    for (DocId doc = scorer->doc(); doc != kTerminated && !deadline.expired();
         scorer->next(), doc = scorer->doc()) {
      if (!run.live(doc)) continue;
      ++result.total_hits;
      search_internal::MatchScore score(*scorer);
      collector.collect(doc, score);
    }
    TRAWL_RETURN_IF_ERROR(scorer->status());
  }
  TRAWL_RETURN_IF_ERROR(collector.status());
  // Pruning skips only documents that cannot beat the k-th hit; with fewer than k hits nothing
  // was ever skipped, so the count is exact then too.
  result.partial = deadline.hit();
  result.total_is_exact = !result.partial && (!pruned || !top.full());
  std::vector<Hit> hits = by_score ? top.take() : sorted->take();
  if (options.offset > 0) {
    hits.erase(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(std::min(options.offset, hits.size())));
  }
  if (!hits.empty()) {
    const Hit& last = hits.back();
    search_internal::SortPosition position;
    position.score = last.score;
    position.global = bases[last.segment] + last.doc;
    TRAWL_RETURN_IF_ERROR(order.values(*segments[last.segment], last.doc, position.values));
    result.next = order.cursor(position, generation);
  }
  result.hits = std::move(hits);
  for (const auto& facet : facets) {
    TRAWL_ASSIGN_OR_RETURN(FacetResult counts, facet->result());
    result.facets.push_back(std::move(counts));
  }
  return result;
}

std::string Explanation::to_string() const {
  std::string out;
  const std::function<void(const Explanation&, int)> print = [&](const Explanation& e, int depth) {
    out += std::string(static_cast<std::size_t>(depth) * 2, ' ') +
           search_internal::format_number(e.value) + " = " + e.description + "\n";
    for (const Explanation& detail : e.details) print(detail, depth + 1);
  };
  print(*this, 0);
  return out;
}

Result<Explanation> Searcher::explain(const Query& query, const Hit& hit,
                                      const SearchOptions& searched) const {
  const auto& segments = impl_->segments();
  if (hit.segment >= segments.size() || hit.doc >= segments[hit.segment]->doc_count()) {
    return Status::invalid_argument("explain: no document " + std::to_string(hit.segment) + ":" +
                                    std::to_string(hit.doc));
  }
  TRAWL_RETURN_IF_ERROR(impl_->status);
  TRAWL_ASSIGN_OR_RETURN(WeightPtr weight, compile_for_hit(query, *impl_, searched));
  TRAWL_ASSIGN_OR_RETURN(auto explained,
                         search_internal::explain_node(*weight, *segments[hit.segment], hit.doc));
  return std::move(explained.explanation);
}

Result<std::optional<Suggestion>> Searcher::suggest(const Query& query,
                                                    const SuggestOptions& options) const {
  TRAWL_RETURN_IF_ERROR(impl_->status);
  TRAWL_RETURN_IF_ERROR(check_depth(query));
  const search_internal::Occurs occurs = [this](const Query& phrase) -> Result<bool> {
    SearchOptions one;
    one.k = 1;
    TRAWL_ASSIGN_OR_RETURN(const SearchResult result, search(phrase, one));
    return result.total_hits > 0;
  };
  return search_internal::suggest(*impl_, query, options, occurs);
}

Result<std::string> Searcher::snippet(const Query& query, const Hit& hit, const std::string& field,
                                      const SnippetOptions& options,
                                      const SearchOptions& searched) const {
  const Schema& schema = impl_->schema();
  auto index = schema.find(field);
  if (!index || schema.fields()[*index].type != FieldType::kText ||
      !schema.fields()[*index].stored) {
    return Status::invalid_argument("snippet: '" + field + "' is not a stored text field");
  }
  TRAWL_RETURN_IF_ERROR(impl_->status);
  TRAWL_ASSIGN_OR_RETURN(WeightPtr weight, compile_for_hit(query, *impl_, searched));
  TRAWL_ASSIGN_OR_RETURN(Document document, document(hit));
  const auto f = static_cast<std::uint32_t>(*index);
  TRAWL_ASSIGN_OR_RETURN(Snippet passage, field_snippet(*weight, document, schema, f,
                                                        impl_->analyzers[f].get(), options));
  return std::move(passage.text);
}

Result<Snippet> Searcher::best_snippet(const Query& query, const Hit& hit,
                                       const SnippetOptions& options,
                                       const SearchOptions& searched) const {
  TRAWL_RETURN_IF_ERROR(impl_->status);
  TRAWL_ASSIGN_OR_RETURN(WeightPtr weight, compile_for_hit(query, *impl_, searched));
  TRAWL_ASSIGN_OR_RETURN(Document document, document(hit));
  const Schema& schema = impl_->schema();
  std::optional<Snippet> best;
  for (std::uint32_t f = 0; f < schema.fields().size(); ++f) {
    if (schema.fields()[f].type != FieldType::kText || !schema.fields()[f].stored) continue;
    TRAWL_ASSIGN_OR_RETURN(Snippet passage, field_snippet(*weight, document, schema, f,
                                                          impl_->analyzers[f].get(), options));
    if (!best || passage.weight > best->weight) best = std::move(passage);
  }
  if (!best) return Status::invalid_argument("snippet: the schema has no stored text field");
  return std::move(*best);
}

Result<Document> Searcher::document(const Hit& hit) const {
  return impl_->reader.stored(hit.segment, hit.doc);
}

Result<std::vector<std::string>> Searcher::keys(const std::vector<Hit>& hits) const {
  const Schema& schema = impl_->schema();
  const auto field = schema.find(schema.unique_key());
  if (schema.unique_key().empty() || !field) {
    return Status::invalid_argument("keys: the schema has no unique key (" + schema.describe() +
                                    ")");
  }
  const auto& segments = impl_->segments();
  std::vector<std::string> keys(hits.size());
  std::vector<std::uint32_t> ordinals;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const Hit& hit = hits[i];
    if (hit.segment >= segments.size() || hit.doc >= segments[hit.segment]->doc_count()) {
      return Status::invalid_argument("keys: no document " + std::to_string(hit.segment) + ":" +
                                      std::to_string(hit.doc) + " in this snapshot");
    }
    const index_internal::KeywordColumn* column =
        segments[hit.segment]->field_values().keyword(static_cast<std::uint32_t>(*field));
    if (column == nullptr) continue;
    TRAWL_RETURN_IF_ERROR(column->ordinals(hit.doc, ordinals));
    if (ordinals.empty()) continue;
    TRAWL_ASSIGN_OR_RETURN(const std::string_view key, column->value(ordinals.front()));
    keys[i] = key;
  }
  return keys;
}

Result<std::vector<Document>> Searcher::documents(const std::vector<Hit>& hits) const {
  const auto& segments = impl_->segments();
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
      cache.block = SIZE_MAX;  // the block is of another segment; the context is kept
      cached_segment = hit.segment;
    }
    TRAWL_ASSIGN_OR_RETURN(auto values, segments[hit.segment]->stored(hit.doc, cache));
    documents[i] = index_internal::to_document(std::move(values), impl_->schema());
  }
  return documents;
}

}  // namespace trawl
