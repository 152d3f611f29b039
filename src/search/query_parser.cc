// A recursive-descent parser for the Lucene-style syntax (see trawl/search/query_parser.h).
#include "trawl/search/query_parser.h"

#include <cmath>
#include <cctype>
#include <cstdlib>
#include <optional>
#include <utility>

#include "index/value_text.h"

namespace trawl {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }
// Characters that end a word.
bool is_special(char c) {
  return is_space(c) || c == '(' || c == ')' || c == '"' || c == ':' || c == '^' || c == '~';
}

class Parser {
 public:
  Parser(std::string_view text, const QueryParserOptions& options)
      : text_(text), options_(options), default_field_(options.default_field) {}

  Result<Query> parse() {
    TRAWL_ASSIGN_OR_RETURN(Query query, parse_clauses(0));
    skip_space();
    if (at_ < text_.size()) return error("unexpected ')'");
    return query;
  }

 private:
  enum class Conjunction { kNone, kAnd, kOr };
  enum class Modifier { kNone, kRequired, kProhibited };

  Status error(const std::string& what) const { return error_at(at_, what); }
  Status error_at(std::size_t position, const std::string& what) const {
    return Status::invalid_argument("query: at " + std::to_string(position) + ": " + what);
  }

  void skip_space() {
    while (at_ < text_.size() && is_space(text_[at_])) ++at_;
  }
  // The operator keyword at the cursor, if any (a whole word).
  bool keyword(std::string_view word) const {
    if (text_.substr(at_, word.size()) != word) return false;
    const std::size_t end = at_ + word.size();
    return end == text_.size() || is_space(text_[end]) || text_[end] == '(';
  }

  bool operator_here() const {
    return keyword("AND") || keyword("&&") || keyword("OR") || keyword("||") || keyword("NOT");
  }

  // clauses until ')' or the end; applies Lucene's classic combination rules.
  Result<Query> parse_clauses(std::size_t depth) {
    if (depth > options_.max_depth) {
      return error("parentheses nested deeper than " + std::to_string(options_.max_depth));
    }
    std::vector<Query::Clause> clauses;
    const bool default_and = options_.default_operator == QueryParserOptions::Operator::kAnd;
    for (;;) {
      skip_space();
      if (at_ >= text_.size() || text_[at_] == ')') break;
      Conjunction conjunction = Conjunction::kNone;
      if (keyword("AND") || keyword("&&")) {
        conjunction = Conjunction::kAnd;
        at_ += text_[at_] == '&' ? std::size_t{2} : std::size_t{3};
      } else if (keyword("OR") || keyword("||")) {
        conjunction = Conjunction::kOr;
        at_ += 2;
      }
      if (conjunction != Conjunction::kNone) {
        if (clauses.empty()) return error("an operator needs a clause before it");
        skip_space();
        if (at_ >= text_.size() || text_[at_] == ')') return error("expected a clause after the operator");
        if (operator_here() && !keyword("NOT")) {  // "a AND NOT b" is fine
          return error("expected a clause after the operator, not another operator");
        }
      }
      Modifier modifier = Modifier::kNone;
      if (keyword("NOT")) {
        modifier = Modifier::kProhibited;
        at_ += 3;
        skip_space();
        if (at_ >= text_.size() || text_[at_] == ')') return error("expected a clause after NOT");
        if (operator_here()) return error("expected a clause after NOT, not an operator");
      } else if (text_[at_] == '+' || text_[at_] == '-' || text_[at_] == '!') {
        modifier = text_[at_] == '+' ? Modifier::kRequired : Modifier::kProhibited;
        ++at_;
        if (at_ >= text_.size() || is_space(text_[at_])) {
          return error("expected a clause right after '" + std::string(1, text_[at_ - 1]) + "'");
        }
      }
      TRAWL_ASSIGN_OR_RETURN(Query query, parse_clause(depth));

      // Lucene's classic rules.
      if (conjunction == Conjunction::kAnd && !clauses.empty() &&
          clauses.back().occur == Query::Occur::kShould) {
        clauses.back().occur = Query::Occur::kMust;
      }
      if (conjunction == Conjunction::kOr && default_and && !clauses.empty() &&
          clauses.back().occur == Query::Occur::kMust) {
        clauses.back().occur = Query::Occur::kShould;
      }
      const bool prohibited = modifier == Modifier::kProhibited;
      bool required = modifier == Modifier::kRequired;
      if (default_and) {
        required = !prohibited && conjunction != Conjunction::kOr;
      } else if (conjunction == Conjunction::kAnd && !prohibited) {
        required = true;
      }
      const Query::Occur occur = prohibited ? Query::Occur::kMustNot
                                 : required ? Query::Occur::kMust
                                            : Query::Occur::kShould;
      clauses.push_back({occur, std::move(query)});
    }
    if (clauses.size() == 1 && clauses[0].occur != Query::Occur::kMustNot) {
      return std::move(clauses[0].query);
    }
    return Query::boolean(std::move(clauses));
  }

