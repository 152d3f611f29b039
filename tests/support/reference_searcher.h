// The oracle for search: the documents' text, analysed with the schema's analyzers, and every
// query answered by brute force from the contract in trawl/search/searcher.h and query.h. It
// shares no search or index code with trawl: no postings, no dictionary, no statistics of the
// index, no scorers. It knows only what a reader of the headers knows:
//
//   - statistics (N, df, average lengths) count every document physically in the index, deleted
//     ones included until a merge drops them; hits are live documents only;
//   - an unscoped query scores each analyzer group of text fields as one text (tf and dl summed
//     with the field weights; N = documents with any text; df = documents with the word in any
//     field of the group); a scoped one uses that field's statistics (weight 1);
//   - a keyword clause is BM25 with b = 0 and N = every document;
//   - a phrase occurs where its words sit at distinct positions whose shifted values (position
//     minus the word's offset in the phrase) span at most `slop`; its frequency counts the
//     distinct smallest shifted values of such placements; its idf is its words' idf summed;
//   - booleans combine as query.h says (see Node below for the rules on absent words);
//   - a decay multiplies its query's score by factor ^ (distance / scale) for the value nearest
//     its origin (1 without a value);
//   - a range matches documents with any value of the field inside it, scoring its boost; a
//     date bound covers its whole day, month or year (dates are read here with std::chrono,
//     not trawl's parser, in the forms the fuzzer writes).
//
// Documents are given in the index's physical order (see differential.h); evaluation is
// O(documents x query) and meant for a few hundred documents.
#ifndef TRAWL_TESTS_SUPPORT_REFERENCE_SEARCHER_H_
#define TRAWL_TESTS_SUPPORT_REFERENCE_SEARCHER_H_

#include <unicode/uchar.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/analysis/token_filter.h"
#include "trawl/index/document.h"
#include "trawl/index/schema.h"
#include "trawl/search/query.h"
#include "trawl/search/searcher.h"

namespace trawl::test {

class ReferenceSearcher {
 public:
  struct Match {
    std::size_t doc;  // index into the documents given to the constructor
    double score;
  };
  struct Answer {
    bool error = false;          // the query is invalid (trawl must say InvalidArgument)
    std::vector<Match> matches;  // every live matching document, in document order
  };

  /// `documents`: the index's documents in its order; `live[i]` false for deleted ones.
  ReferenceSearcher(const Schema& schema, std::vector<Document> documents, std::vector<bool> live,
                    Bm25Parameters bm25 = {},
                    std::vector<std::pair<std::string, double>> field_weights = {})
      : schema_(schema), live_(std::move(live)), bm25_(bm25) {
    const auto& fields = schema_.fields();
    weights_.assign(fields.size(), 1.0);
    for (const auto& [name, weight] : field_weights) weights_[*schema_.find(name)] = weight;
    for (const FieldSpec& field : fields) {
      analyzers_.push_back(field.type == FieldType::kText
                               ? std::make_shared<Analyzer>(Analyzer::create(field.analyzer).value())
                               : nullptr);
    }
    for (const Document& document : documents) {
      Doc doc;
      doc.fields.resize(fields.size());
      doc.numbers.resize(fields.size());
      for (const Document::Field& value : document.fields()) {
        const std::size_t f = *schema_.find(value.name);
        if (fields[f].type == FieldType::kText) {
          // One value per text field (the fuzzer makes no multi-valued text).
          for (const Token& token : analyzers_[f]->analyze(std::get<std::string>(value.value)).value()) {
            doc.fields[f].push_back({token.term, token.position});
          }
        } else if (fields[f].type == FieldType::kKeyword) {
          doc.fields[f].push_back({std::get<std::string>(value.value), 0});
        } else if (is_numeric_type(fields[f].type)) {
          if (const auto* number = std::get_if<std::int64_t>(&value.value)) {
            doc.numbers[f].push_back(*number);
          } else {
            doc.numbers[f].push_back(date_span(std::get<std::string>(value.value))->first);
          }
        }
      }
      docs_.push_back(std::move(doc));
    }
  }

  /// The surfaces the index holds per schema field (IndexReader::surfaces over its segments):
  /// prefixes, wildcards and fuzzy words match them besides the terms, and then their terms,
  /// which this reference finds by analysing each surface with its field's analyzer. The index
  /// is asked because a merge keeps the surfaces of documents deleted since; which surfaces it
  /// keeps is tested against the documents' text on its own (tests/index/surfaces_test.cc).
  void set_surfaces(std::vector<std::set<std::string>> surfaces) {
    surfaces_ = std::move(surfaces);
  }

  /// The values of numeric or date field `field` (a schema position) of document `doc`.
  const std::vector<std::int64_t>& numbers(std::size_t doc, std::size_t field) const {
    return docs_[doc].numbers[field];
  }
  /// The values of keyword field `field` of document `doc`.
  std::vector<std::string> keywords(std::size_t doc, std::size_t field) const {
    std::vector<std::string> out;
    for (const Occurrence& o : docs_[doc].fields[field]) out.push_back(o.term);
    return out;
  }
  /// A date's span, read as this file reads dates (for the fuzzer's facet edges).
  static std::optional<std::pair<std::int64_t, std::int64_t>> date(const std::string& text) {
    return date_span(text);
  }

  /// `max_prefix_terms` and `max_clauses` as SearchOptions defines them.
  Answer search(const Query& query, std::size_t max_prefix_terms = 1024,
                std::size_t max_clauses = 1024) const {
    SearchOptions options;
    options.max_prefix_terms = max_prefix_terms;
    options.max_clauses = max_clauses;
    return search(query, options);
  }
  /// Under the limits and fuzziness of `options` (its other members do not change matches).
  Answer search(const Query& query, const SearchOptions& options) const {
    options_ = options;
    clauses_ = 0;
    Answer answer;
    std::optional<Node> node = compile(query);
    if (!node) {
      answer.error = true;
      return answer;
    }
    for (std::size_t d = 0; d < docs_.size(); ++d) {
      if (!live_[d]) continue;
      if (auto score = evaluate(*node, d)) answer.matches.push_back({d, *score});
    }
    return answer;
  }

