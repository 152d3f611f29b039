// The differential search fuzzer: random documents from a small Zipfian vocabulary (so words
// collide), random index layouts (several commits, RAM budgets that force flushes, updates,
// deletes, merges, segments whose vocabularies differ), and random queries over the whole query
// language, each answered by trawl and by ReferenceSearcher (reference_searcher.h), which shares
// no search or index code with it. Hits, scores (relative 1e-9), total_hits, total_is_exact and
// explain() are compared for k in {1, 10, 1000}, with exact_count on and off; queries that the
// syntax can express are also rendered as text and parsed, so the parser is checked too.
//
// Randomness comes from a Draw: a seeded generator for the Catch2 test, the fuzzer's bytes for
// the libFuzzer target (tests/fuzz/search_differential_fuzz.cc).
//
// A query kind added to trawl adds itself here: to random_query(), to render() if the syntax
// has it, and to ReferenceSearcher.
#ifndef TRAWL_TESTS_SUPPORT_DIFFERENTIAL_H_
#define TRAWL_TESTS_SUPPORT_DIFFERENTIAL_H_

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "support/reference_searcher.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"
#include "trawl/store/directory.h"

namespace trawl::test::differential {

// A source of random choices.
class Draw {
 public:
  virtual ~Draw() = default;
  /// A number in [0, n). REQUIRES: n > 0.
  virtual std::uint64_t below(std::uint64_t n) = 0;
  bool percent(std::uint64_t p) { return below(100) < p; }
  template <class T, std::size_t N>
  const T& pick(const std::array<T, N>& items) { return items[below(N)]; }
  /// Zipfian over [0, n): small numbers are far more likely.
  std::size_t zipf(std::size_t n) {
    // Inverse of the harmonic CDF, approximated by a power law: rank ~ n^u - 1.
    const double u = static_cast<double>(below(1u << 20)) / (1u << 20);
    const auto rank = static_cast<std::size_t>(std::pow(static_cast<double>(n) + 1, u)) - 1;
    return std::min(rank, n - 1);
  }
};

class SeededDraw final : public Draw {
 public:
  explicit SeededDraw(std::uint64_t seed) : rng_(seed) {}
  std::uint64_t below(std::uint64_t n) override { return rng_() % n; }

 private:
  std::mt19937_64 rng_;
};

// The fuzzer's bytes, then zeros: libFuzzer's mutations steer every choice.
class BytesDraw final : public Draw {
 public:
  BytesDraw(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
  std::uint64_t below(std::uint64_t n) override {
    std::uint64_t value = 0;
    for (std::uint64_t range = 1; range < n && range != 0; range <<= 8) {
      value = (value << 8) | (at_ < size_ ? data_[at_++] : 0);
    }
    return value % n;
  }

 private:
  const std::uint8_t* data_;
  std::size_t size_;
  std::size_t at_ = 0;
};

// Words with stems in common (talk, talks, talking), stems shorter than a prefix of the word
// (negotiators: negoti), stop words, capitals, and words of a second language, so that analysis,
// collisions, surfaces and absent words all occur; and Russian words with their romanisations
// (Москве: moskve, москв; moskva: москв), which a transliterating field indexes as colocated
// forms that other words share, and Chinese words whose CJK bigrams are other words' too.
inline constexpr std::array<std::string_view, 42> kVocabulary = {
    "talks",   "peace",  "geneva", "talk",        "the",        "moscow",         "markets",
    "talking", "oil",    "prices", "Rouble",      "of",         "Москве",         "moskva",
    "rain",    "Москва", "мир",    "Ельцин",      "yeltsin",    "ceasefire",      "price",
    "sun",     "and",    "zurich", "market",      "Peace",      "envoy",          "secret",
    "held",    "track",  "two",    "falls",       "bank",       "rates",          "war",
    "a",       "in",     "gas",    "negotiators", "negotiated", "中华人民共和国", "外交部"};
static_assert(std::none_of(kVocabulary.begin(), kVocabulary.end(),
                           [](std::string_view w) { return w.empty(); }),
              "the vocabulary's size is its words'");
inline constexpr std::array<std::string_view, 4> kAbsent = {"zzq", "xylophone", "quux", "wibble"};
inline constexpr std::array<std::string_view, 5> kTags = {"world", "markets", "sport", "Tech", "a b"};

struct Statistics {
  std::size_t cases = 0;
  std::size_t queries = 0;      // queries compared (each with 6 option combinations)
  std::size_t parsed = 0;       // of which also rendered as text and parsed
  std::size_t errors = 0;       // invalid queries both sides refused
  std::size_t nonempty = 0;     // queries with at least one hit
  std::set<std::string> shapes; // query shapes (structure without words)
};

class Case {
 public:
  explicit Case(Draw& draw) : draw_(draw) {}

  /// Builds a random index and compares `queries` random queries. Returns the first mismatch,
  /// described with everything needed to reproduce it, or "" if all agree.
  std::string run(std::size_t queries, Statistics& stats) {
    ++stats.cases;
    if (std::string failure = build(); !failure.empty()) return failure;
    for (std::size_t q = 0; q < queries; ++q) {
      const Query query = random_query(0);
      std::string shape = shape_of(query);
      stats.shapes.insert(shape);
      ++stats.queries;
      if (std::string failure = compare(query, query, stats, ""); !failure.empty()) return failure;
      if (auto text = render(query, true)) {
        ++stats.parsed;
        QueryParserOptions with_schema;
        with_schema.schema = &schema_;
        auto parsed = parse_query(*text, with_schema);
        if (!parsed) {
          // With the schema the parser refuses what searching would: the reference must too.
          if (reference_->search(query).error) continue;
          return describe("the rendered query '" + *text + "' does not parse: " +
                              parsed.error().to_string(),
                          query);
        }
        // trawl runs what the parser made of the text; the reference answers the original.
        if (std::string failure = compare(query, *parsed, stats, *text); !failure.empty()) {
          return failure + "\nthe query above, as parsed from: " + *text;
        }
      }
    }
    return "";
  }

 private:
  // ---- the index ---------------------------------------------------------------------------

