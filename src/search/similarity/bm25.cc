#include "search/similarity/bm25.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace trawl::search_internal {

double bm25_idf(double n, double df) {
  n = std::max(n, df);
  return std::log(1 + (n - df + 0.5) / (df + 0.5));
}

std::string format_number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.6g", value);
  return buffer;
}

std::string Bm25Term::field_names(const Schema& schema) const {
  std::string names;
  for (const std::uint32_t f : fields)
    names += (names.empty() ? "" : "+") + schema.fields()[f].name;
  return names;
}

Explanation Bm25Term::explain(const std::string& what, double tf, double dl) const {
  Explanation e;
  e.value = score(tf, dl);
  e.description =
      "weight(" + what +
      "), BM25: multiplier * idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * dl / avgdl))";
  e.details.push_back({multiplier, "multiplier: boost * occurrences in the query", {}});
  e.details.push_back(
      {idf,
       df < 0 ? "idf: the phrase words' idf = ln(1 + (N - df + 0.5) / (df + 0.5)) summed, N = " +
                    format_number(n)
              : "idf = ln(1 + (N - df + 0.5) / (df + 0.5)), N = " + format_number(n) +
                    ", df = " + format_number(df),
       {}});
  e.details.push_back({tf, "tf: frequency in the document (field weights applied)", {}});
  e.details.push_back({dl, "dl: document length in tokens (field weights applied)", {}});
  e.details.push_back({avgdl, "avgdl: average length", {}});
  e.details.push_back({k1, "k1", {}});
  e.details.push_back({b, "b", {}});
  return e;
}

}  // namespace trawl::search_internal
