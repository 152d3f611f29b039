// index_entropy: how small an index's postings could be. For each text field of an index, the
// values a postings codec has to write (each document's gap from the one before in a term's
// list, each term frequency, each position's gap from the one before in its document) and the
// bytes that coding them would take:
//
//   index_entropy INDEX [FIELD...]
//
// - order-0: the empirical entropy of each kind of value under one model for the whole field
//   (sum of -log2 p(v), p the value's share of its kind). No code that writes each value
//   alone with one fixed table (Huffman, arithmetic or ANS coding of the values) needs fewer.
// - per-term order-0: the same with a model per term, whose tables are not counted. Optimistic
//   (a term seen once costs nothing), a bound on what adapting to each term could give.
// - geometric (document gaps): a term in df of N documents, its gaps coded as if drawn at
//   random, about log2(N / df) + 1.44 bits a document (Golomb coding's cost).
// - packed 128 (positions): a term's position gaps in runs of 128, each run at the width of its
//   largest value plus a width byte, as trawl's .pos file and Lucene 4.10's .pos write them.
//
// Only the public API is used, so the figures hold for any codec over the same analysis.
#include <trawl/trawl.h>

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <unordered_map>
#include <vector>

namespace {

// The values of one kind and their counts.
class Histogram {
 public:
  void add(std::uint32_t value) {
    ++counts_[value];
    ++total_;
  }
  std::uint64_t total() const { return total_; }
  // Bits to write every value at -log2 of its share.
  double entropy_bits() const {
    double bits = 0;
    for (const auto& [value, count] : counts_) {
      bits -= static_cast<double>(count) *
              std::log2(static_cast<double>(count) / static_cast<double>(total_));
    }
    return bits;
  }
  void clear() {
    counts_.clear();
    total_ = 0;
  }

 private:
  std::unordered_map<std::uint32_t, std::uint64_t> counts_;
  std::uint64_t total_ = 0;
};

// Bits of runs of up to 128 values, each at the width of its largest plus a width byte.
class PackedRuns {
 public:
  void add(std::uint32_t value) {
    run_.push_back(value);
    if (run_.size() == 128) flush();
  }
  void flush() {
    if (run_.empty()) return;
    std::uint32_t all = 0;
    for (const std::uint32_t v : run_) all |= v;
    const auto width = static_cast<std::uint64_t>(std::bit_width(all));
    bits_ += 8 + (width * run_.size() + 7) / 8 * 8;
    run_.clear();
  }
  double bits() const { return static_cast<double>(bits_); }

 private:
  std::vector<std::uint32_t> run_;
  std::uint64_t bits_ = 0;
};

struct FieldFigures {
  Histogram positions, doc_gaps, freqs;
  PackedRuns packed_positions;
  double term_position_bits = 0, term_gap_bits = 0, geometric_gap_bits = 0;
};

trawl::Status measure(const trawl::IndexReader& reader, const std::string& field,
                      FieldFigures& out) {
  const double documents = static_cast<double>(reader.doc_count());
  Histogram term_positions, term_gaps;
  for (std::size_t segment = 0; segment < reader.segment_count(); ++segment) {
    auto terms = reader.terms(segment, field);
    if (!terms) return terms.status();
    for (const std::string& term : *terms) {
      auto postings = reader.postings(segment, field, term);
      if (!postings) return postings.status();
      if (*postings == nullptr) continue;
      trawl::PostingsCursor& cursor = **postings;
      term_positions.clear();
      term_gaps.clear();
      trawl::DocId next_doc = 0;  // a gap counts the documents skipped: 0 for the next one
      for (; cursor.docid() != trawl::kTerminated; cursor.next()) {
        const trawl::DocId doc = cursor.docid();
        out.doc_gaps.add(doc - next_doc);
        term_gaps.add(doc - next_doc);
        next_doc = doc + 1;
        const trawl::Position* positions = cursor.positions();
        const std::uint32_t freq = cursor.freq();
        out.freqs.add(freq - 1);
        trawl::Position next_position = 0;
        for (std::uint32_t i = 0; i < freq; ++i) {
          const std::uint32_t gap = positions[i] - next_position;
          next_position = positions[i] + 1;
          out.positions.add(gap);
          term_positions.add(gap);
          out.packed_positions.add(gap);
        }
      }
      TRAWL_RETURN_IF_ERROR(cursor.status());
      out.packed_positions.flush();
      out.term_position_bits += term_positions.entropy_bits();
      out.term_gap_bits += term_gaps.entropy_bits();
      const double df = static_cast<double>(term_gaps.total());
      if (df > 0) out.geometric_gap_bits += df * (std::log2(documents / df) + 1.44);
    }
  }
  return {};
}

double megabytes(double bits) { return bits / 8 / 1e6; }

void print(const std::string& field, const FieldFigures& f) {
  std::printf("field %s\n", field.c_str());
  std::printf(
      "  positions: %llu values, order-0 %.1f bits (%.2f MB), per-term order-0 %.2f MB, "
      "packed 128 %.2f MB\n",
      static_cast<unsigned long long>(f.positions.total()), f.positions.entropy_bits(),
      megabytes(f.positions.entropy_bits()), megabytes(f.term_position_bits),
      megabytes(f.packed_positions.bits()));
  std::printf(
      "  document gaps: %llu values, order-0 %.1f bits (%.2f MB), per-term order-0 %.2f MB, "
      "geometric %.2f MB\n",
      static_cast<unsigned long long>(f.doc_gaps.total()), f.doc_gaps.entropy_bits(),
      megabytes(f.doc_gaps.entropy_bits()), megabytes(f.term_gap_bits),
      megabytes(f.geometric_gap_bits));
  std::printf("  frequencies: %llu values, order-0 %.1f bits (%.2f MB)\n",
              static_cast<unsigned long long>(f.freqs.total()), f.freqs.entropy_bits(),
              megabytes(f.freqs.entropy_bits()));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: index_entropy INDEX [FIELD...]\n");
    return 2;
  }
  auto reader = trawl::IndexReader::open(argv[1]);
  if (!reader) {
    std::fprintf(stderr, "index_entropy: %s\n", reader.status().to_string().c_str());
    return 1;
  }
  std::vector<std::string> fields;
  for (int i = 2; i < argc; ++i) fields.emplace_back(argv[i]);
  if (fields.empty()) {
    for (const trawl::FieldSpec& spec : reader->schema().fields()) {
      if (spec.type == trawl::FieldType::kText) fields.push_back(spec.name);
    }
  }
  for (const std::string& field : fields) {
    FieldFigures figures;
    if (trawl::Status status = measure(*reader, field, figures); !status.ok()) {
      std::fprintf(stderr, "index_entropy: field %s: %s\n", field.c_str(),
                   status.to_string().c_str());
      return 1;
    }
    print(field, figures);
  }
  return 0;
}
