#include "trawl/search/searcher.h"

#include <catch2/catch.hpp>

#include <cmath>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "util/utf8.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"

namespace {

trawl::SearchOptions top_k(std::size_t k) {
  trawl::SearchOptions options;
  options.k = k;
  return options;
}

}  // namespace

namespace {

using trawl::Document;
using trawl::Query;
using Occur = trawl::Query::Occur;

struct Fixture {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::Schema schema;

  explicit Fixture(std::size_t ram_budget = 256u << 20, unsigned threads = 1) {
    schema.add_keyword("id").add_text("title").add_text("body").add_keyword("lang").set_unique_key("id");
    trawl::IndexWriterOptions options;
    options.ram_budget_bytes = ram_budget;
    options.merge_factor = 0;
    options.threads = threads;
    auto writer = trawl::IndexWriter::open(directory, schema, options);
    REQUIRE(writer.has_value());
    const std::vector<std::array<const char*, 4>> docs = {
        {"d0", "Peace talks", "Secret peace talks were held in Geneva", "en"},
        {"d1", "Weather", "Rain in Geneva and sun in Zurich", "en"},
        {"d2", "Talks", "The talks about talks: more talks", "en"},
        {"d3", "Frieden", "Geheime Gespräche in Genf", "de"},
        {"d4", "Peace", "peace of mind, peace and quiet", "en"},
    };
    for (const auto& d : docs) {
      REQUIRE(writer->add(Document().add("id", d[0]).add("title", d[1]).add("body", d[2]).add("lang", d[3])).ok());
    }
    REQUIRE(writer->commit().ok());
  }

  trawl::Searcher searcher(trawl::Bm25Parameters bm25 = {}) const {
    return trawl::Searcher(trawl::IndexReader::open(directory).value(), bm25);
  }

  // Ids of the hits, best first.
  std::vector<std::string> ids(const Query& query, std::size_t k = 10) const {
    auto s = searcher();
    auto result = s.search(query, top_k(k));
    REQUIRE(result.has_value());
    std::vector<std::string> out;
    for (const auto& hit : result->hits) out.push_back(*s.document(hit)->get("id"));
    return out;
  }
};

using Ids = std::vector<std::string>;

// A searcher over an index of one text field, "body", holding `documents`.
trawl::Searcher body_searcher(const std::vector<Document>& documents) {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::Schema schema;
  schema.add_text("body");
  auto writer = trawl::IndexWriter::open(directory, schema);
  REQUIRE(writer.has_value());
  for (const Document& document : documents) REQUIRE(writer->add(document).ok());
  REQUIRE(writer->commit().ok());
  return trawl::Searcher(trawl::IndexReader::open(directory).value());
}

double bm25(double tf, double dl, double avgdl, double n, double df, double k1 = 0.9,
            double b = 0.4) {
  const double idf = std::log(1 + (n - df + 0.5) / (df + 0.5));
  return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl));
}

}  // namespace

TEST_CASE("Searcher: BM25 scores computed by hand", "[search]") {
  Fixture index;
  auto searcher = index.searcher();
  // body: d0 "secret peac talk held geneva" (5), d1 "rain geneva sun zurich" (4),
  // d2 "talk talk talk" (3), d3 "geheim gespräch genf" (3), d4 "peac mind peac quiet" (4).
  const double avgdl = (5 + 4 + 3 + 3 + 4) / 5.0;
  auto result = searcher.search(Query::term("body", "talks"));
  REQUIRE(result.has_value());
  REQUIRE(result->hits.size() == 2);
  CHECK(result->total_hits == 2);
  CHECK(*searcher.document(result->hits[0])->get("id") == "d2");
  CHECK(result->hits[0].score == Approx(bm25(3, 3, avgdl, 5, 2)).epsilon(1e-6));
  CHECK(result->hits[1].score == Approx(bm25(1, 5, avgdl, 5, 2)).epsilon(1e-6));

  // Unscoped: title and body as one text. d4: title "peac" + body "peac mind peac quiet".
  auto all = searcher.search(Query::term("", "peace"));
  REQUIRE(all.has_value());
  REQUIRE(all->hits.size() == 2);
  const double all_avgdl = (2 + 5 + 1 + 4 + 1 + 3 + 1 + 3 + 1 + 4) / 5.0;  // title + body
  CHECK(*searcher.document(all->hits[0])->get("id") == "d4");
  CHECK(all->hits[0].score == Approx(bm25(3, 5, all_avgdl, 5, 2)).epsilon(1e-6));
  CHECK(all->hits[1].score == Approx(bm25(2, 7, all_avgdl, 5, 2)).epsilon(1e-6));

  // Parameters are the searcher's.
  auto flat = index.searcher({1.2, 0.0}).search(Query::term("body", "talks"));
  CHECK(flat->hits[1].score == Approx(bm25(1, 5, avgdl, 5, 2, 1.2, 0.0)).epsilon(1e-6));
}

