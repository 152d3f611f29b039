// Indexes written by released formats keep opening, with the same contents.
#include <catch2/catch.hpp>

#include "support/test_data.h"
#include "trawl/index/index_reader.h"

TEST_CASE("Compat: the format 1 fixture opens with its contents", "[index]") {
  auto reader = trawl::IndexReader::open(trawl::test::source_path("compat/format1/index"));
  REQUIRE(reader.has_value());
  CHECK(reader->generation() == 2);
  CHECK(reader->schema().describe() ==
        "id:keyword* title:text(english) body:text(english)");
  CHECK(reader->doc_count() == 4);
  CHECK(reader->deleted_count() == 1);
  CHECK(reader->segment_count() == 1);
  CHECK(reader->is_deleted(0, 4));
  CHECK(reader->term_statistics("body", "talk")->doc_freq == 1);
  CHECK(reader->term_statistics("title", "talk")->doc_freq == 1);
  CHECK(reader->term_statistics("body", "track")->doc_freq == 2);
  CHECK(reader->term_statistics("id", "p3")->doc_freq == 1);
  CHECK(reader->field_statistics("title")->total_length == 7);  // deleted documents count until merged
  auto stored = reader->stored(0, 3);
  REQUIRE(stored.has_value());
  REQUIRE(stored->get("title") != nullptr);
  CHECK(*stored->get("title") == "Geneva");
  auto cursor = reader->postings(0, "body", "geneva").value();
  REQUIRE(cursor);
  CHECK(cursor->docid() == 3);
  CHECK(cursor->freq() == 1);
  CHECK(cursor->positions()[0] == 8);  // "One recent track two meeting took place in Geneva"
  CHECK(reader->check().ok());
}
