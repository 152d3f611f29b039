#include "trawl/analysis/analyzer.h"

#include <catch2/catch.hpp>

#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/random_text.h"
#include "support/test_data.h"
#include "trawl/analysis/language.h"
#include "trawl/analysis/stop_words.h"

namespace {

using Terms = std::vector<std::string>;

trawl::Analyzer make(trawl::AnalyzerOptions options) {
  auto analyzer = trawl::Analyzer::create(options);
  REQUIRE(analyzer.has_value());
  return std::move(analyzer).value();
}

Terms terms(const trawl::Analyzer& analyzer, std::string_view text) {
  auto tokens = analyzer.analyze(text);
  REQUIRE(tokens.has_value());
  Terms result;
  for (const trawl::Token& token : *tokens) result.push_back(token.term);
  return result;
}

// One line per token, as `trawl analyze` prints it.
std::string render(const std::vector<trawl::Token>& tokens) {
  std::ostringstream out;
  for (const trawl::Token& token : tokens) {
    out << token.term << '\t' << token.position << '\t' << token.byte_begin << '\t'
        << token.byte_end << '\n';
  }
  return out.str();
}

}  // namespace

TEST_CASE("Analyzer: emoji and symbols are terms, their variation selectors folded", "[analysis]") {
  auto analyzer = trawl::Analyzer::standard("en");
  REQUIRE(analyzer.has_value());
  CHECK(terms(*analyzer, "🌱Plants") == Terms{"🌱", "plant"});
  // NFKC_Casefold drops U+FE0F (a default-ignorable code point): the emoji and text styles of
  // a heart are one term. A skin tone is not ignorable: it stays part of the term.
  CHECK(terms(*analyzer, "I ❤️ NY") == terms(*analyzer, "I ❤ NY"));
  CHECK(terms(*analyzer, "👍🏽") != terms(*analyzer, "👍"));
}

TEST_CASE("Analyzer: full-width and half-width forms fold to one term", "[analysis]") {
  auto analyzer = trawl::Analyzer::standard("none");
  REQUIRE(analyzer.has_value());
  // NFKC: full-width Latin letters and digits are ASCII, half-width katakana full-width (with
  // its voicing mark joined: ｶﾞ is ガ).
  CHECK(terms(*analyzer, "Ｔｒａｗｌ ２０２６") == terms(*analyzer, "trawl 2026"));
  CHECK(terms(*analyzer, "ｶﾀｶﾅ") == terms(*analyzer, "カタカナ"));
  CHECK(terms(*analyzer, "ｶﾞｲﾄﾞ") == terms(*analyzer, "ガイド"));
}

TEST_CASE("Analyzer: the standard English chain", "[analysis]") {
  auto analyzer = trawl::Analyzer::standard("en");
  REQUIRE(analyzer.has_value());
  CHECK(analyzer->name() == "english");
  CHECK(terms(*analyzer, "Peace Talks") == Terms{"peac", "talk"});
  CHECK(terms(*analyzer, "peace talks") == terms(*analyzer, "PEACE TALKING"));

  // Stop words leave gaps in positions; offsets point at the original text.
  auto tokens = analyzer->analyze("The talks of peace");
  REQUIRE(tokens.has_value());
  REQUIRE(tokens->size() == 2);
  CHECK((*tokens)[0].term == "talk");
  CHECK((*tokens)[0].position == 1);
  CHECK((*tokens)[0].byte_begin == 4);
  CHECK((*tokens)[0].byte_end == 9);
  CHECK((*tokens)[1].term == "peac");
  CHECK((*tokens)[1].position == 3);
}

TEST_CASE("Analyzer: options switch parts of the chain", "[analysis]") {
  trawl::AnalyzerOptions options;
  options.language = "ru";
  CHECK(terms(make(options), "Ёлка и столицы") == Terms{"елк", "столиц"});
  options.stem = false;
  CHECK(terms(make(options), "Ёлка и столицы") == Terms{"ёлка", "столицы"});
  options.stop_words = false;
  CHECK(terms(make(options), "Ёлка и столицы") == Terms{"ёлка", "и", "столицы"});
  options.fold_diacritics = true;
  CHECK(make(options).name() == "russian+fold-nostop-nostem");
  CHECK(terms(make(options), "Ёлка и столицы") == Terms{"елка", "и", "столицы"});

  trawl::AnalyzerOptions neutral;
  neutral.language = "";
  CHECK(terms(make(neutral), "The Talks") == Terms{"the", "talks"});

  trawl::AnalyzerOptions short_tokens;
  short_tokens.max_token_bytes = 4;
  CHECK(terms(make(short_tokens), "big enormous cats") == Terms{"big", "cat"});
  short_tokens.max_token_bytes = 0;
  CHECK(trawl::Analyzer::create(short_tokens).error().is_invalid_argument());
}

TEST_CASE("Analyzer: every language builds and analyses its own text", "[analysis]") {
  for (const trawl::Language& language : trawl::languages()) {
    CAPTURE(language.name);
    auto analyzer = trawl::Analyzer::standard(language.name);
    REQUIRE(analyzer.has_value());
    CHECK(analyzer->analyze("Words, слова, λέξεις, 单词").has_value());
  }
}

