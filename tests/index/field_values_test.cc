// Field values against brute force: random multi-valued numbers and keywords laid out by
// FieldValuesWriter and read back by FieldValues, on segments large enough that ranges take
// both ways of collecting their documents (sorting few, marking many in a bitmap).
#include "index/field_values.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace {

using trawl::DocId;
using trawl::index_internal::FieldNumber;
using trawl::index_internal::FieldValues;
using trawl::index_internal::FieldValuesWriter;

// A .val body as FieldValuesWriter wrote it (or damaged since), opened as this version's file.
trawl::Result<std::unique_ptr<FieldValues>> open_body(std::shared_ptr<const std::string> body,
                                                      const trawl::Schema& schema, DocId docs) {
  trawl::store_internal::FramedFile file;
  file.body = *body;
  file.version = trawl::index_internal::kFieldValuesFormatVersion;
  return FieldValues::open(file, std::move(body), schema, docs);
}

}  // namespace

TEST_CASE("Field values: ranges, values and ordinals equal brute force", "[index]") {
  const auto seed = GENERATE(take(3, random(0u, 1000000u)));
  CAPTURE(seed);
  std::mt19937_64 rng(seed);
  trawl::Schema schema;
  schema.add_keyword("id").add_numeric("n").add_text("t").add_date("d").add_keyword("tag");
  const DocId docs = 20'000 + static_cast<DocId>(rng() % 30'000);
  std::vector<std::vector<std::int64_t>> numbers(docs), dates(docs);
  std::vector<std::set<std::uint32_t>> tags(docs);
  FieldValuesWriter writer(schema);
  for (DocId doc = 0; doc < docs; ++doc) {
    std::vector<FieldNumber> values;
    for (std::size_t v = rng() % 4; v > 0; --v) {  // 0 to 3 values, often repeated
      const auto n = static_cast<std::int64_t>(rng() % 5000) - 2500;
      numbers[doc].push_back(n);
      values.push_back({1, n});
    }
    if (rng() % 2) {
      const auto d = static_cast<std::int64_t>(rng() % 1'000'000'000);
      dates[doc].push_back(d);
      values.push_back({3, d});
    }
    std::shuffle(values.begin(), values.end(), rng);
    writer.add_document(values);
  }
  const std::uint32_t distinct = 50;
  for (std::uint32_t o = 0; o < distinct; ++o) {
    REQUIRE(writer.add_keyword_value(4, "tag" + std::to_string(1000 + o)) == o);
    for (DocId doc = 0; doc < docs; ++doc) {
      if (rng() % 40 == 0) {
        tags[doc].insert(o);
        writer.add_keyword_doc(4, o, doc);
      }
    }
  }
  auto values = open_body(std::make_shared<const std::string>(writer.finish(docs)), schema, docs);
  REQUIRE(values.has_value());
  REQUIRE((*values)->verify().ok());
  REQUIRE((*values)->numeric(1) != nullptr);
  REQUIRE((*values)->numeric(0) == nullptr);
  REQUIRE((*values)->keyword(4) != nullptr);

  std::vector<std::int64_t> got;
  for (DocId doc = 0; doc < docs; doc += 7) {
    REQUIRE((*values)->numeric(1)->values(doc, got).ok());
    auto want = numbers[doc];
    std::sort(want.begin(), want.end());
    CHECK(got == want);
  }
  std::vector<std::uint32_t> ordinals;
  for (DocId doc = 0; doc < docs; doc += 5) {
    REQUIRE((*values)->keyword(4)->ordinals(doc, ordinals).ok());
    CHECK(ordinals == std::vector<std::uint32_t>(tags[doc].begin(), tags[doc].end()));
  }
  CHECK((*values)->keyword(4)->value(7).value() == "tag1007");

  // Widths from one value (a few documents: sorted) to everything (a bitmap).
  for (const std::int64_t width : {1, 3, 20, 200, 2000, 6000}) {
    for (int r = 0; r < 10; ++r) {
      const std::int64_t low = static_cast<std::int64_t>(rng() % 6000) - 3000;
      const std::int64_t high = low + width - 1;
      CAPTURE(width, low);
      std::vector<DocId> want;
      for (DocId doc = 0; doc < docs; ++doc) {
        if (std::any_of(numbers[doc].begin(), numbers[doc].end(),
                        [&](std::int64_t v) { return v >= low && v <= high; })) {
          want.push_back(doc);
        }
      }
      std::vector<DocId> matched;
      REQUIRE((*values)->numeric(1)->docs_in_range(low, high, matched).ok());
      CHECK(matched == want);
    }
  }
  std::vector<DocId> none;
  REQUIRE((*values)->numeric(1)->docs_in_range(5, 4, none).ok());
  CHECK(none.empty());
}

