// The fuzzy query: each analysed word and the index terms within a few edits of it, found by
// walking each segment's dictionary with an edit automaton (search/fuzzy/), compiled to a bag of
// words (TermsWeight) whose terms carry the penalties and blended document frequencies that
// trawl/search/searcher.h (Fuzziness) documents.
#include <algorithm>
#include <cmath>
#include <map>

#include "search/fuzzy/edit_automaton.h"
#include "search/fuzzy/fuzziness.h"
#include "search/fuzzy/term_intersection.h"
#include "search/weights/compiler.h"
#include "search/weights/terms_weight.h"
#include "util/utf8.h"

namespace trawl::search_internal {
namespace {

struct Expansion {
  std::string term;
  std::uint32_t distance = 0;
  std::uint64_t field_df = 0;  // summed over the group's fields and the segments
};

// The terms of the group's fields within `edits` of `word` starting with its first
// `prefix_length` code points, and those of the surfaces within `edits` of one of `surfaces`
// (the word as typed) starting with its first `prefix_length` (a term's distance is the least
// of these), nearest first, then in most documents, then by bytes: at most `cap` of them.
Result<std::vector<Expansion>> expand(const Compiler& compiler, const Compiler::FieldGroup& group,
                                      const std::string& word,
                                      const std::vector<std::string_view>& surfaces,
                                      std::uint32_t edits, std::uint32_t prefix_length,
                                      std::size_t cap) {
  std::map<std::string, Expansion, std::less<>> found;
  const EditAutomaton automaton(word, edits);
  const std::string_view prefix = first_code_points(word, prefix_length);
  for (const std::uint32_t f : group.fields) {
    for (const auto& segment : compiler.state().segments()) {
      TRAWL_RETURN_IF_ERROR(intersect_terms(
          *segment, f, prefix, automaton,
          [&](std::string_view term, const index_internal::TermInfo& info, std::uint32_t distance) {
            auto at = found.find(term);
            if (at == found.end()) {
              at =
                  found.emplace(std::string(term), Expansion{std::string(term), distance, 0}).first;
            }
            at->second.field_df += info.doc_freq;
            return true;
          }));
    }
  }
  // The nearest distance of each surface met, then its term's.
  std::map<std::string, std::uint32_t, std::less<>> near_surfaces;
  for (const std::string_view typed : surfaces) {
    const EditAutomaton typed_automaton(typed, edits);
    const std::string_view typed_prefix = first_code_points(typed, prefix_length);
    for (const std::uint32_t f : group.fields) {
      for (const auto& segment : compiler.state().segments()) {
        TRAWL_RETURN_IF_ERROR(intersect_surfaces(
            *segment, f, typed_prefix, typed_automaton,
            [&](std::string_view surface, const index_internal::TermInfo&, std::uint32_t distance) {
              auto [at, added] = near_surfaces.try_emplace(std::string(surface), distance);
              if (!added) at->second = std::min(at->second, distance);
              return true;
            }));
      }
    }
  }
  for (const auto& [surface, distance] : near_surfaces) {
    TRAWL_ASSIGN_OR_RETURN(std::string term, compiler.term_of_surface(group, surface));
    if (term.empty()) continue;
    auto at = found.find(term);
    if (at != found.end()) {
      at->second.distance = std::min(at->second.distance, distance);
      continue;
    }
    TRAWL_ASSIGN_OR_RETURN(const std::uint64_t df, compiler.field_doc_freq(term, group.fields));
    if (df > 0) found.emplace(term, Expansion{term, distance, df});
  }
  std::vector<Expansion> out;
  out.reserve(found.size());
  for (auto& [term, expansion] : found) out.push_back(std::move(expansion));
  std::sort(out.begin(), out.end(), [](const Expansion& a, const Expansion& b) {
    if (a.distance != b.distance) return a.distance < b.distance;
    if (a.field_df != b.field_df) return a.field_df > b.field_df;
    return a.term < b.term;
  });
  if (out.size() > cap) out.resize(cap);
  return out;
}

}  // namespace

Result<WeightPtr> compile_fuzzy_words(Compiler& compiler, const Compiler::FieldGroup& group,
                                      const std::vector<std::string>& words,
                                      const std::vector<std::string>& surfaces,
                                      std::uint32_t max_edits, std::uint32_t prefix_length,
                                      bool scoped, double boost) {
  const Fuzziness& rules = compiler.options().fuzziness;
  TRAWL_RETURN_IF_ERROR(check_fuzziness(rules));
  if (max_edits != Query::kEditsByLength && max_edits > EditAutomaton::kMaxEdits) {
    return Status::invalid_argument("query: a fuzzy word's edits must be 0, 1 or 2, not " +
                                    std::to_string(max_edits));
  }
  const auto distinct = count_words(words);
  TRAWL_RETURN_IF_ERROR(compiler.add_clauses(distinct.size()));
  double n = 0;
  const Bm25Term base = compiler.bm25_for(group, scoped, &n);
  std::vector<TermsWeight::Term> terms;
  for (const auto& [word_view, count] : distinct) {
    const std::string word(word_view);
    const std::uint32_t edits =
        max_edits == Query::kEditsByLength ? edits_by_length(rules, word) : max_edits;
    // The word's forms as typed (a keyword has none): the index's surfaces near them count,
    // also when a form is its term ("talkin" is one edit from "talking", whose term is "talk").
    std::vector<std::string_view> typed;
    for (std::size_t i = 0; i < words.size() && i < surfaces.size(); ++i) {
      if (words[i] == word && std::find(typed.begin(), typed.end(), surfaces[i]) == typed.end()) {
        typed.push_back(surfaces[i]);
      }
    }
    TRAWL_ASSIGN_OR_RETURN(auto expansions, expand(compiler, group, word, typed, edits,
                                                   prefix_length, rules.max_expansions));
    // Expansions come nearest first, each an index term (df >= 1): the nearest distance is
    // the first's, and the blended df the largest so far.
    const std::uint32_t nearest = expansions.empty() ? 0 : expansions.front().distance;
    std::uint64_t blended = 0;
    for (const Expansion& expansion : expansions) {
      TermLocations locations;
      TRAWL_ASSIGN_OR_RETURN(std::uint64_t df,
                             compiler.doc_freq(expansion.term, group.fields, &locations));
      blended = std::max(blended, df);
      const std::uint32_t beyond = expansion.distance - nearest;
      const double factor = std::pow(rules.edit_penalty, static_cast<double>(beyond));
      std::string origin = "fuzzy '" + word + "', distance " + std::to_string(expansion.distance) +
                           ", penalty " + format_number(factor) + " (" +
                           format_number(rules.edit_penalty) + " per edit beyond " +
                           std::to_string(nearest) + "), df blended " + std::to_string(blended);
      terms.push_back({expansion.term,
                       bag_term(base, n, static_cast<double>(blended), boost * count * factor),
                       std::move(locations),
                       std::move(origin),
                       {}});
    }
  }
  if (terms.empty()) return make_nothing(false);
  return WeightPtr(std::make_unique<TermsWeight>(std::move(terms)));
}

Result<WeightPtr> compile_fuzzy(const Query& query, Compiler& compiler) {
  return compiler.over_field_groups(
      query.field(),
      [&](const Compiler::FieldGroup& group, bool scoped, bool* any_words) -> Result<WeightPtr> {
        std::vector<std::string> surfaces;
        TRAWL_ASSIGN_OR_RETURN(auto words, compiler.words(group, query.text(), &surfaces));
        *any_words = *any_words || !words.empty();
        return compile_fuzzy_words(compiler, group, words, surfaces, query.max_edits(),
                                   query.prefix_length(), scoped, query.boost());
      });
}

}  // namespace trawl::search_internal
