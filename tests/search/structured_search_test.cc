// Structured search through the public API: filters, sorting, pages, cursors and facets on a
// small news index whose answers are written out by hand, and every error a caller can cause.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

namespace {

using trawl::FacetRequest;
using trawl::Query;
using trawl::SearchOptions;
using trawl::SortKey;

struct News {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::Schema schema;

  News() {
    schema.add_keyword("id")
        .add_text("title")
        .add_keyword("section")
        .add_keyword("tags", false)
        .add_numeric("words")
        .add_date("published")
        .set_unique_key("id");
    trawl::IndexWriterOptions options;
    options.merge_factor = 0;
    auto writer = trawl::IndexWriter::open(directory, schema, options).value();
    struct Row {
      const char* id;
      const char* title;
      const char* section;
      std::vector<const char*> tags;
      int words;
      const char* published;
    };
    const Row rows[] = {
        {"a",
         "Moscow talks resume",
         "politics",
         {"russia", "diplomacy"},
         800,
         "2025-02-14T12:00:00Z"},
        {"b", "Moscow markets fall", "business", {"russia", "markets"}, 450, "2025-02-10"},
        {"c", "Geneva talks", "politics", {"diplomacy"}, 1200, "2025-01-30T08:00:00+01:00"},
        {"d", "Moscow weather", "world", {}, 200, "2024-12-31T23:30:00Z"},
        {"e", "Moscow oil deal", "business", {"russia", "energy"}, 650, "2025-02-14T09:00:00Z"},
    };
    int n = 0;
    for (const Row& row : rows) {
      trawl::Document doc;
      doc.add("id", row.id)
          .add("title", row.title)
          .add("section", row.section)
          .add("words", row.words)
          .add("published", row.published);
      for (const char* tag : row.tags) doc.add("tags", tag);
      REQUIRE(writer.add(doc).ok());
      if (++n == 2) REQUIRE(writer.commit().ok());  // two segments
    }
    REQUIRE(writer.commit().ok());
  }

  trawl::Searcher searcher() const {
    return trawl::Searcher(trawl::IndexReader::open(directory).value());
  }
};

std::vector<std::string> ids(const trawl::Searcher& searcher, const trawl::SearchResult& result) {
  std::vector<std::string> out;
  for (const auto& document : searcher.documents(result.hits).value())
    out.push_back(*document.get("id"));
  return out;
}

Query parsed(const std::string& text, const trawl::Schema& schema) {
  trawl::QueryParserOptions options;
  options.schema = &schema;
  return trawl::parse_query(text, options).value();
}

}  // namespace

TEST_CASE("Structured search: a filtered, date-sorted, faceted news search", "[search]") {
  const News news;
  const trawl::Searcher searcher = news.searcher();
  // "Moscow, February 2025, newest first", with counts per section and tag.
  const Query query = Query::boolean(
      {{Query::Occur::kMust, Query::term("title", "moscow")},
       {Query::Occur::kFilter, parsed("published:[2025-02 TO 2025-02]", news.schema)}});
  SearchOptions options;
  options.sort = {SortKey{"published", true}};
  options.facets = {{FacetRequest::Kind::kValues, "section", 10, {}, {}},
                    {FacetRequest::Kind::kValues, "tags", 2, {}, {}},
                    {FacetRequest::Kind::kHistogram, "published", 10, {}, "day"},
                    {FacetRequest::Kind::kRanges, "words", 10, {"0", "500", "1000"}, {}}};
  auto result = searcher.search(query, options).value();
  CHECK(ids(searcher, result) == std::vector<std::string>{"a", "e", "b"});
  CHECK(result.total_hits == 3);
  CHECK(result.total_is_exact);
  REQUIRE(result.facets.size() == 4);
  auto counts = [](const trawl::FacetResult& facet) {
    std::vector<std::pair<std::string, std::uint64_t>> out;
    for (const auto& c : facet.counts) out.emplace_back(c.value, c.count);
    return out;
  };
  using Counts = std::vector<std::pair<std::string, std::uint64_t>>;
  CHECK(counts(result.facets[0]) == Counts{{"business", 2}, {"politics", 1}});
  CHECK(counts(result.facets[1]) ==
        Counts{{"russia", 3}, {"diplomacy", 1}});  // top 2, ties by value
  CHECK(counts(result.facets[2]) ==
        Counts{{"2025-02-10T00:00:00Z", 1}, {"2025-02-14T00:00:00Z", 2}});
  CHECK(counts(result.facets[3]) == Counts{{"[0,500)", 1}, {"[500,1000)", 2}});
  // The scores are still there, and the date-time offsets were applied: c is 07:00Z.
  CHECK(result.hits[0].score > 0);
  auto c =
      searcher
          .search(parsed("published:[2025-01-30T07:00:00Z TO 2025-01-30T07:00:00Z]", news.schema))
          .value();
  CHECK(ids(searcher, c) == std::vector<std::string>{"c"});
}

