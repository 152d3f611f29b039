// Indexes written by released formats keep opening, with the same contents.
#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "support/temp_dir.h"
#include "support/test_data.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

namespace {

// The fixture copied to `copy`, merged there by this version into one segment of the current
// format, and opened; the merged index must verify.
trawl::IndexReader merged_copy(const std::string& fixture, const trawl::Schema& schema,
                               const std::string& copy) {
  std::filesystem::copy(fixture, copy);
  {
    auto writer = trawl::IndexWriter::open(copy, schema);
    REQUIRE(writer.has_value());
    REQUIRE(writer->force_merge(1).ok());
  }
  auto merged = trawl::IndexReader::open(copy);
  REQUIRE(merged.has_value());
  CHECK(merged->segment_count() == 1);
  CHECK(merged->check().ok());
  return std::move(*merged);
}

}  // namespace

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

// Format 2: files framed without identities or page checksums, verified whole at first use.
TEST_CASE("Compat: the format 2 fixture opens, searches, verifies and merges", "[index]") {
  const std::string fixture = trawl::test::source_path("compat/format2/index");
  auto reader = trawl::IndexReader::open(fixture);
  REQUIRE(reader.has_value());
  CHECK(reader->generation() == 3);
  CHECK(reader->schema().describe() == "id:keyword* title:text(english) body:text(english)");
  CHECK(reader->doc_count() == 4);
  CHECK(reader->segment_count() == 2);
  CHECK(reader->is_deleted(0, 1));  // p2
  CHECK(reader->check().ok());
  auto ids = [](const trawl::IndexReader& index, const std::string& text) {
    trawl::Searcher searcher(index);
    auto result = searcher.search(trawl::parse_query(text).value(), trawl::SearchOptions{});
    REQUIRE(result.has_value());
    std::vector<std::string> out;
    for (const auto& document : searcher.documents(result->hits).value()) {
      out.push_back(*document.get("id"));
    }
    CHECK(searcher.keys(result->hits).value() == out);  // the key's values, built at open
    return out;
  };
  CHECK(ids(*reader, "track OR geneva OR talks") == std::vector<std::string>{"p4", "p1"});
  CHECK(*reader->stored(1, 0)->get("title") == "Geneva");
  CHECK(reader->field_length(1, "body", 0).value() > 0);

  // Merged by this version, into the current format, with the same contents.
  trawl::test::TempDir temp;
  auto merged = merged_copy(fixture, reader->schema(), temp.path() + "/index");
  CHECK(merged.doc_count() == 4);
  CHECK(merged.deleted_count() == 0);
  CHECK(ids(merged, "track OR geneva OR talks") == std::vector<std::string>{"p4", "p1"});
}

