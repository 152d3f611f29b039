// trawl in the comparison: the default English analyzer (ICU words, NFKC casefold, Snowball stop
// words, Snowball English stemmer), positions, BM25 (k1 0.9, b 0.4), title and body as two text
// fields searched as one text, the id stored.
#include <optional>
#include <stdexcept>

#include "harness.h"
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

class TrawlEngine final : public Engine {
 public:
  std::string name() const override { return "trawl"; }
  std::string settings() const override {
    return "English analyzer (Snowball stop words + stemmer), positions, BM25 k1=0.9 b=0.4";
  }

  void create(const std::string& dir, const IndexOptions& options) override {
    Schema schema;
    schema.add_keyword("id")
        .add_text("title", {}, options.store_text)
        .add_text("body", {}, options.store_text)
        .set_unique_key("id");
    IndexWriterOptions writer_options;
    writer_options.threads = options.threads;
    writer_options.ram_budget_bytes = options.ram_mb << 20;
    writer_.emplace(value_or_throw(IndexWriter::open(dir, schema, writer_options), "open writer"));
  }

  void add(const CorpusDocument& d) override {
    ok_or_throw(writer_->add(Document().add("id", d.id).add("title", d.title).add("body", d.body)),
                "add");
  }

  void commit() override { ok_or_throw(writer_->commit(), "commit"); }
  void optimize() override { ok_or_throw(writer_->force_merge(1), "force_merge"); }

  void open(const std::string& dir) override {
    searcher_.emplace(value_or_throw(IndexReader::open(dir), "open reader"));
  }

  SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                       bool exact_count) override {
    QueryParserOptions parser;
    std::string text = words;
    switch (query_class) {
      case QueryClass::kTerm:
      case QueryClass::kOr: parser.default_operator = QueryParserOptions::Operator::kOr; break;
      case QueryClass::kAnd: parser.default_operator = QueryParserOptions::Operator::kAnd; break;
      case QueryClass::kPhrase: text = "\"" + words + "\""; break;
    }
    const Query query = value_or_throw(parse_query(text, parser), "parse");
    SearchOptions options;
    options.k = k;
    options.exact_count = exact_count;
    const SearchResult result = value_or_throw(searcher_->search(query, options), "search");
    SearchOutcome outcome;
    outcome.total_hits = result.total_hits;
    for (const Document& document : value_or_throw(searcher_->documents(result.hits), "fetch")) {
      const std::string* id = document.get("id");
      outcome.ids.push_back(id != nullptr ? *id : std::string());
    }
    return outcome;
  }

 private:
  std::optional<IndexWriter> writer_;
  std::optional<Searcher> searcher_;
};

}  // namespace
}  // namespace trawl::compare

int main(int argc, char** argv) {
  return trawl::compare::run_engine<trawl::compare::TrawlEngine>(argc, argv);
}
