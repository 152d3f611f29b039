// block_ranges against BM25 written out from its definition (not through Bm25Kernel): random
// postings of a term in up to four fields, blocked as the writer blocks them, with impacts
// from block_impacts; no document may score above the bound of the range that holds it.
#include <algorithm>
#include <catch2/catch.hpp>
#include <map>
#include <random>
#include <vector>

#include "index/impacts.h"
#include "search/pruning/bounded_term.h"

namespace {

using trawl::DocId;
using trawl::index_internal::block_impacts;
using trawl::search_internal::block_ranges;
using trawl::search_internal::Bm25Term;
using trawl::search_internal::FieldBlock;
using trawl::search_internal::one_field_block_bound;

// tf and dl weighted and summed over the fields, as searcher.h states BM25.
double bm25(const Bm25Term& term, double tf, double dl) {
  return term.weight * tf * (term.k1 + 1) / (tf + term.k1 * (1 - term.b + term.b * dl / term.avgdl));
}

}  // namespace

TEST_CASE("block_ranges bounds every document's score over several fields", "[search][pruning]") {
  std::mt19937 engine(20261202);
  const auto random = [&engine] { return static_cast<std::uint32_t>(engine()); };
  for (int round = 0; round < 200; ++round) {
    const std::size_t field_count = 1 + random() % 4;
    const DocId docs = 50 + random() % 600;
    Bm25Term term;
    term.weight = 0.5 + (random() % 100) / 20.0;
    term.k1 = 0.5 + (random() % 20) / 10.0;
    term.b = (random() % 11) / 10.0;
    term.avgdl = 5 + random() % 200;
    // Per document and field: the field's length and the term's count (0: absent).
    std::vector<std::vector<std::uint32_t>> lengths(field_count), freqs(field_count);
    std::vector<std::vector<FieldBlock>> fields(field_count);
    for (std::size_t f = 0; f < field_count; ++f) {
      term.fields.push_back(static_cast<std::uint32_t>(f));
      term.field_weights.push_back(f % 2 == 0 ? 1.0 : 0.5 + (random() % 40) / 10.0);
      const unsigned density = 1 + random() % 100;  // percent of documents holding the term
      lengths[f].resize(docs);
      freqs[f].resize(docs);
      std::vector<std::uint32_t> block_docs, block_freqs, block_lengths;
      const auto flush = [&] {
        if (block_docs.empty()) return;
        fields[f].push_back({block_docs.back(),
                             block_impacts(block_freqs.data(), block_lengths.data(),
                                           block_docs.size())});
        block_docs.clear();
        block_freqs.clear();
        block_lengths.clear();
      };
      for (DocId doc = 0; doc < docs; ++doc) {
        lengths[f][doc] = 1 + random() % 300;
        if (random() % 100 >= density) continue;
        freqs[f][doc] = 1 + random() % std::min<std::uint32_t>(lengths[f][doc], 20);
        block_docs.push_back(doc);
        block_freqs.push_back(freqs[f][doc] - 1);
        block_lengths.push_back(lengths[f][doc]);
        if (block_docs.size() == trawl::util::kBlockSize) flush();
      }
      flush();
    }
    const auto ranges = block_ranges(term, fields);
    REQUIRE(std::is_sorted(ranges.begin(), ranges.end()));
    std::size_t range = 0;
    for (DocId doc = 0; doc < docs; ++doc) {
      double tf = 0, dl = 0;
      for (std::size_t f = 0; f < field_count; ++f) {
        tf += term.field_weights[f] * freqs[f][doc];
        dl += term.field_weights[f] * lengths[f][doc];
      }
      if (tf == 0) continue;
      while (range < ranges.size() && ranges[range].first < doc) ++range;
      REQUIRE(range < ranges.size());
      CHECK(bm25(term, tf, dl) <= ranges[range].second);
    }
    // A term in one field: one range per block, each the best of the block's impacts.
    const auto holders = std::count_if(fields.begin(), fields.end(),
                                       [](const auto& blocks) { return !blocks.empty(); });
    if (holders == 1) {
      for (std::size_t f = 0; f < field_count; ++f) {
        if (fields[f].empty()) continue;
        REQUIRE(ranges.size() == fields[f].size());
        for (std::size_t b = 0; b < ranges.size(); ++b) {
          CHECK(ranges[b].second ==
                one_field_block_bound(term.kernel(), term.field_weights[f], fields[f][b].impacts));
        }
      }
    }
  }
}
