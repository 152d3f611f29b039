// AnalyzerSet: analyzers built once per distinct set of options. A schema of thousands of text
// fields of one kind builds one analyzer (its stop-word sets, its ICU objects), which the fields
// share, so that what a search or a document costs does not grow with fields it does not touch.
#ifndef TRAWL_SRC_ANALYSIS_ANALYZER_SET_H_
#define TRAWL_SRC_ANALYSIS_ANALYZER_SET_H_

#include <cstddef>
#include <memory>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/result.h"

namespace trawl::analysis_internal {

class AnalyzerSet {
 public:
  /// The number of the analyzer for `options`, built the first time they are asked for (numbers
  /// count distinct options from 0, in the order they were first asked for). The error of
  /// Analyzer::create if it cannot be built; nothing is kept then.
  Result<std::size_t> add(const AnalyzerOptions& options) {
    for (std::size_t i = 0; i < options_.size(); ++i) {
      if (options_[i] == options) return i;
    }
    TRAWL_ASSIGN_OR_RETURN(Analyzer analyzer, Analyzer::create(options));
    options_.push_back(options);
    analyzers_.push_back(std::make_shared<const Analyzer>(std::move(analyzer)));
    return analyzers_.size() - 1;
  }

  const std::shared_ptr<const Analyzer>& operator[](std::size_t number) const {
    return analyzers_[number];
  }
  std::size_t size() const noexcept { return analyzers_.size(); }

 private:
  std::vector<AnalyzerOptions> options_;
  std::vector<std::shared_ptr<const Analyzer>> analyzers_;
};

}  // namespace trawl::analysis_internal

#endif  // TRAWL_SRC_ANALYSIS_ANALYZER_SET_H_
