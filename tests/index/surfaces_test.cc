// The surfaces a segment keeps (IndexReader::surfaces): each text field's words as written,
// before stemming, where their term differs, with the documents that held them. The expected
// lists come from the text analysed twice, once with stemming off, once with it on, not from
// the token stream's surface tap that indexing uses.
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

using trawl::Document;

// field -> surface -> documents holding it.
using SurfaceCounts = std::map<std::string, std::map<std::string, std::uint32_t>>;

// A text's (surface, term) pairs: its tokens without stemming and with, by position.
std::vector<std::pair<std::string, std::string>> forms(const std::string& text) {
  trawl::AnalyzerOptions unstemmed;
  unstemmed.stem = false;
  const auto plain = trawl::Analyzer::create(unstemmed).value().analyze(text).value();
  const auto stemmed = trawl::Analyzer::standard("english").value().analyze(text).value();
  REQUIRE(plain.size() == stemmed.size());
  std::vector<std::pair<std::string, std::string>> out;
  for (std::size_t i = 0; i < plain.size(); ++i) {
    REQUIRE(plain[i].position == stemmed[i].position);
    out.emplace_back(plain[i].term, stemmed[i].term);
  }
  return out;
}

SurfaceCounts expected(const std::vector<std::pair<std::string, std::string>>& docs) {
  SurfaceCounts counts;
  for (const auto& [title, body] : docs) {
    for (const auto& [field, text] : {std::pair{"title", title}, std::pair{"body", body}}) {
      std::set<std::string> held;
      for (const auto& [surface, term] : forms(text)) {
        if (surface != term) held.insert(surface);
      }
      for (const std::string& surface : held) ++counts[field][surface];
    }
  }
  return counts;
}

// Every segment's surfaces, summed.
SurfaceCounts indexed(const trawl::IndexReader& reader) {
  SurfaceCounts counts;
  for (const char* field : {"title", "body"}) {
    for (std::size_t s = 0; s < reader.segment_count(); ++s) {
      const auto surfaces = reader.surfaces(s, field).value();
      for (std::size_t i = 1; i < surfaces.size(); ++i) {
        CHECK(surfaces[i - 1].word < surfaces[i].word);
      }
      for (const auto& surface : surfaces) counts[field][surface.word] += surface.doc_count;
    }
  }
  return counts;
}

std::vector<std::pair<std::string, std::string>> random_docs(std::uint32_t seed, std::size_t n) {
  static const std::vector<std::string> words = {
      "negotiators", "negotiated", "negotiations", "negotiate", "wedges", "wedge",
      "happiness",   "happy",      "talks",        "talking",   "Talked", "geneva",
      "sanctions",   "sanctioned", "the",          "running",   "runs",   "Москвы",
      "Москве",      "généraux",   "studies",      "studying",  "ran",    "quickly"};
  std::mt19937 rng(seed);
  std::vector<std::pair<std::string, std::string>> docs;
  for (std::size_t d = 0; d < n; ++d) {
    std::string title, body;
    for (std::size_t w = rng() % 4; w > 0; --w) title += words[rng() % words.size()] + " ";
    for (std::size_t w = rng() % 12; w > 0; --w) body += words[rng() % words.size()] + " ";
    docs.emplace_back(title, body);
  }
  return docs;
}

// Adds `docs` as d0, d1, ..., committing every `per_commit` and at the end.
void add_all(trawl::IndexWriter& writer,
             const std::vector<std::pair<std::string, std::string>>& docs, std::size_t per_commit) {
  for (std::size_t i = 0; i < docs.size(); ++i) {
    REQUIRE(writer
                .add(Document()
                         .add("id", "d" + std::to_string(i))
                         .add("title", docs[i].first)
                         .add("body", docs[i].second))
                .ok());
    if (i % per_commit == per_commit - 1) REQUIRE(writer.commit().ok());
  }
  REQUIRE(writer.commit().ok());
}

trawl::Schema schema() {
  trawl::Schema schema;
  schema.add_keyword("id").add_text("title").add_text("body").set_unique_key("id");
  return schema;
}

}  // namespace

TEST_CASE("Surfaces: each segment keeps the unstemmed words with their documents", "[index]") {
  for (const unsigned threads : {1u, 3u}) {
    CAPTURE(threads);
    const auto docs = random_docs(7 + threads, 300);
    std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
    trawl::IndexWriterOptions options;
    options.threads = threads;
    options.merge_factor = 0;
    auto writer = trawl::IndexWriter::open(directory, schema(), options).value();
    add_all(writer, docs, 70);  // several segments
    auto reader = trawl::IndexReader::open(directory).value();
    CHECK(reader.segment_count() > 1);
    CHECK(reader.check().ok());
    const SurfaceCounts want = expected(docs);
    CHECK(indexed(reader) == want);
    CHECK(want.at("body").count("negotiators") == 1);
    CHECK(want.at("body").count("talk") == 0);  // its own term: no surface

    // A merge adds the counts up.
    REQUIRE(writer.force_merge(1).ok());
    auto merged = trawl::IndexReader::open(directory).value();
    CHECK(merged.segment_count() == 1);
    CHECK(merged.check().ok());
    CHECK(indexed(merged) == want);
  }
}

TEST_CASE("Surfaces: deleted documents count until their segment goes", "[index]") {
  const auto docs = random_docs(3, 120);
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::IndexWriterOptions options;
  options.merge_factor = 0;
  auto writer = trawl::IndexWriter::open(directory, schema(), options).value();
  add_all(writer, docs, docs.size());
  for (std::size_t i = 0; i < docs.size(); i += 2) {
    REQUIRE(writer.remove("d" + std::to_string(i)).has_value());
  }
  REQUIRE(writer.commit().ok());
  REQUIRE(writer.force_merge(1).ok());
  auto reader = trawl::IndexReader::open(directory).value();
  REQUIRE(reader.doc_count() == docs.size() / 2);
  CHECK(reader.check().ok());
  // Between the live documents' surfaces and every document's, each count at most the
  // documents of the segment.
  std::vector<std::pair<std::string, std::string>> live;
  for (std::size_t i = 1; i < docs.size(); i += 2) live.push_back(docs[i]);
  const SurfaceCounts low = expected(live), high = expected(docs), got = indexed(reader);
  for (const auto& [field, surfaces] : high) {
    for (const auto& [surface, count] : surfaces) {
      const auto at = got.count(field) > 0 ? got.at(field).find(surface) : surfaces.end();
      const bool kept = got.count(field) > 0 && at != got.at(field).end();
      if (low.count(field) > 0 && low.at(field).count(surface) > 0) {
        REQUIRE(kept);
        CHECK(at->second >= low.at(field).at(surface));
      }
      if (kept) CHECK(at->second <= std::min<std::uint64_t>(count, reader.doc_count()));
    }
  }
  for (const auto& [field, surfaces] : got) {
    for (const auto& [surface, count] : surfaces) CHECK(high.at(field).count(surface) == 1);
  }
}
