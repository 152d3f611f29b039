// Fuzzy, wildcard and prefix queries as a user meets them: parsed, scored by the rules of
// searcher.h (Fuzziness), explained and highlighted. Scores are checked against the formula
// computed here from the documents' counts, not against trawl's own scorers; the differential
// fuzzer (tests/support/differential.h) compares every other shape with a brute-force reference.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

namespace {

using trawl::Document;
using trawl::Query;

struct Index {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();

  explicit Index(const std::vector<std::string>& bodies) {
    trawl::Schema schema;
    schema.add_keyword("id").add_text("body").add_keyword("tag").set_unique_key("id");
    auto writer = trawl::IndexWriter::open(directory, schema);
    REQUIRE(writer.has_value());
    for (std::size_t i = 0; i < bodies.size(); ++i) {
      REQUIRE(writer
                  ->add(Document()
                            .add("id", "d" + std::to_string(i))
                            .add("body", bodies[i])
                            .add("tag", i % 2 == 0 ? "Moscow" : "Geneva"))
                  .ok());
    }
    REQUIRE(writer->commit().ok());
  }

  trawl::Searcher searcher() const {
    return trawl::Searcher(trawl::IndexReader::open(directory).value());
  }

  // Ids and scores of every hit, best first.
  std::vector<std::pair<std::string, double>> hits(const Query& query,
                                                   trawl::SearchOptions options = {}) const {
    auto s = searcher();
    options.k = 1000;
    auto result = s.search(query, options);
    REQUIRE(result.has_value());
    std::vector<std::pair<std::string, double>> out;
    const auto keys = s.keys(result->hits).value();
    for (std::size_t i = 0; i < keys.size(); ++i) out.emplace_back(keys[i], result->hits[i].score);
    return out;
  }
  std::map<std::string, double> scores(const Query& query,
                                       trawl::SearchOptions options = {}) const {
    std::map<std::string, double> out;
    for (const auto& [id, score] : hits(query, options)) out[id] = score;
    return out;
  }
};

Query parsed(const std::string& text) {
  auto query = trawl::parse_query(text);
  REQUIRE(query.has_value());
  return *query;
}

double bm25(double weight, double tf, double dl, double avgdl) {
  return weight * tf * 1.9 / (tf + 0.9 * (1 - 0.4 + 0.4 * dl / avgdl));
}
double idf(double n, double df) { return std::log(1 + (n - df + 0.5) / (df + 0.5)); }

}  // namespace

TEST_CASE("Fuzzy: a misspelt word finds the word it misspells", "[search][fuzzy]") {
  const Index index({"Talks in Moscow", "Rain in Geneva", "Sanctions on Moscow", "Moscow"});
  CHECK(index.hits(parsed("Moscw")).empty());
  for (const char* text : {"Moscw~", "Moscw~1", "body:Mocsow~1", "Moscw~2", "mosco~"}) {
    CAPTURE(text);
    CHECK(index.scores(parsed(text)).size() == 3);
  }
  CHECK(index.hits(parsed("Moscw~0")).empty());
  // Edits by length: 5 characters get one ("sanctoin", the stem of "sanctoins", is 8).
  CHECK(index.scores(parsed("sanctoins~")).count("d2") == 1);
  CHECK(index.hits(parsed("Mscw~")).empty());  // 4 characters: exact
  // A keyword field's value, unanalysed.
  CHECK(index.scores(parsed("tag:Moscw~1")).size() == 2);
  CHECK(index.hits(parsed("tag:moscow~1")).size() == 2);  // 'm' for 'M' is an edit
  // An exact prefix: "Mocsow" keeps "Mo", but "Msocow" swaps within it.
  CHECK(index.scores(Query::fuzzy("body", "Mocsow", 1, 2)).size() == 3);
  CHECK(index.hits(Query::fuzzy("body", "Msocow", 1, 2)).empty());
  CHECK(index.scores(Query::fuzzy("body", "Msocow", 1, 1)).size() == 3);
}