TEST_CASE("Searcher: bag of words, boosts and analysis", "[search]") {
  Fixture index;
  // d0 has both words; d2 "talk" three times; d4 "peace" twice in a longer text.
  CHECK(index.ids(Query::term("body", "PEACE Talks")) == Ids{"d0", "d2", "d4"});
  CHECK(index.ids(Query::term("body", "the of and")).empty());  // only stop words
  CHECK(index.ids(Query::term("body", "unknownword")).empty());
  CHECK(index.ids(Query::term("lang", "de")) == Ids{"d3"});      // keyword: exact
  CHECK(index.ids(Query::term("lang", "DE")).empty());
  // A boost on one clause reorders.
  auto boosted = Query::boolean({{Occur::kShould, Query::term("body", "geneva")},
                                 {Occur::kShould, Query::term("body", "rain").boost(10)}});
  CHECK(index.ids(boosted).front() == "d1");
}

TEST_CASE("Searcher: a word the query repeats weighs as often as it is repeated", "[search]") {
  Fixture index;
  auto searcher = index.searcher();
  // body as in the test above; "talk" in d0 (once) and d2 (three times), "peac" in d0 and d4.
  const double avgdl = (5 + 4 + 3 + 3 + 4) / 5.0;
  const std::map<std::string, double> expected = {
      {"d0", 2 * bm25(1, 5, avgdl, 5, 2) + bm25(1, 5, avgdl, 5, 2)},
      {"d2", 2 * bm25(3, 3, avgdl, 5, 2)},
      {"d4", bm25(2, 4, avgdl, 5, 2)},
  };
  // Short texts count their words one way, long ones (a topic of a paragraph) another: padded
  // with words no document has, the same scores.
  std::string padded = "talks";
  for (int i = 0; i < 40; ++i)
    padded += " qzx" + std::to_string(i) + (i == 20 ? " peace talks" : "");
  for (const std::string& text : {std::string("talks peace talks"), padded}) {
    CAPTURE(text);
    auto result = searcher.search(Query::term("body", text));
    REQUIRE(result.has_value());
    REQUIRE(result->hits.size() == expected.size());
    for (const auto& hit : result->hits) {
      const std::string id = *searcher.document(hit)->get("id");
      CAPTURE(id);
      CHECK(hit.score == Approx(expected.at(id)).epsilon(1e-9));
    }
  }
  // And each distinct word is one clause: the long text's 42 fit in 42.
  trawl::SearchOptions limited;
  limited.max_clauses = 42;
  CHECK(searcher.search(Query::term("body", padded), limited).has_value());
  limited.max_clauses = 41;
  CHECK_FALSE(searcher.search(Query::term("body", padded), limited).has_value());
}

TEST_CASE("Searcher: emoji are words, found alone, beside a word and in phrases", "[search]") {
  const trawl::Searcher searcher = body_searcher(
      {Document().add("body", "🌱plants grow in spring"), Document().add("body", "I ❤️ NY"),
       Document().add("body", "plants and 🌱 seedlings"), Document().add("body", "no emoji here")});
  const auto docs = [&](const std::string& text) {
    auto result = searcher.search(trawl::parse_query(text).value(), top_k(10));
    REQUIRE(result.has_value());
    std::set<trawl::DocId> out;
    for (const auto& hit : result->hits) out.insert(hit.doc);
    return out;
  };
  CHECK(docs("🌱") == std::set<trawl::DocId>{0, 2});
  CHECK(docs("plants") == std::set<trawl::DocId>{0, 2});
  CHECK(docs("\"🌱 plants\"") == std::set<trawl::DocId>{0});  // "🌱plants": adjacent words
  CHECK(docs("❤") == std::set<trawl::DocId>{1});             // without its selector
  CHECK(docs("❤️") == std::set<trawl::DocId>{1});
  // Highlighted as a word.
  auto hits = searcher.search(trawl::parse_query("🌱").value(), top_k(10));
  REQUIRE(hits.has_value());
  REQUIRE_FALSE(hits->hits.empty());
  const auto snippet = searcher.snippet(trawl::parse_query("🌱").value(), hits->hits[0], "body");
  REQUIRE(snippet.has_value());
  CHECK(snippet->find("<b>🌱</b>") != std::string::npos);
}

