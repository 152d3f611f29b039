// Colocated forms: filters that give a token other terms at its position (TokenFilter::add_forms),
// as the token stream runs them, and the transliteration filter built on them.
#include <catch2/catch.hpp>
#include <memory>
#include <string>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/analysis/stop_words.h"
#include "trawl/analysis/token_filter.h"

namespace {

// A test's own expanding filter: each word listed gets its forms (a user's synonyms, say).
class ListFilter final : public trawl::TokenFilter {
 public:
  explicit ListFilter(std::vector<std::pair<std::string, std::vector<std::string>>> list)
      : list_(std::move(list)) {}
  bool apply(trawl::Token&) override { return true; }
  bool adds_forms() const override { return true; }
  void add_forms(const trawl::Token& token, trawl::FormList& forms) override {
    for (const auto& [word, extra] : list_) {
      if (word != token.term) continue;
      for (const std::string& form : extra) forms.add() = form;
    }
  }
  std::unique_ptr<trawl::TokenFilter> clone() const override {
    return std::make_unique<ListFilter>(list_);
  }

 private:
  std::vector<std::pair<std::string, std::vector<std::string>>> list_;
};

// Upper-cases a term's first letter: a filter after the expanding one, run on its forms too.
class MarkFilter final : public trawl::TokenFilter {
 public:
  bool apply(trawl::Token& token) override {
    if (token.term == "drop") return false;
    token.term = "<" + token.term + ">";
    return true;
  }
  std::unique_ptr<trawl::TokenFilter> clone() const override {
    return std::make_unique<MarkFilter>();
  }
  bool rewrites_word() const override { return true; }
};

struct Seen {
  std::string term, surface;
  trawl::Position position;
  std::uint32_t begin, end;
  bool colocated;
  friend bool operator==(const Seen& a, const Seen& b) {
    return a.term == b.term && a.surface == b.surface && a.position == b.position &&
           a.begin == b.begin && a.end == b.end && a.colocated == b.colocated;
  }
};

std::ostream& operator<<(std::ostream& out, const Seen& s) {
  return out << s.term << "/" << s.surface << "@" << s.position << "[" << s.begin << "," << s.end
             << ")" << (s.colocated ? " colocated" : "");
}

std::vector<Seen> stream_of(const trawl::Analyzer& analyzer, std::string_view text) {
  trawl::TokenStream stream = analyzer.token_stream();
  stream.keep_surfaces(true);
  std::vector<Seen> out;
  // Twice over, the second time with every buffer warm: the same tokens.
  for (int round = 0; round < 2; ++round) {
    out.clear();
    stream.reset(text);
    while (stream.advance()) {
      const trawl::Token& t = stream.token();
      out.push_back(
          {t.term, stream.surface(), t.position, t.byte_begin, t.byte_end, stream.colocated()});
    }
    REQUIRE(stream.status().ok());
  }
  return out;
}

trawl::Analyzer list_analyzer(std::vector<std::pair<std::string, std::vector<std::string>>> list) {
  auto tokenizer = trawl::make_word_tokenizer();
  REQUIRE(tokenizer.has_value());
  return trawl::Analyzer(
      "list", std::move(tokenizer).value(),
      {std::make_shared<ListFilter>(std::move(list)), std::make_shared<MarkFilter>()});
}

std::vector<std::string> terms(const trawl::Analyzer& analyzer, std::string_view text) {
  std::vector<std::string> out;
  for (const Seen& seen : stream_of(analyzer, text)) {
    out.push_back(seen.term + "@" + std::to_string(seen.position));
  }
  return out;
}

trawl::Analyzer transliterating(const std::string& language, bool stem = true) {
  trawl::AnalyzerOptions options;
  options.language = language;
  options.stem = stem;
  options.transliterate = true;
  auto analyzer = trawl::Analyzer::create(options);
  REQUIRE(analyzer.has_value());
  return std::move(analyzer).value();
}

}  // namespace

