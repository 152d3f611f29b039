// SQLite FTS5 in the comparison: a contentless table (content='', so the text is not kept; with
// --stored an ordinary FTS5 table keeps it) over title and body (with --one-field one column of
// both), tokenizer "porter unicode61" (FTS5's only stemmer is Porter's English; it has no stop
// words, so --no-stop-words is what it always does), full positions (detail=full),
// ranked by its bm25() (k1 1.2, b 0.75, fixed), ORDER BY rank LIMIT k. Rows are added in
// transactions of 10,000 with a prepared statement; the rowid is the line number of the corpus,
// mapped back to the id as a contentless table cannot return it. optimize() is FTS5's
// 'optimize' command (merges its b-trees into one). The structured fields live in an ordinary
// table meta(rowid, day, section) with an index on day, joined on the rowid, as the FTS5
// documentation advises: WHERE day BETWEEN, ORDER BY day DESC, GROUP BY section, LIMIT/OFFSET.
#include <sqlite3.h>

#include <memory>
#include <stdexcept>

#include "harness.h"

namespace trawl::compare {
namespace {

struct CloseDatabase {
  void operator()(sqlite3* db) const { sqlite3_close(db); }
};
struct Finalize {
  void operator()(sqlite3_stmt* statement) const { sqlite3_finalize(statement); }
};
using Statement = std::unique_ptr<sqlite3_stmt, Finalize>;

class SqliteEngine final : public Engine {
 public:
  std::string name() const override { return "sqlite-fts5"; }
  std::string settings() const override {
    return std::string("SQLite ") + sqlite3_libversion() +
           " FTS5: porter unicode61 tokenizer, no stop words, detail=full, bm25() k1=1.2 b=0.75";
  }

  void create(const std::string& dir, const IndexOptions& options) override {
    connect(dir + "/index.db");
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=NORMAL");
    one_field_ = options.one_field;
    const std::string columns = one_field_ ? "text" : "title, body";
    execute(("CREATE VIRTUAL TABLE docs USING fts5(" + columns +
             (options.store_text ? "" : ", content=''") + ", tokenize='porter unicode61')")
                .c_str());
    execute("CREATE TABLE meta(rowid INTEGER PRIMARY KEY, day INTEGER, section TEXT)");
    insert_ = prepare(one_field_ ? "INSERT INTO docs(rowid, text) VALUES(?, ?)"
                                 : "INSERT INTO docs(rowid, title, body) VALUES(?, ?, ?)");
    insert_meta_ = prepare("INSERT INTO meta(rowid, day, section) VALUES(?, ?, ?)");
    execute("BEGIN");
  }

