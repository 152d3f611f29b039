// An index of one text field, "body", analysed without a language (words as they are, no
// stop words): what tests that reason about postings, blocks and lengths write documents to.
#ifndef TRAWL_TESTS_SUPPORT_BODY_INDEX_H_
#define TRAWL_TESTS_SUPPORT_BODY_INDEX_H_

#include <catch2/catch.hpp>
#include <memory>
#include <utility>

#include "trawl/index/index_writer.h"
#include "trawl/store/directory.h"

namespace trawl::test {

/// A writer of a new index in `directory` with the one field "body".
inline IndexWriter body_writer(const std::shared_ptr<Directory>& directory) {
  Schema schema;
  schema.add_text("body", AnalyzerOptions{"", false, false, false, 255});
  auto writer = IndexWriter::open(directory, schema);
  REQUIRE(writer.has_value());
  return std::move(*writer);
}

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_BODY_INDEX_H_
