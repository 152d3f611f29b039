// synthetic_corpus: writes a deterministic synthetic corpus as JSON Lines, for scaling curves
// (indexing time, memory, index size and latency against corpus size) beyond what real corpora
// offer.
//
//   synthetic_corpus DOCUMENTS [SEED] > corpus.jsonl
//
// Vocabulary: 500,000 pronounceable pseudo-words drawn with Zipf's law (exponent 1.0, the
// classic fit for English word frequencies); document lengths follow a log-normal distribution
// (median 180 words, like news articles and abstracts); titles are 4-12 words. Each line is
// {"id":"<n>","title":"...","body":"..."}. The same arguments always give the same bytes.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

constexpr std::size_t kVocabulary = 500'000;

// A pseudo-word for rank r: syllables chosen by the rank's digits, so words are stable.
std::string word(std::size_t rank) {
  static const char* kSyllables[] = {"ka", "to", "ri", "ne", "sa", "mu", "lo", "pe", "di", "va",
                                     "shi", "gor", "tan", "bel", "qua", "ex", "ion", "ter", "al",
                                     "un", "de", "con", "pro", "ma", "li", "fi", "ber", "os"};
  constexpr std::size_t kCount = sizeof(kSyllables) / sizeof(kSyllables[0]);
  std::string w;
  std::size_t n = rank + 1;
  do {
    w += kSyllables[n % kCount];
    n /= kCount;
  } while (n > 0);
  return w;
}

// Samples ranks 0..n-1 with probability proportional to 1/(rank+1), by inverting the CDF.
class Zipf {
 public:
  explicit Zipf(std::size_t n) : cdf_(n) {
    double sum = 0;
    for (std::size_t r = 0; r < n; ++r) cdf_[r] = sum += 1.0 / static_cast<double>(r + 1);
    for (double& c : cdf_) c /= sum;
  }
  std::size_t operator()(std::mt19937_64& rng) const {
    const double u = std::uniform_real_distribution<double>(0, 1)(rng);
    return static_cast<std::size_t>(std::lower_bound(cdf_.begin(), cdf_.end(), u) - cdf_.begin());
  }

 private:
  std::vector<double> cdf_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: synthetic_corpus DOCUMENTS [SEED] > corpus.jsonl\n");
    return 2;
  }
  const long long documents = std::atoll(argv[1]);
  const unsigned long long seed = argc == 3 ? std::strtoull(argv[2], nullptr, 10) : 20261127;
  if (documents <= 0) {
    std::fprintf(stderr, "synthetic_corpus: DOCUMENTS must be a positive number\n");
    return 2;
  }
  std::vector<std::string> vocabulary(kVocabulary);
  for (std::size_t r = 0; r < kVocabulary; ++r) vocabulary[r] = word(r);
  const Zipf zipf(kVocabulary);
  std::mt19937_64 rng(seed);
  std::lognormal_distribution<double> length(std::log(180.0), 0.6);
  std::string line;
  for (long long d = 0; d < documents; ++d) {
    line = "{\"id\":\"" + std::to_string(d) + "\",\"title\":\"";
    for (std::size_t w = 4 + rng() % 9; w > 0; --w) line += vocabulary[zipf(rng)] + (w > 1 ? " " : "");
    line += "\",\"body\":\"";
    const auto words = static_cast<std::size_t>(std::max(5.0, std::min(5000.0, length(rng))));
    for (std::size_t w = 0; w < words; ++w) {
      line += vocabulary[zipf(rng)];
      line += (w + 1) % 17 == 0 ? ". " : " ";
    }
    line += "\"}\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
  }
  return 0;
}