TEST_CASE("Fuzzy: scores follow the documented penalty and blended df", "[search][fuzzy]") {
  // "moscow" in three documents, the misspelling "moscwo" in one, "mosc" (2 edits) in one.
  const Index index(
      {"moscow talks", "moscwo talks", "moscow", "moscow rain", "mosc talks", "geneva"});
  const double n = 6, avgdl = 10.0 / 6;
  const auto scores = index.scores(Query::fuzzy("body", "moscow", 2));
  REQUIRE(scores.size() == 5);
  // The word itself: its own df (3) and weight 1.
  CHECK(scores.at("d0") == Approx(bm25(idf(n, 3), 1, 2, avgdl)).epsilon(1e-12));
  // Distance 1: penalty 0.5, df blended to the largest at distance <= 1 (moscow's 3).
  CHECK(scores.at("d1") == Approx(bm25(0.5 * idf(n, 3), 1, 2, avgdl)).epsilon(1e-12));
  // Distance 2: 0.25.
  CHECK(scores.at("d4") == Approx(bm25(0.25 * idf(n, 3), 1, 2, avgdl)).epsilon(1e-12));
  // The same document with the word outranks it with a misspelling; the rare misspelling, whose
  // own idf is larger, does not outrank the word.
  CHECK(scores.at("d0") > scores.at("d1"));
  CHECK(scores.at("d1") > scores.at("d4"));

  // A typo in the query: the nearest terms found (distance 1) count fully.
  const auto typo = index.scores(Query::fuzzy("body", "mosocw", 2));
  // moscow (1 transposition) and moscwo (2) ... nearest is 1: moscow weighs 1.
  CHECK(typo.at("d0") == Approx(bm25(idf(n, 3), 1, 2, avgdl)).epsilon(1e-12));

  // Settable: penalty 1 scores a misspelling as the word; a cap of one expansion keeps the word.
  trawl::SearchOptions options;
  options.fuzziness.edit_penalty = 1;
  CHECK(index.scores(Query::fuzzy("body", "moscow", 1), options).at("d1") ==
        Approx(bm25(idf(n, 3), 1, 2, avgdl)).epsilon(1e-12));
  options.fuzziness.max_expansions = 1;
  CHECK(index.scores(Query::fuzzy("body", "moscow", 2), options).size() == 3);
  // The cap keeps the nearest, then the most frequent: "moscwx" is 1 from moscwo and 2 from
  // moscow, so one expansion is moscwo.
  const auto capped = index.scores(Query::fuzzy("body", "moscwx", 2), options);
  REQUIRE(capped.size() == 1);
  CHECK(capped.at("d1") == Approx(bm25(idf(n, 1), 1, 2, avgdl)).epsilon(1e-12));
}

TEST_CASE("Fuzzy: typo-tolerant plain text by word length", "[search][fuzzy]") {
  const Index index({"sanctions on exports", "the negotiations resumed", "covid19 cases",
                     "in 2025 talks", "tech news"});
  trawl::SearchOptions fuzzy;
  fuzzy.fuzzy = true;
  auto ids = [&](const std::string& text, const trawl::SearchOptions& options) {
    std::vector<std::string> out;
    for (const auto& [id, score] : index.hits(trawl::plain_text_query(text), options)) {
      out.push_back(id);
    }
    return out;
  };
  CHECK(ids("sanctoins", {}).empty());
  CHECK(ids("sanctoins", fuzzy) == std::vector<std::string>{"d0"});
  CHECK(ids("negoitations", fuzzy) == std::vector<std::string>{"d1"});  // negoit: negoti
  CHECK(ids("tehc", fuzzy).empty());                                    // 4 characters: exact
  CHECK(ids("covid18", fuzzy).empty());                                 // a digit: exact
  CHECK(ids("2026", fuzzy).empty());                                    // a number: exact
  // Exact matches first.
  const Index ranked({"export rules", "exports", "expert view"});
  const auto hits = ranked.hits(trawl::plain_text_query("export"), fuzzy);
  REQUIRE(hits.size() == 3);
  CHECK(hits[2].first == "d2");  // "expert" is 1 edit away; "export(s)" stem to "export"
  // The lengths are settable.
  fuzzy.fuzziness.one_edit_from = 4;
  CHECK(ids("tehc", fuzzy) == std::vector<std::string>{"d4"});
  fuzzy.fuzziness.one_edit_from = 0;
  auto bad = index.searcher().search(trawl::plain_text_query("talks"), fuzzy);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error().is_invalid_argument());
  CHECK(std::string(bad.error().message()).find("one_edit_from") != std::string::npos);
}