TEST_CASE("Colocated forms follow their token at its position and run through later filters",
          "[analysis]") {
  const auto analyzer = list_analyzer({{"nyc", {"new-york", "gotham"}}, {"big", {"large"}}});
  using V = std::vector<Seen>;
  // Forms are marked by the filter after the list (run through it), keep the word's position
  // and bytes, and are colocated; their surface is the form before the rewriting filter.
  CHECK(stream_of(analyzer, "big nyc") == V{{"<big>", "big", 0, 0, 3, false},
                                            {"<large>", "large", 0, 0, 3, true},
                                            {"<nyc>", "nyc", 1, 4, 7, false},
                                            {"<new-york>", "new-york", 1, 4, 7, true},
                                            {"<gotham>", "gotham", 1, 4, 7, true}});
  // A word without forms is not colocated, also right after one with forms.
  CHECK(stream_of(analyzer, "nyc a") == V{{"<nyc>", "nyc", 0, 0, 3, false},
                                          {"<new-york>", "new-york", 0, 0, 3, true},
                                          {"<gotham>", "gotham", 0, 0, 3, true},
                                          {"<a>", "a", 1, 4, 5, false}});
}

TEST_CASE("Colocated forms: duplicates, dropped words and forms of forms", "[analysis]") {
  // A form equal to the word, or to another form, is given once.
  CHECK(terms(list_analyzer({{"a", {"a", "b", "b"}}}), "a") ==
        std::vector<std::string>{"<a>@0", "<b>@0"});
  // A form a later filter drops is gone; the word stays.
  CHECK(terms(list_analyzer({{"a", {"drop", "c"}}}), "a") ==
        std::vector<std::string>{"<a>@0", "<c>@0"});
  // A word a later filter drops gives its place to its first form, at its position.
  CHECK(terms(list_analyzer({{"drop", {"kept", "also"}}}), "x drop y") ==
        std::vector<std::string>{"<x>@0", "<kept>@1", "<also>@1", "<y>@2"});
  // A dropped word without surviving forms leaves a gap, as before.
  CHECK(terms(list_analyzer({{"drop", {"drop"}}}), "x drop y") ==
        std::vector<std::string>{"<x>@0", "<y>@2"});

  // Forms of forms: two expanding filters in a row, the second expanding the first's form.
  auto tokenizer = trawl::make_word_tokenizer();
  REQUIRE(tokenizer.has_value());
  const trawl::Analyzer chain(
      "chain", std::move(tokenizer).value(),
      {std::make_shared<ListFilter>(
           std::vector<std::pair<std::string, std::vector<std::string>>>{{"a", {"b"}}}),
       std::make_shared<ListFilter>(
           std::vector<std::pair<std::string, std::vector<std::string>>>{{"b", {"c", "a"}}})});
  CHECK(terms(chain, "a") == std::vector<std::string>{"a@0", "b@0", "c@0"});
}

TEST_CASE("Transliteration: romanisations and forms in the language's script", "[analysis]") {
  using S = std::vector<std::string>;
  // Russian: Cyrillic words get their BGN/PCGN romanisation (primes dropped), Latin words their
  // Cyrillic form, which the Russian stemmer then stems as the Cyrillic words, and the stems
  // their romanisation too.
  CHECK(terms(transliterating("ru"), "В Москве Ельцин Moskva") ==
        S{"москв@1", "moskve@1", "moskv@1", "ельцин@2", "yeltsin@2", "moskva@3", "москв@3",
          "moskv@3"});
  // Where the reverse loses a letter ("yeltsin" -> "елцин"), the stems' romanisations meet.
  CHECK(terms(transliterating("ru"), "Ельцина Yeltsin") ==
        S{"ельцин@0", "yeltsina@0", "yeltsin@0", "yeltsin@1", "елцин@1"});
  CHECK(terms(transliterating("ru", false), "Жуков Khrushchev") ==
        S{"жуков@0", "zhukov@0", "khrushchev@1", "хрущев@1"});
  // English: romanisations only (no reverse for a Latin-script language), stemmed as English.
  CHECK(terms(transliterating("en"), "Yeltsin visited Москву") ==
        S{"yeltsin@0", "visit@1", "москву@2", "moskvu@2"});
  // Greek by UNGEGN; Serbian and Armenian by their own BGN/PCGN tables.
  CHECK(terms(transliterating("el", false), "Αθήνα athina") ==
        S{"αθήνα@0", "athina@0", "athina@1", "αθινα@1"});
  CHECK(terms(transliterating("sr", false), "Београд") == S{"београд@0", "beograd@0"});
  CHECK(terms(transliterating("hy", false), "Երևան") == S{"երեւան@0", "yerevan@0"});
  // Han, kana and Hangul are left alone; digits have no other form; neither do emoji.
  CHECK(terms(transliterating("ru"), "東京 カタカナ 서울 2024 🌱") ==
        S{"東京@0", "カタカナ@1", "서울@2", "2024@3", "🌱@4"});
  // Without a language: romanisations only.
  CHECK(terms(transliterating("none"), "Москва moskva") == S{"москва@0", "moskva@0", "moskva@1"});
  CHECK_FALSE(trawl::make_transliterate_filter("xx").has_value());
}