  // [field:] (word | prefix* | "phrase"[~n] | (clauses) | *:*) [^boost]
  Result<Query> parse_clause(std::size_t depth) {
    std::string field = default_field_;
    const std::size_t start = at_;
    // field:
    std::string word = read_word();
    if (!word.empty() && at_ < text_.size() && text_[at_] == ':') {
      ++at_;
      if (word == "*" && text_.substr(at_, 1) == "*") {
        ++at_;
        return with_boost(Query::match_all());
      }
      field = word;
      if (at_ >= text_.size() || is_space(text_[at_])) return error("expected a term after '" + word + ":'");
      if (text_[at_] == '[' || text_[at_] == '{') return with_boost_or_error(parse_range(field, start));
      if (text_[at_] == '<' || text_[at_] == '>') return with_boost_or_error(parse_comparison(field, start));
      if (numeric_field(field)) {
        // A value of a numeric or date field: a date-time's ':' does not end it.
        const std::size_t value_at = at_;
        std::string value = read_bound(false);
        if (value.empty()) return error("expected a value after '" + field + ":'");
        TRAWL_RETURN_IF_ERROR(check_bound(field, value, value_at));
        return with_boost(Query::term(field, std::move(value)));
      }
      word = read_word();
    } else if (word.empty() && at_ < text_.size() && (text_[at_] == '[' || text_[at_] == '{')) {
      return error("a range needs a field: write field:[a TO b]");
    }
    Query query = Query::match_all();
    if (!word.empty()) {
      // Syntax other engines have and trawl does not (yet) is an error, not a silent miss.
      if (range_at_ != kNone) {
        return error_at(range_at_, "a range needs a field: write field:[a TO b]");
      }
      if (word == "*" && star_at_ != kNone) {
        return error_at(star_at_, field == options_.default_field
                                      ? "'*' alone is not a query; '*:*' matches every document"
                                      : "'" + field + ":*' (documents with the field) is not "
                                        "supported; '*:*' matches every document");
      }
      const bool prefix = word.size() > 1 && word.back() == '*' && !escaped_end_ &&
                          star_at_ == word_end_ - 1 && question_at_ == kNone;
      const bool wildcard = !prefix && (star_at_ != kNone || question_at_ != kNone);
      if (wildcard && escaped_wildcard_ != kNone) {
        return error_at(escaped_wildcard_, "a wildcard pattern cannot hold a literal '*' or '?'");
      }
      if (at_ < text_.size() && text_[at_] == '~') {
        if (prefix || wildcard) {
          return error(std::string("a ") + (prefix ? "prefix" : "wildcard") +
                       " cannot be fuzzy: write 'word~' alone");
        }
        TRAWL_ASSIGN_OR_RETURN(query, parse_fuzzy(field, std::move(word)));
      } else if (wildcard) {
        query = Query::wildcard(field, std::move(word));
      } else if (prefix) {
        query = Query::prefix(field, word.substr(0, word.size() - 1));
      } else if (options_.prefix_last && ends_text(word_end_)) {
        query = Query::phrase_prefix(field, word);  // its most frequent completions
      } else {
        query = Query::term(field, word);
      }
    } else if (at_ < text_.size() && text_[at_] == '"') {
      const std::size_t open = at_++;
      std::string phrase;
      while (at_ < text_.size() && text_[at_] != '"') {
        if (text_[at_] == '\\' && at_ + 1 < text_.size()) ++at_;
        phrase += text_[at_++];
      }
      if (at_ >= text_.size()) {
        return error("expected '\"' to close the phrase opened at " + std::to_string(open));
      }
      ++at_;
      if (at_ < text_.size() && text_[at_] == '*') {  // "new yor"*: search as you type
        ++at_;
        return with_boost(Query::phrase_prefix(field, phrase));
      }
      std::uint32_t slop = 0;
      if (at_ < text_.size() && text_[at_] == '~') {
        ++at_;
        TRAWL_ASSIGN_OR_RETURN(double number, read_number("a slop after '~'"));
        if (number < 0 || number > 1e6 || number != std::floor(number)) {
          return error("the slop must be a whole number from 0 to 1000000");
        }
        slop = static_cast<std::uint32_t>(number);
      }
      query = Query::phrase(field, phrase, slop);
    } else if (at_ < text_.size() && text_[at_] == '(') {
      const std::size_t open = at_++;
      // "tags:(energy OR gas)": the field is the group's default field.
      std::string outer = std::exchange(default_field_, field);
      auto group = parse_clauses(depth + 1);
      default_field_ = std::move(outer);
      if (!group) return group.error();
      query = std::move(*group);
      if (at_ >= text_.size() || text_[at_] != ')') {
        return error("expected ')' to close the '(' at " + std::to_string(open));
      }
      ++at_;
    } else if (at_ < text_.size()) {
      return error("unexpected '" + std::string(1, text_[at_]) + "'");
    } else {
      return error("expected a term");
    }
    return with_boost(std::move(query));
  }