TEST_CASE("Fuzzy: explain names each expansion and snippets mark it", "[search][fuzzy]") {
  const Index index({"Talks in Moscow", "moscwo talks"});
  auto searcher = index.searcher();
  const Query query = parsed("moscow~1");
  auto result = searcher.search(query);
  REQUIRE(result.has_value());
  REQUIRE(result->hits.size() == 2);
  auto top = searcher.explain(query, result->hits[0]);
  REQUIRE(top.has_value());
  CHECK(top->value == result->hits[0].score);
  auto second = searcher.explain(query, result->hits[1]);
  REQUIRE(second.has_value());
  CHECK(second->value == result->hits[1].score);
  const std::string text = second->to_string();
  CAPTURE(text);
  CHECK(text.find("body:moscwo, fuzzy 'moscow', distance 1, penalty 0.5") != std::string::npos);
  auto snippet = searcher.snippet(query, result->hits[1], "body");
  REQUIRE(snippet.has_value());
  CHECK(*snippet == "<b>moscwo</b> talks");
  // Under SearchOptions::fuzzy, explain and snippets take the options the search ran with.
  trawl::SearchOptions fuzzy;
  fuzzy.fuzzy = true;
  const Query plain = trawl::plain_text_query("Moscw");
  auto hits = searcher.search(plain, fuzzy);
  REQUIRE(hits.has_value());
  REQUIRE(hits->hits.size() == 2);
  CHECK(searcher.explain(plain, hits->hits[0], fuzzy)->value == hits->hits[0].score);
  CHECK(*searcher.snippet(plain, hits->hits[0], "body", {}, fuzzy) == "Talks in <b>Moscow</b>");
}

TEST_CASE("Fuzzy: the parser's fuzzy syntax and its errors", "[search][fuzzy]") {
  CHECK(parsed("moscw~").kind() == Query::Kind::kFuzzy);
  CHECK(parsed("moscw~").max_edits() == Query::kEditsByLength);
  CHECK(parsed("body:moscw~2^3").max_edits() == 2);
  CHECK(parsed("body:moscw~2^3").boost() == 3.0f);
  CHECK(parsed("body:moscw~2^3").field() == "body");
  const Query phrase = parsed("\"peace talks\"~2");
  CHECK(phrase.kind() == Query::Kind::kPhrase);
  CHECK(phrase.slop() == 2);
  auto three = trawl::parse_query("talks moscw~3");
  REQUIRE_FALSE(three.has_value());
  CHECK(std::string(three.error().message()) ==
        "query: at 12: a fuzzy word's edits are 0, 1 or 2 (or none given: by the word's "
        "length), not 3");
  auto half = trawl::parse_query("moscw~0.5");
  REQUIRE_FALSE(half.has_value());
  CHECK(std::string(half.error().message()).find("at 6") != std::string::npos);
  auto prefix = trawl::parse_query("mos*~");
  REQUIRE_FALSE(prefix.has_value());
  CHECK(std::string(prefix.error().message()).find("at 4: a prefix cannot be fuzzy") !=
        std::string::npos);
  // Query::fuzzy with more than two edits is refused when searched.
  const Index index({"moscow"});
  auto refused = index.searcher().search(Query::fuzzy("body", "moscow", 3));
  REQUIRE_FALSE(refused.has_value());
  CHECK(refused.error().is_invalid_argument());
}

TEST_CASE("Prefix: a prefix past the term cap keeps the most frequent terms", "[search]") {
  // 3,000 distinct words starting with "s": more than the cap of 1,024 terms.
  std::vector<std::string> bodies;
  for (int i = 0; i < 3000; ++i) {
    std::string word = "s";
    for (int v = i; v > 0 || word.size() < 4; v /= 26) word += static_cast<char>('a' + v % 26);
    bodies.push_back(word + (i < 5 ? " sx sx" : ""));
  }
  bodies.push_back("sx sx sx talks");
  const Index index(bodies);
  const auto hits = index.hits(parsed("s* talks"));
  CHECK(hits.size() > 6);
  CHECK(hits.size() <= 1025);
  // "sx", in six documents, is kept.
  std::size_t with_sx = 0;
  for (const auto& [id, score] : hits) {
    const int i = std::stoi(id.substr(1));
    with_sx += i < 5 || i == 3000;
  }
  CHECK(with_sx == 6);
}

