// Stemming: reduces inflected words to a common stem with the Snowball algorithms
// (libstemmer), so that "talks", "talked" and "talking" all index as "talk".
//
// Snowball stemmers expect lower-case, normalised text: put the stem filter after
// make_normalize_filter() (and after stop words, whose lists hold unstemmed words).
//
// Thread-safety: each filter object owns its own Snowball state; a filter is used by one thread
// at a time and clone() gives each thread its own.
#ifndef TRAWL_ANALYSIS_STEMMER_H_
#define TRAWL_ANALYSIS_STEMMER_H_

#include <memory>
#include <string_view>

#include "trawl/analysis/token_filter.h"
#include "trawl/export.h"
#include "trawl/result.h"

namespace trawl {

/// A filter that replaces each term by its Snowball stem for `language` (name or ISO code).
/// Returns InvalidArgument for an unknown language and NotFound for a language that has no
/// stemmer.
TRAWL_EXPORT Result<std::unique_ptr<TokenFilter>> make_stem_filter(std::string_view language);

}  // namespace trawl

#endif  // TRAWL_ANALYSIS_STEMMER_H_
