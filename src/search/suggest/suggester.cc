#include "search/suggest/suggester.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "search/fuzzy/edit_automaton.h"
#include "search/fuzzy/fuzziness.h"
#include "search/fuzzy/term_intersection.h"
#include "search/weights/compiler.h"
#include "search/weights/weight.h"
#include "util/utf8.h"

namespace trawl::search_internal {
namespace {

// A word written in the index near a word of the query.
struct Candidate {
  std::string word;
  std::uint32_t distance = 0;
  std::uint64_t docs = 0;  // documents with it, summed over the fields searched
};

// A word of a clause's text to correct, with its alternatives, best first.
struct Misspelling {
  std::size_t begin = 0, end = 0;  // its bytes in the clause's text
  std::vector<Candidate> alternatives;
};

Status check(const SuggestOptions& options) {
  if (!(options.popularity >= 1) || !std::isfinite(options.popularity)) {
    return Status::invalid_argument("suggest: popularity must be a finite number >= 1, not " +
                                    format_number(options.popularity));
  }
  if (options.phrase_alternatives == 0) {
    return Status::invalid_argument("suggest: phrase_alternatives must be at least 1");
  }
  return check_edits_by_length(options.fuzziness);
}

// `replacement` capitalised as `typed` is: an ASCII capital first letter carries over.
std::string cased_like(std::string_view typed, std::string replacement) {
  if (!typed.empty() && typed[0] >= 'A' && typed[0] <= 'Z' && !replacement.empty() &&
      replacement[0] >= 'a' && replacement[0] <= 'z') {
    replacement[0] = static_cast<char>(replacement[0] - 'a' + 'A');
  }
  return replacement;
}

class Suggester {
 public:
  Suggester(const SearcherState& state, const SuggestOptions& options, const Occurs& occurs)
      : state_(state), options_(options), occurs_(occurs), compiler_(state, search_options_) {}

  // `node` with its words corrected; the corrections made are appended to *out.
  Result<Query> correct(const Query& node, std::vector<Suggestion::Correction>* out) {
    switch (node.kind()) {
      case Query::Kind::kTerm:
      case Query::Kind::kPhrase:
      case Query::Kind::kFuzzy:
        return correct_leaf(node, out);
      case Query::Kind::kBoolean: {
        std::vector<Query::Clause> clauses;
        for (const Query::Clause& clause : node.clauses()) {
          TRAWL_ASSIGN_OR_RETURN(Query corrected, correct(clause.query, out));
          clauses.push_back({clause.occur, std::move(corrected)});
        }
        return Query::boolean(std::move(clauses), node.min_should_match()).boost(node.boost());
      }
      case Query::Kind::kDecay: {
        TRAWL_ASSIGN_OR_RETURN(Query inner, correct(node.clauses()[0].query, out));
        return Query::decay(std::move(inner), node.field(), node.origin(), node.scale(),
                            node.factor())
            .boost(node.boost());
      }
      default:
        return node;  // prefixes, wildcards, ranges, match-all: as the user wrote them
    }
  }

 private:
  // The text fields a clause on `field` searches that share the first one's analyzer (the
  // compiler's first group); empty for a field of another type.
  Result<Compiler::FieldGroup> text_group(const std::string& field) const {
    const Schema& schema = state_.schema();
    if (const auto index = schema.find(field);
        index && schema.fields()[*index].type != FieldType::kText) {
      return Compiler::FieldGroup{};
    }
    TRAWL_ASSIGN_OR_RETURN(const Compiler::FieldGroups groups, compiler_.field_groups(field));
    return groups[0];
  }

