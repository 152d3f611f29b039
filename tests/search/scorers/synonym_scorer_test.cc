// SynonymScorer against the documents' text: over a segment of several thousand documents (so
// that its merge takes many windows) with two fields of different weights, the merged list is
// every document holding any of the forms in either field, in order; each score is BM25 written
// out here from its definition with tf summed over forms and weighted fields; every run of 128
// documents reports the best score in it; and advance() lands where a scan of the text says.
// (That damaged postings are an error, not a shorter list, tests/index/damage_test.cc checks
// through the prefix query.)
#include "search/scorers/synonym_scorer.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "index/index_reader_internal.h"
#include "trawl/index/index_writer.h"
#include "trawl/store/directory.h"

namespace {

using trawl::DocId;
using trawl::kTerminated;
using trawl::search_internal::Bm25Term;
using trawl::search_internal::SynonymScorer;

}  // namespace

TEST_CASE("A synonym scorer merges its forms' postings as the text says", "[search]") {
  std::mt19937 engine(20261205);
  const auto rng = [&engine] { return static_cast<std::uint32_t>(engine()); };
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::Schema schema;
  schema.add_text("title").add_text("body");
  auto writer = trawl::IndexWriter::open(directory, schema);
  REQUIRE(writer.has_value());
  // Forms f0..f4 (f0 the commonest, f4 in a few documents) among filler words; documents
  // without any form in long runs, so that some windows of the merge hold none.
  constexpr int kForms = 5;
  constexpr DocId kDocs = 9000;
  constexpr std::size_t kFields = 2;
  // counts[field][form][doc], lengths[field][doc]
  std::vector<std::vector<std::vector<std::uint32_t>>> counts(
      kFields, std::vector<std::vector<std::uint32_t>>(kForms, std::vector<std::uint32_t>(kDocs)));
  std::vector<std::vector<std::uint32_t>> lengths(kFields, std::vector<std::uint32_t>(kDocs));
  for (DocId doc = 0; doc < kDocs; ++doc) {
    const bool gap = (doc / 2500) % 2 == 1 && doc % 2500 < 2300;
    trawl::Document document;
    for (std::size_t f = 0; f < kFields; ++f) {
      lengths[f][doc] = (f == 0 ? 1 : 5) + rng() % (f == 0 ? 6 : 40);
      std::string text;
      for (std::uint32_t i = 0; i < lengths[f][doc]; ++i) {
        if (gap || rng() % 4 != 0) {
          text += "filler ";
          continue;
        }
        int form = 0;
        while (form + 1 < kForms && rng() % 3 != 0) ++form;
        ++counts[f][static_cast<std::size_t>(form)][doc];
        text += "f" + std::to_string(form) + " ";
      }
      document.add(f == 0 ? "title" : "body", text);
    }
    REQUIRE(writer->add(std::move(document)).ok());
  }
  REQUIRE(writer->commit().ok());
  const auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  const auto& segments = trawl::IndexReaderInternal::segments(*reader);
  REQUIRE(segments.size() == 1);
  const auto& segment = *segments[0];
  const std::uint32_t fields[kFields] = {
      static_cast<std::uint32_t>(*segment.schema().find("title")),
      static_cast<std::uint32_t>(*segment.schema().find("body"))};

  Bm25Term bm25;
  bm25.weight = 1.7;
  bm25.avgdl = 30;
  bm25.fields = {fields[0], fields[1]};
  bm25.field_weights = {2.5, 1.0};
  // Subsets of the forms: all of them, the rare ones, one common and one rare.
  const std::vector<std::vector<int>> subsets = {{0, 1, 2, 3, 4}, {3, 4}, {0, 4}, {2}};
  for (const std::vector<int>& forms : subsets) {
    CAPTURE(forms);
    const auto tf = [&](DocId doc) {
      double sum = 0;
      for (const int form : forms) {
        for (std::size_t f = 0; f < kFields; ++f) {
          sum += bm25.field_weights[f] * counts[f][static_cast<std::size_t>(form)][doc];
        }
      }
      return sum;
    };
    const auto by_hand = [&](DocId doc) {
      const double t = tf(doc);
      const double dl = bm25.field_weights[0] * lengths[0][doc] + lengths[1][doc];
      return bm25.weight * t * (bm25.k1 + 1) /
             (t + bm25.k1 * (1 - bm25.b + bm25.b * dl / bm25.avgdl));
    };
    std::vector<DocId> expected;
    for (DocId doc = 0; doc < kDocs; ++doc) {
      if (tf(doc) > 0) expected.push_back(doc);
    }
    const auto open = [&] {
      std::vector<SynonymScorer::Postings> postings;
      for (const int form : forms) {
        for (std::size_t f = 0; f < kFields; ++f) {
          const auto info = segment.lookup(fields[f], "f" + std::to_string(form));
          REQUIRE(info.has_value());
          if (info->has_value()) postings.push_back({f, segment.postings(**info, fields[f])});
        }
      }
      auto scorer = SynonymScorer::merge(segment, bm25, std::move(postings));
      REQUIRE(scorer.has_value());
      return std::move(*scorer);
    };

    // Every document, in order, with its score.
    auto scorer = open();
    REQUIRE(scorer->size() == expected.size());
    double best = 0;
    for (const DocId doc : expected) {
      REQUIRE(scorer->doc() == doc);
      REQUIRE(scorer->score() == Approx(by_hand(doc)).epsilon(1e-12));
      best = std::max(best, by_hand(doc));
      scorer->next();
    }
    REQUIRE(scorer->doc() == kTerminated);
    CHECK(scorer->best() == Approx(best).epsilon(1e-12));

    // Runs of 128 documents, each with its best score.
    const auto blocks = scorer->blocks();
    REQUIRE(blocks.size() == (expected.size() + 127) / 128);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      const std::size_t end = std::min(expected.size(), (b + 1) * 128);
      CHECK(blocks[b].first == expected[end - 1]);
      double block_best = 0;
      for (std::size_t i = b * 128; i < end; ++i)
        block_best = std::max(block_best, by_hand(expected[i]));
      CHECK(blocks[b].second == Approx(block_best).epsilon(1e-12));
    }

    // Jumps short and long land on the first document from the target on.
    for (int round = 0; round < 10; ++round) {
      auto jumping = open();
      DocId target = 0;
      while (jumping->doc() != kTerminated) {
        target += 1 + rng() % (round % 2 == 0 ? 8 : 900);
        jumping->advance(target);
        const auto at = std::lower_bound(expected.begin(), expected.end(), target);
        REQUIRE(jumping->doc() == (at == expected.end() ? kTerminated : *at));
        if (jumping->doc() != kTerminated) target = jumping->doc();
      }
    }
  }
}