 private:
  struct Occurrence {
    std::string term;
    Position position;
  };
  struct Doc {
    std::vector<std::vector<Occurrence>> fields;  // per schema field; text and keyword only
    std::vector<std::vector<std::int64_t>> numbers;  // per schema field; numeric and date only
  };
  // The fields a clause searches, scored as one text.
  struct Group {
    std::vector<std::size_t> fields;
    std::vector<double> weights;
    bool keyword = false;
    double n = 0, avgdl = 1, b = 0.4;
  };
  struct Word {  // a word of a bag, with its BM25 constants
    std::string term;
    double multiplier = 1, idf = 0;
    // A pattern's expansion of two or more terms: one word whose occurrences are all of theirs.
    std::vector<std::string> forms;
    // The forms are a query word's colocated forms: its occurrences are the positions where
    // any of them stands, each position once.
    bool colocated = false;
  };
  // A compiled clause. Rules shared with the header: a clause whose text has no words left
  // (stop words) is ignored by its boolean; one whose words no document has matches nothing
  // (a required one makes its boolean match nothing, an optional or prohibited one is absent);
  // a boolean whose clauses were all ignored is ignored itself; a boolean with clauses that
  // could match (must, should, filter) but none left that can, matches nothing; one with only
  // prohibited clauses matches every document they do not, with score 0.
  struct Node {
    enum class Kind { kNothing, kWords, kPhrase, kAny, kBoolean, kAll, kRange, kDecay } kind = Kind::kNothing;
    bool no_words = false;
    Group group;
    std::vector<Word> words;                // kWords
    std::vector<std::vector<std::string>> phrase;  // kPhrase: each word's forms, offsets, idf
                                                   // sum, boost
    std::vector<Position> offsets;
    double phrase_idf = 0, boost = 1;
    std::uint32_t slop = 0;
    std::vector<Node> children;             // kAny (sum of matching), kBoolean
    std::vector<Query::Occur> occurs;
    std::uint32_t min_should_match = 0;
    bool positive = false;
    std::size_t field = 0;  // kRange: the field and its inclusive limits; kDecay: its field
    std::int64_t low = 0, high = 0;
    std::int64_t origin = 0;  // kDecay (children[0] is the decayed query)
    double scale = 1, factor = 0.5;
  };

  static double idf(double n, double df) { return std::log(1 + (n - df + 0.5) / (df + 0.5)); }

  double bm25(double weight, double tf, double dl, const Group& group) const {
    const double norm = bm25_.k1 * (1 - group.b + group.b * dl / group.avgdl);
    return weight * tf * (bm25_.k1 + 1) / (tf + norm);
  }

  // Fields of a clause, grouped by analyzer; nullopt if the field cannot be searched.
  std::optional<std::vector<Group>> groups(const std::string& name, bool scoped) const {
    const auto& fields = schema_.fields();
    std::vector<Group> out;
    if (scoped) {
      auto f = schema_.find(name);
      if (!f || (fields[*f].type != FieldType::kText && fields[*f].type != FieldType::kKeyword)) {
        return std::nullopt;
      }
      Group group;
      group.fields = {*f};
      group.weights = {1.0};
      group.keyword = fields[*f].type == FieldType::kKeyword;
      out.push_back(group);
    } else {
      for (std::size_t f = 0; f < fields.size(); ++f) {
        if (fields[f].type != FieldType::kText) continue;
        auto same = std::find_if(out.begin(), out.end(), [&](const Group& g) {
          return fields[g.fields[0]].analyzer == fields[f].analyzer;
        });
        if (same == out.end()) {
          out.push_back(Group{{f}, {weights_[f]}});
        } else {
          same->fields.push_back(f);
          same->weights.push_back(weights_[f]);
        }
      }
      if (out.empty()) return std::nullopt;
    }
    for (Group& group : out) {
      if (group.keyword) {
        group.b = 0;
        group.n = static_cast<double>(docs_.size());
        continue;
      }
      group.b = bm25_.b;
      double total = 0, with_text = 0;
      for (std::size_t d = 0; d < docs_.size(); ++d) {
        bool any = false;
        if (scoped) {
          any = !docs_[d].fields[group.fields[0]].empty();
        } else {
          for (std::size_t f = 0; f < fields.size(); ++f) {
            if (fields[f].type == FieldType::kText && !docs_[d].fields[f].empty()) any = true;
          }
        }
        if (any) ++with_text;
        total += length(group, d);
      }
      group.n = with_text;
      group.avgdl = with_text > 0 && total > 0 ? total / with_text : 1.0;
    }
    return out;
  }