  Result<Query> correct_leaf(const Query& leaf, std::vector<Suggestion::Correction>* out) {
    TRAWL_ASSIGN_OR_RETURN(const Compiler::FieldGroup group, text_group(leaf.field()));
    if (group.fields.empty()) return leaf;
    // A word's colocated forms are not words of their own to correct.
    TRAWL_ASSIGN_OR_RETURN(std::vector<Token> analysed, compiler_.analyze(group, leaf.text()));
    const std::vector<Token> tokens = without_colocated(std::move(analysed));
    std::vector<Misspelling> misspelt;
    // A phrase of several words chooses among each word's best few; other clauses take each
    // word's best.
    const bool best_only = !(leaf.kind() == Query::Kind::kPhrase && tokens.size() > 1);
    for (const Token& token : tokens) {
      const std::string_view raw =
          std::string_view(leaf.text()).substr(token.byte_begin, token.byte_end - token.byte_begin);
      TRAWL_ASSIGN_OR_RETURN(const std::string typed, compiler_.normalize(group, raw));
      TRAWL_ASSIGN_OR_RETURN(auto alternatives,
                             alternatives_of(group, typed, token.term, best_only));
      if (!alternatives.empty()) {
        misspelt.push_back({token.byte_begin, token.byte_end, std::move(alternatives)});
      }
    }
    if (misspelt.empty()) return leaf;
    std::vector<std::size_t> choice(misspelt.size(), 0);
    const auto text_of = [&](const std::vector<std::size_t>& chosen) {
      std::string text = leaf.text();
      for (std::size_t i = misspelt.size(); i-- > 0;) {  // from the end: offsets stay valid
        const Misspelling& m = misspelt[i];
        text.replace(m.begin, m.end - m.begin,
                     cased_like(std::string_view(leaf.text()).substr(m.begin, m.end - m.begin),
                                m.alternatives[chosen[i]].word));
      }
      return text;
    };
    if (leaf.kind() == Query::Kind::kPhrase && tokens.size() > 1) {
      TRAWL_ASSIGN_OR_RETURN(choice, phrase_choice(leaf, misspelt, text_of));
    }
    for (std::size_t i = 0; i < misspelt.size(); ++i) {
      const Misspelling& m = misspelt[i];
      const std::string original = leaf.text().substr(m.begin, m.end - m.begin);
      out->push_back({original, cased_like(original, m.alternatives[choice[i]].word)});
    }
    std::string text = text_of(choice);
    Query corrected =
        leaf.kind() == Query::Kind::kPhrase
            ? Query::phrase(leaf.field(), std::move(text), leaf.slop())
        : leaf.kind() == Query::Kind::kFuzzy
            ? Query::fuzzy(leaf.field(), std::move(text), leaf.max_edits(), leaf.prefix_length())
            : Query::term(leaf.field(), std::move(text));
    return std::move(corrected).boost(leaf.boost());
  }

  // The first choice of alternatives, in the odometer's order over each word's best few, whose
  // phrase occurs; the best of each if none does (or past kMaxTries).
  template <class TextOf>
  Result<std::vector<std::size_t>> phrase_choice(const Query& leaf,
                                                 const std::vector<Misspelling>& misspelt,
                                                 const TextOf& text_of) {
    static constexpr std::size_t kMaxTries = 64;
    std::vector<std::size_t> choice(misspelt.size(), 0);
    for (std::size_t tries = 0; tries < kMaxTries; ++tries) {
      TRAWL_ASSIGN_OR_RETURN(const bool found,
                             occurs_(Query::phrase(leaf.field(), text_of(choice), leaf.slop())));
      if (found) return choice;
      std::size_t i = misspelt.size();  // the last word turns fastest
      while (i > 0) {
        --i;
        const std::size_t limit =
            std::min(options_.phrase_alternatives, misspelt[i].alternatives.size());
        if (++choice[i] < limit) break;
        choice[i] = 0;
        if (i == 0) return std::vector<std::size_t>(misspelt.size(), 0);
      }
    }
    return std::vector<std::size_t>(misspelt.size(), 0);
  }

  // The words written in the index that may replace `typed` (term `term`), best first: none if
  // it needs no correction. With `best_only`, the first of them is all the caller reads, and a
  // word of two edits looks one edit away first: the nearer alternatives rank first, and the
  // walk within one edit reads a few hundred dictionary entries where the one within two reads
  // thousands (most of a suggestion's time).
  Result<std::vector<Candidate>> alternatives_of(const Compiler::FieldGroup& group,
                                                 const std::string& typed, const std::string& term,
                                                 bool best_only) {
    const std::uint32_t edits = edits_by_length(options_.fuzziness, typed);
    if (edits == 0) return std::vector<Candidate>{};
    if (best_only && edits > 1) {
      TRAWL_ASSIGN_OR_RETURN(auto near, alternatives_within(group, typed, term, 1));
      if (!near.empty()) return near;
    }
    return alternatives_within(group, typed, term, edits);
  }