  Document random_document(std::size_t phase) {
    Document document;
    const std::string id = "d" + std::to_string(draw_.below(ids_));
    document.add("id", id).add("serial", std::to_string(history_.size()));
    // Each phase draws from its own rotation of the vocabulary, so segments' vocabularies differ.
    auto text = [&](std::size_t max_words) {
      std::string out;
      const std::size_t words = draw_.below(max_words + 1);
      for (std::size_t w = 0; w < words; ++w) {
        const std::size_t rank = draw_.zipf(kVocabulary.size());
        out += (w ? " " : "") + std::string(kVocabulary[(rank + phase * 7) % kVocabulary.size()]);
      }
      return out;
    };
    if (draw_.percent(85)) document.add("title", text(4));
    if (draw_.percent(90)) document.add("body", text(14));
    if (has_note_ && draw_.percent(50)) document.add("note", text(6));
    for (std::size_t t = draw_.below(3); t > 0; --t) {
      document.add("tag", std::string(draw_.pick(kTags)));
    }
    // Numbers and dates, sometimes several (a range matches any of them), dates as text of
    // several forms or as milliseconds.
    for (std::size_t n = draw_.percent(70) ? 1 + (draw_.percent(20) ? draw_.below(3) : 0) : 0; n > 0; --n) {
      document.add("year", static_cast<std::int64_t>(draw_.below(30)) + 1995);
    }
    for (std::size_t n = draw_.percent(60) ? 1 + draw_.below(2) : 0; n > 0; --n) {
      if (draw_.percent(25)) {
        document.add("published", static_cast<std::int64_t>(draw_.below(10 * 366)) * 86'400'000 +
                                      1'420'070'400'000);  // from 2015-01-01
      } else {
        document.add("published", date_text(draw_.percent(50)));
      }
    }
    return document;
  }

  // A date from 2015 to 2024: a day, or (with `time`) a second with "Z" or an offset.
  std::string date_text(bool time) {
    char buffer[40];
    const int year = 2015 + static_cast<int>(draw_.below(10));
    const int month = 1 + static_cast<int>(draw_.below(12));
    const int day = 1 + static_cast<int>(draw_.below(28));
    int n = std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02d", year, month, day);
    if (time) {
      n += std::snprintf(buffer + n, sizeof(buffer) - static_cast<std::size_t>(n), "T%02d:%02d:%02d",
                         static_cast<int>(draw_.below(24)), static_cast<int>(draw_.below(60)),
                         static_cast<int>(draw_.below(60)));
      if (draw_.percent(70)) {
        std::snprintf(buffer + n, sizeof(buffer) - static_cast<std::size_t>(n), "Z");
      } else {
        std::snprintf(buffer + n, sizeof(buffer) - static_cast<std::size_t>(n), "%c%02d:%02d",
                      draw_.percent(50) ? '+' : '-', static_cast<int>(draw_.below(12)),
                      draw_.percent(50) ? 0 : 30);
      }
    }
    return buffer;
  }

  // A range bound: a date of any precision for dates, a year (or a bad number) for numbers.
  std::string bound(bool date) {
    if (date) {
      const auto roll = draw_.below(100);
      if (roll < 15) return std::to_string(2015 + draw_.below(10));
      if (roll < 30) return date_text(false).substr(0, 7);
      if (roll < 70) return date_text(false);
      if (roll < 97) return date_text(true);
      return "2020-02-30";  // invalid
    }
    if (draw_.percent(2)) return "19x5";
    return std::to_string(1993 + draw_.below(34));
  }

  Query range_leaf(const std::string& f) {
    const bool date = f == "published";
    std::optional<std::string> lower, upper;
    if (!draw_.percent(20)) lower = bound(date);
    if (!draw_.percent(20)) upper = bound(date);
    if (lower && upper && *upper < *lower && draw_.percent(70)) std::swap(lower, upper);
    if (draw_.percent(10)) upper = lower;  // one value, or nothing when a side is exclusive
    return Query::range(f, lower, upper, draw_.percent(60), draw_.percent(60));
  }

  std::string build() {
    schema_ = Schema();
    schema_.add_keyword("id").add_keyword("serial").add_text("title").add_text("body");
    has_note_ = draw_.percent(50);
    if (has_note_) {
      AnalyzerOptions note;  // another analyzer: a second group in unscoped queries
      note.language = draw_.percent(50) ? "none" : "english";
      note.stem = false;
      if (draw_.percent(50)) {
        // Cross-script forms: colocated tokens in the index and in queries.
        note.language = draw_.percent(50) ? "russian" : "english";
        note.stem = draw_.percent(50);
        note.transliterate = true;
        note.cjk_bigrams = draw_.percent(50);
        // Synonyms: colocated forms that are other words of the vocabulary.
        if (draw_.percent(50)) note.synonyms = {{"peace", "ceasefire"}, {"talks", "track", "war"}};
      }
      schema_.add_text("note", note);
    }
    schema_.add_keyword("tag").add_numeric("year").add_date("published").set_unique_key("id");
    ids_ = 5 + draw_.below(60);

    IndexWriterOptions options;
    static constexpr std::array<std::size_t, 4> kBudgets = {2048, 16384, 1u << 20, 256u << 20};
    options.ram_budget_bytes = draw_.pick(kBudgets);
    static constexpr std::array<std::size_t, 4> kMergeFactors = {0, 2, 3, 10};
    options.merge_factor = draw_.pick(kMergeFactors);
    options.threads = draw_.percent(20) ? 2 : 1;
    layout_ = "budget " + std::to_string(options.ram_budget_bytes) + ", merge factor " +
              std::to_string(options.merge_factor) + ", threads " +
              std::to_string(options.threads);

    directory_ = make_mem_directory();
    auto writer = IndexWriter::open(directory_, schema_, options);
    if (!writer) return "cannot open a writer: " + writer.error().to_string();
    history_.clear();
    std::map<std::string, std::size_t> live;  // id -> serial of its live version
    const std::size_t phases = 1 + draw_.below(4);
    for (std::size_t phase = 0; phase < phases; ++phase) {
      const std::size_t operations = 1 + draw_.below(phase == 0 ? 120 : 60);
      for (std::size_t o = 0; o < operations; ++o) {
        const auto roll = draw_.below(100);
        if (roll < 12 && !live.empty()) {
          const std::string id = "d" + std::to_string(draw_.below(ids_));
          auto removed = writer->remove(id);
          if (!removed) return "remove failed: " + removed.error().to_string();
          live.erase(id);
          layout_ += "; remove " + id;
          continue;
        }
        Document document = random_document(phase);
        const std::string id = *document.get("id");
        history_.push_back(document);
        // update() replaces by key; add() may leave duplicates, which the unique key forbids
        // only by convention, so the fuzzer always updates.
        if (Status status = writer->update(document); !status.ok()) {
          return "update failed: " + status.to_string();
        }
        live[id] = history_.size() - 1;
      }
      if (Status status = writer->commit(); !status.ok()) return "commit: " + status.to_string();
      if (draw_.percent(15)) {
        const std::size_t segments = 1 + draw_.below(2);
        if (Status status = writer->force_merge(segments); !status.ok()) {
          return "force_merge: " + status.to_string();
        }
        layout_ += "; force_merge(" + std::to_string(segments) + ")";
      }
      layout_ += "; commit";
    }

    auto reader = IndexReader::open(directory_);
    if (!reader) return "cannot open the index: " + reader.error().to_string();
    // The documents physically in the index, in its order, by the serial each one stores: the
    // reference counts the deleted ones in its statistics as the header says trawl does.
    std::vector<Document> documents;
    std::vector<bool> alive;
    std::set<std::size_t> live_serials;
    physical_.clear();
    for (std::size_t s = 0; s < reader->segment_count(); ++s) {
      const SegmentInfo info = reader->segment_info(s);
      for (DocId d = 0; d < info.doc_count; ++d) {
        auto stored = reader->stored(s, d);
        if (!stored || !stored->get("serial")) return "cannot read a stored serial";
        const std::size_t serial = std::stoul(*stored->get("serial"));
        if (serial >= history_.size()) return "a stored serial out of range";
        documents.push_back(history_[serial]);
        alive.push_back(!reader->is_deleted(s, d));
        if (alive.back()) live_serials.insert(serial);
        physical_[{s, d}] = documents.size() - 1;
      }
    }
    std::set<std::size_t> expected;
    for (const auto& [id, serial] : live) expected.insert(serial);
    if (live_serials != expected) return "the index's live documents differ from those added";

    Bm25Parameters bm25;
    if (draw_.percent(30)) bm25 = draw_.percent(50) ? Bm25Parameters{1.2, 0.75} : Bm25Parameters{0.9, 0.0};
    std::vector<std::pair<std::string, double>> weights;
    if (draw_.percent(30)) weights = {{"title", 2.5}, {"body", 0.5}};
    auto searcher = Searcher::create(*reader, bm25, weights);
    if (!searcher) return "cannot create a searcher: " + searcher.error().to_string();
    searcher_.emplace(std::move(*searcher));
    documents_ = documents;
    reference_.emplace(schema_, std::move(documents), std::move(alive), bm25, weights);
    std::vector<std::set<std::string>> surfaces(schema_.fields().size());
    for (std::size_t f = 0; f < surfaces.size(); ++f) {
      if (schema_.fields()[f].type != FieldType::kText) continue;
      for (std::size_t s = 0; s < reader->segment_count(); ++s) {
        auto words = reader->surfaces(s, schema_.fields()[f].name);
        if (!words) return "cannot list surfaces: " + words.error().to_string();
        for (const auto& surface : *words) surfaces[f].insert(surface.word);
      }
    }
    reference_->set_surfaces(std::move(surfaces));
    layout_ += "; " + std::to_string(reader->segment_count()) + " segments, " +
               std::to_string(reader->doc_count()) + " live, " +
               std::to_string(reader->deleted_count()) + " deleted; k1 " +
               std::to_string(bm25.k1) + " b " + std::to_string(bm25.b) +
               (weights.empty() ? "" : ", title^2.5 body^0.5");
    return "";
  }

