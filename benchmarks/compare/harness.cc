#include "harness.h"

#include <simdjson.h>
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <string>
#include <thread>

namespace trawl::compare {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// The process's resident anonymous memory (heap, stacks) now, apart from the file pages it
// maps (an index's, read by a merge): /proc/self/status RssAnon, in KiB; 0 where there is none.
long anonymous_rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("RssAnon:", 0) == 0) return std::atol(line.c_str() + 8);
  }
  return 0;
}

// Samples anonymous RSS every 2 ms on a thread of its own while it lives; peak() is the highest
// seen (a peak shorter than the interval may be missed).
class AnonymousPeak {
 public:
  AnonymousPeak() : thread_([this] { run(); }) {}
  ~AnonymousPeak() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    wake_.notify_all();
    thread_.join();
  }
  long peak() {
    std::lock_guard<std::mutex> lock(mutex_);
    return std::max(peak_, anonymous_rss_kib());
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!done_) {
      peak_ = std::max(peak_, anonymous_rss_kib());
      wake_.wait_for(lock, std::chrono::milliseconds(2), [this] { return done_; });
    }
  }
  std::mutex mutex_;
  std::condition_variable wake_;
  long peak_ = 0;
  bool done_ = false;
  std::thread thread_;
};

std::uint64_t directory_bytes(const std::string& dir) {
  namespace fs = std::filesystem;
  std::uint64_t total = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    if (entry.is_regular_file()) total += entry.file_size();
  }
  return total;
}

std::string json_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Streams the corpus: one line in memory at a time, so peak RSS is the engine's.
template <typename Visit>
void read_corpus(const std::string& path, Visit visit) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open corpus " + path);
  simdjson::dom::parser parser;
  std::string line;
  std::size_t number = 0;
  CorpusDocument document;
  while (std::getline(in, line)) {
    ++number;
    if (line.empty()) continue;
    simdjson::dom::object object;
    if (parser.parse(line).get(object)) {
      throw std::runtime_error(path + ":" + std::to_string(number) + ": not a JSON object");
    }
    document = CorpusDocument{};
    for (const auto field : object) {
      std::string_view value;
      if (field.value.get_string().get(value)) continue;
      if (field.key == "id") document.id = value;
      if (field.key == "title") document.title = value;
      if (field.key == "body") document.body = value;
    }
    structured_fields(document);
    visit(document);
  }
}

struct Query {
  QueryClass query_class;
  std::string words;
};

std::vector<Query> read_queries(const std::string& path) {
  static const std::map<std::string, QueryClass> kClasses = {
      {"term", QueryClass::kTerm},
      {"and", QueryClass::kAnd},
      {"or", QueryClass::kOr},
      {"phrase", QueryClass::kPhrase},
      {"filter", QueryClass::kFilter},
      {"sorted", QueryClass::kSorted},
      {"facet", QueryClass::kFacet},
      {"range", QueryClass::kRange},
      {"offset", QueryClass::kOffset},
      {"after", QueryClass::kAfter},
      {"fuzzy1", QueryClass::kFuzzy1},
      {"fuzzy2", QueryClass::kFuzzy2},
      {"prefix_last", QueryClass::kPrefixLast},
      {"wildcard", QueryClass::kWildcard},
      {"phrase_prefix", QueryClass::kPhrasePrefix},
      {"suggest", QueryClass::kSuggest}};
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open queries " + path);
  std::vector<Query> queries;
  std::string line;
  for (std::size_t number = 1; std::getline(in, line); ++number) {
    const auto tab = line.find('\t');
    const auto found =
        tab == std::string::npos ? kClasses.end() : kClasses.find(line.substr(0, tab));
    if (found == kClasses.end()) {
      throw std::runtime_error(
          path + ":" + std::to_string(number) +
          ": expected class<TAB>query with class term, and, or, phrase, filter, sorted, "
          "facet, range, offset, after, fuzzy1, fuzzy2, prefix_last, wildcard, phrase_prefix or "
          "suggest");
    }
    queries.push_back({found->second, line.substr(tab + 1)});
  }
  return queries;
}

struct Options {
  IndexOptions index;
  std::size_t k = 10;
  bool exact = false;
  int passes = 5;
};

Options parse_options(int argc, char** argv, int first) {
  Options options;
  for (int i = first; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(arg + " needs a value");
      return argv[++i];
    };
    if (arg == "--threads") {
      options.index.threads = static_cast<unsigned>(std::stoul(value()));
    } else if (arg == "--ram-mb") {
      options.index.ram_mb = std::stoul(value());
    } else if (arg == "--stored") {
      options.index.store_text = true;
    } else if (arg == "--no-stop-words") {
      options.index.stop_words = false;
    } else if (arg == "--one-field") {
      options.index.one_field = true;
    } else if (arg == "--keep-order") {
      options.index.keep_order = true;
    } else if (arg == "--spelling") {
      options.index.spelling = true;
    } else if (arg == "--k") {
      options.k = std::stoul(value());
    } else if (arg == "--exact") {
      options.exact = true;
    } else if (arg == "--passes") {
      options.passes = std::stoi(value());
    } else {
      throw std::runtime_error("unknown option " + arg);
    }
  }
  return options;
}