// Format 3: numeric values in .col, keyword values only in the dictionary; opening builds the
// field values (ranges, sorting, facets) in memory, and a merge writes them as .val.
TEST_CASE("Compat: the format 3 fixture opens, ranges its numbers and merges", "[index]") {
  const std::string fixture = trawl::test::source_path("compat/format3/index");
  auto reader = trawl::IndexReader::open(fixture);
  REQUIRE(reader.has_value());
  CHECK(reader->schema().describe() ==
        "id:keyword* title:text(english) body:text(english) section:keyword year:numeric");
  CHECK(reader->segment_count() == 2);
  CHECK(reader->doc_count() == 4);
  CHECK(reader->check().ok());
  auto ids = [](const trawl::IndexReader& index, const std::string& text) {
    trawl::Searcher searcher(index);
    trawl::QueryParserOptions options;
    options.schema = &index.schema();
    auto result = searcher.search(trawl::parse_query(text, options).value(), trawl::SearchOptions{});
    REQUIRE(result.has_value());
    std::vector<std::string> out;
    for (const auto& document : searcher.documents(result->hits).value()) {
      out.push_back(*document.get("id"));
    }
    CHECK(searcher.keys(result->hits).value() == out);  // the key's values, built at open
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(ids(*reader, "year:[2025 TO *]") == std::vector<std::string>{"p4", "p5"});  // p2 deleted
  CHECK(ids(*reader, "year:<2025") == std::vector<std::string>{"p1", "p3"});
  CHECK(ids(*reader, "+section:world +year:2025") == std::vector<std::string>{"p4"});

  // Merged by this version, into the current format, with the same contents.
  trawl::test::TempDir temp;
  auto merged = merged_copy(fixture, reader->schema(), temp.path() + "/index");
  CHECK(std::filesystem::exists(temp.path() + "/index/seg_3.val"));
  CHECK(ids(merged, "year:[2025 TO *]") == std::vector<std::string>{"p4", "p5"});
  CHECK(ids(merged, "year:{2023 TO 2025}") == std::vector<std::string>{"p1"});
}

// Format 4: field values in .val, and the dictionary's block index as a Boost archive read
// whole at open (later formats map it and search it in place).
TEST_CASE("Compat: the format 4 fixture opens, finds every term, ranges and merges", "[index]") {
  const std::string fixture = trawl::test::source_path("compat/format4/index");
  auto reader = trawl::IndexReader::open(fixture);
  REQUIRE(reader.has_value());
  CHECK(reader->schema().describe() ==
        "id:keyword* title:text(en) body:text(en) section:keyword year:numeric published:date");
  CHECK(reader->segment_count() == 2);
  CHECK(reader->doc_count() == 4);
  CHECK(reader->check().ok());
  // Every term of every segment is found by lookup, whichever dictionary block holds it.
  for (std::size_t s = 0; s < reader->segment_count(); ++s) {
    for (const std::string field : {"title", "body", "section", "id"}) {
      auto terms = reader->terms(s, field);
      REQUIRE(terms.has_value());
      for (const std::string& term : *terms) {
        CAPTURE(s, field, term);
        auto cursor = reader->postings(s, field, term);
        REQUIRE(cursor.has_value());
        CHECK(*cursor != nullptr);
      }
    }
  }
  auto ids = [](const trawl::IndexReader& index, const std::string& text) {
    trawl::Searcher searcher(index);
    trawl::QueryParserOptions options;
    options.schema = &index.schema();
    auto result = searcher.search(trawl::parse_query(text, options).value(), trawl::SearchOptions{});
    REQUIRE(result.has_value());
    std::vector<std::string> out = searcher.keys(result->hits).value();
    std::sort(out.begin(), out.end());
    return out;
  };
  CHECK(ids(*reader, "year:[2025 TO *]") == std::vector<std::string>{"p4", "p5"});  // p2 deleted
  CHECK(ids(*reader, "published:[2024-01-01 TO 2025-02]") == std::vector<std::string>{"p1", "p4"});
  CHECK(ids(*reader, "+section:world +geneva") == std::vector<std::string>{"p4"});
  CHECK(ids(*reader, "\"track two\"") == std::vector<std::string>{"p4"});

  // Every document in order of a date (the .val values of each document), and the counts of
  // a keyword's values (its ordinals), from the source text (p2 is deleted).
  const auto sorted_and_counted = [](const trawl::IndexReader& index) {
    trawl::Searcher searcher(index);
    trawl::SearchOptions options;
    options.sort = {trawl::SortKey{"published", true}};
    trawl::FacetRequest sections;
    sections.field = "section";
    options.facets = {sections};
    auto result = searcher.search(trawl::Query::match_all(), options);
    REQUIRE(result.has_value());
    std::vector<std::string> out = searcher.keys(result->hits).value();
    REQUIRE(result->facets.size() == 1);
    for (const trawl::FacetCount& count : result->facets[0].counts) {
      out.push_back(count.value + "=" + std::to_string(count.count));
    }
    return out;
  };
  const std::vector<std::string> expected{"p5",         "p4",          "p1",     "p3",
                                          "world=2", "analysis=1", "politics=1"};
  CHECK(sorted_and_counted(*reader) == expected);

  // Merged by this version, into the current format, with the same contents.
  trawl::test::TempDir temp;
  auto merged = merged_copy(fixture, reader->schema(), temp.path() + "/index");
  CHECK(ids(merged, "year:[2025 TO *]") == std::vector<std::string>{"p4", "p5"});
  CHECK(ids(merged, "published:[2024-01-01 TO 2025-02]") == std::vector<std::string>{"p1", "p4"});
  CHECK(ids(merged, "\"track two\"") == std::vector<std::string>{"p4"});
  CHECK(sorted_and_counted(merged) == expected);
}

// Format 5: postings whose skip entries carry no impacts (.doc file version 2). A word of three
// blocks ranks the same, pruned on the old bounds, exhaustively, and merged into the current
// format, whose bounds are its impacts.
TEST_CASE("Compat: the format 5 fixture ranks a word of several blocks and merges", "[index]") {
  const std::string fixture = trawl::test::source_path("compat/format5/index");
  auto reader = trawl::IndexReader::open(fixture);
  REQUIRE(reader.has_value());
  CHECK(reader->segment_count() == 2);
  CHECK(reader->doc_count() == 304);
  CHECK(reader->check().ok());
  CHECK(reader->term_statistics("body", "common")->doc_freq == 300);
  auto top = [](const trawl::IndexReader& index, const std::string& text, bool exact) {
    trawl::Searcher searcher(index);
    trawl::QueryParserOptions options;
    options.schema = &index.schema();
    trawl::SearchOptions search;
    search.exact_count = exact;
    auto result = searcher.search(trawl::parse_query(text, options).value(), search);
    REQUIRE(result.has_value());
    std::vector<std::pair<std::string, double>> out;
    const auto keys = searcher.keys(result->hits).value();
    for (std::size_t i = 0; i < keys.size(); ++i) out.emplace_back(keys[i], result->hits[i].score);
    return out;
  };
  const auto pruned = top(*reader, "body:common", false);
  REQUIRE(pruned.size() == 10);
  // From the source text: g69, g184 and g299 hold "common" five times in the shortest bodies
  // (six words), so they lead, tied, in document order.
  CHECK(pruned[0].first == "g69");
  CHECK(pruned[1].first == "g184");
  CHECK(pruned[2].first == "g299");
  CHECK(pruned[0].second == pruned[2].second);
  CHECK(pruned[2].second > pruned[3].second);
  CHECK(pruned == top(*reader, "body:common", true));

  trawl::test::TempDir temp;
  auto merged = merged_copy(fixture, reader->schema(), temp.path() + "/index");
  // The merge drops the deleted p2, so N and the idf change: the order stays, but for the
  // order of ties, which follows the documents' new numbers.
  const auto after = top(merged, "body:common", false);
  REQUIRE(after.size() == pruned.size());
  const auto tied_runs = [](const std::vector<std::pair<std::string, double>>& hits) {
    std::vector<std::set<std::string>> runs;
    for (std::size_t i = 0; i < hits.size(); ++i) {
      if (i == 0 || hits[i].second != hits[i - 1].second) runs.emplace_back();
      runs.back().insert(hits[i].first);
    }
    return runs;
  };
  CHECK(tied_runs(after) == tied_runs(pruned));
  CHECK(after == top(merged, "body:common", true));
}

// The unique keys of the documents matching `text`, sorted.
static std::vector<std::string> ids(const trawl::IndexReader& index, const std::string& text) {
  trawl::Searcher searcher(index);
  auto result = searcher.search(trawl::parse_query(text).value(), trawl::SearchOptions{});
  REQUIRE(result.has_value());
  std::vector<std::string> out = searcher.keys(result->hits).value();
  std::sort(out.begin(), out.end());
  return out;
}

// Format 6: segments without surfaces (segment format 2). Prefixes and fuzzy words match their
// terms alone; a merge keeps them so; documents added beside them get surfaces of their own.
TEST_CASE("Compat: the format 6 fixture matches terms alone and gains surfaces", "[index]") {
  const std::string fixture = trawl::test::source_path("compat/format6/index");
  auto reader = trawl::IndexReader::open(fixture);
  REQUIRE(reader.has_value());
  CHECK(reader->segment_count() == 2);
  CHECK(reader->doc_count() == 3);
  CHECK(reader->check().ok());
  CHECK(reader->surfaces(0, "body")->empty());
  CHECK(ids(*reader, "negoti*") == std::vector<std::string>{"p1", "p3"});
  CHECK(ids(*reader, "negotiat*").empty());  // "negotiators" is kept as "negoti" alone
  CHECK(ids(*reader, "sanctoins~") == std::vector<std::string>{"p4"});

  trawl::test::TempDir temp;
  const std::string copy = temp.path() + "/index";
  auto merged = merged_copy(fixture, reader->schema(), copy);
  CHECK(merged.surfaces(0, "body")->empty());
  CHECK(ids(merged, "negotiat*").empty());
  {
    auto writer = trawl::IndexWriter::open(copy, reader->schema());
    REQUIRE(writer.has_value());
    REQUIRE(writer
                ->add(trawl::Document()
                          .add("id", "p5")
                          .add("title", "Negotiators")
                          .add("body", "New negotiators arrived."))
                .ok());
    REQUIRE(writer->commit().ok());
  }
  auto grown = trawl::IndexReader::open(copy);
  REQUIRE(grown.has_value());
  CHECK(grown->check().ok());
  CHECK(ids(*grown, "negotiat*") == std::vector<std::string>{"p1", "p3", "p5"});
}

// Format 7: the manifest's field record at class version 1 (transliterate alone). It opens with
// the options it was written with, the later ones at their defaults, and is searched across
// scripts; documents added beside it are analysed as trawl analyses them now.
TEST_CASE("Compat: the format 7 fixture keeps its transliterating field", "[index]") {
  const std::string fixture = trawl::test::source_path("compat/format7/index");
  auto reader = trawl::IndexReader::open(fixture);
  REQUIRE(reader.has_value());
  CHECK(reader->check().ok());
  trawl::AnalyzerOptions expected;
  expected.language = "ru";
  expected.transliterate = true;
  const auto body = reader->schema().find("body");
  REQUIRE(body.has_value());
  CHECK(reader->schema().fields()[*body].analyzer == expected);
  using Ids = std::vector<std::string>;
  CHECK(ids(*reader, "Moskva") == Ids{"r1", "r2", "r3"});
  CHECK(ids(*reader, "Москва") == Ids{"r1", "r2", "r3"});
  CHECK(ids(*reader, "Yeltsin") == Ids{"r3"});
  CHECK(ids(*reader, "\"proshli peregovory\"") == Ids{"r1"});

  trawl::test::TempDir temp;
  const std::string copy = temp.path() + "/index";
  std::filesystem::copy(fixture, copy);
  {
    auto writer = trawl::IndexWriter::open(copy, reader->schema());
    REQUIRE(writer.has_value());
    REQUIRE(writer->add(trawl::Document().add("id", "r4").add("body", "Память Ельцина")).ok());
    REQUIRE(writer->commit().ok());
  }
  auto grown = trawl::IndexReader::open(copy);
  REQUIRE(grown.has_value());
  CHECK(grown->check().ok());
  // "Ельцина" has its stem's romanisation "yeltsin" in the new segment.
  CHECK(ids(*grown, "Yeltsin") == Ids{"r3", "r4"});
}