  // word~ (edits by the word's length), word~0, word~1, word~2; the cursor is at the '~'.
  Result<Query> parse_fuzzy(const std::string& field, std::string word) {
    const std::size_t tilde = at_++;
    if (at_ >= text_.size() || !std::isdigit(static_cast<unsigned char>(text_[at_]))) {
      return Query::fuzzy(field, std::move(word));
    }
    TRAWL_ASSIGN_OR_RETURN(double edits, read_number("a number of edits after '~'"));
    if (edits != 0 && edits != 1 && edits != 2) {
      return error_at(tilde + 1,
                      "a fuzzy word's edits are 0, 1 or 2 (or none given: by the "
                      "word's length), not " +
                          std::string(text_.substr(tilde + 1, at_ - tilde - 1)));
    }
    return Query::fuzzy(field, std::move(word), static_cast<std::uint32_t>(edits));
  }

  Result<Query> with_boost_or_error(Result<Query> query) {
    if (!query) return query.error();
    return with_boost(std::move(*query));
  }

  // Whether only spaces follow `position`.
  bool ends_text(std::size_t position) const {
    while (position < text_.size() && is_space(text_[position])) ++position;
    return position == text_.size();
  }

  // Whether the schema (if the options give one) says `field` holds numbers or dates.
  bool numeric_field(const std::string& field) const {
    if (options_.schema == nullptr) return false;
    const auto index = options_.schema->find(field);
    return index && is_numeric_type(options_.schema->fields()[*index].type);
  }

