// SearcherState: what a Searcher holds (its pimpl's contents), which compiling a query reads.
#ifndef TRAWL_SRC_SEARCH_SEARCHER_STATE_H_
#define TRAWL_SRC_SEARCH_SEARCHER_STATE_H_

#include <memory>
#include <utility>
#include <vector>

#include "index/index_reader_internal.h"
#include "trawl/analysis/analyzer.h"
#include "trawl/index/index_reader.h"
#include "trawl/search/searcher.h"

namespace trawl::search_internal {

struct SearcherState {
  explicit SearcherState(IndexReader snapshot) : reader(std::move(snapshot)) {}

  IndexReader reader;
  Status status;  // why the parameters are invalid, if they are
  Bm25Parameters bm25;
  std::vector<double> field_weights;                       // per schema field
  std::vector<std::shared_ptr<const Analyzer>> analyzers;  // per schema field; text fields only

  const Schema& schema() const noexcept { return reader.schema(); }
  const std::vector<std::shared_ptr<const index_internal::SegmentReader>>& segments() const {
    return IndexReaderInternal::segments(reader);
  }
};

}  // namespace trawl::search_internal

#endif  // TRAWL_SRC_SEARCH_SEARCHER_STATE_H_