  // ---- queries -----------------------------------------------------------------------------

  std::string word() {
    const auto roll = draw_.below(100);
    if (roll < 8) return std::string(draw_.pick(kAbsent));
    return std::string(kVocabulary[draw_.zipf(kVocabulary.size())]);
  }

  std::string field() {
    const auto roll = draw_.below(100);
    if (roll < 42) return "";
    if (roll < 60) return "title";
    if (roll < 78) return "body";
    if (roll < 85) return has_note_ ? "note" : "body";
    if (roll < 90) return "tag";
    if (roll < 94) return "year";
    if (roll < 98) return "published";
    if (roll < 99) return "nosuch"; // unknown
    return "id";
  }

  float boost() {
    const auto roll = draw_.below(100);
    if (roll < 80) return 1.0f;
    if (roll < 88) return 2.0f;
    if (roll < 94) return 0.5f;
    if (roll < 98) return 3.25f;
    if (roll < 99) return 0.0f;
    return -1.0f;  // invalid
  }

  Query leaf() {
    const std::string f = field();
    const auto roll = draw_.below(100);
    Query query = Query::match_all();
    if (f == "year" || f == "published" || (roll < 3 && f != "tag")) {
      // Ranges, also on fields that cannot have them; now and then one value as a term.
      const bool numeric = f == "year" || f == "published";
      if (numeric && draw_.percent(20)) {
        query = Query::term(f, bound(f == "published"));
      } else {
        query = range_leaf(f.empty() ? "body" : f);
      }
    } else if (f == "tag" || f == "id") {
      const std::string value = f == "tag" ? std::string(draw_.pick(kTags))
                                           : "d" + std::to_string(draw_.below(ids_ + 2));
      if (roll < 20) {
        query = Query::prefix(f, value.substr(0, 1 + draw_.below(2)));
      } else if (roll < 25) {
        query = Query::wildcard(f, wildcard_of(value));
      } else if (roll < 30) {
        query = fuzzy_leaf(f, value);
      } else {
        query = Query::term(f, value);
      }
    } else if (roll < 45) {
      std::string text = word();
      if (draw_.percent(25)) text += " " + word();
      // Now and then a long bag of words (the disjunction's heap form).
      if (draw_.percent(8)) {
        for (std::size_t w = 16 + draw_.below(12); w > 0; --w) text += " " + word();
      }
      query = Query::term(f, text);
    } else if (roll < 75) {
      std::string text = word();
      for (std::size_t w = 1 + draw_.below(3); w > 0; --w) text += " " + word();
      static constexpr std::array<std::uint32_t, 6> kSlops = {0, 0, 0, 1, 2, 5};
      if (draw_.percent(20)) {  // search as you type: the last word cut short
        const std::size_t last = text.rfind(' ') + 1;  // npos + 1 = 0
        const std::size_t keep = draw_.percent(40) ? 1 + draw_.below(2) : text.size() - last - 1;
        query = Query::phrase_prefix(f, text.substr(0, last + std::max<std::size_t>(keep, 1)),
                                     draw_.percent(70) ? 0 : draw_.pick(kSlops));
      } else {
        query = Query::phrase(f, text, draw_.pick(kSlops));
      }
    } else if (roll < 84) {
      const std::string w = word();
      // Short prefixes, and now and then longer than the word's stem ("negotiat", "talki").
      const std::size_t most = draw_.percent(70) ? std::min<std::size_t>(w.size(), 4) : w.size();
      query = Query::prefix(f, w.substr(0, 1 + draw_.below(most)));
    } else if (roll < 89) {
      query = Query::wildcard(f, wildcard_of(word()));
    } else if (roll < 96) {
      std::string text = word();
      if (draw_.percent(20)) text += " " + word();
      query = fuzzy_leaf(f, text);
    }
    query.boost(boost());
    return query;
  }