TEST_CASE("Field values: damage is Corruption, never a wild read", "[index]") {
  trawl::Schema schema;
  schema.add_keyword("id").add_numeric("n");
  FieldValuesWriter writer(schema);
  for (int d = 0; d < 100; ++d) writer.add_document({{1, d}});
  for (std::uint32_t o = 0; o < 3; ++o) {
    writer.add_keyword_value(0, "k" + std::to_string(o));
    writer.add_keyword_doc(0, o, o);
  }
  const std::string intact = writer.finish(100);
  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 3000; ++trial) {
    auto body = std::make_shared<std::string>(intact);
    if (trial % 3 == 0) {
      body->resize(rng() % body->size());
    } else {
      for (int flips = 1 + static_cast<int>(rng() % 4); flips > 0; --flips) {
        (*body)[rng() % body->size()] ^= static_cast<char>(1 + rng() % 255);
      }
    }
    auto values = open_body(body, schema, 100);
    if (!values) {
      CHECK(values.error().is_corruption());
      continue;
    }
    (void)(*values)->verify();  // any answer but a crash or a read out of bounds
    std::vector<DocId> docs;
    std::vector<std::int64_t> numbers;
    std::vector<std::uint32_t> ordinals;
    if (const auto* column = (*values)->numeric(1)) {
      (void)column->docs_in_range(10, 60, docs);
      for (DocId d = 0; d < 100; d += 9) (void)column->values(d, numbers);
    }
    if (const auto* column = (*values)->keyword(0)) {
      for (DocId d = 0; d < 5; ++d) (void)column->ordinals(d, ordinals);
      for (std::uint32_t o = 0; o < column->value_count() && o < 5; ++o) (void)column->value(o);
    }
  }
}

TEST_CASE("Field values: a keyword with one value per document reads it alone", "[index]") {
  trawl::Schema schema;
  schema.add_keyword("section").add_keyword("tags");
  FieldValuesWriter writer(schema);
  const DocId docs = 300;
  for (DocId d = 0; d < docs; ++d) writer.add_document({});
  const std::vector<std::string> sections{"arts", "business", "science", "world"};
  for (std::uint32_t o = 0; o < sections.size(); ++o) {
    writer.add_keyword_value(0, sections[o]);
    for (DocId d = o; d < docs; d += 4) writer.add_keyword_doc(0, o, d);
  }
  writer.add_keyword_value(1, "only");
  writer.add_keyword_doc(1, 0, 7);  // one document of many: not one value each
  auto values = open_body(std::make_shared<const std::string>(writer.finish(docs)), schema, docs);
  REQUIRE(values.has_value());
  const auto* section = (*values)->keyword(0);
  REQUIRE(section != nullptr);
  CHECK(section->one_each());
  std::vector<std::uint32_t> ordinals;
  for (DocId d = 0; d < docs; ++d) {
    REQUIRE(section->ordinals(d, ordinals).ok());
    REQUIRE(ordinals.size() == 1);
    CHECK(ordinals[0] == d % 4);
  }
  // Counted in batches of matches: against the written layout (document d has value d % 4).
  std::mt19937_64 rng(20261202);
  for (int round = 0; round < 50; ++round) {
    std::vector<DocId> matches;
    for (DocId d = 0; d < docs; ++d) {
      if (rng() % 3 == 0) matches.push_back(d);
    }
    if (matches.empty()) continue;
    std::vector<std::uint64_t> counts(section->value_count(), 0), expected(4, 0);
    for (const DocId d : matches) ++expected[d % 4];
    REQUIRE(section->count_only_ordinals(matches.data(), matches.size(), counts.data()).ok());
    CHECK(counts == expected);
  }
  std::vector<std::uint64_t> counts(4, 0);
  const DocId past = docs;
  CHECK(section->count_only_ordinals(&past, 1, counts.data()).is_corruption());
  const auto* tags = (*values)->keyword(1);
  REQUIRE(tags != nullptr);
  CHECK_FALSE(tags->one_each());
  const DocId seven = 7;
  CHECK(tags->count_only_ordinals(&seven, 1, counts.data()).is_corruption());
}
