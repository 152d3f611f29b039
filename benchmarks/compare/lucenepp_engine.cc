// Lucene++ in the comparison: SnowballAnalyzer("english") from its contrib library (standard
// tokenizer, lower case, the same Snowball stop word list, Snowball English stemmer), title and
// body added as two values of one field "text" (so they are searched as one text, like trawl's
// unscoped queries), positions, the id stored; Lucene 3.0's TF-IDF similarity (Lucene++ has no
// BM25). The RAM buffer is the same budget trawl gets; optimize() is IndexWriter::optimize().
#include <lucene++/LuceneHeaders.h>
#include <lucene++/SnowballAnalyzer.h>

#include <stdexcept>

#include "harness.h"

namespace trawl::compare {
namespace {

using namespace Lucene;

class LuceneEngine final : public Engine {
 public:
  LuceneEngine() {
    HashSet<String> stop_words = HashSet<String>::newInstance();
    for (const std::string& word : english_stop_words()) stop_words.add(StringUtils::toUnicode(word));
    analyzer_ = newLucene<SnowballAnalyzer>(LuceneVersion::LUCENE_CURRENT, L"english", stop_words);
  }

  std::string name() const override { return "lucene++"; }
  std::string settings() const override {
    return "Lucene++ 3.0.8: SnowballAnalyzer(english) with Snowball stop words, positions, "
           "TF-IDF (classic similarity)";
  }

  void create(const std::string& dir, const IndexOptions& options) override {
    store_text_ = options.store_text;
    run([&] {
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
      document->add(newLucene<Field>(L"text", StringUtils::toUnicode(d.title), store,
                                     Field::INDEX_ANALYZED));
      document->add(newLucene<Field>(L"text", StringUtils::toUnicode(d.body), store,
                                     Field::INDEX_ANALYZED));
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

  void open(const std::string& dir) override {
    run([&] {
      searcher_ = newLucene<IndexSearcher>(FSDirectory::open(StringUtils::toUnicode(dir)), true);
      parser_ = newLucene<QueryParser>(LuceneVersion::LUCENE_CURRENT, L"text", analyzer_);
    });
  }

  SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                       bool /*exact_count: Lucene 3 always counts every match*/) override {
    SearchOutcome outcome;
    run([&] {
      parser_->setDefaultOperator(query_class == QueryClass::kAnd ? QueryParser::AND_OPERATOR
                                                                  : QueryParser::OR_OPERATOR);
      const String text = StringUtils::toUnicode(query_class == QueryClass::kPhrase
                                                     ? "\"" + words + "\""
                                                     : words);
      const TopDocsPtr top = searcher_->search(parser_->parse(text), static_cast<int32_t>(k));
      outcome.total_hits = static_cast<std::uint64_t>(top->totalHits);
      for (const ScoreDocPtr& hit : top->scoreDocs) {
        outcome.ids.push_back(StringUtils::toUTF8(searcher_->doc(hit->doc)->get(L"id")));
      }
    });
    return outcome;
  }

 private:
  template <typename F>
  static void run(F f) {
    rethrowing<LuceneException>(
        [](const LuceneException& e) { return StringUtils::toUTF8(e.getError()); }, f);
  }

  AnalyzerPtr analyzer_;
  IndexWriterPtr writer_;
  IndexSearcherPtr searcher_;
  QueryParserPtr parser_;
  bool store_text_ = false;
};

}  // namespace
}  // namespace trawl::compare

int main(int argc, char** argv) {
  return trawl::compare::run_engine<trawl::compare::LuceneEngine>(argc, argv);
}