  double length(const Group& group, std::size_t d) const {
    double dl = 0;
    for (std::size_t i = 0; i < group.fields.size(); ++i) {
      dl += group.weights[i] * static_cast<double>(positions(docs_[d].fields[group.fields[i]]));
    }
    return dl;
  }
  // A field's length: its positions (a word's colocated forms stand at its one position).
  static std::size_t positions(const std::vector<Occurrence>& field) {
    std::set<Position> distinct;
    for (const Occurrence& o : field) distinct.insert(o.position);
    return distinct.size();
  }
  // The positions of field `field` of document `d` holding any of `forms`.
  std::set<Position> positions_of(std::size_t d, std::size_t field,
                                  const std::vector<std::string>& forms) const {
    std::set<Position> out;
    for (const Occurrence& o : docs_[d].fields[field]) {
      if (std::find(forms.begin(), forms.end(), o.term) != forms.end()) out.insert(o.position);
    }
    return out;
  }
  // Analysed tokens as words: each with the forms colocated with it (the tokens after it at its
  // position), its own term first.
  static std::vector<std::pair<std::vector<std::string>, Position>> word_forms(
      const std::vector<Token>& tokens) {
    std::vector<std::pair<std::vector<std::string>, Position>> words;
    for (const Token& token : tokens) {
      if (!words.empty() && words.back().second == token.position) {
        words.back().first.push_back(token.term);
      } else {
        words.push_back({{token.term}, token.position});
      }
    }
    return words;
  }
  static std::vector<Token> first_at_each_position(const std::vector<Token>& tokens) {
    std::vector<Token> out;
    for (const Token& token : tokens) {
      if (out.empty() || out.back().position != token.position) out.push_back(token);
    }
    return out;
  }
  double tf(const Group& group, std::size_t d, const std::string& term) const {
    double tf = 0;
    for (std::size_t i = 0; i < group.fields.size(); ++i) {
      for (const Occurrence& o : docs_[d].fields[group.fields[i]]) {
        if (o.term == term) tf += group.weights[i];
      }
    }
    return tf;
  }
  double df(const Group& group, const std::string& term) const {
    double df = 0;
    for (std::size_t d = 0; d < docs_.size(); ++d) {
      bool has = false;
      for (std::size_t f : group.fields) {
        for (const Occurrence& o : docs_[d].fields[f]) has = has || o.term == term;
      }
      if (has) ++df;
    }
    return df;
  }

  std::vector<std::string> analyze(const Group& group, const std::string& text) const {
    if (group.keyword) return {text};
    std::vector<std::string> terms;
    for (const Token& token :
         first_at_each_position(analyzers_[group.fields[0]]->analyze(text).value())) {
      terms.push_back(token.term);
    }
    return terms;
  }

  // The distinct terms in query order, with how often each occurs into `counts`.
  static std::vector<std::string> distinct(const std::vector<std::string>& terms,
                                           std::map<std::string, double>& counts) {
    std::vector<std::string> order;
    for (const std::string& term : terms) {
      if (counts[term]++ == 0) order.push_back(term);
    }
    return order;
  }

  // A pattern's terms as one word (their occurrences summed), with the idf of the largest df
  // among them.
  Node expansion_node(const Group& group, const std::vector<std::string>& terms,
                      double boost) const {
    Node node = words_node(group, terms, boost, false);
    if (node.words.empty()) return node;
    double blended = 0;
    for (const Word& word : node.words) blended = std::max(blended, df(group, word.term));
    Word one{node.words[0].term, boost, idf(std::max(group.n, blended), blended), {}};
    if (node.words.size() > 1) {
      for (const Word& word : node.words) one.forms.push_back(word.term);
    }
    node.words = {one};
    return node;
  }

  Node words_node(const Group& group, const std::vector<std::string>& terms, double boost,
                  bool count_clauses = true) const {
    Node node;
    node.kind = Node::Kind::kWords;
    node.group = group;
    std::map<std::string, double> counts;
    const std::vector<std::string> order = distinct(terms, counts);
    if (count_clauses) clauses_ += order.size();
    for (const std::string& term : order) {
      const double d = df(group, term);
      if (d == 0) continue;
      node.words.push_back({term, boost * counts[term], idf(std::max(group.n, d), d), {}});
    }
    if (node.words.empty()) node.kind = Node::Kind::kNothing;
    return node;
  }

  std::optional<Node> compile(const Query& query) const {
    if (!(query.boost() >= 0) || !std::isfinite(query.boost())) return std::nullopt;
    switch (query.kind()) {
      case Query::Kind::kMatchAll: {
        Node node;
        node.kind = Node::Kind::kAll;
        node.boost = query.boost();
        return node;
      }
      case Query::Kind::kBoolean: return compile_boolean(query);
      case Query::Kind::kRange: return compile_range(query);
      case Query::Kind::kDecay: return compile_decay(query);
      default: {
        const auto f = schema_.find(query.field());
        if (query.kind() == Query::Kind::kTerm && f && is_numeric_type(schema_.fields()[*f].type)) {
          Query range = Query::range(query.field(), query.text(), query.text());
          range.boost(query.boost());
          return compile_range(range);
        }
        return compile_text(query);
      }
    }
  }