TEST_CASE("Searcher: phrases with positions and slop", "[search]") {
  Fixture index;
  CHECK(index.ids(Query::phrase("body", "peace talks")) == Ids{"d0"});
  CHECK(index.ids(Query::phrase("body", "talks peace")).empty());
  // "peace of mind": "of" is a stop word but keeps its position gap.
  CHECK(index.ids(Query::phrase("body", "peace of mind")) == Ids{"d4"});
  CHECK(index.ids(Query::phrase("body", "peace mind")).empty());
  CHECK(index.ids(Query::phrase("body", "peace mind", 1)) == Ids{"d4"});
  CHECK(index.ids(Query::phrase("body", "secret talks")).empty());
  CHECK(index.ids(Query::phrase("body", "secret talks", 1)) == Ids{"d0"});
  CHECK(index.ids(Query::phrase("", "peace talks")) == Ids{"d0"});  // title or body
  // Slop lets words move, also past each other: talk@2, geneva@6.
  CHECK(index.ids(Query::phrase("body", "geneva talks", 5)) == Ids{"d0"});
  CHECK(index.ids(Query::phrase("body", "geneva talks", 4)).empty());
}

TEST_CASE("Searcher: phrases never match across the values of a field", "[search]") {
  const trawl::Searcher searcher =
      body_searcher({Document().add("body", "it ended in geneva").add("body", "talks began")});
  CHECK(searcher.search(Query::phrase("body", "geneva talks", 50))->hits.empty());
  CHECK(searcher.search(Query::phrase("body", "talks began"))->hits.size() == 1);
}

TEST_CASE("Searcher: boolean clauses", "[search]") {
  Fixture index;
  auto q = [](std::vector<Query::Clause> clauses, std::uint32_t msm = 0) {
    return Query::boolean(std::move(clauses), msm);
  };
  CHECK(index.ids(q({{Occur::kMust, Query::term("body", "geneva")},
                     {Occur::kMust, Query::term("body", "talks")}})) == Ids{"d0"});
  const auto geneva_not_talks = index.ids(q({{Occur::kMust, Query::term("body", "geneva")},
                                              {Occur::kMustNot, Query::term("body", "talks")}}));
  CHECK(geneva_not_talks == Ids{"d1"});
  // Should clauses add to required ones but do not restrict.
  CHECK(index.ids(q({{Occur::kMust, Query::term("body", "geneva")},
                     {Occur::kShould, Query::term("body", "secret")}})) == Ids{"d0", "d1"});
  // min_should_match
  const auto two_of_three = index.ids(q({{Occur::kShould, Query::term("body", "geneva")},
                                         {Occur::kShould, Query::term("body", "talks")},
                                         {Occur::kShould, Query::term("body", "rain")}},
                                        2));
  CHECK(std::set<std::string>(two_of_three.begin(), two_of_three.end()) ==
        std::set<std::string>{"d0", "d1"});
  CHECK(index.ids(q({{Occur::kShould, Query::term("body", "geneva")}}, 2)).empty());
  // A required clause of stop words only is dropped, not unsatisfiable ("+the +geneva")...
  CHECK(index.ids(q({{Occur::kMust, Query::term("body", "the")},
                     {Occur::kMust, Query::term("body", "geneva")}})) ==
        index.ids(Query::term("body", "geneva")));
  // ...while a required word no document has still matches nothing.
  CHECK(index.ids(q({{Occur::kMust, Query::term("body", "zurichx")},
                     {Occur::kMust, Query::term("body", "geneva")}})).empty());
  CHECK(index.ids(q({{Occur::kMust, Query::term("body", "the of")}})).empty());
  // Filters restrict without changing scores.
  auto plain = index.searcher().search(Query::term("body", "geneva")).value();
  auto filtered = index.searcher()
                      .search(q({{Occur::kMust, Query::term("body", "geneva")},
                                 {Occur::kFilter, Query::term("lang", "en")}}))
                      .value();
  REQUIRE(filtered.hits.size() == 2);
  CHECK(filtered.hits[0].score == plain.hits[0].score);
  CHECK(index.ids(q({{Occur::kFilter, Query::term("lang", "de")}})) == Ids{"d3"});
  // Only prohibited clauses: everything else.
  CHECK(index.ids(q({{Occur::kMustNot, Query::term("lang", "en")}})) == Ids{"d3"});
  // A required clause that matches nothing makes the query match nothing.
  CHECK(index.ids(q({{Occur::kMust, Query::term("body", "nothing")},
                     {Occur::kShould, Query::term("body", "geneva")}})).empty());
}

