#include "search/scorers/synonym_scorer.h"

#include <algorithm>
#include <array>
#include <bit>

#include "search/scorers/doc_list_scorer.h"
#include "util/bit_packing.h"
#include "util/bitmap.h"

namespace trawl::search_internal {
namespace {

// Documents a window holds: the tf buckets (16 KiB) and their bitmap stay in the L1/L2 cache.
constexpr DocId kWindow = 2048;

DocId first_doc(const std::vector<SynonymScorer::Postings>& postings) {
  DocId first = kTerminated;
  for (const auto& p : postings) first = std::min(first, p.cursor->docid());
  return first;
}

}  // namespace

SynonymScorer::SynonymScorer(std::vector<DocId> docs, std::vector<double> scores)
    : docs_(std::move(docs)), scores_(std::move(scores)) {
  for (const double score : scores_) best_ = std::max(best_, score);
  doc_ = docs_.empty() ? kTerminated : docs_[0];
}

Result<std::unique_ptr<SynonymScorer>> SynonymScorer::merge(
    const index_internal::SegmentReader& segment, const Bm25Term& bm25,
    std::vector<Postings> postings) {
  const Bm25Kernel kernel = bm25.kernel();
  std::vector<DocId> docs;
  std::vector<double> scores;
  std::array<double, kWindow> tf{};
  std::array<std::uint64_t, kWindow / 64> bits{};
  for (DocId from = first_doc(postings); from != kTerminated; from = first_doc(postings)) {
    const DocId end = from > kTerminated - kWindow ? kTerminated : from + kWindow;
    bits.fill(0);
    for (Postings& p : postings) {
      index_internal::BlockPostingsCursor& cursor = *p.cursor;
      const double weight = bm25.field_weights[p.field];
      while (cursor.docid() < end && cursor.load_block()) {
        const std::uint32_t begin = cursor.block_index();
        const DocId* block = cursor.block_docs();
        std::uint32_t stop = cursor.block_size();
        if (block[stop - 1] >= end) {
          stop = static_cast<std::uint32_t>(std::lower_bound(block + begin, block + stop, end) -
                                            block);
        }
        const std::uint32_t* freqs = cursor.block_freqs_minus_one();
        for (std::uint32_t i = begin; i < stop; ++i) {
          const DocId slot = block[i] - from;
          if (!util::test_bit(bits.data(), slot)) {
            // A document holding a form only in a field of weight 0 still matches, with tf 0.
            util::set_bit(bits.data(), slot);
            tf[slot] = 0;
          }
          tf[slot] += weight * (freqs[i] + 1);
        }
        cursor.skip_to_index(stop);
      }
    }
    for (std::size_t w = 0; w < bits.size(); ++w) {
      for (std::uint64_t word = bits[w]; word != 0; word &= word - 1) {
        const std::size_t slot = w * 64 + static_cast<std::size_t>(std::countr_zero(word));
        const DocId doc = from + static_cast<DocId>(slot);
        docs.push_back(doc);
        scores.push_back(kernel.score(tf[slot], bm25.length(segment, doc)));
      }
    }
  }
  // A cursor that failed on its first block (when opened) never entered a window.
  for (const Postings& p : postings) TRAWL_RETURN_IF_ERROR(p.cursor->status());
  return std::unique_ptr<SynonymScorer>(new SynonymScorer(std::move(docs), std::move(scores)));
}

std::uint32_t colocated_occurrences(std::span<index_internal::BlockPostingsCursor* const> on_doc,
                                    std::vector<Position>& scratch) {
  if (on_doc.size() == 1) return on_doc[0]->freq();
  scratch.clear();
  for (index_internal::BlockPostingsCursor* cursor : on_doc) {
    const Position* positions = cursor->positions();
    scratch.insert(scratch.end(), positions, positions + cursor->freq());  // freq() after
  }
  std::sort(scratch.begin(), scratch.end());
  return static_cast<std::uint32_t>(std::unique(scratch.begin(), scratch.end()) - scratch.begin());
}

Result<std::unique_ptr<SynonymScorer>> SynonymScorer::merge_colocated(
    const index_internal::SegmentReader& segment, const Bm25Term& bm25,
    std::vector<Postings> postings) {
  // Document at a time: the positions of a document's forms are read where two meet in a field.
  const Bm25Kernel kernel = bm25.kernel();
  std::vector<DocId> docs;
  std::vector<double> scores;
  std::vector<index_internal::BlockPostingsCursor*> on_doc;
  std::vector<Position> scratch;
  for (DocId doc = first_doc(postings); doc != kTerminated; doc = first_doc(postings)) {
    double tf = 0;
    for (std::size_t field = 0; field < bm25.fields.size(); ++field) {
      on_doc.clear();
      for (const Postings& p : postings) {
        if (p.field == field && p.cursor->docid() == doc) on_doc.push_back(p.cursor.get());
      }
      if (!on_doc.empty()) tf += bm25.field_weights[field] * colocated_occurrences(on_doc, scratch);
    }
    docs.push_back(doc);
    scores.push_back(kernel.score(tf, bm25.length(segment, doc)));
    for (const Postings& p : postings) {
      if (p.cursor->docid() == doc) p.cursor->next();
    }
  }
  for (const Postings& p : postings) TRAWL_RETURN_IF_ERROR(p.cursor->status());
  return std::unique_ptr<SynonymScorer>(new SynonymScorer(std::move(docs), std::move(scores)));
}

void SynonymScorer::advance(DocId target) {
  at_ = gallop(docs_, at_, target);
  doc_ = at_ < docs_.size() ? docs_[at_] : kTerminated;
}

std::vector<std::pair<DocId, double>> SynonymScorer::blocks() const {
  std::vector<std::pair<DocId, double>> blocks;
  blocks.reserve((docs_.size() + util::kBlockSize - 1) / util::kBlockSize);
  for (std::size_t begin = 0; begin < docs_.size(); begin += util::kBlockSize) {
    const std::size_t end = std::min(docs_.size(), begin + util::kBlockSize);
    blocks.emplace_back(docs_[end - 1],
                        *std::max_element(scores_.data() + begin, scores_.data() + end));
  }
  return blocks;
}

}  // namespace trawl::search_internal