TEST_CASE("Structured search: sorting by several keys, missing values last", "[search]") {
  const News news;
  const trawl::Searcher searcher = news.searcher();
  SearchOptions options;
  options.sort = {SortKey{"tags", false}, SortKey{"words", true}};
  auto result = searcher.search(Query::match_all(), options).value();
  // Smallest tag ascending: diplomacy (a 800, c 1200), energy (e), markets (b)... d has none.
  CHECK(ids(searcher, result) == std::vector<std::string>{"c", "a", "e", "b", "d"});
  options.sort = {
      SortKey{"tags", true}};  // largest tag descending: russia (a, b, e), diplomacy, none
  CHECK(ids(searcher, searcher.search(Query::match_all(), options).value()) ==
        std::vector<std::string>{"a", "b", "e", "c", "d"});
  options.sort = {SortKey{"published", false}};
  CHECK(ids(searcher, searcher.search(Query::match_all(), options).value()) ==
        std::vector<std::string>{"d", "c", "b", "e", "a"});
}

TEST_CASE("Structured search: offsets and cursors page without repeats or gaps", "[search]") {
  const News news;
  const trawl::Searcher searcher = news.searcher();
  for (const auto& sort :
       {std::vector<SortKey>{}, std::vector<SortKey>{SortKey{"section", false}}}) {
    SearchOptions options;
    options.k = 2;
    options.sort = sort;
    std::vector<std::string> paged;
    for (int page = 0; page < 4; ++page) {
      auto result = searcher.search(Query::term("title", "moscow"), options).value();
      for (const auto& id : ids(searcher, result)) paged.push_back(id);
      if (result.hits.empty()) {
        CHECK(result.next.empty());
        break;
      }
      options.after = result.next;
    }
    SearchOptions whole;
    whole.sort = sort;
    CHECK(paged == ids(searcher, searcher.search(Query::term("title", "moscow"), whole).value()));
    whole.offset = 3;
    whole.k = 10;
    CHECK(ids(searcher, searcher.search(Query::term("title", "moscow"), whole).value()) ==
          std::vector<std::string>(paged.begin() + 3, paged.end()));
  }
}

TEST_CASE("Structured search: keys() reads each hit's unique key without its document",
          "[search]") {
  News news;
  {  // an update, so that a key's old document is deleted and its new one is in a new segment
    auto writer = trawl::IndexWriter::open(news.directory, news.schema).value();
    REQUIRE(writer
                .update(trawl::Document()
                            .add("id", "c")
                            .add("title", "Geneva talks stall")
                            .add("section", "politics")
                            .add("words", 900)
                            .add("published", "2025-02-01"))
                .ok());
    REQUIRE(writer.commit().ok());
  }
  const trawl::Searcher searcher = news.searcher();
  SearchOptions options;
  options.k = 10;
  const auto result = searcher.search(Query::match_all(), options).value();
  REQUIRE(result.hits.size() == 5);
  CHECK(searcher.keys(result.hits).value() == ids(searcher, result));
  CHECK(searcher.keys({}).value().empty());

  trawl::Hit stray = result.hits[0];
  stray.segment = 99;
  const auto bad = searcher.keys({result.hits[0], stray});
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().code() == trawl::Status::Code::kInvalidArgument);
  CHECK_THAT(std::string(bad.error().message()), Catch::Contains("99:"));

  // Without a unique key there is nothing to read.
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::Schema keyless;
  keyless.add_keyword("id").add_text("title");
  {
    auto writer = trawl::IndexWriter::open(directory, keyless).value();
    REQUIRE(writer.add(trawl::Document().add("id", "x").add("title", "Moscow")).ok());
    REQUIRE(writer.commit().ok());
  }
  const trawl::Searcher plain(trawl::IndexReader::open(directory).value());
  const auto hits = plain.search(Query::match_all()).value().hits;
  const auto none = plain.keys(hits);
  REQUIRE_FALSE(none.has_value());
  CHECK(none.error().code() == trawl::Status::Code::kInvalidArgument);
  CHECK_THAT(std::string(none.error().message()), Catch::Contains("no unique key"));
}