// The analysis options of an index, beside it, for its search phase: "stop_words one_field".
std::string options_path(const std::string& dir) { return dir + ".options"; }

void write_index_options(const std::string& dir, const IndexOptions& options) {
  std::ofstream out(options_path(dir));
  out << options.stop_words << " " << options.one_field << "\n";
  if (!out) throw std::runtime_error("cannot write " + options_path(dir));
}

IndexOptions read_index_options(const std::string& dir) {
  IndexOptions options;
  std::ifstream in(options_path(dir));
  if (!in || !(in >> options.stop_words >> options.one_field)) {
    throw std::runtime_error("cannot read " + options_path(dir) + " (written by the index phase)");
  }
  return options;
}

const char* json_bool(bool value) { return value ? "true" : "false"; }

void index_phase(Engine& engine, const std::string& corpus, const std::string& dir,
                 const Options& options) {
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::uint64_t documents = 0;
  std::uint64_t bytes = 0;
  const auto start = Clock::now();
  auto sampler = std::make_unique<AnonymousPeak>();
  write_index_options(dir, options.index);
  engine.create(dir, options.index);
  read_corpus(corpus, [&](const CorpusDocument& document) {
    engine.add(document);
    ++documents;
    bytes += document.title.size() + document.body.size();
  });
  engine.commit();
  const double index_seconds = seconds_since(start);
  const long index_anon_kib = sampler->peak();
  sampler = std::make_unique<AnonymousPeak>();
  const auto optimize_start = Clock::now();
  engine.optimize();
  const double optimize_seconds = seconds_since(optimize_start);
  const long optimize_anon_kib = sampler->peak();
  sampler.reset();
  std::printf(
      "{\"engine\":%s,\"phase\":\"index\",\"settings\":%s,\"threads\":%u,\"stored\":%s,"
      "\"stop_words\":%s,\"one_field\":%s,\"documents\":%llu,\"text_bytes\":%llu,\"index_seconds\":"
      "%.3f,\"optimize_seconds\":%.3f,"
      "\"peak_rss_kib\":%ld,\"peak_anon_index_kib\":%ld,\"peak_anon_optimize_kib\":%ld,"
      "\"index_bytes\":%llu}\n",
      json_string(engine.name()).c_str(), json_string(engine.settings()).c_str(),
      options.index.threads, json_bool(options.index.store_text),
      json_bool(options.index.stop_words), json_bool(options.index.one_field),
      static_cast<unsigned long long>(documents), static_cast<unsigned long long>(bytes),
      index_seconds, optimize_seconds, engine.engine_peak_rss_kib().value_or(peak_rss_kib()),
      index_anon_kib, optimize_anon_kib, static_cast<unsigned long long>(directory_bytes(dir)));
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) return 0;
  std::sort(values.begin(), values.end());
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(rank, values.size() - 1)];
}

void search_phase(Engine& engine, const std::string& dir, const std::string& query_file,
                  const Options& options) {
  const std::vector<Query> queries = read_queries(query_file);
  const auto open_start = Clock::now();
  const IndexOptions index_options = read_index_options(dir);
  engine.open(dir, index_options);
  const double open_ms = seconds_since(open_start) * 1e3;

  // Untimed passes bring the index into the page cache and the engine's caches warm (one, or
  // what the engine asks for); then every pass runs the queries in file order and each
  // execution is one latency sample.
  struct ClassStats {
    std::vector<double> micros;
    double hits = 0;
    double facet_documents = 0;  // summed facet counts: engines must agree
    std::size_t executions = 0;
  };
  std::map<std::string, ClassStats> stats;
  const int warmup = std::max(1, engine.warmup_passes());
  for (int pass = 0; pass < warmup + options.passes; ++pass) {
    for (const Query& query : queries) {
      if (!engine.supports(query.query_class)) continue;
      const auto start = Clock::now();
      const SearchOutcome outcome =
          engine.search(query.query_class, query.words, options.k, options.exact);
      const double micros = outcome.micros ? *outcome.micros : seconds_since(start) * 1e6;
      if (pass < warmup) continue;
      ClassStats& s = stats[class_name(query.query_class)];
      s.micros.push_back(micros);
      s.hits += static_cast<double>(outcome.total_hits);
      for (const auto& [section, count] : outcome.facets)
        s.facet_documents += static_cast<double>(count);
      ++s.executions;
    }
  }
  std::ostringstream classes;
  bool first = true;
  for (const auto& [name, s] : stats) {
    double sum = 0;
    for (const double m : s.micros) sum += m;
    classes << (first ? "" : ",") << json_string(name)
            << ":{\"queries\":" << s.executions / static_cast<std::size_t>(options.passes)
            << ",\"median_us\":" << percentile(s.micros, 0.5)
            << ",\"p99_us\":" << percentile(s.micros, 0.99)
            << ",\"qps\":" << (sum > 0 ? 1e6 * static_cast<double>(s.micros.size()) / sum : 0)
            << ",\"mean_hits\":" << s.hits / static_cast<double>(s.executions);
    if (s.facet_documents > 0) {
      classes << ",\"mean_facet_documents\":"
              << s.facet_documents / static_cast<double>(s.executions);
    }
    classes << "}";
    first = false;
  }
  std::printf(
      "{\"engine\":%s,\"phase\":\"search\",\"k\":%zu,\"exact\":%s,\"passes\":%d,"
      "\"stop_words\":%s,\"one_field\":%s,\"open_ms\":%.3f,\"peak_rss_kib\":%ld,"
      "\"classes\":{%s}}\n",
      json_string(engine.name()).c_str(), options.k, json_bool(options.exact), options.passes,
      json_bool(index_options.stop_words), json_bool(index_options.one_field), open_ms, engine.engine_peak_rss_kib().value_or(peak_rss_kib()),
      classes.str().c_str());
}

}  // namespace