  void add(const CorpusDocument& d) override {
    ++rows_;
    sqlite3_bind_int64(insert_.get(), 1, rows_);
    if (one_field_) {
      text_ = d.title + "\n" + d.body;
      sqlite3_bind_text(insert_.get(), 2, text_.data(), static_cast<int>(text_.size()),
                        SQLITE_STATIC);
    } else {
      sqlite3_bind_text(insert_.get(), 2, d.title.data(), static_cast<int>(d.title.size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(insert_.get(), 3, d.body.data(), static_cast<int>(d.body.size()),
                        SQLITE_STATIC);
    }
    step_done(insert_.get(), "insert");
    sqlite3_reset(insert_.get());
    sqlite3_bind_int64(insert_meta_.get(), 1, rows_);
    sqlite3_bind_int64(insert_meta_.get(), 2, d.day);
    sqlite3_bind_text(insert_meta_.get(), 3, d.section.data(), static_cast<int>(d.section.size()),
                      SQLITE_STATIC);
    step_done(insert_meta_.get(), "insert meta");
    sqlite3_reset(insert_meta_.get());
    if (rows_ % 10000 == 0) {
      execute("COMMIT");
      execute("BEGIN");
    }
  }

  void commit() override {
    execute("COMMIT");
    execute("CREATE INDEX meta_day ON meta(day)");
    execute("PRAGMA wal_checkpoint(TRUNCATE)");
  }

  void optimize() override {
    execute("INSERT INTO docs(docs) VALUES('optimize')");
    execute("PRAGMA wal_checkpoint(TRUNCATE)");
    insert_.reset();
    insert_meta_.reset();
  }

  void open(const std::string& dir, const IndexOptions&) override {  // FTS5 has no stop words
    connect(dir + "/index.db");
    top_ = prepare("SELECT rowid FROM docs WHERE docs MATCH ? ORDER BY rank LIMIT ?");
    count_ = prepare("SELECT count(*) FROM docs WHERE docs MATCH ?");
    filter_ = prepare(
        "SELECT docs.rowid FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH ?1 "
        "AND meta.day BETWEEN ?3 AND ?4 ORDER BY docs.rank LIMIT ?2");
    filter_count_ = prepare(
        "SELECT count(*) FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH ?1 "
        "AND meta.day BETWEEN ?3 AND ?4");
    sorted_ = prepare(
        "SELECT docs.rowid FROM docs JOIN meta ON meta.rowid = docs.rowid WHERE docs MATCH ?1 "
        "ORDER BY meta.day DESC, docs.rank LIMIT ?2");
    facet_ = prepare(
        "SELECT meta.section, count(*) FROM docs JOIN meta ON meta.rowid = docs.rowid "
        "WHERE docs MATCH ?1 GROUP BY meta.section");
    range_ = prepare("SELECT rowid FROM meta WHERE day BETWEEN ?3 AND ?4 LIMIT ?2");
    range_count_ = prepare("SELECT count(*) FROM meta WHERE day BETWEEN ?3 AND ?4");
    offset_ = prepare("SELECT rowid FROM docs WHERE docs MATCH ?1 ORDER BY rank LIMIT ?2 OFFSET " +
                      std::to_string(kDeepOffset));
  }

  // FTS5 has prefixes, in phrases too, but neither fuzzy words nor wildcards.
  bool supports(QueryClass query_class) const override {
    return !typo_class(query_class) || query_class == QueryClass::kPrefixLast ||
           query_class == QueryClass::kPhrasePrefix;
  }

  SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                       bool exact_count) override {
    // FTS5 syntax: each word quoted as a string (so no word is read as an operator), joined by
    // spaces (implicit AND) or OR; a phrase is one quoted string.
    // A prefix is a '*' after the string: the last word of prefix_last, the phrase's last of
    // phrase_prefix.
    std::string match;
    if (query_class == QueryClass::kPhrase || query_class == QueryClass::kPhrasePrefix) {
      match = "\"" + words + "\"";
    } else {
      for (const std::string& word : split_words(words)) {
        if (!match.empty()) match += query_class == QueryClass::kAnd ? " " : " OR ";
        match += "\"" + word + "\"";
      }
    }
    if (query_class == QueryClass::kPrefixLast || query_class == QueryClass::kPhrasePrefix) {
      match += " *";
    }
    SearchOutcome outcome;
    std::pair<std::int64_t, std::int64_t> days{0, 0};
    if (query_class == QueryClass::kFilter) days = filter_days(words);
    if (query_class == QueryClass::kRange) days = range_days(words);
    sqlite3_stmt* top = query_class == QueryClass::kFilter   ? filter_.get()
                        : query_class == QueryClass::kSorted ? sorted_.get()
                        : query_class == QueryClass::kRange  ? range_.get()
                        : deep_page(query_class)            ? offset_.get()
                                                             : top_.get();
    // ?1 the match, ?2 the limit, ?3 and ?4 the days (parameters a statement lacks are ignored)
    auto bind = [&](sqlite3_stmt* statement) {
      sqlite3_bind_text(statement, 1, match.data(), static_cast<int>(match.size()), SQLITE_STATIC);
      sqlite3_bind_int64(statement, 2, static_cast<sqlite3_int64>(k));
      sqlite3_bind_int64(statement, 3, days.first);
      sqlite3_bind_int64(statement, 4, days.second);
    };
    bind(top);
    int rc;
    while ((rc = sqlite3_step(top)) == SQLITE_ROW) {
      outcome.ids.push_back(std::to_string(sqlite3_column_int64(top, 0)));
    }
    if (rc != SQLITE_DONE) fail("search");
    sqlite3_reset(top);
    outcome.total_hits = outcome.ids.size();
    if (query_class == QueryClass::kFacet) {
      bind(facet_.get());
      outcome.total_hits = 0;
      while ((rc = sqlite3_step(facet_.get())) == SQLITE_ROW) {
        const auto count = static_cast<std::uint64_t>(sqlite3_column_int64(facet_.get(), 1));
        outcome.facets.emplace_back(
            reinterpret_cast<const char*>(sqlite3_column_text(facet_.get(), 0)), count);
        outcome.total_hits += count;
      }
      if (rc != SQLITE_DONE) fail("facet");
      sqlite3_reset(facet_.get());
    } else if (exact_count) {
      sqlite3_stmt* count = query_class == QueryClass::kFilter  ? filter_count_.get()
                            : query_class == QueryClass::kRange ? range_count_.get()
                                                                : count_.get();
      bind(count);
      if (sqlite3_step(count) != SQLITE_ROW) fail("count");
      outcome.total_hits = static_cast<std::uint64_t>(sqlite3_column_int64(count, 0));
      sqlite3_reset(count);
    }
    return outcome;
  }

 private:
  void connect(const std::string& path) {
    sqlite3* db = nullptr;
    const int rc = sqlite3_open(path.c_str(), &db);
    db_.reset(db);
    if (rc != SQLITE_OK) fail("open " + path);
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error(what + ": " + (db_ ? sqlite3_errmsg(db_.get()) : "out of memory"));
  }

  void execute(const char* sql) {
    char* message = nullptr;
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
      const std::string text = message != nullptr ? message : "?";
      sqlite3_free(message);
      throw std::runtime_error(std::string(sql) + ": " + text);
    }
  }

  Statement prepare(const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db_.get(), sql.c_str(), -1, &statement, nullptr) != SQLITE_OK) fail(sql);
    return Statement(statement);
  }

  void step_done(sqlite3_stmt* statement, const char* what) {
    if (sqlite3_step(statement) != SQLITE_DONE) fail(what);
  }

  // Declared first, destroyed last: statements must be finalised before the connection closes.
  std::unique_ptr<sqlite3, CloseDatabase> db_;
  Statement insert_, insert_meta_;
  bool one_field_ = false;
  std::string text_;  // the joined text of the row being inserted (--one-field)
  Statement top_, count_, filter_, filter_count_, sorted_, facet_, range_, range_count_, offset_;
  sqlite3_int64 rows_ = 0;
};

}  // namespace
}  // namespace trawl::compare

int main(int argc, char** argv) {
  return trawl::compare::run_engine<trawl::compare::SqliteEngine>(argc, argv);
}
