// TREC-style evaluation for `trawl eval` (and the effectiveness tests): relevance judgments
// (qrels), runs, and the measures trec_eval reports, with its conventions:
//   - a run is ordered by score, decreasing, ties by document id decreasing (ranks are ignored);
//   - graded gains for nDCG (the judgment's value), binary relevance (value > 0) for the rest;
//   - measures average over the queries that have at least one relevant document; such a query
//     missing from the run scores 0 (trec_eval -c).
#ifndef TRAWL_EXAMPLES_TRAWL_EVALUATION_H_
#define TRAWL_EXAMPLES_TRAWL_EVALUATION_H_

#include <map>
#include <string>
#include <vector>

#include "trawl/result.h"

namespace trawl::cli {

/// query -> document -> graded relevance.
using Qrels = std::map<std::string, std::map<std::string, int>>;

struct RunEntry {
  std::string doc;
  double score = 0;
};
/// query -> retrieved documents.
using Run = std::map<std::string, std::vector<RunEntry>>;

/// "qid iteration docid relevance" per line. InvalidArgument naming the line if malformed.
Result<Qrels> parse_qrels(const std::string& text);
/// "qid Q0 docid rank score tag" per line. InvalidArgument naming the line if malformed.
Result<Run> parse_run(const std::string& text);

struct Measures {
  double ndcg_at_10 = 0;
  double map = 0;
  double precision_at_10 = 0;
  double recall_at_100 = 0;
  double recall_at_1000 = 0;
  std::size_t queries = 0;  ///< queries with relevant documents, over which measures average
};

Measures evaluate(const Qrels& qrels, Run run);

}  // namespace trawl::cli

#endif  // TRAWL_EXAMPLES_TRAWL_EVALUATION_H_
