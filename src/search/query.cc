#include "trawl/search/query.h"

#include <cmath>
#include <sstream>

namespace trawl {

Query::~Query() {
  // Children with children of their own are taken out and emptied one at a time, so the
  // destructors that finally run are all shallow.
  std::vector<Query> pending;
  for (Clause& clause : clauses_) {
    if (!clause.query.clauses_.empty()) pending.push_back(std::move(clause.query));
  }
  while (!pending.empty()) {
    Query query = std::move(pending.back());
    pending.pop_back();
    for (Clause& clause : query.clauses_) {
      if (!clause.query.clauses_.empty()) pending.push_back(std::move(clause.query));
    }
    query.clauses_.clear();
  }
}

Query Query::term(std::string field, std::string text) {
  Query query;
  query.kind_ = Kind::kTerm;
  query.field_ = std::move(field);
  query.text_ = std::move(text);
  return query;
}

Query Query::phrase(std::string field, std::string text, std::uint32_t slop) {
  Query query = term(std::move(field), std::move(text));
  query.kind_ = Kind::kPhrase;
  query.slop_ = slop;
  return query;
}

Query Query::prefix(std::string field, std::string prefix) {
  Query query = term(std::move(field), std::move(prefix));
  query.kind_ = Kind::kPrefix;
  return query;
}

Query Query::phrase_prefix(std::string field, std::string text, std::uint32_t slop) {
  Query query = phrase(std::move(field), std::move(text), slop);
  query.kind_ = Kind::kPhrasePrefix;
  return query;
}

Query Query::wildcard(std::string field, std::string pattern) {
  Query query = term(std::move(field), std::move(pattern));
  query.kind_ = Kind::kWildcard;
  return query;
}

Query Query::fuzzy(std::string field, std::string text, std::uint32_t max_edits,
                   std::uint32_t prefix_length) {
  Query query = term(std::move(field), std::move(text));
  query.kind_ = Kind::kFuzzy;
  query.max_edits_ = max_edits;
  query.prefix_length_ = prefix_length;
  return query;
}

Query Query::boolean(std::vector<Clause> clauses, std::uint32_t min_should_match) {
  Query query;
  query.kind_ = Kind::kBoolean;
  query.clauses_ = std::move(clauses);
  query.min_should_match_ = min_should_match;
  return query;
}

Query Query::match_all() { return Query(); }

Query Query::range(std::string field, std::optional<std::string> lower,
                   std::optional<std::string> upper, bool include_lower, bool include_upper) {
  Query query;
  query.kind_ = Kind::kRange;
  query.field_ = std::move(field);
  query.lower_ = std::move(lower);
  query.upper_ = std::move(upper);
  query.include_lower_ = include_lower;
  query.include_upper_ = include_upper;
  return query;
}

Query Query::decay(Query inner, std::string field, std::string origin, std::string scale,
                   double factor) {
  Query query;
  query.kind_ = Kind::kDecay;
  query.field_ = std::move(field);
  query.text_ = std::move(origin);
  query.scale_ = std::move(scale);
  query.factor_ = factor;
  query.clauses_.push_back({Occur::kMust, std::move(inner)});
  return query;
}

std::string Query::to_string() const {
  std::ostringstream out;
  const std::string scope = field_.empty() ? "" : field_ + ":";
  switch (kind_) {
    case Kind::kTerm: out << scope << text_; break;
    case Kind::kPhrase:
      out << scope << '"' << text_ << '"';
      if (slop_ > 0) out << '~' << slop_;
      break;
    case Kind::kPrefix: out << scope << text_ << '*'; break;
    case Kind::kWildcard:
      out << scope << text_;
      break;
    case Kind::kPhrasePrefix:
      out << scope << '"' << text_ << "\"*";
      if (slop_ > 0) out << '~' << slop_;
      break;
    case Kind::kFuzzy:
      out << scope << text_ << '~';
      if (max_edits_ != kEditsByLength) out << max_edits_;
      if (prefix_length_ > 0) out << "(prefix " << prefix_length_ << ')';
      break;
    case Kind::kMatchAll: out << "*:*"; break;
    case Kind::kRange:
      out << scope << (include_lower_ ? '[' : '{') << lower_.value_or("*") << " TO "
          << upper_.value_or("*") << (include_upper_ ? ']' : '}');
      break;
    case Kind::kDecay:
      out << "decay(" << clauses_[0].query.to_string() << ", " << field_ << " from " << text_
          << " scale " << scale_ << " factor " << factor_ << ")";
      break;
    case Kind::kBoolean: {
      out << '(';
      const char* separator = "";
      for (const Clause& clause : clauses_) {
        out << separator;
        separator = " ";
        switch (clause.occur) {
          case Occur::kMust: out << '+'; break;
          case Occur::kMustNot: out << '-'; break;
          case Occur::kFilter: out << '#'; break;
          case Occur::kShould: break;
        }
        out << clause.query.to_string();
      }
      out << ')';
      if (min_should_match_ > 0) out << '~' << min_should_match_;
      break;
    }
  }
  if (boost_ != 1.0f) out << '^' << boost_;
  return out.str();
}

}  // namespace trawl
