// The wildcard query: the terms of a field group matching a glob ('?' one character, '*' any
// run), read from the pattern's literal prefix on, compiled to a bag of words as a prefix is.
#include <string>

#include "search/weights/compiler.h"
#include "search/weights/terms_weight.h"
#include "search/wildcard/wildcard_pattern.h"

namespace trawl::search_internal {
namespace {

// The pattern with its literal runs normalised as the group normalises words, the wildcards
// kept: "Mos*W" is "mos*w" in a text field. Runs are normalised one by one, so that
// normalisation never makes a wildcard of a character (a full-width '？' becomes '?').
Result<std::string> normalized_pattern(const Compiler& compiler, const Compiler::FieldGroup& group,
                                       const std::string& pattern) {
  std::string out;
  std::size_t start = 0;
  for (std::size_t at = 0; at <= pattern.size(); ++at) {
    if (at < pattern.size() && pattern[at] != '*' && pattern[at] != '?') continue;
    TRAWL_ASSIGN_OR_RETURN(
        std::string run,
        compiler.normalize(group, std::string_view(pattern).substr(start, at - start)));
    out += run;
    if (at < pattern.size()) out += pattern[at];
    start = at + 1;
  }
  return out;
}

}  // namespace

Result<WeightPtr> compile_wildcard(const Query& query, Compiler& compiler) {
  return compiler.over_field_groups(
      query.field(),
      [&](const Compiler::FieldGroup& group, bool scoped, bool* any_words) -> Result<WeightPtr> {
        *any_words = true;  // a pattern no term matches matches nothing; it is not ignored
        TRAWL_RETURN_IF_ERROR(compiler.add_clauses(1));
        TRAWL_ASSIGN_OR_RETURN(std::string text, normalized_pattern(compiler, group, query.text()));
        const WildcardPattern pattern(text);
        TRAWL_ASSIGN_OR_RETURN(auto words,
                               compiler.expand_terms(
                                   group, pattern.literal_prefix(),
                                   [&](std::string_view term) { return pattern.matches(term); },
                                   compiler.options().max_wildcard_scan));
        return compile_expansion(compiler, group, words, query.text(), scoped, query.boost());
      });
}

}  // namespace trawl::search_internal