  // `text` with one to three of its characters (or runs of them) made wildcards, now and then
  // one added.
  std::string wildcard_of(std::string text) {
    for (std::size_t n = 1 + draw_.below(3); n > 0 && !text.empty(); --n) {
      const std::size_t at = draw_.below(text.size());
      const std::size_t length = draw_.percent(70) ? 1 : 1 + draw_.below(text.size() - at);
      text.replace(at, length, draw_.percent(50) ? "?" : "*");
    }
    if (draw_.percent(20)) text.insert(draw_.below(text.size() + 1), 1, '*');
    return text;
  }

  // `text`, now and then with a typo, fuzzy by length or by 0, 1, 2 (or an invalid 3) edits,
  // with an exact prefix now and then.
  Query fuzzy_leaf(const std::string& f, std::string text) {
    if (draw_.percent(60) && !text.empty()) {
      const std::size_t at = draw_.below(text.size());
      const auto roll = draw_.below(4);
      if (roll == 0) {
        text.erase(at, 1);
      } else if (roll == 1) {
        text.insert(at, 1, static_cast<char>('a' + draw_.below(26)));
      } else if (roll == 2) {
        text[at] = static_cast<char>('a' + draw_.below(26));
      } else if (at + 1 < text.size()) {
        std::swap(text[at], text[at + 1]);
      }
    }
    static constexpr std::array<std::uint32_t, 7> kEdits = {
        Query::kEditsByLength, Query::kEditsByLength, 0, 1, 1, 2, 3};
    const std::uint32_t edits = draw_.percent(97) ? draw_.pick(kEdits) : 3;
    const auto prefix = static_cast<std::uint32_t>(draw_.percent(70) ? 0 : draw_.below(3));
    return Query::fuzzy(f, std::move(text), edits == 3 && draw_.percent(70) ? 1 : edits, prefix);
  }

  // The options every search of one query runs with: limits and fuzziness, now and then other
  // than the defaults.
  SearchOptions draw_limits(bool parsed) {
    SearchOptions options;
    options.max_prefix_terms = draw_.percent(10) ? 3 : 1024;
    // The parser simplifies (a group of one clause is that clause), which changes the count of
    // boolean clauses: the clause limit is tried on the trees only.
    options.max_clauses = !parsed && draw_.percent(10) ? 6 : 1024;
    options.fuzzy = draw_.percent(10);
    options.max_phrase_prefix_terms = draw_.percent(30) ? 1 + draw_.below(2) : 50;
    if (draw_.percent(15)) {
      options.fuzziness.one_edit_from = 3;
      options.fuzziness.two_edits_from = 5 + static_cast<std::uint32_t>(draw_.below(3));
      options.fuzziness.edit_penalty = draw_.percent(50) ? 0.3 : 1.0;
      options.fuzziness.max_expansions = 1 + draw_.below(3);
    }
    if (draw_.percent(1)) options.fuzziness.edit_penalty = 0;  // invalid
    return options;
  }

  // Now and then the query a news search makes of another: scores decayed by recency.
  Query maybe_decayed(Query query) {
    if (!draw_.percent(12)) return query;
    static constexpr std::array<std::string_view, 5> kScales = {"36h", "7d", "30d", "1w", "365d"};
    static constexpr std::array<double, 3> kFactors = {0.5, 0.8, 0.1};
    const auto roll = draw_.below(100);
    if (roll < 65) {
      return Query::decay(std::move(query), "published", date_text(draw_.percent(50)),
                          std::string(draw_.pick(kScales)), draw_.pick(kFactors));
    }
    if (roll < 90) {
      return Query::decay(std::move(query), "year", std::to_string(1995 + draw_.below(30)),
                          std::to_string(1 + draw_.below(10)), draw_.pick(kFactors));
    }
    // Invalid: a text field, a factor outside (0, 1), a scale that is no duration.
    if (roll < 94) return Query::decay(std::move(query), "title", "2020", "7d");
    if (roll < 97) return Query::decay(std::move(query), "published", "2020", "7d", 1.5);
    return Query::decay(std::move(query), "published", "2020", "7x");
  }

  Query random_query(std::size_t depth) {
    Query query = random_query_undecayed(depth);
    return depth == 0 ? maybe_decayed(std::move(query)) : std::move(query);
  }

  Query random_query_undecayed(std::size_t depth) {
    // Now and then an OR of 64 to 103 single words of one field (repeats are clauses of their
    // own): a bag far into MaxScore's heap form.
    if (depth == 0 && draw_.percent(3)) {
      const std::string f = draw_.percent(50) ? "title" : "body";
      std::vector<Query::Clause> words;
      for (std::size_t w = 64 + draw_.below(40); w > 0; --w) {
        words.push_back({Query::Occur::kShould, Query::term(f, word())});
      }
      return Query::boolean(std::move(words));
    }
    // Now and then a bag of words under a range filter, the shape a structured search sends
    // (pruned by MaxScore among the filter's documents).
    if (depth == 0 && draw_.percent(5)) {
      const std::string f = draw_.percent(50) ? "" : "body";
      std::vector<Query::Clause> words;
      for (std::size_t w = 2 + draw_.below(5); w > 0; --w) {
        words.push_back({Query::Occur::kShould, Query::term(f, word())});
      }
      return Query::boolean(
          {{Query::Occur::kMust, Query::boolean(std::move(words))},
           {Query::Occur::kFilter, range_leaf(draw_.percent(60) ? "year" : "published")}});
    }
    if (depth >= 3 || draw_.percent(depth == 0 ? 25 : 55)) return leaf();
    std::vector<Query::Clause> clauses;
    for (std::size_t c = 1 + draw_.below(4); c > 0; --c) {
      static constexpr std::array<Query::Occur, 7> kOccurs = {
          Query::Occur::kShould, Query::Occur::kShould, Query::Occur::kShould, Query::Occur::kMust,
          Query::Occur::kMust,   Query::Occur::kMustNot, Query::Occur::kFilter};
      clauses.push_back({draw_.pick(kOccurs), random_query(depth + 1)});
    }
    if (draw_.percent(20)) {  // the filter a structured search adds
      clauses.push_back({Query::Occur::kFilter, range_leaf(draw_.percent(60) ? "year" : "published")});
    }
    std::uint32_t min_should_match = 0;
    if (draw_.percent(15)) min_should_match = 1 + static_cast<std::uint32_t>(draw_.below(2));
    Query query = Query::boolean(std::move(clauses), min_should_match);
    query.boost(boost());
    return query;
  }