  // With a schema: a range's field must be numeric or date, and its bounds of that type.
  Status check_range_field(const std::string& field, std::size_t at) const {
    if (options_.schema == nullptr) return {};
    const auto index = options_.schema->find(field);
    if (!index) return error_at(at, "unknown field '" + field + "'");
    const FieldType type = options_.schema->fields()[*index].type;
    if (!is_numeric_type(type)) {
      return error_at(at, "a range on field '" + field + "', which is " +
                              std::string(field_type_name(type)) +
                              "; ranges need a numeric or date field");
    }
    return {};
  }
  Status check_bound(const std::string& field, const std::string& bound, std::size_t at) const {
    if (options_.schema == nullptr) return {};
    const auto index = options_.schema->find(field);
    if (!index) return {};
    const auto value = index_internal::parse_value(options_.schema->fields()[*index].type, bound);
    if (!value) return error_at(at, std::string(value.error().message()));
    return {};
  }

  // [a TO b], {a TO b}, [a TO b}, {a TO b]; '*' is an open bound.
  Result<Query> parse_range(const std::string& field, std::size_t field_at) {
    TRAWL_RETURN_IF_ERROR(check_range_field(field, field_at));
    const std::size_t open = at_;
    const bool include_lower = text_[at_++] == '[';
    std::optional<std::string> bounds[2];
    for (int side = 0; side < 2; ++side) {
      skip_space();
      const std::size_t bound_at = at_;
      std::string bound = read_bound(true);
      if (bound.empty()) {
        return error(side == 0 ? "expected a lower bound after '" + std::string(1, text_[open]) + "'"
                               : "expected an upper bound after 'TO'");
      }
      if (bound != "*") {
        TRAWL_RETURN_IF_ERROR(check_bound(field, bound, bound_at));
        bounds[side] = std::move(bound);
      }
      skip_space();
      if (side == 0) {
        if (text_.substr(at_, 2) != "TO" || at_ + 2 >= text_.size() || !is_space(text_[at_ + 2])) {
          return error("expected 'TO' in the range opened at " + std::to_string(open));
        }
        at_ += 2;
      }
    }
    if (at_ >= text_.size() || (text_[at_] != ']' && text_[at_] != '}')) {
      return error("expected ']' or '}' to close the range opened at " + std::to_string(open));
    }
    const bool include_upper = text_[at_++] == ']';
    return Query::range(field, std::move(bounds[0]), std::move(bounds[1]), include_lower,
                        include_upper);
  }

  // >=a, >a, <=b, <b
  Result<Query> parse_comparison(const std::string& field, std::size_t field_at) {
    TRAWL_RETURN_IF_ERROR(check_range_field(field, field_at));
    const bool greater = text_[at_++] == '>';
    const bool inclusive = at_ < text_.size() && text_[at_] == '=';
    if (inclusive) ++at_;
    const std::size_t bound_at = at_;
    std::string bound = read_bound(false);
    if (bound.empty() || bound == "*") return error("expected a value after the comparison");
    TRAWL_RETURN_IF_ERROR(check_bound(field, bound, bound_at));
    if (greater) return Query::range(field, std::move(bound), std::nullopt, inclusive, true);
    return Query::range(field, std::nullopt, std::move(bound), true, inclusive);
  }

  // A bound or a numeric field's value: up to a space or ')' (and, in a range, ']' or '}'),
  // with backslash escapes; ':' does not end it, so date-times need no escaping.
  std::string read_bound(bool in_range) {
    std::string bound;
    while (at_ < text_.size() && !is_space(text_[at_]) && text_[at_] != ')' && text_[at_] != '^' &&
           !(in_range && (text_[at_] == ']' || text_[at_] == '}'))) {
      if (text_[at_] == '\\' && at_ + 1 < text_.size()) ++at_;
      bound += text_[at_++];
    }
    return bound;
  }