TEST_CASE("Searcher: prefix, match-all, top-k and ties", "[search]") {
  Fixture index;
  auto gen = index.ids(Query::prefix("body", "Gen"));  // geneva, genf
  CHECK(std::set<std::string>(gen.begin(), gen.end()) == std::set<std::string>{"d0", "d1", "d3"});
  CHECK(index.ids(Query::prefix("body", "zzz")).empty());
  // Past the cap a prefix keeps the terms in most documents, then by bytes: "g" has geneva
  // (2 documents), then geheim, genf, gespräch (1 each).
  trawl::SearchOptions capped;
  capped.max_prefix_terms = 1;
  auto ids = [&](const Query& query, const trawl::SearchOptions& options) {
    auto result = index.searcher().search(query, options);
    REQUIRE(result.has_value());
    std::set<std::string> out;
    for (const auto& key : *index.searcher().keys(result->hits)) out.insert(key);
    return out;
  };
  CHECK(ids(Query::prefix("body", "g"), capped) == std::set<std::string>{"d0", "d1"});
  capped.max_prefix_terms = 2;
  CHECK(ids(Query::prefix("body", "g"), capped) == std::set<std::string>{"d0", "d1", "d3"});
  // The cap is each prefix's: two prefixes of one term each are within a cap of 1.
  capped.max_prefix_terms = 1;
  CHECK(ids(Query::boolean({{Occur::kShould, Query::prefix("body", "mind")},
                            {Occur::kShould, Query::prefix("body", "quiet")}}),
            capped) == std::set<std::string>{"d4"});
  // A prefix is one clause, however many terms it has.
  trawl::SearchOptions one_clause;
  one_clause.max_clauses = 1;
  CHECK(ids(Query::prefix("body", "g"), one_clause).size() == 3);

  // Equal scores rank in document order.
  CHECK(index.ids(Query::match_all()) == Ids{"d0", "d1", "d2", "d3", "d4"});
  CHECK(index.ids(Query::match_all(), 2) == Ids{"d0", "d1"});
  auto result = index.searcher().search(Query::match_all().boost(2.5f), top_k(0));
  CHECK(result->hits.empty());
  CHECK(result->total_hits == 5);
}

TEST_CASE("Searcher: the same scores however the index is segmented, merged or threaded",
          "[search]") {
  Fixture one;
  Fixture many(1);  // a segment per document
  REQUIRE(trawl::IndexReader::open(many.directory)->segment_count() == 5);
  const auto variant = GENERATE(as<std::string>{}, "segmented", "merged", "threaded");
  CAPTURE(variant);
  if (variant == "merged") {
    auto writer = trawl::IndexWriter::open(many.directory, many.schema);
    REQUIRE(writer.has_value());
    REQUIRE(writer->force_merge(1).ok());
    REQUIRE(trawl::IndexReader::open(many.directory)->segment_count() == 1);
  }
  if (variant == "threaded") many = Fixture(1, 3);
  for (const Query& query : {Query::term("", "peace talks geneva"), Query::term("body", "talks"),
                             Query::phrase("body", "peace talks"), Query::prefix("", "ge")}) {
    CAPTURE(query.to_string());
    auto a = one.searcher().search(query).value();
    auto b = many.searcher().search(query).value();
    REQUIRE(a.hits.size() == b.hits.size());
    for (std::size_t i = 0; i < a.hits.size(); ++i) {
      CHECK(*one.searcher().document(a.hits[i])->get("id") ==
            *many.searcher().document(b.hits[i])->get("id"));
      CHECK(a.hits[i].score == b.hits[i].score);
    }
  }
}

TEST_CASE("Searcher: documents() equals document() for every hit", "[search]") {
  Fixture index(1);  // several segments
  auto searcher = index.searcher();
  auto result = searcher.search(Query::match_all()).value();
  std::vector<trawl::Hit> shuffled(result.hits.rbegin(), result.hits.rend());
  auto documents = searcher.documents(shuffled);
  REQUIRE(documents.has_value());
  REQUIRE(documents->size() == shuffled.size());
  for (std::size_t i = 0; i < shuffled.size(); ++i) {
    CHECK(*(*documents)[i].get("id") == *searcher.document(shuffled[i])->get("id"));
    CHECK(*(*documents)[i].get("body") == *searcher.document(shuffled[i])->get("body"));
  }
  CHECK(searcher.documents({trawl::Hit{99, 0, 0}}).error().is_invalid_argument());
}

TEST_CASE("Searcher: errors name the problem", "[search]") {
  Fixture index;
  auto searcher = index.searcher();
  auto unknown = searcher.search(Query::term("colour", "red"));
  REQUIRE_FALSE(unknown.has_value());
  CHECK(std::string(unknown.error().message()).find("unknown field 'colour'") != std::string::npos);
  CHECK(searcher.search(Query::term("body", "x").boost(-1)).error().is_invalid_argument());
  CHECK(searcher.search(Query::term("body", "x").boost(NAN)).error().is_invalid_argument());
}