const char* class_name(QueryClass query_class) {
  switch (query_class) {
    case QueryClass::kTerm:
      return "term";
    case QueryClass::kAnd:
      return "and";
    case QueryClass::kOr:
      return "or";
    case QueryClass::kPhrase:
      return "phrase";
    case QueryClass::kFilter:
      return "filter";
    case QueryClass::kSorted:
      return "sorted";
    case QueryClass::kFacet:
      return "facet";
    case QueryClass::kRange:
      return "range";
    case QueryClass::kOffset:
      return "offset";
    case QueryClass::kAfter:
      return "after";
    case QueryClass::kFuzzy1:
      return "fuzzy1";
    case QueryClass::kFuzzy2:
      return "fuzzy2";
    case QueryClass::kPrefixLast:
      return "prefix_last";
    case QueryClass::kWildcard:
      return "wildcard";
    case QueryClass::kPhrasePrefix:
      return "phrase_prefix";
    case QueryClass::kSuggest:
      return "suggest";
  }
  return "?";
}

namespace {

std::uint64_t fnv1a(std::string_view text) {
  std::uint64_t hash = 14695981039346656037ull;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ull;
  }
  return hash;
}

}  // namespace

void structured_fields(CorpusDocument& document) {
  // Titles are "doc/<package>/<path> #n" or "<package>/<path> #n".
  std::string_view title = document.title;
  if (title.substr(0, 4) == "doc/") title.remove_prefix(4);
  document.section = std::string(title.substr(0, std::min(title.find('/'), title.find(' '))));
  document.day = static_cast<std::int64_t>(fnv1a(document.id) % static_cast<std::uint64_t>(kDays));
}

std::pair<std::int64_t, std::int64_t> filter_days(const std::string& words) {
  const auto first = static_cast<std::int64_t>(fnv1a(words) % 24) * 365;
  return {first, first + 364};
}

std::pair<std::int64_t, std::int64_t> range_days(const std::string& text) {
  const std::int64_t first = std::stoll(text);
  return {first, first + 29};
}

std::vector<std::string> split_words(std::string_view words) {
  std::vector<std::string> out;
  std::istringstream in{std::string(words)};
  for (std::string word; in >> word;) out.push_back(word);
  return out;
}

std::vector<std::string> english_stop_words() {
  // Snowball's list as trawl ships it: a word at the start of a line, '|' starts a comment.
  std::ifstream in(std::string(TRAWL_SOURCE_DIR) + "/src/analysis/stopwords/english.txt");
  if (!in) throw std::runtime_error("cannot read src/analysis/stopwords/english.txt");
  std::vector<std::string> words;
  for (std::string line; std::getline(in, line);) {
    std::istringstream fields(line.substr(0, line.find('|')));
    std::string word;
    if (fields >> word) words.push_back(word);
  }
  return words;
}

int run(int argc, char** argv, const std::function<std::unique_ptr<Engine>()>& make_engine) {
  const std::string usage = std::string("usage: ") + argv[0] +
                            " index CORPUS.jsonl DIR [--threads N] [--ram-mb M] [--stored]"
                            " [--no-stop-words] [--one-field] [--keep-order]\n"
                            "       " +
                            argv[0] + " search DIR QUERIES.tsv [--k N] [--exact] [--passes N]\n";
  if (argc < 4) {
    std::cerr << usage;
    return 2;
  }
  const std::string phase = argv[1];
  try {
    const Options options = parse_options(argc, argv, 4);
    const std::unique_ptr<Engine> engine = make_engine();
    if (phase == "index") {
      index_phase(*engine, argv[2], argv[3], options);
    } else if (phase == "search") {
      search_phase(*engine, argv[2], argv[3], options);
    } else {
      std::cerr << usage;
      return 2;
    }
  } catch (const std::exception& e) {
    std::cerr << argv[0] << ": " << phase << ": " << e.what() << "\n";
    return 1;
  }
  return 0;
}

}  // namespace trawl::compare