TEST_CASE("Transliteration: the analyzer names it and options compare it", "[analysis]") {
  CHECK(transliterating("ru").name() == "russian+translit");
  trawl::AnalyzerOptions a, b;
  b.transliterate = true;
  CHECK(a != b);
}

TEST_CASE("CJK bigrams: a longer Han or kana word also stands as its two-character pieces",
          "[analysis]") {
  using S = std::vector<std::string>;
  auto tokenizer = trawl::make_word_tokenizer();
  REQUIRE(tokenizer.has_value());
  const trawl::Analyzer bigrams("bigrams", std::move(tokenizer).value(),
                                {trawl::make_cjk_bigram_filter()});
  CHECK(terms(bigrams, "共和国") == S{"共和国@0", "共和@0", "和国@0"});
  // A word of two is its own bigram; one character has none.
  CHECK(terms(bigrams, "人民 人") == S{"人民@0", "人@1"});
  // Kana, the prolonged sound mark and 々 count; a word mixing other letters gets none.
  CHECK(terms(bigrams, "ガーデン") == S{"ガーデン@0", "ガー@0", "ーデ@0", "デン@0"});
  {
    auto filter = trawl::make_cjk_bigram_filter();
    trawl::FormList forms;
    trawl::Token token;
    token.term = "人々の";
    filter->add_forms(token, forms);
    REQUIRE(forms.size() == 2);
    CHECK(forms[0] == "人々");
    CHECK(forms[1] == "々の");
  }
  {
    // A word mixing other letters in (as a custom tokenizer may give) gets none.
    auto filter = trawl::make_cjk_bigram_filter();
    trawl::FormList forms;
    trawl::Token token;
    for (const char* word : {"線写真x", "x線写真", "線写\xff"}) {
      token.term = word;
      filter->add_forms(token, forms);
      CHECK(forms.empty());
    }
    token.term = "線写真";
    filter->add_forms(token, forms);
    CHECK(forms.size() == 2);
  }
  CHECK(terms(bigrams, "talks 🌱🌱🌱") == S{"talks@0", "🌱@1", "🌱@2", "🌱@3"});

  // On by default for Chinese and Japanese, off for other languages unless asked for.
  trawl::AnalyzerOptions options;
  options.language = "zh";
  auto chinese = trawl::Analyzer::create(options);
  REQUIRE(chinese.has_value());
  CHECK(terms(*chinese, "人民共和国") == S{"人民@0", "共和国@1", "共和@1", "和国@1"});
  options.cjk_bigrams = false;
  chinese = trawl::Analyzer::create(options);
  REQUIRE(chinese.has_value());
  CHECK(chinese->name() == "chinese-bigrams");
  CHECK(terms(*chinese, "人民共和国") == S{"人民@0", "共和国@1"});
  options.language = "none";
  options.cjk_bigrams = true;
  auto neutral = trawl::Analyzer::create(options);
  REQUIRE(neutral.has_value());
  CHECK(terms(*neutral, "人民共和国") == S{"人民@0", "共和国@1", "共和@1", "和国@1"});
}