  static std::string shape_of(const Query& query) {
    std::string shape;
    switch (query.kind()) {
      case Query::Kind::kTerm: shape = "term"; break;
      case Query::Kind::kPhrase: shape = query.slop() > 0 ? "phrase~" : "phrase"; break;
      case Query::Kind::kPrefix: shape = "prefix"; break;
      case Query::Kind::kWildcard:
        shape = "wildcard";
        break;
      case Query::Kind::kPhrasePrefix:
        shape = query.slop() > 0 ? "phrase*~" : "phrase*";
        break;
      case Query::Kind::kFuzzy:
        shape = "fuzzy" + (query.max_edits() == Query::kEditsByLength
                               ? std::string()
                               : std::to_string(query.max_edits()));
        break;
      case Query::Kind::kMatchAll: shape = "all"; break;
      case Query::Kind::kDecay: shape = "decay(" + shape_of(query.clauses()[0].query) + ")"; break;
      case Query::Kind::kRange:
        shape = std::string(query.include_lower() ? "[" : "{") + (query.lower() ? "a" : "*") + "," +
                (query.upper() ? "b" : "*") + (query.include_upper() ? "]" : "}");
        break;
      case Query::Kind::kBoolean: {
        static const char* kOccur[] = {"+", "", "-", "#"};
        shape = query.min_should_match() > 0 ? "(msm " : "(";
        std::vector<std::string> parts;
        for (const Query::Clause& clause : query.clauses()) {
          parts.push_back(kOccur[static_cast<int>(clause.occur)] + shape_of(clause.query));
        }
        std::sort(parts.begin(), parts.end());
        for (std::size_t i = 0; i < parts.size(); ++i) shape += (i ? " " : "") + parts[i];
        shape += ")";
        break;
      }
    }
    if (query.kind() != Query::Kind::kBoolean && query.kind() != Query::Kind::kMatchAll &&
        query.kind() != Query::Kind::kDecay) {
      shape += query.field().empty() ? "" : "@" + std::string(1, query.field()[0]);
    }
    return shape;
  }

  // The query in the parser's syntax, where the syntax can say it exactly.
  std::optional<std::string> render(const Query& query, bool top) {
    std::string boost;
    if (query.boost() != 1.0f) {
      if (query.boost() < 0) return std::nullopt;
      char buffer[32];
      std::snprintf(buffer, sizeof(buffer), "^%g", static_cast<double>(query.boost()));
      boost = buffer;
    }
    const std::string scope = query.field().empty() ? "" : query.field() + ":";
    auto plain = [](const std::string& text) {
      return !text.empty() && text.find_first_of(" ():\"^~*\\+-!&|") == std::string::npos &&
             text != "AND" && text != "OR" && text != "NOT";
    };
    switch (query.kind()) {
      case Query::Kind::kTerm:
        // A value of a numeric or date field: the parser reads it whole, ':' and '-' included.
        if ((query.field() == "year" || query.field() == "published") && !query.text().empty() &&
            query.text().find_first_of(" ()^[{<>*") == std::string::npos) {
          return scope + query.text() + boost;
        }
        if (!plain(query.text())) return std::nullopt;
        return scope + query.text() + boost;
      case Query::Kind::kPrefix:
        if (!plain(query.text())) return std::nullopt;
        return scope + query.text() + "*" + boost;
      case Query::Kind::kPhrasePrefix:
        if (query.slop() > 0) return std::nullopt;  // no syntax for both
        return scope + "\"" + query.text() + "\"*" + boost;
      case Query::Kind::kWildcard: {
        const std::string& text = query.text();
        std::string literal = text;
        literal.erase(std::remove_if(literal.begin(), literal.end(),
                                     [](char c) { return c == '*' || c == '?'; }),
                      literal.end());
        // "*" alone is no query for the parser; the rest must read as one word.
        if (text.find_first_not_of('*') == std::string::npos ||
            (!literal.empty() && !plain(literal)) || text.front() == '[' || text.front() == '{' ||
            (text.front() == '*' && text.size() > 1 && text[1] == ':')) {
          return std::nullopt;
        }
        return scope + text + boost;
      }
      case Query::Kind::kFuzzy:
        if (!plain(query.text()) || query.prefix_length() > 0 || query.max_edits() > 2) {
          return std::nullopt;
        }
        return scope + query.text() + "~" +
               (query.max_edits() == Query::kEditsByLength ? ""
                                                           : std::to_string(query.max_edits())) +
               boost;
      case Query::Kind::kPhrase:
        return scope + "\"" + query.text() + "\"" +
               (query.slop() > 0 ? "~" + std::to_string(query.slop()) : "") + boost;
      case Query::Kind::kMatchAll: return "*:*" + boost;
      case Query::Kind::kDecay: return std::nullopt;  // no syntax
      case Query::Kind::kRange: {
        const std::string low = query.lower().value_or("*"), high = query.upper().value_or("*");
        if (low.find_first_of(" ]}") != std::string::npos ||
            high.find_first_of(" ]}") != std::string::npos) {
          return std::nullopt;
        }
        // One open side, now and then as a comparison.
        if (draw_.percent(40) && query.lower() && !query.upper() && query.include_upper()) {
          return scope + (query.include_lower() ? ">=" : ">") + low + boost;
        }
        if (draw_.percent(40) && query.upper() && !query.lower() && query.include_lower()) {
          return scope + (query.include_upper() ? "<=" : "<") + high + boost;
        }
        return scope + (query.include_lower() ? "[" : "{") + low + " TO " + high +
               (query.include_upper() ? "]" : "}") + boost;
      }
      case Query::Kind::kBoolean: {
        if (query.min_should_match() > 0 || query.clauses().empty()) return std::nullopt;
        std::vector<std::string> parts;
        bool all_must = query.clauses().size() > 1, all_should = query.clauses().size() > 1;
        for (const Query::Clause& clause : query.clauses()) {
          if (clause.occur == Query::Occur::kFilter) return std::nullopt;
          auto part = render(clause.query, false);
          if (!part) return std::nullopt;
          parts.push_back(*part);
          all_must = all_must && clause.occur == Query::Occur::kMust;
          all_should = all_should && clause.occur == Query::Occur::kShould;
        }
        std::string out;
        if ((all_must || all_should) && draw_.percent(50)) {
          for (std::size_t i = 0; i < parts.size(); ++i) {
            out += (i ? (all_must ? " AND " : " OR ") : "") + parts[i];
          }
        } else {
          for (std::size_t i = 0; i < parts.size(); ++i) {
            const Query::Occur occur = query.clauses()[i].occur;
            const bool not_word = occur == Query::Occur::kMustNot && draw_.percent(30);
            out += (i ? " " : "") +
                   std::string(occur == Query::Occur::kMust      ? "+"
                               : occur == Query::Occur::kMustNot ? (not_word ? "NOT " : "-")
                                                                 : "") +
                   parts[i];
          }
        }
        if (top && boost.empty() && draw_.percent(50)) return out;
        return "(" + out + ")" + boost;
      }
    }
    return std::nullopt;
  }