  // A date in the forms the fuzzer writes (YYYY, YYYY-MM, YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ,
  // YYYY-MM-DDTHH:MM:SS+HH:MM), as the milliseconds it spans: [first, second).
  static std::optional<std::pair<std::int64_t, std::int64_t>> date_span(const std::string& text) {
    using namespace std::chrono;
    auto number = [&](std::size_t at, std::size_t n) -> std::optional<int> {
      if (text.size() < at + n) return std::nullopt;
      int value = 0;
      for (std::size_t i = at; i < at + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
        value = value * 10 + (text[i] - '0');
      }
      return value;
    };
    auto day_ms = [](int y, int m, int d) {
      return std::int64_t{sys_days(year(y) / month(static_cast<unsigned>(m)) / day(static_cast<unsigned>(d)))
                              .time_since_epoch()
                              .count()} * 86'400'000;
    };
    const auto y = number(0, 4);
    if (!y) return std::nullopt;
    if (text.size() == 4) return std::pair{day_ms(*y, 1, 1), day_ms(*y + 1, 1, 1)};
    const auto m = number(5, 2);
    if (!m || text[4] != '-' || *m < 1 || *m > 12) return std::nullopt;
    if (text.size() == 7) {
      return std::pair{day_ms(*y, *m, 1), *m == 12 ? day_ms(*y + 1, 1, 1) : day_ms(*y, *m + 1, 1)};
    }
    const auto d = number(8, 2);
    if (!d || text[7] != '-' || !year_month_day(year(*y), month(static_cast<unsigned>(*m)), day(static_cast<unsigned>(*d))).ok()) {
      return std::nullopt;
    }
    const std::int64_t start = day_ms(*y, *m, *d);
    if (text.size() == 10) return std::pair{start, start + 86'400'000};
    const auto hh = number(11, 2), mm = number(14, 2), ss = number(17, 2);
    if (!hh || !mm || !ss || text[10] != 'T') return std::nullopt;
    std::int64_t at = start + ((*hh * 60 + *mm) * 60 + *ss) * std::int64_t{1000};
    if (text.size() == 20 && text[19] == 'Z') return std::pair{at, at + 1000};
    const auto oh = number(20, 2), om = number(23, 2);
    if (text.size() != 25 || !oh || !om || (text[19] != '+' && text[19] != '-')) return std::nullopt;
    at -= (text[19] == '-' ? -1 : 1) * (*oh * 60 + *om) * std::int64_t{60'000};
    return std::pair{at, at + 1000};
  }

  std::optional<Node> compile_range(const Query& query) const {
    const auto f = schema_.find(query.field());
    if (!f || !is_numeric_type(schema_.fields()[*f].type)) return std::nullopt;
    const bool date = schema_.fields()[*f].type == FieldType::kDate;
    clauses_ += 1;
    if (clauses_ > options_.max_clauses) return std::nullopt;
    constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
    constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
    // Each bound as the closed interval of values it admits on its side; nullopt: none.
    auto side = [&](const std::optional<std::string>& bound, bool inclusive, bool upper,
                    bool* bad) -> std::optional<std::int64_t> {
      if (!bound) return upper ? kMax : kMin;
      if (date) {
        const auto span = date_span(*bound);
        if (!span) {
          *bad = true;
          return std::nullopt;
        }
        if (upper) return inclusive ? span->second - 1 : span->first - 1;
        return inclusive ? span->first : span->second;
      }
      std::int64_t value = 0;
      const auto [end, error] = std::from_chars(bound->data(), bound->data() + bound->size(), value);
      if (error != std::errc() || end != bound->data() + bound->size()) {
        *bad = true;
        return std::nullopt;
      }
      if (inclusive) return value;
      if (value == (upper ? kMin : kMax)) return std::nullopt;
      return upper ? value - 1 : value + 1;
    };
    bool bad = false;
    const auto low = side(query.lower(), query.include_lower(), false, &bad);
    const auto high = side(query.upper(), query.include_upper(), true, &bad);
    if (bad) return std::nullopt;
    Node node;
    if (!low || !high || *low > *high) return node;  // nothing
    node.kind = Node::Kind::kRange;
    node.field = *f;
    node.low = *low;
    node.high = *high;
    node.boost = query.boost();
    return node;
  }

  std::optional<Node> compile_decay(const Query& query) const {
    const auto f = schema_.find(query.field());
    if (!f || !is_numeric_type(schema_.fields()[*f].type)) return std::nullopt;
    if (!(query.factor() > 0 && query.factor() < 1)) return std::nullopt;
    Node node;
    node.kind = Node::Kind::kDecay;
    node.field = *f;
    node.factor = query.factor();
    if (schema_.fields()[*f].type == FieldType::kDate) {
      const auto origin = date_span(query.origin());
      if (!origin) return std::nullopt;
      node.origin = origin->first;
      // The scales the fuzzer writes: a number of hours, days or weeks.
      const std::string& scale = query.scale();
      const char unit = scale.empty() ? ' ' : scale.back();
      const double per = unit == 'h' ? 3.6e6 : unit == 'd' ? 8.64e7 : unit == 'w' ? 6.048e8 : 0;
      if (per == 0 || scale.size() < 2) return std::nullopt;
      double number = 0;
      const auto [end, error] = std::from_chars(scale.data(), scale.data() + scale.size() - 1, number);
      if (error != std::errc() || end != scale.data() + scale.size() - 1 || !(number > 0)) return std::nullopt;
      node.scale = number * per;
    } else {
      const std::string& origin = query.origin();
      const auto [end, error] = std::from_chars(origin.data(), origin.data() + origin.size(), node.origin);
      if (error != std::errc() || end != origin.data() + origin.size()) return std::nullopt;
      const std::string& scale = query.scale();
      const auto [scale_end, scale_error] = std::from_chars(scale.data(), scale.data() + scale.size(), node.scale);
      if (scale_error != std::errc() || scale_end != scale.data() + scale.size() || !(node.scale > 0)) {
        return std::nullopt;
      }
    }
    auto inner = compile(query.clauses()[0].query);
    if (!inner) return std::nullopt;
    if (inner->kind == Node::Kind::kNothing) return inner;
    node.children.push_back(std::move(*inner));
    return node;
  }

  std::optional<Node> compile_text(const Query& query) const {
    auto field_groups = groups(query.field(), !query.field().empty());
    if (!field_groups) return std::nullopt;
    std::vector<Node> parts;
    bool any_words = query.kind() == Query::Kind::kPrefix || query.kind() == Query::Kind::kWildcard;
    for (const Group& group : *field_groups) {
      Node part;
      if (query.kind() == Query::Kind::kPrefix) {
        clauses_ += 1;
        part = expansion_node(group, expand(group, query.text()), query.boost());
      } else if (query.kind() == Query::Kind::kPhrasePrefix) {
        std::vector<Token> tokens =
            group.keyword ? std::vector<Token>{Token{query.text(), 0, 0, 0}}
                          : first_at_each_position(
                                analyzers_[group.fields[0]]->analyze(query.text()).value());
        any_words = any_words || !tokens.empty();
        if (tokens.empty()) continue;
        clauses_ += tokens.size();
        const Token& last = tokens.back();
        const std::string typed =
            group.keyword ? last.term
                          : query.text().substr(last.byte_begin, last.byte_end - last.byte_begin);
        const std::vector<std::string> expansions =
            expand(group, typed, options_.max_phrase_prefix_terms);
        if (tokens.size() == 1) {
          part = expansion_node(group, expansions, query.boost());
        } else {
          Node any;
          any.kind = Node::Kind::kAny;
          for (const std::string& expansion : expansions) {
            tokens.back().term = expansion;
            Node phrase = phrase_node(group, word_forms(tokens), query);
            if (phrase.kind != Node::Kind::kNothing) any.children.push_back(std::move(phrase));
          }
          if (any.children.size() == 1) {
            part = std::move(any.children[0]);
          } else if (!any.children.empty()) {
            part = std::move(any);
          }
        }
      } else if (query.kind() == Query::Kind::kWildcard) {
        clauses_ += 1;
        part = expansion_node(group, expand_wildcard(group, query.text()), query.boost());
      } else if (query.kind() == Query::Kind::kFuzzy ||
                 (query.kind() == Query::Kind::kTerm && options_.fuzzy && !group.keyword)) {
        const std::vector<std::string> terms = analyze(group, query.text());
        any_words = any_words || !terms.empty();
        // Each word as typed, normalised: its surface.
        std::vector<std::string> typed;
        if (!group.keyword) {
          for (const Token& token :
               first_at_each_position(analyzers_[group.fields[0]]->analyze(query.text()).value())) {
            Token raw;
            raw.term = query.text().substr(token.byte_begin, token.byte_end - token.byte_begin);
            typed.push_back(make_normalize_filter().value()->apply(raw) ? raw.term : "");
          }
        }
        const bool fuzzy = query.kind() == Query::Kind::kFuzzy;
        auto node =
            fuzzy_node(group, terms, typed, fuzzy ? query.max_edits() : Query::kEditsByLength,
                       fuzzy ? query.prefix_length() : 0, query.boost());
        if (!node) return std::nullopt;
        part = std::move(*node);
      } else {
        std::vector<Token> tokens;
        if (group.keyword) {
          tokens.push_back(Token{query.text(), 0, 0, 0});
        } else {
          tokens = analyzers_[group.fields[0]]->analyze(query.text()).value();
        }
        any_words = any_words || !tokens.empty();
        const auto words = word_forms(tokens);
        if (query.kind() == Query::Kind::kPhrase && words.size() > 1) {
          clauses_ += words.size();
          part = phrase_node(group, words, query);
        } else {
          part = colocated_words_node(group, words, query.boost());
        }
      }
      if (part.kind != Node::Kind::kNothing) parts.push_back(std::move(part));
    }
    if (clauses_ > options_.max_clauses) return std::nullopt;
    if (parts.empty()) {
      Node nothing;
      nothing.no_words = !any_words;
      return nothing;
    }
    if (parts.size() == 1) return std::move(parts[0]);
    Node any;
    any.kind = Node::Kind::kAny;
    any.children = std::move(parts);
    return any;
  }

  // The phrase of `words` (two or more, each with its forms), with the query's slop and boost.
  // A word's idf is its most frequent form's.
  Node phrase_node(const Group& group,
                   const std::vector<std::pair<std::vector<std::string>, Position>>& words,
                   const Query& query) const {
    Node part;
    part.kind = Node::Kind::kPhrase;
    part.group = group;
    part.slop = query.slop();
    part.boost = query.boost();
    for (const auto& [forms, position] : words) {
      double d = 0;
      for (const std::string& form : forms) d = std::max(d, df(group, form));
      if (d == 0) return Node{};
      part.phrase_idf += idf(std::max(group.n, d), d);
      part.phrase.push_back(forms);
      part.offsets.push_back(position - words.front().second);
    }
    return part;
  }

  // A bag of words of which some have colocated forms: such a word is one word whose
  // occurrences are the positions of any of its forms, with its most frequent form's idf.
  Node colocated_words_node(const Group& group,
                            const std::vector<std::pair<std::vector<std::string>, Position>>& words,
                            double boost) const {
    std::vector<std::string> terms;
    for (const auto& word : words) terms.push_back(word.first[0]);
    Node node = words_node(group, {}, boost, false);
    std::map<std::string, double> counts;
    const std::vector<std::string> order = distinct(terms, counts);
    clauses_ += order.size();
    for (const std::string& term : order) {
      const auto& forms = std::find_if(words.begin(), words.end(), [&](const auto& w) {
                            return w.first[0] == term;
                          })->first;
      double d = 0;
      for (const std::string& form : forms) d = std::max(d, df(group, form));
      if (d == 0) continue;
      Word word{term, boost * counts[term], idf(std::max(group.n, d), d), {}};
      if (forms.size() > 1) {
        word.forms = forms;
        word.colocated = true;
      }
      node.words.push_back(std::move(word));
    }
    node.kind = node.words.empty() ? Node::Kind::kNothing : Node::Kind::kWords;
    return node;
  }

  // The terms of the group's fields (in any document held, deleted or not) starting with the
  // normalised prefix, as many as the cap (0: max_prefix_terms) allows.
  std::vector<std::string> expand(const Group& group, const std::string& raw,
                                  std::size_t cap = 0) const {
    std::string prefix = raw;
    if (!group.keyword) {
      auto normalize = make_normalize_filter().value();
      Token token;
      token.term = raw;
      if (!normalize->apply(token)) return {};
      prefix = token.term;
    }
    const auto starts = [&](const std::string& word) {
      return word.compare(0, prefix.size(), prefix) == 0;
    };
    std::set<std::string> terms;
    for (const Doc& doc : docs_) {
      for (std::size_t f : group.fields) {
        for (const Occurrence& o : doc.fields[f]) {
          if (starts(o.term)) terms.insert(o.term);
        }
      }
    }
    for (const auto& [surface, term] : surface_terms(group)) {
      if (starts(surface)) terms.insert(term);
    }
    return most_frequent(group, terms, cap);
  }

  // The group's surfaces (a text group's) with their terms, for those terms a document holds.
  std::vector<std::pair<std::string, std::string>> surface_terms(const Group& group) const {
    std::vector<std::pair<std::string, std::string>> out;
    if (group.keyword) return out;
    for (std::size_t f : group.fields) {
      if (f >= surfaces_.size()) continue;
      for (const std::string& surface : surfaces_[f]) {
        // The surface's term: the word's own, not the forms colocated with it.
        const auto tokens =
            first_at_each_position(analyzers_[group.fields[0]]->analyze(surface).value());
        if (tokens.size() == 1 && field_df(group, tokens[0].term) > 0) {
          out.emplace_back(surface, tokens[0].term);
        }
      }
    }
    return out;
  }

  // The terms of the group's fields matching the glob `raw` whole ('?' one code point, '*' any
  // run), its literal runs normalised one by one, as many as the cap allows.
  std::vector<std::string> expand_wildcard(const Group& group, const std::string& raw) const {
    std::u32string pattern;
    std::string run;
    auto flush = [&] {
      if (!group.keyword && !run.empty()) {
        Token token;
        token.term = run;
        run = make_normalize_filter().value()->apply(token) ? token.term : "";
      }
      pattern += code_points(run);
      run.clear();
    };
    for (const char c : raw) {
      if (c == '*' || c == '?') {
        flush();
        pattern.push_back(c == '*' ? kRun : kOne);
      } else {
        run.push_back(c);
      }
    }
    flush();
    std::set<std::string> terms;
    for (const Doc& doc : docs_) {
      for (std::size_t f : group.fields) {
        for (const Occurrence& o : doc.fields[f]) {
          if (glob(pattern, 0, code_points(o.term), 0)) terms.insert(o.term);
        }
      }
    }
    for (const auto& [surface, term] : surface_terms(group)) {
      if (glob(pattern, 0, code_points(surface), 0)) terms.insert(term);
    }
    return most_frequent(group, terms);
  }
  static constexpr char32_t kOne = 0x7FFFFFFE, kRun = 0x7FFFFFFF;
  // Whether text[t..] matches pattern[p..], by trying every length of each run.
  static bool glob(const std::u32string& pattern, std::size_t p, const std::u32string& text,
                   std::size_t t) {
    if (p == pattern.size()) return t == text.size();
    if (pattern[p] == kRun) {
      for (std::size_t skip = t; skip <= text.size(); ++skip) {
        if (glob(pattern, p + 1, text, skip)) return true;
      }
      return false;
    }
    if (t == text.size() || (pattern[p] != kOne && pattern[p] != text[t])) return false;
    return glob(pattern, p + 1, text, t + 1);
  }

  // Past the cap, those in most documents (field df summed), then by bytes; in byte order.
  std::vector<std::string> most_frequent(const Group& group, const std::set<std::string>& terms,
                                         std::size_t cap = 0) const {
    if (cap == 0) cap = options_.max_prefix_terms;
    std::vector<std::pair<double, std::string>> ranked;
    for (const std::string& term : terms) ranked.emplace_back(-field_df(group, term), term);
    std::sort(ranked.begin(), ranked.end());
    if (ranked.size() > cap) ranked.resize(cap);
    std::set<std::string> kept;
    for (auto& [df, term] : ranked) kept.insert(term);
    return std::vector<std::string>(kept.begin(), kept.end());
  }

  // Documents with `term` in each of the group's fields, summed over the fields.
  double field_df(const Group& group, const std::string& term) const {
    double sum = 0;
    for (std::size_t f : group.fields) {
      for (const Doc& doc : docs_) {
        sum += std::any_of(doc.fields[f].begin(), doc.fields[f].end(),
                           [&](const Occurrence& o) { return o.term == term; });
      }
    }
    return sum;
  }

  // ---- fuzzy words (searcher.h, Fuzziness) ----

  static std::u32string code_points(const std::string& text) {
    std::u32string out;
    for (std::size_t i = 0; i < text.size();) {
      const auto c = static_cast<unsigned char>(text[i]);
      const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      char32_t value = n == 1 ? c : n == 2 ? (c & 0x1Fu) : n == 3 ? (c & 0x0Fu) : (c & 0x07u);
      for (std::size_t k = 1; k < n && i + k < text.size(); ++k) {
        value = (value << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3Fu);
      }
      out.push_back(value);
      i += n;
    }
    return out;
  }
  // The optimal string alignment distance, by the whole dynamic-programming table.
  static std::size_t osa(const std::u32string& a, const std::u32string& b) {
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
    for (std::size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
      for (std::size_t j = 1; j <= b.size(); ++j) {
        const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
        d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
        if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
          d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.size()][b.size()];
  }

  // The bag of fuzzy `terms`; nullopt for invalid edits or fuzziness.
  // `typed`: each of `terms` as typed (its surface), empty for a keyword group.
  std::optional<Node> fuzzy_node(const Group& group, const std::vector<std::string>& terms,
                                 const std::vector<std::string>& typed, std::uint32_t edits,
                                 std::uint32_t prefix_length, double boost) const {
    const Fuzziness& rules = options_.fuzziness;
    if (rules.one_edit_from == 0 || rules.two_edits_from < rules.one_edit_from ||
        !(rules.edit_penalty > 0 && rules.edit_penalty <= 1) || rules.max_expansions == 0 ||
        (edits != Query::kEditsByLength && edits > 2)) {
      return std::nullopt;
    }
    Node node;
    node.kind = Node::Kind::kWords;
    node.group = group;
    std::map<std::string, double> counts;
    const std::vector<std::string> order = distinct(terms, counts);
    clauses_ += order.size();
    std::set<std::string> vocabulary;
    for (const Doc& doc : docs_) {
      for (std::size_t f : group.fields) {
        for (const Occurrence& o : doc.fields[f]) vocabulary.insert(o.term);
      }
    }
    for (const std::string& word : order) {
      const std::u32string points = code_points(word);
      std::size_t k = edits;
      if (edits == Query::kEditsByLength) {
        const bool digit = std::any_of(points.begin(), points.end(), [](char32_t c) {
          return u_isdigit(static_cast<UChar32>(c)) != 0;
        });
        k = digit                                   ? 0
            : points.size() >= rules.two_edits_from ? 2
            : points.size() >= rules.one_edit_from  ? 1
                                                    : 0;
      }
      if (points.size() > 64) k = 0;
      const std::u32string prefix = points.substr(0, prefix_length);
      struct Candidate {
        std::size_t distance;
        double field_df;
        std::string term;
      };
      std::map<std::string, std::size_t> nearest_of;  // term -> its least distance
      for (const std::string& term : vocabulary) {
        const std::u32string other = code_points(term);
        if (other.compare(0, prefix.size(), prefix) != 0) continue;
        const std::size_t distance = osa(points, other);
        if (distance <= k) nearest_of[term] = distance;
      }
      // The surfaces near the word as typed (each occurrence's form).
      for (std::size_t i = 0; i < terms.size() && i < typed.size(); ++i) {
        if (terms[i] != word) continue;
        const std::u32string as_typed = code_points(typed[i]);
        const std::u32string typed_prefix = as_typed.substr(0, prefix_length);
        const std::size_t typed_k = as_typed.size() > 64 ? 0 : k;
        for (const auto& [surface, term] : surface_terms(group)) {
          const std::u32string other = code_points(surface);
          if (other.compare(0, typed_prefix.size(), typed_prefix) != 0) continue;
          const std::size_t distance = osa(as_typed, other);
          if (distance > typed_k) continue;
          auto [at, added] = nearest_of.emplace(term, distance);
          if (!added) at->second = std::min(at->second, distance);
        }
      }
      std::vector<Candidate> candidates;
      for (const auto& [term, distance] : nearest_of) {
        candidates.push_back({distance, field_df(group, term), term});
      }
      std::sort(candidates.begin(), candidates.end(), [](const auto& a, const auto& b) {
        if (a.distance != b.distance) return a.distance < b.distance;
        if (a.field_df != b.field_df) return a.field_df > b.field_df;
        return a.term < b.term;
      });
      if (candidates.size() > rules.max_expansions) candidates.resize(rules.max_expansions);
      if (candidates.empty()) continue;
      const std::size_t nearest = candidates.front().distance;
      double blended = 0;
      for (const Candidate& c : candidates) {
        const double d = df(group, c.term);
        blended = std::max(blended, d);
        const double factor =
            std::pow(rules.edit_penalty, static_cast<double>(c.distance - nearest));
        node.words.push_back(
            {c.term, boost * counts[word] * factor, idf(std::max(group.n, blended), blended), {}});
      }
    }
    if (node.words.empty()) node.kind = Node::Kind::kNothing;
    return node;
  }

  std::optional<Node> compile_boolean(const Query& query) const {
    Node node;
    node.kind = Node::Kind::kBoolean;
    node.boost = query.boost();
    node.min_should_match = query.min_should_match();
    bool any_words = false, required_nothing = false;
    std::size_t should = 0;
    clauses_ += query.clauses().size();
    if (clauses_ > options_.max_clauses) return std::nullopt;
    for (const Query::Clause& clause : query.clauses()) {
      auto child = compile(clause.query);
      if (!child) return std::nullopt;  // errors anywhere in the tree win over "nothing"
      if (child->kind == Node::Kind::kNothing && child->no_words) continue;
      any_words = true;
      const bool required =
          clause.occur == Query::Occur::kMust || clause.occur == Query::Occur::kFilter;
      if (clause.occur != Query::Occur::kMustNot) node.positive = true;
      if (child->kind == Node::Kind::kNothing) {
        required_nothing = required_nothing || required;
        continue;
      }
      if (clause.occur == Query::Occur::kShould) ++should;
      node.children.push_back(std::move(*child));
      node.occurs.push_back(clause.occur);
    }
    if (!any_words) {
      Node nothing;
      nothing.no_words = true;
      return nothing;
    }
    const bool only_prohibited =
        std::all_of(node.occurs.begin(), node.occurs.end(),
                    [](Query::Occur o) { return o == Query::Occur::kMustNot; });
    if (required_nothing || node.min_should_match > should || node.children.empty() ||
        (node.positive && only_prohibited)) {
      return Node{};
    }
    return node;
  }

  std::optional<double> evaluate(const Node& node, std::size_t d) const {
    switch (node.kind) {
      case Node::Kind::kNothing: return std::nullopt;
      case Node::Kind::kAll: return node.boost;
      case Node::Kind::kDecay: {
        const auto inner = evaluate(node.children[0], d);
        if (!inner) return std::nullopt;
        const auto& values = docs_[d].numbers[node.field];
        if (values.empty()) return inner;  // no value: no decay
        double nearest = std::numeric_limits<double>::infinity();
        for (const std::int64_t v : values) {
          nearest = std::min(nearest, std::abs(static_cast<double>(v) - static_cast<double>(node.origin)));
        }
        return *inner * std::pow(node.factor, nearest / node.scale);
      }
      case Node::Kind::kRange:
        for (const std::int64_t value : docs_[d].numbers[node.field]) {
          if (value >= node.low && value <= node.high) return node.boost;
        }
        return std::nullopt;
      case Node::Kind::kWords: {
        bool matched = false;
        double score = 0;
        const double dl = length(node.group, d);
        for (const Word& word : node.words) {
          const std::vector<std::string> forms =
              word.forms.empty() ? std::vector<std::string>{word.term} : word.forms;
          double t = 0;
          bool held = false;
          if (word.colocated) {
            for (std::size_t i = 0; i < node.group.fields.size(); ++i) {
              const auto at = positions_of(d, node.group.fields[i], forms);
              t += node.group.weights[i] * static_cast<double>(at.size());
              held = held || !at.empty();
            }
          } else {
            for (const std::string& form : forms) {
              t += tf(node.group, d, form);
              held = held || holds(node.group, d, form);
            }
          }
          // A word of a weight-0 field still matches: the document holds it.
          if (!held) continue;
          matched = true;
          score += bm25(word.multiplier * word.idf, t, dl, node.group);
        }
        return matched ? std::optional<double>(score) : std::nullopt;
      }
      case Node::Kind::kPhrase: {
        double t = 0;
        bool matched = false;
        for (std::size_t i = 0; i < node.group.fields.size(); ++i) {
          const std::uint32_t freq = phrase_frequency(docs_[d].fields[node.group.fields[i]], node);
          if (freq > 0) matched = true;
          t += node.group.weights[i] * freq;
        }
        if (!matched) return std::nullopt;
        return bm25(node.boost * node.phrase_idf, t, length(node.group, d), node.group);
      }
      case Node::Kind::kAny: {
        std::optional<double> sum;
        for (const Node& child : node.children) {
          if (auto s = evaluate(child, d)) sum = sum.value_or(0) + *s;
        }
        return sum;
      }
      case Node::Kind::kBoolean: {
        double score = 0;
        std::size_t should = 0, required = 0;
        for (std::size_t c = 0; c < node.children.size(); ++c) {
          const auto s = evaluate(node.children[c], d);
          switch (node.occurs[c]) {
            case Query::Occur::kMust:
              if (!s) return std::nullopt;
              score += *s;
              ++required;
              break;
            case Query::Occur::kFilter:
              if (!s) return std::nullopt;
              ++required;
              break;
            case Query::Occur::kShould:
              if (s) {
                score += *s;
                ++should;
              }
              break;
            case Query::Occur::kMustNot:
              if (s) return std::nullopt;
              break;
          }
        }
        const bool any_positive_child =
            std::any_of(node.occurs.begin(), node.occurs.end(),
                        [](Query::Occur o) { return o != Query::Occur::kMustNot; });
        std::size_t needed = node.min_should_match;
        if (required == 0 && any_positive_child) needed = std::max<std::size_t>(needed, 1);
        if (should < needed) return std::nullopt;
        return score * node.boost;
      }
    }
    return std::nullopt;
  }

  bool holds(const Group& group, std::size_t d, const std::string& term) const {
    for (std::size_t f : group.fields) {
      for (const Occurrence& o : docs_[d].fields[f]) {
        if (o.term == term) return true;
      }
    }
    return false;
  }

  // The phrase's frequency in one field, by trying every placement (see the file comment).
  static std::uint32_t phrase_frequency(const std::vector<Occurrence>& field, const Node& node) {
    const std::size_t n = node.phrase.size();
    std::vector<std::vector<Position>> positions(n);
    for (std::size_t i = 0; i < n; ++i) {
      std::set<Position> at;  // a position holding several forms of the word counts once
      for (const Occurrence& o : field) {
        const auto& forms = node.phrase[i];
        if (std::find(forms.begin(), forms.end(), o.term) != forms.end()) at.insert(o.position);
      }
      positions[i].assign(at.begin(), at.end());
      if (positions[i].empty()) return 0;
    }
    std::set<std::int64_t> starts;
    for (std::size_t i = 0; i < n; ++i) {
      for (Position p : positions[i]) starts.insert(std::int64_t{p} - node.offsets[i]);
    }
    std::uint32_t freq = 0;
    for (const std::int64_t v : starts) {
      std::vector<Position> used;
      if (place(positions, node, v, 0, used, false)) ++freq;
    }
    return freq;
  }
  // Whether words i.. can be placed with shifted values in [v, v + slop], some word (before or
  // after i) exactly at v, words of the same forms at distinct positions (words of different
  // forms may share one: a document word that holds forms of both, as the header says).
  static bool place(const std::vector<std::vector<Position>>& positions, const Node& node,
                    std::int64_t v, std::size_t i, std::vector<Position>& used, bool at_v) {
    if (i == positions.size()) return at_v;
    for (Position p : positions[i]) {
      const std::int64_t shifted = std::int64_t{p} - node.offsets[i];
      if (shifted < v || shifted > v + node.slop) continue;
      bool taken = false;
      for (std::size_t j = 0; j < used.size(); ++j) {
        taken = taken || (used[j] == p && same_forms(node.phrase[j], node.phrase[i]));
      }
      if (taken) continue;
      used.push_back(p);
      const bool ok = place(positions, node, v, i + 1, used, at_v || shifted == v);
      used.pop_back();
      if (ok) return true;
    }
    return false;
  }

  static bool same_forms(std::vector<std::string> a, std::vector<std::string> b) {
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return a == b;
  }

  Schema schema_;
  std::vector<bool> live_;
  Bm25Parameters bm25_;
  std::vector<double> weights_;
  std::vector<std::shared_ptr<Analyzer>> analyzers_;
  std::vector<Doc> docs_;
  std::vector<std::set<std::string>> surfaces_;  // per schema field
  mutable SearchOptions options_;    // the limits and fuzziness of the search being answered
  mutable std::size_t clauses_ = 0;  // of the query being compiled
};

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_REFERENCE_SEARCHER_H_