TEST_CASE("Analyzer: unknown language, empty text", "[analysis]") {
  auto bad = trawl::Analyzer::standard("xx");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().is_invalid_argument());
  CHECK(std::string(bad.error().message()).rfind("analyzer: unknown language 'xx'", 0) == 0);

  auto analyzer = trawl::Analyzer::standard("english");
  REQUIRE(analyzer.has_value());
  CHECK(terms(*analyzer, "").empty());
  CHECK(terms(*analyzer, "the of and").empty());
}

TEST_CASE("Analyzer: 'none' is no language, as README and describe() spell it", "[analysis]") {
  trawl::AnalyzerOptions none;
  none.language = "none";
  trawl::AnalyzerOptions empty;
  empty.language = "";
  auto spelled = trawl::Analyzer::create(none);
  REQUIRE(spelled.has_value());
  auto blank = trawl::Analyzer::create(empty).value();
  // No stop words, no stemming: the same terms either way.
  CHECK(terms(*spelled, "The talks of peace") == std::vector<std::string>{"the", "talks", "of", "peace"});
  CHECK(terms(*spelled, "The talks of peace") == terms(blank, "The talks of peace"));
}

TEST_CASE("Analyzer: custom chains from public parts", "[analysis]") {
  auto tokenizer = trawl::make_word_tokenizer();
  auto normalize = trawl::make_normalize_filter();
  auto stop = trawl::StopWords::from_words({"talks"});
  REQUIRE(tokenizer.has_value());
  REQUIRE(normalize.has_value());
  REQUIRE(stop.has_value());
  trawl::Analyzer analyzer("mine", std::move(tokenizer).value(),
                           {std::move(normalize).value(), trawl::make_stop_filter(*stop)});
  CHECK(analyzer.name() == "mine");
  CHECK(terms(analyzer, "Peace TALKS resumed") == Terms{"peace", "resumed"});
}

TEST_CASE("Analyzer: a token stream is reusable across texts", "[analysis]") {
  auto analyzer = trawl::Analyzer::standard("english");
  REQUIRE(analyzer.has_value());
  trawl::TokenStream stream = analyzer->token_stream();
  for (const char* text : {"first text here", "", "second", "third one"}) {
    CAPTURE(text);
    stream.reset(text);
    Terms seen;
    while (stream.advance()) seen.push_back(stream.token().term);
    CHECK(stream.status().ok());
    CHECK(seen == terms(*analyzer, text));
  }
}

namespace {

constexpr int kThreads = 4;

// Runs body(t) on kThreads threads at once; each returns how many answers it found wrong.
std::vector<int> mismatches_per_thread(const std::function<int(int)>& body) {
  std::vector<int> mismatches(kThreads, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] { mismatches[static_cast<std::size_t>(t)] = body(t); });
  }
  for (auto& thread : threads) thread.join();
  return mismatches;
}

}  // namespace

TEST_CASE("Analyzer: one analyzer shared by many threads", "[analysis][concurrency]") {
  auto analyzer = trawl::Analyzer::standard("english");
  REQUIRE(analyzer.has_value());
  std::mt19937_64 rng(42);
  std::vector<std::string> texts;
  std::vector<std::string> expected;
  for (int i = 0; i < 16; ++i) {
    texts.push_back(trawl::test::random_text(rng, 200));
    expected.push_back(render(*analyzer->analyze(texts.back())));
  }
  const auto mismatches = mismatches_per_thread([&](int t) {
    int wrong = 0;
    for (int round = 0; round < 20; ++round) {
      // Half the rounds take a fresh stream (clones the shared prototypes concurrently).
      trawl::TokenStream stream = analyzer->token_stream();
      for (std::size_t i = 0; i < texts.size(); ++i) {
        const std::size_t k = (i + static_cast<std::size_t>(t * 5 + round)) % texts.size();
        stream.reset(texts[k]);
        std::vector<trawl::Token> tokens;
        while (stream.advance()) tokens.push_back(stream.token());
        if (!stream.status().ok() || render(tokens) != expected[k]) ++wrong;
      }
    }
    return wrong;
  });
  CHECK(mismatches == std::vector<int>(kThreads, 0));
}

namespace {

// `text`'s tokens through a stream of its own ("error" if it fails), which analyze() must
// match whichever idle stream it reuses.
std::string fresh_render(const trawl::Analyzer& analyzer, const std::string& text) {
  trawl::TokenStream stream = analyzer.token_stream();
  stream.reset(text);
  std::vector<trawl::Token> tokens;
  while (stream.advance()) tokens.push_back(stream.token());
  return stream.status().ok() ? render(tokens) : "error";
}

std::string pooled_render(const trawl::Analyzer& analyzer, const std::string& text) {
  auto tokens = analyzer.analyze(text);
  return tokens ? render(*tokens) : "error";
}

}  // namespace

