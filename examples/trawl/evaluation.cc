#include "evaluation.h"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace trawl::cli {
namespace {

// Splits `text` into lines of whitespace-separated fields; calls `line(number, fields)`.
template <class F>
Status for_each_line(const std::string& text, F&& line) {
  std::istringstream in(text);
  std::string row;
  std::size_t number = 0;
  while (std::getline(in, row)) {
    ++number;
    std::istringstream fields_in(row);
    std::vector<std::string> fields;
    for (std::string field; fields_in >> field;) fields.push_back(field);
    if (fields.empty()) continue;
    TRAWL_RETURN_IF_ERROR(line(number, fields));
  }
  return {};
}

Status bad_line(const char* what, std::size_t number, const std::string& why) {
  return Status::invalid_argument(std::string(what) + " line " + std::to_string(number) + ": " + why);
}

}  // namespace

Result<Qrels> parse_qrels(const std::string& text) {
  Qrels qrels;
  TRAWL_RETURN_IF_ERROR(for_each_line(text, [&](std::size_t number,
                                                const std::vector<std::string>& f) -> Status {
    if (f.size() != 4) return bad_line("qrels", number, "expected 4 fields: qid iter docid rel");
    char* end = nullptr;
    const long relevance = std::strtol(f[3].c_str(), &end, 10);
    if (*end != '\0') return bad_line("qrels", number, "relevance '" + f[3] + "' is not an integer");
    qrels[f[0]][f[2]] = static_cast<int>(relevance);
    return {};
  }));
  return qrels;
}

Result<Run> parse_run(const std::string& text) {
  Run run;
  TRAWL_RETURN_IF_ERROR(for_each_line(text, [&](std::size_t number,
                                                const std::vector<std::string>& f) -> Status {
    if (f.size() != 6) return bad_line("run", number, "expected 6 fields: qid Q0 docid rank score tag");
    char* end = nullptr;
    const double score = std::strtod(f[4].c_str(), &end);
    if (*end != '\0' || !std::isfinite(score)) {
      return bad_line("run", number, "score '" + f[4] + "' is not a number");
    }
    run[f[0]].push_back({f[2], score});
    return {};
  }));
  return run;
}

Measures evaluate(const Qrels& qrels, Run run) {
  Measures total;
  for (const auto& [query, judgments] : qrels) {
    std::vector<int> ideal;
    for (const auto& [doc, relevance] : judgments) {
      if (relevance > 0) ideal.push_back(relevance);
    }
    if (ideal.empty()) continue;  // no relevant documents: skipped, as trec_eval does
    ++total.queries;
    std::sort(ideal.rbegin(), ideal.rend());
    auto found = run.find(query);
    if (found == run.end()) continue;  // missing from the run: zero for every measure
    auto& ranking = found->second;
    std::stable_sort(ranking.begin(), ranking.end(), [](const RunEntry& a, const RunEntry& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.doc > b.doc;
    });
    const double relevant = static_cast<double>(ideal.size());
    double dcg = 0, idcg = 0, precision_sum = 0;
    std::size_t hits = 0, hits_10 = 0, hits_100 = 0, hits_1000 = 0;
    for (std::size_t i = 0; i < ranking.size(); ++i) {
      auto judged = judgments.find(ranking[i].doc);
      const int relevance = judged == judgments.end() ? 0 : judged->second;
      if (i < 10 && relevance > 0) dcg += relevance / std::log2(static_cast<double>(i) + 2);
      if (relevance <= 0) continue;
      ++hits;
      precision_sum += static_cast<double>(hits) / static_cast<double>(i + 1);
      if (i < 10) ++hits_10;
      if (i < 100) ++hits_100;
      if (i < 1000) ++hits_1000;
    }
    for (std::size_t i = 0; i < ideal.size() && i < 10; ++i) {
      idcg += ideal[i] / std::log2(static_cast<double>(i) + 2);
    }
    total.ndcg_at_10 += dcg / idcg;
    total.map += precision_sum / relevant;
    total.precision_at_10 += static_cast<double>(hits_10) / 10;
    total.recall_at_100 += static_cast<double>(hits_100) / relevant;
    total.recall_at_1000 += static_cast<double>(hits_1000) / relevant;
  }
  if (total.queries > 0) {
    const double n = static_cast<double>(total.queries);
    total.ndcg_at_10 /= n;
    total.map /= n;
    total.precision_at_10 /= n;
    total.recall_at_100 /= n;
    total.recall_at_1000 /= n;
  }
  return total;
}

}  // namespace trawl::cli
