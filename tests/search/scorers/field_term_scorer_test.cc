// FieldTermScorer's shallow moves (what the block-max conjunction reads its words' bounds
// through) against the documents' text: after shallow_advance(target), the block it reports
// holds the first document from `target` on that has the word, no document of it scores above
// its bound (BM25 written out here from its definition), and an advance() after it lands where
// a scan of the text says.
#include "search/scorers/field_term_scorer.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "index/index_reader_internal.h"
#include "search/pruning/bounded_term.h"
#include "support/body_index.h"
#include "trawl/index/index_writer.h"
#include "trawl/store/directory.h"

namespace {

using trawl::DocId;
using trawl::kTerminated;
using trawl::search_internal::Bm25Term;
using trawl::search_internal::FieldTermScorer;

}  // namespace

TEST_CASE("A term scorer's shallow moves report the blocks the text says", "[search]") {
  std::mt19937 engine(20261203);
  const auto rng = [&engine] { return static_cast<std::uint32_t>(engine()); };
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::optional<trawl::IndexWriter> writer = trawl::test::body_writer(directory);
  // Words w0..w7, w0 the commonest: from hundreds of blocks down to a few.
  constexpr int kWords = 8;
  constexpr DocId kDocs = 4000;
  std::vector<std::vector<std::uint32_t>> freqs(kWords, std::vector<std::uint32_t>(kDocs));
  std::vector<std::uint32_t> lengths(kDocs);
  for (DocId doc = 0; doc < kDocs; ++doc) {
    lengths[doc] = 1 + rng() % 40;
    std::string text;
    for (std::uint32_t i = 0; i < lengths[doc]; ++i) {
      int word = 0;
      while (word + 1 < kWords && rng() % 3 != 0) ++word;
      ++freqs[static_cast<std::size_t>(word)][doc];
      text += "w" + std::to_string(word) + " ";
    }
    REQUIRE(writer->add(trawl::Document().add("body", text)).ok());
  }
  REQUIRE(writer->commit().ok());
  const auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  const auto& segments = trawl::IndexReaderInternal::segments(*reader);
  REQUIRE(segments.size() == 1);
  const auto& segment = *segments[0];
  const auto field = static_cast<std::uint32_t>(*segment.schema().find("body"));

  for (int word = 0; word < kWords; ++word) {
    const std::string term = "w" + std::to_string(word);
    const auto info = segment.lookup(field, term);
    REQUIRE(info.has_value());
    if (!info->has_value()) continue;  // no document drew it
    const auto& counts = freqs[static_cast<std::size_t>(word)];
    // The first document from `target` on with the word, by the text.
    const auto first_from = [&](DocId target) {
      while (target < kDocs && counts[target] == 0) ++target;
      return target < kDocs ? target : kTerminated;
    };
    // The documents with the word, and the last of the block of 128 holding each (the format's
    // blocks).
    std::vector<DocId> postings;
    for (DocId doc = 0; doc < kDocs; ++doc) {
      if (counts[doc] > 0) postings.push_back(doc);
    }
    std::vector<DocId> block_last(kDocs, kTerminated);
    for (std::size_t i = 0; i < postings.size(); ++i) {
      block_last[postings[i]] = postings[std::min(postings.size(), (i / 128 + 1) * 128) - 1];
    }
    Bm25Term bm25;
    bm25.weight = 0.5 + word;
    bm25.avgdl = 20;
    bm25.fields = {field};
    bm25.field_weights = {1.0};
    const auto by_hand = [&](DocId doc) {
      const double tf = counts[doc], dl = lengths[doc];
      return bm25.weight * tf * (bm25.k1 + 1) /
             (tf + bm25.k1 * (1 - bm25.b + bm25.b * dl / bm25.avgdl));
    };
    for (int round = 0; round < 20; ++round) {
      FieldTermScorer scorer(segment, bm25, 0, segment.postings(**info, field));
      REQUIRE(scorer.status().ok());
      DocId target = 0;
      while (true) {
        target += 1 + rng() % (round % 2 == 0 ? 40 : 400);
        const DocId expected = first_from(target);
        if (!scorer.shallow_advance(target)) {
          REQUIRE(expected == kTerminated);
          break;
        }
        const DocId last = scorer.block_last_doc();
        REQUIRE(expected != kTerminated);
        REQUIRE(last == block_last[expected]);
        // The documents of the block from `target` on (where it starts is not told).
        const double bound = trawl::search_internal::with_slack(scorer.block_bound());
        for (DocId doc = target; doc <= last; ++doc) {
          if (counts[doc] > 0) REQUIRE(by_hand(doc) <= bound);
        }
        if (rng() % 3 == 0) {  // land in the block, or after it, as a conjunction's probe
          const DocId to = target + rng() % 200;
          scorer.advance(to);
          REQUIRE(scorer.doc() == first_from(to));
          if (scorer.doc() == kTerminated) break;
          REQUIRE(scorer.score() == Approx(by_hand(scorer.doc())).epsilon(1e-12));
          target = scorer.doc();
        }
      }
      REQUIRE(scorer.status().ok());
    }
  }
}