  // alternatives_of's, within `edits` edits of `typed`.
  Result<std::vector<Candidate>> alternatives_within(const Compiler::FieldGroup& group,
                                                     const std::string& typed,
                                                     const std::string& term, std::uint32_t edits) {
    TRAWL_ASSIGN_OR_RETURN(const std::uint64_t word_docs,
                           compiler_.field_doc_freq(term, group.fields));
    const EditAutomaton automaton(typed, edits);
    // Word -> (distance, documents); a term is a candidate only if it is a word of its own.
    std::map<std::string, Candidate, std::less<>> near;
    std::map<std::string, Candidate, std::less<>> near_terms;
    const auto add = [](auto& into, std::string_view word, std::uint32_t distance,
                        std::uint64_t docs) {
      auto [at, added] =
          into.try_emplace(std::string(word), Candidate{std::string(word), distance, 0});
      at->second.docs += docs;
      return true;
    };
    for (const std::uint32_t f : group.fields) {
      for (const auto& segment : state_.segments()) {
        TRAWL_RETURN_IF_ERROR(intersect_surfaces(
            *segment, f, {}, automaton,
            [&](std::string_view word, const index_internal::TermInfo& info,
                std::uint32_t distance) { return add(near, word, distance, info.doc_freq); }));
        TRAWL_RETURN_IF_ERROR(
            intersect_terms(*segment, f, {}, automaton,
                            [&](std::string_view word, const index_internal::TermInfo& info,
                                std::uint32_t distance) {
                              return add(near_terms, word, distance, info.doc_freq);
                            }));
      }
    }
    for (auto& [word, candidate] : near_terms) {
      TRAWL_ASSIGN_OR_RETURN(const std::string own, compiler_.term_of_surface(group, word));
      if (own != word) continue;  // a stem ("negoti"), not a word anyone writes
      TRAWL_ASSIGN_OR_RETURN(candidate.docs, written_docs(group, word, candidate.docs));
      if (candidate.docs == 0) continue;
      auto [at, added] = near.try_emplace(word, candidate);
      if (!added) at->second.docs = std::max(at->second.docs, candidate.docs);
    }
    // More popular than the word, and another word than it (not one of its own forms).
    const double needed = options_.popularity * static_cast<double>(word_docs);
    std::vector<Candidate> out;
    for (auto& [word, candidate] : near) {
      if (static_cast<double>(candidate.docs) < std::max(needed, 1.0) || word == typed) continue;
      TRAWL_ASSIGN_OR_RETURN(const std::string its_term, compiler_.term_of_surface(group, word));
      if (its_term == term) continue;
      out.push_back(std::move(candidate));
    }
    std::sort(out.begin(), out.end(), [](const Candidate& a, const Candidate& b) {
      if (a.distance != b.distance) return a.distance < b.distance;
      if (a.docs != b.docs) return a.docs > b.docs;
      return a.word < b.word;
    });
    return out;
  }

  // Of the `docs` documents with term `term`, about how many have it written as it is: less
  // those of its surfaces that share all of it but its last character ("talks", "talking" for
  // "talk", "happy" for "happi"; nearly all do), which may leave none ("talk" as the stem of
  // "talks" alone, "happi": not words to offer).
  Result<std::uint64_t> written_docs(const Compiler::FieldGroup& group, const std::string& term,
                                     std::uint64_t docs) {
    std::uint32_t points = 0;
    const auto size = static_cast<std::int32_t>(term.size());
    for (std::int32_t at = 0; at < size; ++points) util::next_code_point(term.data(), at, size);
    const std::string_view stem = first_code_points(term, points > 0 ? points - 1 : 0);
    std::uint64_t other_forms = 0;
    for (const std::uint32_t f : group.fields) {
      for (const auto& segment : state_.segments()) {
        Status mapped;
        TRAWL_RETURN_IF_ERROR(segment->for_each_surface(
            f, stem, [&](std::string_view surface, const index_internal::TermInfo& info) {
              auto its_term = compiler_.term_of_surface(group, surface);
              if (!its_term) {
                mapped = its_term.error();
                return false;
              }
              if (*its_term == term) other_forms += info.doc_freq;
              return true;
            }));
        TRAWL_RETURN_IF_ERROR(mapped);
      }
    }
    return docs > other_forms ? docs - other_forms : 0;
  }

  const SearcherState& state_;
  const SuggestOptions& options_;
  const Occurs& occurs_;
  SearchOptions search_options_;  // the compiler's (its analysis and lookups only)
  Compiler compiler_;
};

}  // namespace

Result<std::optional<Suggestion>> suggest(const SearcherState& state, const Query& query,
                                          const SuggestOptions& options, const Occurs& occurs) {
  TRAWL_RETURN_IF_ERROR(check(options));
  Suggester suggester(state, options, occurs);
  Suggestion suggestion{Query::match_all(), {}};
  TRAWL_ASSIGN_OR_RETURN(suggestion.query, suggester.correct(query, &suggestion.corrections));
  if (suggestion.corrections.empty()) return std::optional<Suggestion>();
  return std::optional<Suggestion>(std::move(suggestion));
}

}  // namespace trawl::search_internal
