// trawl in the comparison: the default English analyzer (ICU words, NFKC casefold, Snowball stop
// words unless --no-stop-words, Snowball English stemmer), positions, BM25 (k1 0.9, b 0.4), title
// and body as two text fields searched as one text (or, with --one-field, two values of one), the id stored and the unique key, the hits' ids read from its
// per-document values (Searcher::keys); the structured fields as a keyword `section` and
// a date `published` (the day's midnight UTC), not stored. Structured classes use the API as an
// application would: a filter clause with a range, SearchOptions::sort, facets, offset, and for
// class after the cursor of hit 1,000 (SearchResult::next of the page before, which a user
// paging holds: it is made on the query's first, untimed, run and kept).
#include <map>
#include <optional>
#include <stdexcept>

#include "harness.h"
#include "trawl/index/date.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

namespace trawl::compare {
namespace {

template <typename T>
T value_or_throw(Result<T> result, const char* what) {
  if (!result) throw std::runtime_error(std::string(what) + ": " + result.error().to_string());
  return std::move(result).value();
}

void ok_or_throw(const Status& status, const char* what) {
  if (!status.ok()) throw std::runtime_error(std::string(what) + ": " + status.to_string());
}

// Day `day` of the corpus (0: 2000-01-01) at midnight UTC, in milliseconds since the epoch.
std::int64_t millis(std::int64_t day) { return (10957 + day) * 86'400'000; }

// The documents published on days [first, last].
Query date_range(std::int64_t first, std::int64_t last) {
  return Query::range("published", format_date(millis(first)), format_date(millis(last)));
}

class TrawlEngine final : public Engine {
 public:
  std::string name() const override { return "trawl"; }
  std::string settings() const override {
    return "English analyzer (ICU words, NFKC casefold, Snowball stemmer), positions, BM25 "
           "k1=0.9 b=0.4";
  }

  void create(const std::string& dir, const IndexOptions& options) override {
    one_field_ = options.one_field;
    merge_.reorder_documents = !options.keep_order;
    AnalyzerOptions analysis;
    analysis.stop_words = options.stop_words;
    Schema schema;
    schema.add_keyword("id");
    if (one_field_) {
      schema.add_text("text", analysis, options.store_text);
    } else {
      schema.add_text("title", analysis, options.store_text)
          .add_text("body", analysis, options.store_text);
    }
    schema.add_keyword("section", false)
        .add_date("published", false)
        .set_unique_key("id");
    IndexWriterOptions writer_options;
    writer_options.threads = options.threads;
    writer_options.ram_budget_bytes = options.ram_mb << 20;
    writer_.emplace(value_or_throw(IndexWriter::open(dir, schema, writer_options), "open writer"));
  }

  void add(const CorpusDocument& d) override {
    Document document;
    document.add("id", d.id);
    if (one_field_) {
      document.add("text", d.title).add("text", d.body);
    } else {
      document.add("title", d.title).add("body", d.body);
    }
    ok_or_throw(
        writer_->add(document.add("section", d.section).add("published", millis(d.day))), "add");
  }

  void commit() override { ok_or_throw(writer_->commit(), "commit"); }
  void optimize() override { ok_or_throw(writer_->force_merge(1, merge_), "force_merge"); }

  void open(const std::string& dir, const IndexOptions&) override {  // the schema is in the index
    searcher_.emplace(value_or_throw(IndexReader::open(dir), "open reader"));
  }

  bool supports(QueryClass) const override { return true; }

  SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                       bool exact_count) override {
    QueryParserOptions parser;
    std::string text = words;
    SearchOptions options;
    options.k = k;
    options.exact_count = exact_count;
    switch (query_class) {
      case QueryClass::kAnd:
        parser.default_operator = QueryParserOptions::Operator::kAnd;
        break;
      case QueryClass::kPhrase:
        text = "\"" + words + "\"";
        break;
      case QueryClass::kSorted:
        options.sort = {SortKey{"published", true}};
        break;
      case QueryClass::kFacet:
        options.facets = {{FacetRequest::Kind::kValues, "section", 1000, {}, {}}};
        break;
      case QueryClass::kOffset:
        options.offset = kDeepOffset;
        break;
      case QueryClass::kAfter:
        options.after = cursor_before_deep_page(words);
        break;
      default:
        break;
    }
    if (query_class == QueryClass::kSuggest) {
      // Did-you-mean alone, as Xapian's is measured: the query parsed, its words corrected.
      const auto suggestion = value_or_throw(
          searcher_->suggest(value_or_throw(parse_query(text, parser), "parse")), "suggest");
      SearchOutcome outcome;
      if (suggestion) {
        outcome.ids.push_back(suggestion->query.to_string());
        outcome.total_hits = 1;
      }
      return outcome;
    }
    Query query = Query::match_all();
    if (query_class == QueryClass::kRange) {
      const auto [first, last] = range_days(words);
      query = date_range(first, last);
    } else if (query_class == QueryClass::kFuzzy1 || query_class == QueryClass::kFuzzy2) {
      query = Query::fuzzy("", words, static_cast<std::uint32_t>(class_edits(query_class)));
    } else if (query_class == QueryClass::kWildcard) {
      query = Query::wildcard("", words);
    } else if (query_class == QueryClass::kPhrasePrefix) {
      query = Query::phrase_prefix("", words);
    } else {
      parser.prefix_last = query_class == QueryClass::kPrefixLast;
      query = value_or_throw(parse_query(text, parser), "parse");
    }
    if (query_class == QueryClass::kFilter) {
      const auto [first, last] = filter_days(words);
      query = Query::boolean({{Query::Occur::kMust, std::move(query)},
                              {Query::Occur::kFilter, date_range(first, last)}});
    }
    const SearchResult result = value_or_throw(searcher_->search(query, options), "search");
    SearchOutcome outcome;
    outcome.total_hits = result.total_hits;
    for (const FacetResult& facet : result.facets) {
      for (const FacetCount& count : facet.counts)
        outcome.facets.emplace_back(count.value, count.count);
    }
    outcome.ids = value_or_throw(searcher_->keys(result.hits), "keys");
    return outcome;
  }

 private:
  // The cursor after hit kDeepOffset of the plain query `words`.
  const std::string& cursor_before_deep_page(const std::string& words) {
    auto [it, added] = cursors_.try_emplace(words);
    if (added) {
      SearchOptions options;
      options.k = kDeepOffset;
      it->second =
          value_or_throw(searcher_->search(value_or_throw(parse_query(words), "parse"), options),
                         "search")
              .next;
    }
    return it->second;
  }

  bool one_field_ = false;
  ForceMergeOptions merge_;
  std::optional<IndexWriter> writer_;
  std::optional<Searcher> searcher_;
  std::map<std::string, std::string> cursors_;
};

}  // namespace
}  // namespace trawl::compare

int main(int argc, char** argv) {
  return trawl::compare::run_engine<trawl::compare::TrawlEngine>(argc, argv);
}