TEST_CASE("Structured search: what a caller gets wrong is InvalidArgument, named", "[search]") {
  const News news;
  const trawl::Searcher searcher = news.searcher();
  auto error = [&](const Query& query, const SearchOptions& options) {
    auto result = searcher.search(query, options);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().is_invalid_argument());
    return std::string(result.error().message());
  };
  SearchOptions sort_text;
  sort_text.sort = {SortKey{"title", false}};
  CHECK(error(Query::match_all(), sort_text) ==
        "sort: field 'title' is text; sort by a numeric, date or keyword field");
  SearchOptions bad_cursor;
  bad_cursor.after = "nonsense";
  CHECK(error(Query::match_all(), bad_cursor).find("is not a cursor of this search") !=
        std::string::npos);
  SearchOptions first;
  first.k = 1;
  auto page = searcher.search(Query::match_all(), first).value();
  SearchOptions other_sort;
  other_sort.sort = {SortKey{"words", false}};
  other_sort.after = page.next;
  CHECK(error(Query::match_all(), other_sort).find("is not a cursor of this search") !=
        std::string::npos);
  {  // a cursor of an older snapshot
    auto writer = trawl::IndexWriter::open(news.directory, news.schema).value();
    trawl::Document doc;
    doc.add("id", "f").add("title", "later");
    REQUIRE(writer.add(doc).ok());
    REQUIRE(writer.commit().ok());
  }
  SearchOptions stale;
  stale.after = page.next;
  auto newer = news.searcher();
  auto result = newer.search(Query::match_all(), stale);
  REQUIRE_FALSE(result.has_value());
  CHECK(std::string(result.error().message()).find("another snapshot") != std::string::npos);

  auto facet_error = [&](FacetRequest request) {
    SearchOptions options;
    options.facets = {std::move(request)};
    return error(Query::match_all(), options);
  };
  CHECK(facet_error({FacetRequest::Kind::kValues, "title", 10, {}, {}})
            .find("facet: field 'title' is text") == 0);
  CHECK(facet_error({FacetRequest::Kind::kValues, "nosuch", 10, {}, {}})
            .find("facet: unknown field 'nosuch'") == 0);
  CHECK(facet_error({FacetRequest::Kind::kRanges, "section", 10, {"a", "b"}, {}})
            .find("need a numeric or date field") != std::string::npos);
  CHECK(facet_error({FacetRequest::Kind::kRanges, "words", 10, {"500"}, {}})
            .find("at least two edges") != std::string::npos);
  CHECK(facet_error({FacetRequest::Kind::kRanges, "words", 10, {"500", "100"}, {}})
            .find("the edges must ascend") != std::string::npos);
  CHECK(facet_error({FacetRequest::Kind::kRanges, "words", 10, {"5x", "100"}, {}})
            .find("'5x' is not a 64-bit integer") != std::string::npos);
  CHECK(facet_error({FacetRequest::Kind::kHistogram, "published", 10, {}, "week"})
            .find("must be day, month, year") != std::string::npos);
  CHECK(facet_error({FacetRequest::Kind::kHistogram, "words", 10, {}, "0"})
            .find("a positive integer") != std::string::npos);
  // Ranges on the wrong fields, and bad bounds, when searched.
  CHECK(error(Query::range("title", "a", "b"), {}) ==
        "query: a range on field 'title', which is text; ranges need a numeric or date field");
  CHECK(error(Query::range("words", "ten", std::nullopt), {}) ==
        "query: range on 'words': 'ten' is not a 64-bit integer");
  CHECK(error(Query::range("published", "2025-02-30", std::nullopt), {})
            .find("query: range on 'published': date '2025-02-30'") == 0);
  // Wrong-typed values are refused at indexing, naming the field.
  auto writer = trawl::IndexWriter::open(news.directory, news.schema).value();
  trawl::Document bad_date;
  bad_date.add("id", "x").add("published", "yesterday");
  CHECK(std::string(writer.add(bad_date).message())
            .find("document: field 'published': date 'yesterday'") == 0);
  trawl::Document bad_number;
  bad_number.add("id", "y").add("words", "many");
  CHECK(std::string(writer.add(bad_number).message()) ==
        "document: field 'words' is numeric and cannot hold a string");
}