TEST_CASE("Searcher: explain breaks the score into BM25's parts", "[search]") {
  Fixture index;
  auto searcher = index.searcher();
  const std::vector<Query> queries = {
      Query::term("body", "talks"), Query::term("", "peace talks geneva"),
      Query::phrase("body", "peace talks"),
      Query::boolean({{Occur::kMust, Query::term("body", "geneva")},
                      {Occur::kShould, Query::term("title", "peace")},
                      {Occur::kMustNot, Query::term("body", "rain")}})};
  for (const Query& query : queries) {
    CAPTURE(query.to_string());
    auto result = searcher.search(query).value();
    REQUIRE_FALSE(result.hits.empty());
    for (const trawl::Hit& hit : result.hits) {
      auto explanation = searcher.explain(query, hit);
      REQUIRE(explanation.has_value());
      CHECK(explanation->value == Approx(hit.score).epsilon(1e-12));
      const std::string text = explanation->to_string();
      CHECK(text.find("= ln(1 + (N - df + 0.5) / (df + 0.5))") != std::string::npos);
      CHECK(text.find("N = 5") != std::string::npos);
      CHECK(text.find("avgdl") != std::string::npos);
    }
  }
  // A document the query does not match explains to zero.
  auto miss = searcher.explain(Query::term("body", "talks"), trawl::Hit{0, 1, 0});
  REQUIRE(miss.has_value());
  CHECK(miss->value == 0);
  CHECK(searcher.explain(Query::term("body", "talks"), trawl::Hit{0, 99, 0}).error().is_invalid_argument());
}

TEST_CASE("Searcher: snippets mark the matched words of the best passage", "[search]") {
  Fixture index;
  auto searcher = index.searcher();
  auto top = [&](const Query& query) { return searcher.search(query).value().hits.at(0); };
  // Stemming: "talk" marks "talks".
  const Query talk = Query::term("body", "talk");
  CHECK(searcher.snippet(talk, top(talk), "body").value() ==
        "The <b>talks</b> about <b>talks</b>: more <b>talks</b>");
  const Query phrase = Query::phrase("", "peace talks");
  CHECK(searcher.snippet(phrase, top(phrase), "body").value() ==
        "Secret <b>peace talks</b> were held in Geneva");
  const Query prefix = Query::prefix("body", "gen");
  CHECK(searcher.snippet(prefix, top(prefix), "body").value() ==
        "Geheime Gespräche in <b>Genf</b>");
  trawl::SnippetOptions brackets;
  brackets.before = "[";
  brackets.after = "]";
  brackets.max_bytes = 20;
  // 20 bytes hold two of the three matches.
  CHECK(searcher.snippet(talk, top(talk), "body", brackets).value() == "…[talks] about [talks]:…");
  CHECK(searcher.snippet(talk, top(talk), "lang").error().is_invalid_argument());
  CHECK(searcher.snippet(talk, top(talk), "nope").error().is_invalid_argument());
}

TEST_CASE("Searcher: snippets are HTML-escaped unless asked for raw text", "[search]") {
  const trawl::Searcher searcher = body_searcher(
      {Document().add("body", "<script>alert('Moscow')</script> & \"Moscow\" > Kyiv")});
  const Query query = Query::term("body", "moscow");
  const trawl::Hit hit = searcher.search(query).value().hits.at(0);
  CHECK(searcher.snippet(query, hit, "body").value() ==
        "&lt;script&gt;alert(&#39;<b>Moscow</b>&#39;)&lt;/script&gt; &amp; &quot;<b>Moscow</b>&quot; "
        "&gt; Kyiv");
  trawl::SnippetOptions raw;
  raw.escape_html = false;
  CHECK(searcher.snippet(query, hit, "body", raw).value() ==
        "<script>alert('<b>Moscow</b>')</script> & \"<b>Moscow</b>\" > Kyiv");
}

