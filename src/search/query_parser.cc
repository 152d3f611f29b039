// A recursive-descent parser for the Lucene-style syntax (see trawl/search/query_parser.h).
#include "trawl/search/query_parser.h"

#include <cmath>
#include <cctype>
#include <cstdlib>

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
      : text_(text), options_(options) {}

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
    std::string field = options_.default_field;
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
      word = read_word();
    }
    Query query = Query::match_all();
    if (!word.empty()) {
      // Syntax other engines have and trawl does not (yet) is an error, not a silent miss.
      if (range_at_ != kNone) {
        return error_at(range_at_, "range queries ('[a TO b]', '{a TO b}') are not supported");
      }
      if (question_at_ != kNone) {
        return error_at(question_at_, "'?' wildcards are not supported (write \\? for a '?')");
      }
      if (word == "*" && star_at_ != kNone) {
        return error_at(star_at_, field == options_.default_field
                                      ? "'*' alone is not a query; '*:*' matches every document"
                                      : "'" + field + ":*' (documents with the field) is not "
                                        "supported; '*:*' matches every document");
      }
      if (star_at_ != kNone && star_at_ != word_end_ - 1) {
        return error_at(star_at_, "'*' is supported only at the end of a word, as a prefix "
                                  "(write \\* for a '*')");
      }
      if (word.size() > 1 && word.back() == '*' && !escaped_end_) {
        query = Query::prefix(field, word.substr(0, word.size() - 1));
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
      if (field != options_.default_field) {
        return error_at(start, "a field cannot scope a group; write field:word inside it");
      }
      TRAWL_ASSIGN_OR_RETURN(query, parse_clauses(depth + 1));
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
    star_at_ = question_at_ = range_at_ = kNone;
    const std::size_t begin = at_;
    while (at_ < text_.size() && !is_special(text_[at_])) {
      if (text_[at_] == '\\' && at_ + 1 < text_.size()) {
        ++at_;
        escaped_end_ = true;
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
  static constexpr std::size_t kNone = std::string_view::npos;
  std::size_t at_ = 0;
  bool escaped_end_ = false;  // the last character of the last word was escaped
  // Of the last word: where it ended, and its first unescaped '*', '?' and opening '[' or '{'.
  std::size_t word_end_ = 0, star_at_ = kNone, question_at_ = kNone, range_at_ = kNone;
};

}  // namespace

Result<Query> parse_query(std::string_view text, const QueryParserOptions& options) {
  return Parser(text, options).parse();
}

Query plain_text_query(std::string_view text, const std::string& field) {
  return Query::term(field, std::string(text));
}

}  // namespace trawl