TEST_CASE("Kana folding: katakana become hiragana", "[analysis]") {
  using S = std::vector<std::string>;
  const auto fold = trawl::make_kana_fold_filter();
  auto run = [&](std::string word) {
    trawl::Token token;
    token.term = std::move(word);
    REQUIRE(fold->apply(token));
    return token.term;
  };
  CHECK(run("カタカナ") == "かたかな");
  CHECK(run("ヴァイオリン") == "ゔぁいおりん");
  CHECK(run("ヽヾ") == "ゝゞ");
  // The prolonged sound mark, ヵ ヶ and the katakana without a hiragana twin stay.
  CHECK(run("コーヒー") == "こーひー");
  CHECK(run("ヵヶヷ") == "ヵヶヷ");
  // Nothing else changes: hiragana, Han, Latin, the CJK symbols before the katakana block.
  CHECK(run("ひらがな東京abc・「」") == "ひらがな東京abc・「」");
  // Through the analyzer, after normalisation: half-width katakana fold too.
  trawl::AnalyzerOptions options;
  options.language = "ja";
  options.fold_kana = true;
  options.cjk_bigrams = false;
  auto japanese = trawl::Analyzer::create(options);
  REQUIRE(japanese.has_value());
  // A word ICU keeps whole in either script is one term (ICU splits most hiragana runs into
  // shorter words, so a query in hiragana meets katakana only where it segments alike).
  CHECK(terms(*japanese, "ニュース") == S{"にゅーす@0"});
  CHECK(terms(*japanese, "にゅーす") == S{"にゅーす@0"});
  CHECK(terms(*japanese, "ｶﾅ入力") == S{"かな@0", "入力@1"});
  CHECK(japanese->name() == "japanese-bigrams+kana");
}

TEST_CASE("Synonyms: each word of a group stands as the others too", "[analysis]") {
  using S = std::vector<std::string>;
  trawl::AnalyzerOptions options;
  options.synonyms = {{"Car", "automobile", "auto"}, {"peace", "ceasefire"}, {"auto", "Motor"}};
  auto analyzer = trawl::Analyzer::create(options);
  REQUIRE(analyzer.has_value());
  CHECK(analyzer->name() == "english+synonyms");
  // Entries are normalised ("Car" matches "car"), the forms stemmed as words are; a word in two
  // groups has the words of both; a stop word's synonym stands in its place.
  CHECK(terms(*analyzer, "CARS car") == S{"car@0", "car@1", "automobil@1", "auto@1"});
  CHECK(terms(*analyzer, "auto") == S{"auto@0", "car@0", "automobil@0", "motor@0"});
  CHECK(terms(*analyzer, "peace talks") == S{"peac@0", "ceasefir@0", "talk@1"});
  options.synonyms = {{"the", "definite"}};
  CHECK(terms(trawl::Analyzer::create(options).value(), "the end") == S{"definit@0", "end@1"});

  // Entries that are no single word are refused, naming the group.
  for (const std::vector<std::vector<std::string>>& bad :
       {std::vector<std::vector<std::string>>{{"a", "united states"}},
        std::vector<std::vector<std::string>>{{"x", "y"}, {"", "z"}},
        std::vector<std::vector<std::string>>{{"x", "\u00AD"}}}) {
    auto filter = trawl::make_synonym_filter(bad);
    REQUIRE_FALSE(filter.has_value());
    CHECK(filter.error().is_invalid_argument());
    CHECK(std::string(filter.error().message()).find("synonyms: group") != std::string::npos);
  }
}

TEST_CASE("Synonyms: the list format", "[analysis]") {
  using G = std::vector<std::vector<std::string>>;
  auto groups =
      trawl::parse_synonyms("car, automobile ,auto\n\n# a comment\npeace,ceasefire # too\n");
  REQUIRE(groups.has_value());
  CHECK(*groups == G{{"car", "automobile", "auto"}, {"peace", "ceasefire"}});
  CHECK(trawl::parse_synonyms("").value().empty());
  auto empty_word = trawl::parse_synonyms("a, b\nc,,d\n");
  REQUIRE_FALSE(empty_word.has_value());
  CHECK(std::string(empty_word.error().message()).find("line 2") != std::string::npos);
  auto lonely = trawl::parse_synonyms("a, b\n\nalone\n");
  REQUIRE_FALSE(lonely.has_value());
  CHECK(std::string(lonely.error().message()).find("line 3: a group needs two words") !=
        std::string::npos);
}