TEST_CASE("Structured search: recency decay favours newer stories, and explain shows it",
          "[search]") {
  const News news;
  const trawl::Searcher searcher = news.searcher();
  const Query plain = Query::term("title", "moscow");
  // A week-old story keeps half its score; b is four days older than a, d six weeks.
  const Query recent = Query::decay(plain, "published", "2025-02-14T12:00:00Z", "7d", 0.5);
  auto before = searcher.search(plain).value();
  auto after = searcher.search(recent).value();
  REQUIRE(after.hits.size() == before.hits.size());
  CHECK(ids(searcher, after).front() == "a");
  std::map<std::string, double> original;
  for (std::size_t i = 0; i < before.hits.size(); ++i)
    original[ids(searcher, before)[i]] = before.hits[i].score;
  const auto decayed_ids = ids(searcher, after);
  for (std::size_t i = 0; i < after.hits.size(); ++i) {
    const std::string& id = decayed_ids[i];
    if (id == "a") CHECK(after.hits[i].score == original[id]);  // at the origin: factor 1
    if (id == "e") CHECK(after.hits[i].score == Approx(original[id] * std::pow(0.5, 3.0 / 168)));
    if (id == "b")
      CHECK(after.hits[i].score == Approx(original[id] * std::pow(0.5, (4 * 24 + 12) / 168.0)));
    auto explanation = searcher.explain(recent, after.hits[i]).value();
    CHECK(explanation.value == after.hits[i].score);
    CHECK(explanation.to_string().find("decay = factor ^ (distance / scale), factor 0.5") !=
          std::string::npos);
  }
  auto error = [&](const Query& query) {
    auto result = searcher.search(query);
    REQUIRE_FALSE(result.has_value());
    CHECK(result.error().is_invalid_argument());
    return std::string(result.error().message());
  };
  CHECK(error(Query::decay(plain, "title", "x", "7d")).find("which is text") != std::string::npos);
  CHECK(error(Query::decay(plain, "published", "2025-02-14", "7d", 1.0)).find("between 0 and 1") !=
        std::string::npos);
  CHECK(error(Query::decay(plain, "published", "2025-02-14", "a week")).find("is not a duration") !=
        std::string::npos);
  CHECK(error(Query::decay(plain, "words", "many", "10")).find("is not a 64-bit integer") !=
        std::string::npos);
  CHECK(error(Query::decay(plain, "words", "100", "-1")).find("is not a positive number") !=
        std::string::npos);
}

TEST_CASE("Structured search: value facets over many matches equal counting by hand",
          "[search]") {
  // One section per document (the facet's batched path), over several segments and more
  // matches than a batch, with deletions; counted here from the documents as written.
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::Schema schema;
  schema.add_keyword("id").add_text("body").add_keyword("section").set_unique_key("id");
  trawl::IndexWriterOptions options;
  options.merge_factor = 0;
  auto writer = trawl::IndexWriter::open(directory, schema, options).value();
  const std::vector<std::string> sections{"arts", "business", "politics", "science", "world"};
  const std::vector<std::string> words{"zorp", "quix", "blent", "mirv"};
  std::mt19937_64 rng(20261202);
  struct Written {
    std::string section;
    std::set<std::string> words;
    bool live = true;
  };
  std::vector<Written> written;
  for (int d = 0; d < 3000; ++d) {
    Written w{sections[rng() % sections.size()], {}, true};
    std::string body;
    for (const auto& word : words) {
      if (rng() % 2 == 0) {
        body += word + " ";
        w.words.insert(word);
      }
    }
    trawl::Document doc;
    doc.add("id", std::to_string(d)).add("body", body).add("section", w.section);
    REQUIRE(writer.add(doc).ok());
    written.push_back(std::move(w));
    if (d % 1000 == 999) REQUIRE(writer.commit().ok());  // three segments
  }
  for (int d = 0; d < 3000; d += 7) {
    REQUIRE(writer.remove(std::to_string(d)).value() == 1);
    written[static_cast<std::size_t>(d)].live = false;
  }
  REQUIRE(writer.commit().ok());
  trawl::Searcher searcher(trawl::IndexReader::open(directory).value());
  for (const auto& word : words) {
    CAPTURE(word);
    std::map<std::string, std::uint64_t> expected;
    for (const Written& w : written) {
      if (w.live && w.words.count(word)) ++expected[w.section];
    }
    SearchOptions faceted;
    faceted.k = 5;
    faceted.facets.push_back({FacetRequest::Kind::kValues, "section", 10, {}, {}});
    auto result = searcher.search(Query::term("body", word), faceted);
    REQUIRE(result.has_value());
    REQUIRE(result->facets.size() == 1);
    std::map<std::string, std::uint64_t> got;
    for (const auto& count : result->facets[0].counts) got[count.value] = count.count;
    CHECK(got == expected);
  }
}
