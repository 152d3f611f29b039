// The small index the fuzz targets search and damage: 60 Cranfield documents in memory.
#ifndef TRAWL_TESTS_FUZZ_FUZZ_INDEX_H_
#define TRAWL_TESTS_FUZZ_FUZZ_INDEX_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "trawl/index/index_writer.h"
#include "trawl/search/searcher.h"

namespace trawl::fuzz {

/// The files of the committed index: (name, contents), sorted by name.
const std::vector<std::pair<std::string, std::string>>& small_index_files();
/// A fresh MemDirectory holding those files.
std::shared_ptr<Directory> copy_of_small_index();
/// A searcher over the intact index, shared by every input.
const Searcher& small_index_searcher();

}  // namespace trawl::fuzz

#endif  // TRAWL_TESTS_FUZZ_FUZZ_INDEX_H_
