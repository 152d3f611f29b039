// Lucene++ in the comparison: SnowballAnalyzer("english") from its contrib library (standard
// tokenizer, lower case, the same Snowball stop word list or none with --no-stop-words,
// Snowball English stemmer), title and body added as two values of one field "text" (so they
// are searched as one text, like trawl's unscoped queries, and --one-field changes nothing),
// positions, the id stored and indexed untokenized, the hits' ids read from the FieldCache
// (Lucene 3's per-document values, loaded when the index is opened); Lucene 3.0's TF-IDF
// similarity (Lucene++ has no BM25). The RAM buffer is the same budget trawl gets; optimize()
// is IndexWriter::optimize().
// The structured fields: a NumericField "day" and an untokenized "section", used as Lucene 3
// users do: NumericRangeFilter (unscored) and NumericRangeQuery, Sort by the day then score,
// a Collector counting sections from the FieldCache (Lucene 3 has no facet module), and the
// top offset + k for a deep page (no search-after before Lucene 3.5).
// LuceneHeaders.h must come first: the others rely on what it includes.
#include <lucene++/LuceneHeaders.h>
// clang-format off
#include <lucene++/FieldCache.h>
#include <lucene++/SnowballAnalyzer.h>
#include <lucene++/SortField.h>
#include <lucene++/TopFieldDocs.h>
// clang-format on

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <vector>

#include "harness.h"

namespace trawl::compare {
namespace {

using namespace Lucene;

// Counts the matches per section, per segment by the FieldCache's ordinals.
class SectionCounter : public Collector {
 public:
  void setScorer(const ScorerPtr&) override {}
  void collect(int32_t doc) override {
    ++segment_counts_[static_cast<std::size_t>(index_->order[doc])];
  }
  void setNextReader(const IndexReaderPtr& reader, int32_t) override {
    flush();
    index_ = FieldCache::DEFAULT()->getStringIndex(reader, L"section");
    segment_counts_.assign(static_cast<std::size_t>(index_->lookup.size()), 0);
  }
  bool acceptsDocsOutOfOrder() override { return true; }
  const std::map<String, std::uint64_t>& counts() {
    flush();
    return counts_;
  }

 private:
  void flush() {
    for (std::size_t o = 1; o < segment_counts_.size(); ++o) {  // ordinal 0: no value
      if (segment_counts_[o] > 0)
        counts_[index_->lookup[static_cast<int32_t>(o)]] += segment_counts_[o];
    }
    segment_counts_.clear();
  }

  StringIndexPtr index_;
  std::vector<std::uint64_t> segment_counts_;
  std::map<String, std::uint64_t> counts_;
};

class LuceneEngine final : public Engine {
 public:
  // The analyzer of an index built with or without the stop words.
  void make_analyzer(bool with_stop_words) {
    HashSet<String> stop_words = HashSet<String>::newInstance();
    if (with_stop_words) {
      for (const std::string& word : english_stop_words())
        stop_words.add(StringUtils::toUnicode(word));
    }
    analyzer_ = newLucene<SnowballAnalyzer>(LuceneVersion::LUCENE_CURRENT, L"english", stop_words);
  }

  std::string name() const override { return "lucene++"; }
  std::string settings() const override {
    return "Lucene++ 3.0.8: SnowballAnalyzer(english), positions, TF-IDF (classic similarity)";
  }

  void create(const std::string& dir, const IndexOptions& options) override {
    store_text_ = options.store_text;
    run([&] {
      make_analyzer(options.stop_words);
      writer_ = newLucene<IndexWriter>(FSDirectory::open(StringUtils::toUnicode(dir)), analyzer_,
                                       true, IndexWriter::MaxFieldLengthUNLIMITED);
      writer_->setRAMBufferSizeMB(static_cast<double>(options.ram_mb));
    });
  }

  void add(const CorpusDocument& d) override {
    run([&] {
      DocumentPtr document = newLucene<Document>();
      const Field::Store store = store_text_ ? Field::STORE_YES : Field::STORE_NO;
      document->add(newLucene<Field>(L"id", StringUtils::toUnicode(d.id), Field::STORE_YES,
                                     Field::INDEX_NOT_ANALYZED_NO_NORMS));
      document->add(
          newLucene<Field>(L"text", StringUtils::toUnicode(d.title), store, Field::INDEX_ANALYZED));
      document->add(
          newLucene<Field>(L"text", StringUtils::toUnicode(d.body), store, Field::INDEX_ANALYZED));
      document->add(newLucene<NumericField>(L"day", Field::STORE_NO, true)
                        ->setIntValue(static_cast<int32_t>(d.day)));
      document->add(newLucene<Field>(L"section", StringUtils::toUnicode(d.section), Field::STORE_NO,
                                     Field::INDEX_NOT_ANALYZED_NO_NORMS));
      writer_->addDocument(document);
    });
  }

