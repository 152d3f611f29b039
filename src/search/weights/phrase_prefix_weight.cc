// The phrase-prefix query (search as you type, "new yor"*): the phrases whose last word is each
// term the last word's prefix expands to, OR-ed, each scored as a phrase.
#include <string>
#include <vector>

#include "search/weights/compiler.h"
#include "search/weights/terms_weight.h"

namespace trawl::search_internal {

Result<WeightPtr> compile_phrase_prefix(const Query& query, Compiler& compiler) {
  return compiler.over_field_groups(
      query.field(),
      [&](const Compiler::FieldGroup& group, bool scoped, bool* any_words) -> Result<WeightPtr> {
        // Colocated forms are left out: the phrase is matched by the words' own terms.
        TRAWL_ASSIGN_OR_RETURN(auto analysed, compiler.analyze(group, query.text()));
        std::vector<Token> tokens = without_colocated(std::move(analysed));
        *any_words = *any_words || !tokens.empty();
        if (tokens.empty()) return make_nothing(true);
        // The last word as typed (its bytes in the text), not as analysed: a prefix of what the
        // user is typing, which the stemmer would cut ("new yorke" is not "new york").
        const Token& last = tokens.back();
        const std::string typed =
            group.keyword ? last.term
                          : query.text().substr(last.byte_begin, last.byte_end - last.byte_begin);
        TRAWL_RETURN_IF_ERROR(compiler.add_clauses(tokens.size()));
        TRAWL_ASSIGN_OR_RETURN(
            auto expansions,
            compiler.expand_prefix(group, typed, compiler.options().max_phrase_prefix_terms));
        if (tokens.size() == 1) {
          return compile_expansion(compiler, group, expansions, typed + "*", scoped, query.boost());
        }
        TRAWL_ASSIGN_OR_RETURN(auto phrases, compile_phrase_endings(compiler, group, tokens,
                                                                    expansions, scoped, query));
        if (phrases.empty()) return make_nothing(false);
        if (phrases.size() == 1) return std::move(phrases[0]);
        return make_any_of(std::move(phrases));
      });
}

}  // namespace trawl::search_internal