  // ---- comparison --------------------------------------------------------------------------

  // The failure, with the query, the layout, and both sides' matches (document: score).
  std::string describe(const std::string& what, const Query& query) const {
    return describe(what, query, query);
  }
  std::string describe(const std::string& what, const Query& original, const Query& query) const {
    std::string out = what + "\nquery: " + original.to_string() + "\nlayout: " + layout_;
    if (&original != &query) out += "\ntrawl ran: " + query.to_string();
    const auto expected = reference_->search(original, limits_);
    out += "\nreference:";
    for (const auto& match : expected.matches) {
      out += " " + std::to_string(match.doc) + ":" + number(match.score);
    }
    out += "\noptions: max_prefix_terms " + std::to_string(limits_.max_prefix_terms) +
           ", max_clauses " + std::to_string(limits_.max_clauses) +
           (limits_.fuzzy ? ", fuzzy" : "") + ", fuzziness " +
           std::to_string(limits_.fuzziness.one_edit_from) + "/" +
           std::to_string(limits_.fuzziness.two_edits_from) + " penalty " +
           number(limits_.fuzziness.edit_penalty) + " expansions " +
           std::to_string(limits_.fuzziness.max_expansions);
    SearchOptions options = limits_;
    options.k = 1000;
    options.exact_count = true;
    if (auto result = searcher_->search(query, options)) {
      std::vector<std::pair<std::size_t, double>> hits;
      for (const Hit& hit : result->hits) {
        hits.emplace_back(physical_.at({hit.segment, hit.doc}), hit.score);
      }
      std::sort(hits.begin(), hits.end());
      out += "\ntrawl:    ";
      for (const auto& [doc, score] : hits) out += " " + std::to_string(doc) + ":" + number(score);
      // The documents only one side matches.
      std::set<std::size_t> only;
      for (const auto& [doc, score] : hits) only.insert(doc);
      for (const auto& match : expected.matches) {
        if (!only.erase(match.doc)) only.insert(match.doc);
      }
      for (const std::size_t doc : only) {
        out += "\ndocument " + std::to_string(doc) + ":";
        for (const Document::Field& field : documents_[doc].fields()) {
          if (const auto* text = std::get_if<std::string>(&field.value)) {
            out += " " + field.name + "=\"" + *text + "\"";
          }
        }
      }
    }
    return out;
  }

  static bool close(double a, double b) {
    return std::abs(a - b) <= 1e-9 * std::max(std::abs(a), std::abs(b)) + 1e-12;
  }

  // trawl's answer to `query` against the reference's to `original` (the same query, or the
  // one it was rendered from).
  std::string compare(const Query& original, const Query& query, Statistics& stats,
                      const std::string& text) {
    limits_ = draw_limits(!text.empty());
    const ReferenceSearcher::Answer expected = reference_->search(original, limits_);
    std::vector<ReferenceSearcher::Match> ranked = expected.matches;
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.score > b.score; });
    std::map<std::size_t, double> score_of;
    for (const auto& match : expected.matches) score_of[match.doc] = match.score;
    if (text.empty()) {
      if (expected.error) ++stats.errors;
      if (!expected.matches.empty()) ++stats.nonempty;
    }
    const std::string label = text.empty() ? "" : " (parsed)";
    auto fail = [&](const std::string& what) { return describe(what, original, query); };

    for (const std::size_t k : {std::size_t{1}, std::size_t{10}, std::size_t{1000}}) {
      for (const bool exact : {false, true}) {
        SearchOptions options = limits_;
        options.k = k;
        options.exact_count = exact;
        auto result = searcher_->search(query, options);
        const std::string where = label + " k " + std::to_string(k) +
                                  (exact ? " exact_count" : "");
        if (expected.error) {
          if (result) return fail("trawl answered a query the reference refuses" + where);
          if (!result.error().is_invalid_argument()) {
            return fail("refused with " + result.error().to_string() + where);
          }
          continue;
        }
        if (!result) return fail("trawl refused: " + result.error().to_string() + where);
        const auto& hits = result->hits;
        if (hits.size() != std::min(k, ranked.size())) {
          return fail(std::to_string(hits.size()) + " hits, the reference has " +
                              std::to_string(ranked.size()) + " matches" + where);
        }
        std::set<std::size_t> seen;
        for (std::size_t i = 0; i < hits.size(); ++i) {
          auto physical = physical_.find({hits[i].segment, hits[i].doc});
          if (physical == physical_.end()) return fail("a hit outside the index" + where);
          const std::size_t doc = physical->second;
          auto reference = score_of.find(doc);
          if (reference == score_of.end()) {
            return fail("hit " + std::to_string(i) + " (document " + std::to_string(doc) +
                                ", score " + std::to_string(hits[i].score) +
                                ") does not match in the reference" + where);
          }
          if (!close(hits[i].score, reference->second)) {
            return fail("hit " + std::to_string(i) + " scores " + number(hits[i].score) +
                                ", the reference " + number(reference->second) + where);
          }
          if (!seen.insert(doc).second) return fail("a document twice" + where);
          if (i > 0) {
            const double before = hits[i - 1].score, now = hits[i].score;
            const std::size_t previous = physical_.at({hits[i - 1].segment, hits[i - 1].doc});
            if (now > before || (now == before && doc < previous)) {
              return fail("hits out of order at " + std::to_string(i) + where);
            }
          }
        }
        // Same documents as the reference's top k, but for ties (within rounding) at the cut.
        if (!hits.empty()) {
          const double cut = ranked[hits.size() - 1].score;
          for (const auto& match : ranked) {
            if (match.score > cut && !close(match.score, cut) && seen.count(match.doc) == 0) {
              return fail("document " + std::to_string(match.doc) + " (score " +
                                  number(match.score) + ") is missing from the top " +
                                  std::to_string(k) + where);
            }
          }
          for (const std::size_t doc : seen) {
            if (score_of[doc] < cut && !close(score_of[doc], cut)) {
              return fail("document " + std::to_string(doc) + " is in the top " +
                                  std::to_string(k) + " below the cut" + where);
            }
          }
        }
        if (exact && !result->total_is_exact) return fail("exact_count but inexact" + where);
        if (result->total_is_exact ? result->total_hits != ranked.size()
                                   : (result->total_hits > ranked.size() ||
                                      result->total_hits < hits.size())) {
          return fail("total_hits " + std::to_string(result->total_hits) +
                      (result->total_is_exact ? " (exact)" : " (lower bound)") +
                      ", the reference counts " + std::to_string(ranked.size()) + where);
        }
        if (k == 10 && !exact) {
          if (std::string failure = check_explain(query, hits, score_of); !failure.empty()) {
            return fail(failure + where);
          }
        }
      }
    }
    if (!expected.error && text.empty() && draw_.percent(40)) {
      if (std::string failure = compare_structured(query, expected); !failure.empty()) {
        return fail(failure);
      }
    }
    return "";
  }