TEST_CASE("Searcher: phrases are marked where they occur, and choose the passage", "[search]") {
  // "peace" and "talks" occur often apart; the phrase occurs once, far from the start.
  std::string text = "Peace is fragile. ";
  for (int i = 0; i < 30; ++i) text += "talks went nowhere and peace seemed far. ";
  text += "At last the peace talks began in Geneva. ";
  for (int i = 0; i < 30; ++i) text += "Nothing else happened here. ";
  const trawl::Searcher searcher = body_searcher({Document().add("body", text)});
  const Query phrase = Query::phrase("body", "peace talks");
  const trawl::Hit hit = searcher.search(phrase).value().hits.at(0);
  trawl::SnippetOptions options;
  options.max_bytes = 60;
  const std::string snippet = searcher.snippet(phrase, hit, "body", options).value();
  CAPTURE(snippet);
  CHECK(snippet.find("<b>peace talks</b>") != std::string::npos);
  // Only the occurrence is marked, not the words elsewhere in the passage.
  CHECK(snippet.find("<b>peace</b>") == std::string::npos);
  CHECK(snippet.find("<b>talks</b>") == std::string::npos);
  // A sloppy phrase is one span too, covering the words between.
  const Query sloppy = Query::phrase("body", "peace began", 2);
  const std::string loose = searcher.snippet(sloppy, hit, "body", options).value();
  CAPTURE(loose);
  CHECK(loose.find("<b>peace talks began</b>") != std::string::npos);
  // A prohibited clause marks nothing.
  const Query without = Query::boolean({{Occur::kMust, Query::term("body", "geneva")},
                                        {Occur::kMustNot, Query::term("body", "fragile")}});
  CHECK(searcher.snippet(without, hit, "body", options).value().find("<b>") != std::string::npos);
  const Query only_not = Query::boolean({{Occur::kShould, Query::term("body", "geneva")},
                                         {Occur::kMustNot, Query::term("body", "happened")}});
  auto none = searcher.search(only_not).value();
  CHECK(none.hits.empty());
}

TEST_CASE("Searcher: best_snippet picks the stored text field that matched best", "[search]") {
  Fixture index;
  auto searcher = index.searcher();
  // d1's title "Weather" has no match; its body has "Geneva".
  const Query query = Query::term("", "geneva rain");
  auto result = searcher.search(query).value();
  REQUIRE_FALSE(result.hits.empty());
  for (const trawl::Hit& hit : result.hits) {
    auto best = searcher.best_snippet(query, hit);
    REQUIRE(best.has_value());
    CHECK(best->field == "body");
    CHECK(best->weight > 0);
    CHECK(best->text.find("<b>") != std::string::npos);
  }
  // Where only the title matches, the title is chosen.
  const Query title = Query::term("title", "weather");
  const trawl::Hit hit = searcher.search(title).value().hits.at(0);
  CHECK(searcher.best_snippet(title, hit)->field == "title");
  CHECK(searcher.best_snippet(title, hit)->text == "<b>Weather</b>");
}

TEST_CASE("Searcher: snippets of long and invalid text stay valid UTF-8", "[search]") {
  std::string text;
  for (int i = 0; i < 200; ++i) text += "Ёлка стояла в зале \xff ";
  text += " peace talks ";
  for (int i = 0; i < 200; ++i) text += "ещё немного текста ";
  const trawl::Searcher searcher = body_searcher({Document().add("body", text)});
  const Query query = Query::term("body", "peace");
  auto hits = searcher.search(query).value().hits;
  REQUIRE(hits.size() == 1);
  for (std::size_t max : {std::size_t{10}, std::size_t{61}, std::size_t{200}}) {
    trawl::SnippetOptions options;
    options.max_bytes = max;
    auto snippet = searcher.snippet(query, hits[0], "body", options);
    REQUIRE(snippet.has_value());
    CAPTURE(max, *snippet);
    CHECK(snippet->find("<b>peace</b>") != std::string::npos);
    CHECK(snippet->rfind("…", 0) == 0);
    std::string repaired;
    CHECK_FALSE(trawl::util::replace_invalid_utf8(*snippet, repaired));
  }
}