TEST_CASE("Wildcard: '?' and '*' anywhere, on text and keyword fields", "[search][wildcard]") {
  const Index index({"Talks in Moscow", "a test of text", "tent and tint", "Moscow rain"});
  auto ids = [&](const std::string& text) {
    std::set<std::string> out;
    for (const auto& [id, score] : index.hits(parsed(text))) out.insert(id);
    return out;
  };
  CHECK(ids("te?t") == std::set<std::string>{"d1", "d2"});  // test, text, tent
  CHECK(ids("t?nt") == std::set<std::string>{"d2"});
  CHECK(ids("*cow") == std::set<std::string>{"d0", "d3"});
  CHECK(ids("Mos*w") == std::set<std::string>{"d0", "d3"});
  CHECK(ids("M*") == std::set<std::string>{"d0", "d3"});   // a prefix
  CHECK(ids("*o*") == std::set<std::string>{"d0", "d3"});  // leading: every term read
  CHECK(ids("x?z*").empty());
  CHECK(ids("tag:Mo*w") == std::set<std::string>{"d0", "d2"});
  CHECK(ids("tag:mo*w").empty());  // keyword values are not case folded
  // Scored as one word whose occurrences are those of every term it expands to (test, text and
  // tent, each in one document: df 1), not as the bag "test text tent", which would count d1's
  // "test of text" as two words of the query. Every body has two words (n 4, avgdl 2).
  const auto te_t = index.scores(parsed("te?t"));
  REQUIRE(te_t.size() == 2);
  CHECK(te_t.at("d1") == Approx(bm25(idf(4, 1), 2, 2, 2)).epsilon(1e-12));
  CHECK(te_t.at("d2") == Approx(bm25(idf(4, 1), 1, 2, 2)).epsilon(1e-12));
  CHECK(te_t.at("d1") < index.scores(parsed("test text tent")).at("d1"));
  {  // explain() shows one term, its tf summed, and the forms the document holds
    auto searcher = index.searcher();
    auto result = searcher.search(parsed("te?t"));
    REQUIRE(result.has_value());
    REQUIRE_FALSE(result->hits.empty());
    auto explained = searcher.explain(parsed("te?t"), result->hits[0]);
    REQUIRE(explained.has_value());
    CHECK(explained->value == result->hits[0].score);
    const std::string text = explained->to_string();
    CAPTURE(text);
    CHECK(text.find("body:te?t (as one term: test, text)") != std::string::npos);
    CHECK(text.find("2 = tf:") != std::string::npos);
  }
  // Capped as prefixes are, keeping the terms in most documents.
  trawl::SearchOptions one;
  one.max_prefix_terms = 1;
  CHECK(index.scores(parsed("*o*"), one).size() == 2);  // moscow (2 documents)
  // The terms a wildcard may read are bounded: the literal prefix narrows them.
  trawl::SearchOptions narrow;
  narrow.max_wildcard_scan = 3;
  auto scan = index.searcher().search(parsed("*o*"), narrow);
  REQUIRE_FALSE(scan.has_value());
  CHECK(scan.error().is_invalid_argument());
  CHECK(std::string(scan.error().message()).find("max_wildcard_scan") != std::string::npos);
  CHECK(index.searcher().search(parsed("Mos*w"), narrow).has_value());
  // Snippets mark what matched.
  auto searcher = index.searcher();
  auto result = searcher.search(parsed("*cow"));
  REQUIRE(result.has_value());
  CHECK(*searcher.snippet(parsed("*cow"), result->hits[0], "body") == "Talks in <b>Moscow</b>");
}

TEST_CASE("Phrase prefix: the last word of a phrase as typed so far", "[search][wildcard]") {
  const Index index({"talks in New York", "the New Yorker magazine", "York new", "new yoga",
                     "new york and new yorker"});
  auto ids = [&](const std::string& text, const trawl::SearchOptions& options = {}) {
    std::set<std::string> out;
    for (const auto& [id, score] : index.hits(parsed(text), options)) out.insert(id);
    return out;
  };
  CHECK(parsed("\"new yor\"*").kind() == Query::Kind::kPhrasePrefix);
  CHECK(ids("\"new yor\"*") == std::set<std::string>{"d0", "d1", "d4"});
  // The phrases of each expansion, OR-ed and each scored as a phrase.
  CHECK(index.scores(parsed("\"new yor\"*")) ==
        index.scores(parsed("\"new york\" \"new yorker\"")));
  // The prefix is the word as typed, not its stem ("yorke" stems to "york").
  CHECK(ids("\"new yorke\"*") == std::set<std::string>{"d1", "d4"});
  // Capped: the expansions in most documents (york: 3, yorker: 2).
  trawl::SearchOptions one;
  one.max_phrase_prefix_terms = 1;
  CHECK(ids("\"new yor\"*", one) == std::set<std::string>{"d0", "d4"});
  {  // explain() takes the options the search ran with
    auto capped = index.searcher().search(parsed("\"new yor\"*"), one);
    REQUIRE(capped.has_value());
    for (const trawl::Hit& hit : capped->hits) {
      CHECK(index.searcher().explain(parsed("\"new yor\"*"), hit, one)->value == hit.score);
    }
  }
  // One word: a prefix.
  CHECK(ids("\"yor\"*") == ids("yor*"));
  // The phrase is highlighted as one span.
  auto searcher = index.searcher();
  const Query query = parsed("\"new yorke\"*");
  auto result = searcher.search(query);
  REQUIRE(result.has_value());
  REQUIRE(result->hits.size() == 2);
  CHECK(*searcher.snippet(query, result->hits[0], "body") == "the <b>New Yorker</b> magazine");
}