  // ---- sorting, pages and facets -----------------------------------------------------------

  // A document's value for a sort key by brute force: its smallest value ascending, largest
  // descending; nullopt when it has none. Numbers and keyword text compared as trawl documents.
  using KeyValue = std::optional<std::variant<std::int64_t, std::string>>;
  KeyValue key_value(std::size_t doc, const SortKey& key) const {
    const std::size_t f = *schema_.find(key.field);
    if (is_numeric_type(schema_.fields()[f].type)) {
      const auto& values = reference_->numbers(doc, f);
      if (values.empty()) return std::nullopt;
      return key.descending ? *std::max_element(values.begin(), values.end())
                            : *std::min_element(values.begin(), values.end());
    }
    const auto values = reference_->keywords(doc, f);
    if (values.empty()) return std::nullopt;
    return key.descending ? *std::max_element(values.begin(), values.end())
                          : *std::min_element(values.begin(), values.end());
  }

  // < 0: a before b, > 0: after, 0: equal or too close to call (scores within rounding).
  int rank(const std::vector<SortKey>& keys, std::size_t a, double a_score, std::size_t b,
           double b_score) const {
    for (const SortKey& key : keys) {
      int c = 0;
      if (key.field.empty()) {
        if (close(a_score, b_score)) return 0;
        c = a_score < b_score ? -1 : 1;
      } else {
        const KeyValue x = key_value(a, key), y = key_value(b, key);
        if (!x || !y) {
          if (x.has_value() != y.has_value()) return x ? -1 : 1;  // missing last
          continue;
        }
        c = *x < *y ? -1 : *y < *x ? 1 : 0;
      }
      if (c != 0) return key.descending ? -c : c;
    }
    if (close(a_score, b_score)) return a == b ? 0 : (a < b ? -1 : 1) * (a_score == b_score ? 1 : 0);
    return a_score > b_score ? -1 : 1;
  }

  std::string compare_structured(const Query& query, const ReferenceSearcher::Answer& expected) {
    static constexpr std::array<std::string_view, 5> kSortFields = {"year", "published", "tag",
                                                                     "id", ""};
    std::vector<SortKey> keys;
    for (std::size_t n = 1 + draw_.below(2); n > 0; --n) {
      keys.push_back(SortKey{std::string(draw_.pick(kSortFields)), draw_.percent(50)});
    }
    std::string sort_text;
    for (const SortKey& key : keys) {
      sort_text += (key.descending ? " -" : " +") + (key.field.empty() ? "score" : key.field);
    }
    std::map<std::size_t, double> score_of;
    for (const auto& match : expected.matches) score_of[match.doc] = match.score;
    auto physical = [&](const Hit& hit) { return physical_.at({hit.segment, hit.doc}); };

    // The whole order, then pages of it by offset and by cursor.
    SearchOptions all = limits_;
    all.k = 1000;
    all.sort = keys;
    auto everything = searcher_->search(query, all);
    if (!everything) return "sorted search failed: " + everything.error().to_string() + sort_text;
    const std::vector<Hit>& order = everything->hits;
    if (order.size() != expected.matches.size()) {
      return "sorted by" + sort_text + ": " + std::to_string(order.size()) + " hits, the reference " +
             std::to_string(expected.matches.size());
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
      const std::size_t doc = physical(order[i]);
      if (score_of.count(doc) == 0) return "sorted by" + sort_text + ": a hit the reference lacks";
      if (!close(order[i].score, score_of[doc])) return "sorted by" + sort_text + ": a wrong score";
      if (i > 0) {
        const std::size_t previous = physical(order[i - 1]);
        if (rank(keys, previous, score_of[previous], doc, score_of[doc]) > 0) {
          return "sorted by" + sort_text + ": hits " + std::to_string(i - 1) + " and " +
                 std::to_string(i) + " (documents " + std::to_string(previous) + ", " +
                 std::to_string(doc) + ") out of order";
        }
      }
    }
    const std::size_t page = 1 + draw_.below(4);
    std::vector<Hit> by_offset, by_cursor;
    std::string cursor;
    for (std::size_t start = 0; start <= order.size(); start += page) {
      SearchOptions options = limits_;
      options.k = page;
      options.sort = keys;
      options.offset = start;
      auto a = searcher_->search(query, options);
      options.offset = 0;
      options.after = cursor;
      auto b = searcher_->search(query, options);
      if (!a || !b) return "a page failed" + sort_text;
      by_offset.insert(by_offset.end(), a->hits.begin(), a->hits.end());
      by_cursor.insert(by_cursor.end(), b->hits.begin(), b->hits.end());
      if (b->hits.empty()) break;
      cursor = b->next;
    }
    auto same = [](const std::vector<Hit>& x, const std::vector<Hit>& y) {
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (x[i].segment != y[i].segment || x[i].doc != y[i].doc || x[i].score != y[i].score) return false;
      }
      return true;
    };
    if (!same(by_offset, order)) {
      std::string got, want;
      for (const Hit& h : by_offset) got += " " + std::to_string(physical(h));
      for (const Hit& h : order) want += " " + std::to_string(physical(h));
      return "pages by offset of " + std::to_string(page) + " differ from one page" + sort_text +
             "\npages:" + got + "\none page:" + want;
    }
    if (!same(by_cursor, order)) return "pages by cursor of " + std::to_string(page) + " differ from one page" + sort_text;