TEST_CASE("Searcher: many threads share one searcher", "[search][concurrency]") {
  Fixture index(200);  // a few segments
  const trawl::Searcher searcher = index.searcher();
  const std::vector<Query> queries = {Query::term("", "peace talks geneva"),
                                      Query::phrase("body", "peace talks"),
                                      Query::prefix("body", "ge"), Query::match_all()};
  std::vector<std::vector<trawl::Hit>> expected;
  for (const Query& query : queries) expected.push_back(searcher.search(query).value().hits);
  std::vector<int> mismatches(4, 0);
  std::vector<std::thread> threads;
  for (std::size_t t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 50; ++round) {
        const std::size_t q = (t + static_cast<std::size_t>(round)) % queries.size();
        auto result = searcher.search(queries[q]);
        bool same = result.has_value() && result->hits.size() == expected[q].size();
        for (std::size_t i = 0; same && i < expected[q].size(); ++i) {
          same = result->hits[i].doc == expected[q][i].doc &&
                 result->hits[i].score == expected[q][i].score;
        }
        if (!same || !searcher.documents(expected[q]).has_value()) ++mismatches[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(mismatches == std::vector<int>(4, 0));
}

TEST_CASE("Searcher: an unscoped query scores like one concatenated field", "[search]") {
  // Index A keeps title and body apart; index B puts both into one field as two values.
  std::shared_ptr<trawl::Directory> a = trawl::make_mem_directory();
  std::shared_ptr<trawl::Directory> b = trawl::make_mem_directory();
  trawl::Schema split, joined;
  split.add_text("title").add_text("body");
  joined.add_text("all");
  auto wa = trawl::IndexWriter::open(a, split);
  auto wb = trawl::IndexWriter::open(b, joined);
  REQUIRE(wa.has_value());
  REQUIRE(wb.has_value());
  std::mt19937_64 rng(77);
  static const char* words[] = {"wing", "flow", "shock", "heat", "layer", "boundary", "flutter"};
  for (int i = 0; i < 300; ++i) {
    std::string title, body;
    for (std::size_t n = rng() % 4; n > 0; --n) title += std::string(words[rng() % 7]) + " ";
    for (std::size_t n = rng() % 30; n > 0; --n) body += std::string(words[rng() % 7]) + " ";
    Document da, db;
    if (!title.empty()) {
      da.add("title", title);
      db.add("all", title);
    }
    if (!body.empty()) {
      da.add("body", body);
      db.add("all", body);
    }
    REQUIRE(wa->add(da).ok());
    REQUIRE(wb->add(db).ok());
  }
  REQUIRE(wa->commit().ok());
  REQUIRE(wb->commit().ok());
  trawl::Searcher sa(trawl::IndexReader::open(a).value());
  trawl::Searcher sb(trawl::IndexReader::open(b).value());
  for (const char* text : {"wing", "shock heat", "boundary layer flutter wing"}) {
    CAPTURE(text);
    trawl::SearchOptions all;
    all.k = 300;
    auto ra = sa.search(Query::term("", text), all).value();
    auto rb = sb.search(Query::term("all", text), all).value();
    REQUIRE(ra.hits.size() == rb.hits.size());
    for (std::size_t i = 0; i < ra.hits.size(); ++i) {
      CHECK(ra.hits[i].doc == rb.hits[i].doc);
      CHECK(ra.hits[i].score == Approx(rb.hits[i].score).epsilon(1e-6));
    }
  }
}

// The cases a new user hit: a segment that lacks the query's words used to return every one of
// its documents with score 0.
TEST_CASE("Searcher: a segment without the query's words adds no hits", "[search]") {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::Schema schema;
  schema.add_keyword("id").add_text("body").add_keyword("lang").set_unique_key("id");
  trawl::IndexWriterOptions options;
  options.merge_factor = 0;
  {
    auto writer = trawl::IndexWriter::open(directory, schema, options).value();
    REQUIRE(writer.update(Document().add("id", "1").add("body", "rouble falls").add("lang", "en")).ok());
    REQUIRE(writer.commit().ok());
    REQUIRE(writer.update(Document().add("id", "2").add("body", "Moscow markets").add("lang", "en")).ok());
    REQUIRE(writer.update(Document().add("id", "3").add("body", "oil prices").add("lang", "ru")).ok());
    REQUIRE(writer.commit().ok());
    REQUIRE(writer.update(Document().add("id", "4").add("body", "peace talks held")).ok());
    REQUIRE(writer.update(Document().add("id", "5").add("body", "weather")).ok());
    REQUIRE(writer.commit().ok());
    REQUIRE(writer.update(Document().add("id", "4").add("body", "peace talks resumed")).ok());
    REQUIRE(writer.commit().ok());
  }
  trawl::Searcher searcher(trawl::IndexReader::open(directory).value());
  REQUIRE(searcher.reader().segment_count() == 4);
  REQUIRE(searcher.reader().deleted_count() == 1);  // the first version of 4
  auto ids = [&](const std::string& text) {
    auto query = trawl::parse_query(text);
    REQUIRE(query.has_value());
    auto result = searcher.search(*query, top_k(100));
    REQUIRE(result.has_value());
    std::vector<std::string> out;
    for (const auto& hit : result->hits) {
      CHECK(hit.score > 0);
      out.push_back(*searcher.document(hit)->get("id"));
    }
    CHECK(result->total_hits == out.size());
    return out;
  };
  CHECK(ids("rouble zzz") == Ids{"1"});
  CHECK(ids("rouble -moscow") == Ids{"1"});
  CHECK(ids("zzz -moscow").empty());
  CHECK(ids("(rouble OR zzz) AND falls") == Ids{"1"});
  CHECK(ids("\"peace talks\" OR ceasefire") == Ids{"4"});
  CHECK(ids("\"oil prices\" OR rouble") == Ids{"3", "1"});
}

TEST_CASE("Searcher: a matching keyword clause never lowers a score", "[search]") {
  Fixture fixture;
  auto searcher = fixture.searcher();
  auto score = [&](const std::string& text) {
    auto query = trawl::parse_query(text);
    REQUIRE(query.has_value());
    auto result = searcher.search(*query);
    REQUIRE(result.has_value());
    REQUIRE_FALSE(result->hits.empty());
    return result->hits[0].score;
  };
  const double geneva = score("body:geneva");
  CHECK(score("body:geneva id:d0") > geneva);
  CHECK(score("body:geneva lang:en^5") > geneva);
  // BM25 without length normalisation over every document: N = 5, df("de") = 1, tf = 1.
  CHECK(score("lang:de") == Approx(std::log(1 + (5 - 1 + 0.5) / 1.5)).epsilon(1e-12));
}

TEST_CASE("Searcher: parameters are validated", "[search]") {
  Fixture fixture;
  auto reader = trawl::IndexReader::open(fixture.directory).value();
  CHECK(trawl::Searcher::create(reader).has_value());
  CHECK(trawl::Searcher::create(reader, {-1, 7}).error().is_invalid_argument());
  CHECK(trawl::Searcher::create(reader, {0.9, 1.5}).error().is_invalid_argument());
  CHECK(trawl::Searcher::create(reader, {NAN, 0.4}).error().is_invalid_argument());
  CHECK(trawl::Searcher::create(reader, {}, {{"title", -2}}).error().is_invalid_argument());
  CHECK(trawl::Searcher::create(reader, {}, {{"nosuch", 2}}).error().is_invalid_argument());
  CHECK(trawl::Searcher::create(reader, {}, {{"lang", 2}}).error().is_invalid_argument());
  // The constructor cannot fail; its searches report the parameters' error instead.
  trawl::Searcher invalid(reader, {-1, 7});
  auto result = invalid.search(Query::term("body", "geneva"));
  REQUIRE_FALSE(result.has_value());
  CHECK(result.error().message().find("k1") != std::string::npos);
}

TEST_CASE("Searcher: total_is_exact holds whenever fewer than k documents match", "[search]") {
  Fixture fixture;
  auto searcher = fixture.searcher();
  for (const char* text : {"zzz", "geneva", "peace talks"}) {
    auto result = searcher.search(trawl::plain_text_query(text), top_k(10));
    REQUIRE(result.has_value());
    CHECK(result->total_is_exact);
    CHECK(result->total_hits == result->hits.size());
  }
}

TEST_CASE("Searcher: max_clauses bounds a query's size", "[search]") {
  Fixture index;
  auto searcher = index.searcher();
  trawl::SearchOptions options;
  options.max_clauses = 3;
  // Three distinct words (a repeated one counts once) fit; four do not.
  CHECK(searcher.search(Query::term("body", "peace talks geneva peace"), options).has_value());
  auto four = searcher.search(Query::term("body", "peace talks geneva rain"), options);
  REQUIRE_FALSE(four.has_value());
  CHECK(four.error().is_invalid_argument());
  // A boolean's clauses count too: 2 clauses + 2 words.
  auto nested = searcher.search(Query::boolean({{Occur::kShould, Query::term("body", "peace")},
                                                {Occur::kShould, Query::term("body", "rain")}}),
                                options);
  CHECK(nested.error().is_invalid_argument());
  // explain and snippets of a hit apply no limit.
  options.max_clauses = 1024;
  const Query query = Query::term("body", "peace talks geneva rain");
  auto hits = searcher.search(query, options).value().hits;
  REQUIRE_FALSE(hits.empty());
  CHECK(searcher.explain(query, hits[0]).has_value());
}

TEST_CASE("Searcher: a timeout returns what was found, flagged partial", "[search]") {
  Fixture index(200);  // several segments
  auto searcher = index.searcher();
  REQUIRE(searcher.reader().segment_count() > 1);
  trawl::SearchOptions options;
  options.timeout = std::chrono::nanoseconds(1);  // over before the first segment
  for (const Query& query : {Query::term("", "peace talks"), Query::match_all()}) {
    auto result = searcher.search(query, options);
    REQUIRE(result.has_value());
    CHECK(result->partial);
    CHECK_FALSE(result->total_is_exact);
    CHECK(result->hits.empty());
  }
  options.timeout = std::chrono::hours(1);
  auto whole = searcher.search(Query::match_all(), options);
  REQUIRE(whole.has_value());
  CHECK_FALSE(whole->partial);
  CHECK(whole->total_hits == 5);
}