TEST_CASE("Analyzer: analyze() reuses streams and answers as a fresh one", "[analysis]") {
  auto analyzer = trawl::Analyzer::standard("english");
  REQUIRE(analyzer.has_value());
  const trawl::Analyzer copy = *analyzer;  // copies share the idle streams
  std::mt19937_64 rng(20261202);
  for (int i = 0; i < 200; ++i) {
    // Now and then invalid UTF-8, which the chain repairs: no state of it may reach the next.
    const std::string text =
        i % 7 == 0 ? std::string("caf\xc3 broken") : trawl::test::random_text(rng, 1 + rng() % 60);
    CAPTURE(i, text);
    CHECK(pooled_render(i % 2 == 0 ? *analyzer : copy, text) == fresh_render(*analyzer, text));
  }
}

TEST_CASE("Analyzer: analyze() from many threads at once", "[analysis][concurrency]") {
  auto analyzer = trawl::Analyzer::standard("english");
  REQUIRE(analyzer.has_value());
  std::mt19937_64 rng(7);
  std::vector<std::string> texts;
  std::vector<std::string> expected;
  for (int i = 0; i < 32; ++i) {
    texts.push_back(trawl::test::random_text(rng, 1 + rng() % 80));
    expected.push_back(fresh_render(*analyzer, texts.back()));
  }
  const auto mismatches = mismatches_per_thread([&](int t) {
    int wrong = 0;
    for (int round = 0; round < 50; ++round) {
      const std::size_t k = static_cast<std::size_t>(t * 7 + round) % texts.size();
      if (pooled_render(*analyzer, texts[k]) != expected[k]) ++wrong;
    }
    return wrong;
  });
  CHECK(mismatches == std::vector<int>(kThreads, 0));
}

TEST_CASE("Analyzer: random text never fails and offsets stay in bounds", "[analysis]") {
  const auto seed = GENERATE(take(10, random(0u, 1000000u)));
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  const std::string text = trawl::test::random_text(rng, 500);
  trawl::AnalyzerOptions options;
  options.fold_diacritics = true;
  options.transliterate = GENERATE(false, true);
  options.language = GENERATE("english", "russian");
  auto tokens = make(options).analyze(text);
  REQUIRE(tokens.has_value());
  for (const trawl::Token& token : *tokens) {
    CHECK(token.byte_begin < token.byte_end);
    CHECK(token.byte_end <= text.size());
    CHECK_FALSE(token.term.empty());
  }
}

TEST_CASE("Analyzer: the seed news article end to end (golden)", "[analysis]") {
  const std::string text =
      trawl::test::read_file(trawl::test::source_path("data/seed/moscow-times-track-two-talks.txt"));
  auto analyzer = trawl::Analyzer::standard("english");
  REQUIRE(analyzer.has_value());
  auto tokens = analyzer->analyze(text);
  REQUIRE(tokens.has_value());
  const std::string actual = render(*tokens);
  const std::string golden_path = trawl::test::source_path("golden/analysis/seed_english.tsv");
  if (trawl::test::update_golden()) trawl::test::write_file(golden_path, actual);
  CHECK(actual == trawl::test::read_file(golden_path));
  // Spot checks that do not depend on the golden file.
  CHECK(tokens->front().term == "support");
  CHECK(actual.find("ukrain\t") != std::string::npos);
  CHECK(actual.find("\nthe\t") == std::string::npos);
}

// The surface tap against a second analysis with stemming off, on random text of every
// language: each token's surface is the unstemmed chain's term, and term_of_surface gives the
// stemmed term back.
TEST_CASE("Analyzer: surfaces are the words before stemming, and map back to their terms",
          "[analysis]") {
  std::mt19937_64 rng(20261204);
  for (const std::string language : {"english", "russian", "german", "french"}) {
    CAPTURE(language);
    trawl::AnalyzerOptions options;
    options.language = language;
    options.fold_diacritics = language == "french";
    const auto analyzer = trawl::Analyzer::create(options).value();
    options.stem = false;
    options.fold_diacritics = false;
    const auto unstemmed = trawl::Analyzer::create(options).value();
    trawl::TokenStream stream = analyzer.token_stream();
    stream.keep_surfaces(true);
    for (int round = 0; round < 50; ++round) {
      const std::string text = trawl::test::random_text(rng, 40);
      const auto plain = unstemmed.analyze(text).value();
      stream.reset(text);
      std::size_t i = 0;
      while (stream.advance()) {
        REQUIRE(i < plain.size());
        CHECK(stream.token().position == plain[i].position);
        CHECK(stream.surface() == plain[i].term);
        CHECK(analyzer.term_of_surface(stream.surface()).value() == stream.token().term);
        ++i;
      }
      CHECK(stream.status().ok());
      CHECK(i == plain.size());
    }
  }
  trawl::TokenStream off = trawl::Analyzer::standard("english").value().token_stream();
  off.reset("negotiators");
  REQUIRE(off.advance());
  CHECK(off.surface() == "negoti");  // not kept: the term
  const auto english = trawl::Analyzer::standard("english").value();
  CHECK(english.term_of_surface("negotiators").value() == "negoti");
  CHECK(trawl::Analyzer::standard("none").value().term_of_surface("Words").value() == "Words");
}