// Prefixes, wildcards and fuzzy words also match the words as written (the surfaces the index
// keeps beside the stems), and find the documents of those words' stems.
TEST_CASE("Surfaces: what people type matches the words as written", "[search][wildcard]") {
  const Index index({"The negotiators negotiated", "Wedges hold the door", "a wedge",
                     "Negotiations failed", "negative news", "happiness"});
  auto ids = [&](const Query& query, trawl::SearchOptions options = {}) {
    std::set<std::string> out;
    for (const auto& [id, score] : index.hits(query, options)) out.insert(id);
    return out;
  };
  using Ids = std::set<std::string>;
  // The stems are "negoti", "wedg" and "happi": each prefix is longer than its stem.
  CHECK(ids(parsed("negotiat*")) == Ids{"d0", "d3"});
  CHECK(ids(parsed("negotiator*")) == Ids{"d0", "d3"});  // through the stem "negoti"
  CHECK(ids(parsed("wedge*")) == Ids{"d1", "d2"});
  CHECK(ids(parsed("wedges*")) == Ids{"d1", "d2"});
  CHECK(ids(parsed("happin*")) == Ids{"d5"});
  CHECK(ids(parsed("nego*")) == Ids{"d0", "d3"});  // the stems alone, as before
  CHECK(ids(parsed("neg*")) == Ids{"d0", "d3", "d4"});
  // Wildcards over the surfaces too.
  CHECK(ids(parsed("negotiat?rs")) == Ids{"d0", "d3"});
  CHECK(ids(parsed("*tiations")) == Ids{"d0", "d3"});
  CHECK(ids(parsed("W*ges")) == Ids{"d1", "d2"});
  // A typo that changes the stem ("negotiatoins" keeps its 's': "negotiatoin") is one edit
  // from the surface "negotiations".
  CHECK(ids(parsed("negotiatoins~1")) == Ids{"d0", "d3"});
  trawl::SearchOptions fuzzy;
  fuzzy.fuzzy = true;
  CHECK(ids(Query::term("body", "negotiatoins"), fuzzy) == Ids{"d0", "d3"});
  CHECK(ids(Query::term("body", "negotiatoins")).empty());
  // A phrase prefix's last word as typed.
  CHECK(ids(parsed("\"negotiators negotiat\"*")) == Ids{"d0"});
  CHECK(ids(parsed("\"the wedge\"*")) == Ids{"d1", "d2"});  // "the" a stop word: a prefix
  // Search as you type through the parser.
  trawl::QueryParserOptions as_you_type;
  as_you_type.prefix_last = true;
  CHECK(ids(trawl::parse_query("failed negotiat", as_you_type).value()) == Ids{"d0", "d3"});
  // Snippets mark a match found through a surface.
  auto searcher = index.searcher();
  const Query query = parsed("negotiat*");
  auto result = searcher.search(query, trawl::SearchOptions{});
  REQUIRE(result.has_value());
  bool marked = false;
  for (const auto& hit : result->hits) {
    const auto snippet = searcher.snippet(query, hit, "body");
    REQUIRE(snippet.has_value());
    marked = marked || snippet->find("<b>negotiators</b>") != std::string::npos;
  }
  CHECK(marked);
}

// A term found both through its stem and through a surface takes the nearer distance: "talk"
// is two edits from the stem "talkin" but one from its surface "talking", as near as "walkin".
TEST_CASE("Surfaces: a fuzzy word's term takes its nearest route", "[search][fuzzy]") {
  const Index index({"talking", "walkin", "geneva"});
  const auto scores = index.scores(parsed("talkin~2"));
  REQUIRE(scores.size() == 2);
  CHECK(scores.at("d0") == Approx(scores.at("d1")).epsilon(1e-12));
  const double n = 3, avgdl = 1;
  CHECK(scores.at("d0") == Approx(bm25(idf(n, 1), 1, 1, avgdl)).epsilon(1e-12));
}