  void commit() override {
    run([&] { writer_->commit(); });
  }

  void optimize() override {
    run([&] {
      writer_->optimize();
      writer_->close();
    });
  }

  void open(const std::string& dir, const IndexOptions& options) override {
    run([&] {
      make_analyzer(options.stop_words);
      searcher_ = newLucene<IndexSearcher>(FSDirectory::open(StringUtils::toUnicode(dir)), true);
      parser_ = newLucene<QueryParser>(LuceneVersion::LUCENE_CURRENT, L"text", analyzer_);
      ids_ = FieldCache::DEFAULT()->getStrings(searcher_->getIndexReader(), L"id");
    });
  }

  // Lucene's FuzzyQuery, WildcardQuery and PrefixQuery, through its query parser's syntax; it
  // has no phrase prefix.
  bool supports(QueryClass query_class) const override {
    return query_class != QueryClass::kPhrasePrefix;
  }

  SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                       bool /*exact_count: Lucene 3 always counts every match*/) override {
    SearchOutcome outcome;
    run([&] {
      parser_->setDefaultOperator(query_class == QueryClass::kAnd ? QueryParser::AND_OPERATOR
                                                                  : QueryParser::OR_OPERATOR);
      const String text = StringUtils::toUnicode(query_text(query_class, words));
      QueryPtr query;
      if (query_class == QueryClass::kRange) {
        const auto [first, last] = range_days(words);
        query = NumericRangeQuery::newIntRange(L"day", static_cast<int32_t>(first),
                                               static_cast<int32_t>(last), true, true);
      } else {
        query = parser_->parse(text);
      }
      FilterPtr filter;
      if (query_class == QueryClass::kFilter) {
        const auto [first, last] = filter_days(words);
        filter = NumericRangeFilter::newIntRange(L"day", static_cast<int32_t>(first),
                                                 static_cast<int32_t>(last), true, true);
      }
      const auto wanted =
          static_cast<int32_t>(deep_page(query_class) ? kDeepOffset + k : k);
      TopDocsPtr top;
      if (query_class == QueryClass::kSorted) {
        SortPtr sort = newLucene<Sort>(newCollection<SortFieldPtr>(
            newLucene<SortField>(L"day", SortField::INT, true), SortField::FIELD_SCORE()));
        top = searcher_->search(query, filter, wanted, sort);
      } else {
        top = searcher_->search(query, filter, wanted);
      }
      outcome.total_hits = static_cast<std::uint64_t>(top->totalHits);
      const std::size_t skip = deep_page(query_class) ? kDeepOffset : 0;
      for (auto i = static_cast<int32_t>(skip); i < top->scoreDocs.size(); ++i) {
        outcome.ids.push_back(StringUtils::toUTF8(ids_[top->scoreDocs[i]->doc]));
      }
      if (query_class == QueryClass::kFacet) {
        auto counter = newLucene<SectionCounter>();
        searcher_->search(query, counter);
        for (const auto& [section, count] : counter->counts()) {
          outcome.facets.emplace_back(StringUtils::toUTF8(section), count);
        }
      }
    });
    return outcome;
  }

 private:
  // The query parser's text for the class: a phrase quoted, fuzzy words as word~S, the last
  // word of prefix_last as word*. Lucene 3 bounds a fuzzy word by a similarity, not edits: a
  // term d edits from an n-letter word has 1 - d/n (for terms as long), so S = 1 - (e + 0.5)/n
  // admits e edits and not e + 1.
  static std::string query_text(QueryClass query_class, const std::string& words) {
    if (query_class == QueryClass::kPhrase) return "\"" + words + "\"";
    if (query_class == QueryClass::kPrefixLast) return words + "*";
    if (query_class != QueryClass::kFuzzy1 && query_class != QueryClass::kFuzzy2) return words;
    std::string text;
    for (const std::string& word : split_words(words)) {
      const double similarity = std::clamp(
          1.0 - (class_edits(query_class) + 0.5) / static_cast<double>(word.size()), 0.05, 0.95);
      char suffix[16];
      std::snprintf(suffix, sizeof suffix, "~%.3f", similarity);
      text += (text.empty() ? "" : " ") + word + suffix;
    }
    return text;
  }

  template <typename F>
  static void run(F f) {
    rethrowing<LuceneException>(
        [](const LuceneException& e) { return StringUtils::toUTF8(e.getError()); }, f);
  }

  AnalyzerPtr analyzer_;
  IndexWriterPtr writer_;
  IndexSearcherPtr searcher_;
  QueryParserPtr parser_;
  Collection<String> ids_;  // the id of each document, from the FieldCache
  bool store_text_ = false;
};

}  // namespace
}  // namespace trawl::compare

int main(int argc, char** argv) {
  return trawl::compare::run_engine<trawl::compare::LuceneEngine>(argc, argv);
}