    // Facets, counted by brute force over the reference's matches.
    SearchOptions faceted = limits_;
    faceted.k = 3;
    const std::size_t tag = *schema_.find("tag"), year = *schema_.find("year"),
                      published = *schema_.find("published");
    faceted.facets.push_back({FacetRequest::Kind::kValues, "tag", 3, {}, {}});
    faceted.facets.push_back({FacetRequest::Kind::kValues, "year", 4, {}, {}});
    faceted.facets.push_back({FacetRequest::Kind::kRanges, "year", 10, {"1995", "2001", "2010", "2030"}, {}});
    faceted.facets.push_back({FacetRequest::Kind::kRanges, "published", 10, {"2016", "2018-06-15", "2021-01"}, {}});
    static constexpr std::array<std::string_view, 3> kIntervals = {"day", "month", "year"};
    const std::string interval(draw_.pick(kIntervals));
    faceted.facets.push_back({FacetRequest::Kind::kHistogram, "published", 10, {}, interval});
    faceted.facets.push_back({FacetRequest::Kind::kHistogram, "year", 10, {}, "5"});
    auto counted = searcher_->search(query, faceted);
    if (!counted) return "faceted search failed: " + counted.error().to_string();
    if (!counted->total_is_exact || counted->total_hits != expected.matches.size()) {
      return "with facets, total_hits " + std::to_string(counted->total_hits) + " is not exact";
    }
    std::vector<std::vector<FacetCount>> want(6);
    {  // values: by count, then value
      std::map<std::string, std::uint64_t> tags;
      std::map<std::int64_t, std::uint64_t> years;
      for (const auto& match : expected.matches) {
        const auto values = reference_->keywords(match.doc, tag);
        for (const std::string& v : std::set<std::string>(values.begin(), values.end())) ++tags[v];
        const auto& numbers = reference_->numbers(match.doc, year);
        for (const std::int64_t v : std::set<std::int64_t>(numbers.begin(), numbers.end())) ++years[v];
      }
      auto top = [](auto counts, std::size_t size, auto label) {
        std::vector<std::pair<std::uint64_t, std::string>> ranked;
        for (const auto& [value, count] : counts) ranked.emplace_back(count, label(value));
        std::stable_sort(ranked.begin(), ranked.end(), [](auto& a, auto& b) { return a.first > b.first; });
        std::vector<FacetCount> out;
        for (std::size_t i = 0; i < ranked.size() && i < size; ++i) out.push_back({ranked[i].second, ranked[i].first});
        return out;
      };
      want[0] = top(tags, 3, [](const std::string& v) { return v; });
      want[1] = top(years, 4, [](std::int64_t v) { return std::to_string(v); });
    }
    auto buckets = [&](std::size_t field, const std::vector<std::int64_t>& edges,
                       const std::vector<std::string>& labels) {
      std::vector<FacetCount> out;
      for (std::size_t b = 0; b + 1 < edges.size(); ++b) {
        std::uint64_t count = 0;
        for (const auto& match : expected.matches) {
          const auto& values = reference_->numbers(match.doc, field);
          if (std::any_of(values.begin(), values.end(),
                          [&](std::int64_t v) { return v >= edges[b] && v < edges[b + 1]; })) {
            ++count;
          }
        }
        out.push_back({"[" + labels[b] + "," + labels[b + 1] + ")", count});
      }
      return out;
    };
    want[2] = buckets(year, {1995, 2001, 2010, 2030}, {"1995", "2001", "2010", "2030"});
    want[3] = buckets(published,
                      {ReferenceSearcher::date("2016")->first, ReferenceSearcher::date("2018-06-15")->first,
                       ReferenceSearcher::date("2021-01")->first},
                      {"2016", "2018-06-15", "2021-01"});
    auto histogram = [&](std::size_t field, auto start_of, auto label) {
      std::map<std::int64_t, std::uint64_t> counts;
      for (const auto& match : expected.matches) {
        std::set<std::int64_t> starts;
        for (const std::int64_t v : reference_->numbers(match.doc, field)) starts.insert(start_of(v));
        for (const std::int64_t s : starts) ++counts[s];
      }
      std::vector<FacetCount> out;
      for (const auto& [start, count] : counts) out.push_back({label(start), count});
      return out;
    };
    want[4] = histogram(
        published,
        [&](std::int64_t ms) {
          using namespace std::chrono;
          const auto day = sys_days{floor<days>(sys_time<milliseconds>{milliseconds{ms}})};
          const year_month_day date{day};
          const sys_days first = interval == "day"     ? day
                                 : interval == "month" ? sys_days{date.year() / date.month() / 1}
                                                       : sys_days{date.year() / January / 1};
          return std::int64_t{first.time_since_epoch().count()} * 86'400'000;
        },
        [](std::int64_t ms) {
          using namespace std::chrono;
          const year_month_day date{sys_days{days{ms / 86'400'000}}};
          char buffer[32];
          std::snprintf(buffer, sizeof(buffer), "%04d-%02u-%02uT00:00:00Z", static_cast<int>(date.year()),
                        static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
          return std::string(buffer);
        });
    want[5] = histogram(year, [](std::int64_t v) { return v - ((v % 5) + 5) % 5; },
                        [](std::int64_t v) { return std::to_string(v); });
    if (counted->facets.size() != want.size()) return "facets missing";
    for (std::size_t i = 0; i < want.size(); ++i) {
      const auto& got = counted->facets[i].counts;
      bool equal = got.size() == want[i].size();
      for (std::size_t j = 0; equal && j < got.size(); ++j) {
        equal = got[j].value == want[i][j].value && got[j].count == want[i][j].count;
      }
      if (!equal) {
        std::string text = "facet " + std::to_string(i) + " (" + faceted.facets[i].field + ") differs: trawl";
        for (const auto& f : got) text += " " + f.value + "=" + std::to_string(f.count);
        text += "; reference";
        for (const auto& f : want[i]) text += " " + f.value + "=" + std::to_string(f.count);
        return text;
      }
    }
    return "";
  }

  std::string check_explain(const Query& query, const std::vector<Hit>& hits,
                            const std::map<std::size_t, double>& score_of) {
    for (std::size_t i = 0; i < hits.size() && i < 3; ++i) {
      auto explanation = searcher_->explain(query, hits[i], limits_);
      if (!explanation) return "explain failed: " + explanation.error().to_string();
      const double expected = score_of.at(physical_.at({hits[i].segment, hits[i].doc}));
      if (!close(explanation->value, expected)) {
        return "explain gives " + number(explanation->value) + ", the reference " +
               number(expected);
      }
    }
    // A live document the query does not match explains as 0.
    for (const auto& [where, doc] : physical_) {
      if (score_of.count(doc) > 0 || searcher_->reader().is_deleted(where.first, where.second)) {
        continue;
      }
      auto explanation = searcher_->explain(query, Hit{where.first, where.second, 0}, limits_);
      if (!explanation) return "explain failed: " + explanation.error().to_string();
      if (explanation->value != 0) {
        return "explain of a document that does not match gives " + number(explanation->value);
      }
      break;
    }
    return "";
  }

  static std::string number(double value) {
    char buffer[40];
    std::snprintf(buffer, sizeof(buffer), "%.10g", value);
    return buffer;
  }

  Draw& draw_;
  SearchOptions limits_;  // of the query being compared (compare())
  Schema schema_;
  bool has_note_ = false;
  std::size_t ids_ = 10;
  std::string layout_;
  std::shared_ptr<Directory> directory_;
  std::vector<Document> history_;
  std::vector<Document> documents_;  // in the index's order
  std::map<std::pair<std::size_t, DocId>, std::size_t> physical_;  // (segment, doc) -> document
  std::optional<Searcher> searcher_;
  std::optional<ReferenceSearcher> reference_;
};

}  // namespace trawl::test::differential

#endif  // TRAWL_TESTS_SUPPORT_DIFFERENTIAL_H_