  Result<Query> with_boost(Query query) {
    if (at_ < text_.size() && text_[at_] == '^') {
      ++at_;
      TRAWL_ASSIGN_OR_RETURN(double boost, read_number("a boost after '^'"));
      if (!(boost >= 0) || boost > 1e6) return error("the boost must be a number from 0 to 1000000");
      // A group of one clause is that clause, which may carry a boost of its own: "(a^3)^2"
      // weighs a six times, as it would as a boosted group.
      query.boost(static_cast<float>(query.boost() * boost));
    }
    return query;
  }

  Result<double> read_number(const std::string& what) {
    const std::size_t begin = at_;
    while (at_ < text_.size() && (std::isdigit(static_cast<unsigned char>(text_[at_])) || text_[at_] == '.')) {
      ++at_;
    }
    if (begin == at_) return error("expected " + what);
    const std::string digits(text_.substr(begin, at_ - begin));
    char* end = nullptr;
    const double value = std::strtod(digits.c_str(), &end);
    if (end != digits.c_str() + digits.size()) return error_at(begin, "expected " + what);
    return value;
  }

  // A run of non-special characters, with backslash escapes. Notes where the first unescaped
  // wildcard characters and range brackets are.
  std::string read_word() {
    std::string word;
    escaped_end_ = false;
    star_at_ = question_at_ = range_at_ = escaped_wildcard_ = kNone;
    const std::size_t begin = at_;
    while (at_ < text_.size() && !is_special(text_[at_])) {
      if (text_[at_] == '\\' && at_ + 1 < text_.size()) {
        ++at_;
        escaped_end_ = true;
        if ((text_[at_] == '*' || text_[at_] == '?') && escaped_wildcard_ == kNone) {
          escaped_wildcard_ = at_;
        }
      } else {
        escaped_end_ = false;
        const char c = text_[at_];
        if (c == '*' && star_at_ == kNone) star_at_ = at_;
        if (c == '?' && question_at_ == kNone) question_at_ = at_;
        if ((c == '[' || c == '{') && at_ == begin) range_at_ = at_;
      }
      word += text_[at_++];
    }
    word_end_ = at_;
    return word;
  }

  std::string_view text_;
  const QueryParserOptions& options_;
  std::string default_field_;  // options_.default_field, or the field scoping a group
  static constexpr std::size_t kNone = std::string_view::npos;
  std::size_t at_ = 0;
  bool escaped_end_ = false;  // the last character of the last word was escaped
  // Of the last word: where it ended, and its first unescaped '*', '?' and opening '[' or '{'.
  std::size_t word_end_ = 0, star_at_ = kNone, question_at_ = kNone, range_at_ = kNone;
  std::size_t escaped_wildcard_ = kNone;  // of the last word: its first escaped '*' or '?'
};

}  // namespace

Result<Query> parse_query(std::string_view text, const QueryParserOptions& options) {
  return Parser(text, options).parse();
}

Query plain_text_query(std::string_view text, const std::string& field, bool prefix_last) {
  if (!prefix_last) return Query::term(field, std::string(text));
  // The last run of non-space characters without the ASCII punctuation around it.
  auto punctuation = [](char c) { return std::ispunct(static_cast<unsigned char>(c)) != 0; };
  std::size_t end = text.size();
  while (end > 0 && (is_space(text[end - 1]) || punctuation(text[end - 1]))) --end;
  std::size_t begin = end;
  while (begin > 0 && !is_space(text[begin - 1])) --begin;
  while (begin < end && punctuation(text[begin])) ++begin;
  if (begin == end) return Query::term(field, std::string(text));
  Query last = Query::phrase_prefix(field, std::string(text.substr(begin, end - begin)));
  std::string_view rest = text.substr(0, begin);
  while (!rest.empty() && is_space(rest.back())) rest.remove_suffix(1);
  if (rest.find_first_not_of(" \t\n\r\f\v") == std::string_view::npos) return last;
  return Query::boolean({{Query::Occur::kShould, Query::term(field, std::string(rest))},
                         {Query::Occur::kShould, std::move(last)}});
}

}  // namespace trawl
