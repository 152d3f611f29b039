// Xapian in the comparison, set up as close to trawl as its API allows: TermGenerator with the
// Snowball English stemmer, stemmed terms only (STEM_ALL) with positions, the same Snowball stop
// word list (STOP_ALL: not indexed; none with --no-stop-words), title and body indexed as one
// text (so --one-field changes nothing), the id as document data and as value slot 2, which the
// hits' ids are read from (values are Xapian's cheap per-document fields); BM25Weight with
// trawl's k1 0.9 and b 0.4; QueryParser with the same stemmer and stop words. Xapian has no
// parallel indexing; its flush threshold is left at the default. The structured fields are
// value slots (0: the day, sortable_serialise; 1: the section), used as its documentation
// shows: OP_VALUE_RANGE (under OP_FILTER, so unscored), set_sort_by_value_then_relevance, a
// ValueCountMatchSpy over every match, get_mset(offset, k).
#include <xapian.h>

#include <optional>
#include <stdexcept>

#include "harness.h"

namespace trawl::compare {
namespace {

constexpr Xapian::valueno kDaySlot = 0;
constexpr Xapian::valueno kSectionSlot = 1;
constexpr Xapian::valueno kIdSlot = 2;

class XapianEngine final : public Engine {
 public:
  XapianEngine() : stemmer_("english") {
    for (const std::string& word : english_stop_words()) stopper_.add(word);
  }

  std::string name() const override { return "xapian"; }
  std::string settings() const override {
    return "Xapian " + std::string(Xapian::version_string()) +
           ": Snowball English stemmer (STEM_ALL), positions, BM25Weight k1=0.9 b=0.4";
  }

  void create(const std::string& dir, const IndexOptions& options) override {
    store_text_ = options.store_text;
    run([&] {
      database_.emplace(dir, Xapian::DB_CREATE_OR_OVERWRITE);
      generator_.set_stemmer(stemmer_);
      generator_.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL);
      if (options.stop_words) {
        generator_.set_stopper(&stopper_);
        generator_.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
      }
      if (options.spelling) {
        generator_.set_database(*database_);
        generator_.set_flags(Xapian::TermGenerator::FLAG_SPELLING);
      }
    });
  }

  void add(const CorpusDocument& d) override {
    run([&] {
      Xapian::Document document;
      generator_.set_document(document);
      generator_.index_text(d.title);
      generator_.increase_termpos();
      generator_.index_text(d.body);
      document.set_data(store_text_ ? d.id + "\n" + d.title + "\n" + d.body : d.id);
      document.add_value(kDaySlot, Xapian::sortable_serialise(static_cast<double>(d.day)));
      document.add_value(kSectionSlot, d.section);
      document.add_value(kIdSlot, d.id);
      database_->add_document(document);
    });
  }

  void commit() override {
    run([&] { database_->commit(); });
  }
  void optimize() override {}  // a B-tree database; compaction is an offline tool (xapian-compact)

  void open(const std::string& dir, const IndexOptions& options) override {
    run([&] {
      reader_.emplace(dir);
      parser_.set_database(*reader_);
      parser_.set_stemmer(stemmer_);
      parser_.set_stemming_strategy(Xapian::QueryParser::STEM_ALL);
      if (options.stop_words) parser_.set_stopper(&stopper_);
    });
  }

  // Xapian 1.4 has prefixes (a trailing wildcard, the partial last word), no '?' wildcard, no
  // phrase prefix; its spelling suggestions read spelling data built at indexing (--spelling:
  // without it there are none).
  bool supports(QueryClass query_class) const override {
    return !typo_class(query_class) || query_class == QueryClass::kPrefixLast ||
           query_class == QueryClass::kSuggest;
  }

  SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                       bool exact_count) override {
    SearchOutcome outcome;
    if (query_class == QueryClass::kSuggest) {
      // Did-you-mean: the query parsed with spelling correction, its corrected string read.
      run([&] {
        parser_.set_default_op(Xapian::Query::OP_OR);
        parser_.parse_query(words, Xapian::QueryParser::FLAG_DEFAULT |
                                       Xapian::QueryParser::FLAG_SPELLING_CORRECTION);
        const std::string corrected = parser_.get_corrected_query_string();
        if (!corrected.empty()) {
          outcome.ids.push_back(corrected);
          outcome.total_hits = 1;
        }
      });
      return outcome;
    }
    run([&] {
      std::string text = words;
      parser_.set_default_op(query_class == QueryClass::kAnd ? Xapian::Query::OP_AND
                                                             : Xapian::Query::OP_OR);
      if (query_class == QueryClass::kPhrase) text = "\"" + words + "\"";
      auto days = [](std::pair<std::int64_t, std::int64_t> range) {
        return Xapian::Query(Xapian::Query::OP_VALUE_RANGE, kDaySlot,
                             Xapian::sortable_serialise(static_cast<double>(range.first)),
                             Xapian::sortable_serialise(static_cast<double>(range.second)));
      };
      Xapian::Query query;
      if (query_class == QueryClass::kRange) {
        query = days(range_days(words));
      } else {
        // FLAG_PARTIAL: the last word is a prefix, Xapian's search as you type.
        query = parser_.parse_query(
            text,
            Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_PHRASE |
                (query_class == QueryClass::kPrefixLast ? Xapian::QueryParser::FLAG_PARTIAL : 0));
      }
      if (query_class == QueryClass::kFilter) {
        query = Xapian::Query(Xapian::Query::OP_FILTER, query, days(filter_days(words)));
      }
      Xapian::Enquire enquire(*reader_);
      enquire.set_query(query);
      enquire.set_weighting_scheme(Xapian::BM25Weight(0.9, 0, 1, 0.4, 0.5));
      if (query_class == QueryClass::kSorted)
        enquire.set_sort_by_value_then_relevance(kDaySlot, true);
      Xapian::ValueCountMatchSpy spy(kSectionSlot);
      const bool facet = query_class == QueryClass::kFacet;
      if (facet) enquire.add_matchspy(&spy);
      const auto size = static_cast<Xapian::doccount>(k);
      const Xapian::doccount first =
          deep_page(query_class) ? static_cast<Xapian::doccount>(kDeepOffset) : 0;
      // Counting every match (exact counts, and the spy's counts) means checking every one.
      const Xapian::MSet mset =
          enquire.get_mset(first, size, exact_count || facet ? reader_->get_doccount() : 0);
      outcome.total_hits =
          exact_count || facet ? mset.get_matches_estimated() : mset.get_matches_lower_bound();
      for (auto it = mset.begin(); it != mset.end(); ++it) {
        outcome.ids.push_back(it.get_document().get_value(kIdSlot));
      }
      if (facet) {
        for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
          outcome.facets.emplace_back(*it, it.get_termfreq());
        }
      }
    });
    return outcome;
  }

 private:
  template <typename F>
  static void run(F f) {
    rethrowing<Xapian::Error>([](const Xapian::Error& e) { return e.get_description(); }, f);
  }

  Xapian::Stem stemmer_;
  Xapian::SimpleStopper stopper_;
  Xapian::TermGenerator generator_;
  Xapian::QueryParser parser_;
  std::optional<Xapian::WritableDatabase> database_;
  std::optional<Xapian::Database> reader_;
  bool store_text_ = false;
};

}  // namespace
}  // namespace trawl::compare

int main(int argc, char** argv) {
  return trawl::compare::run_engine<trawl::compare::XapianEngine>(argc, argv);
}
