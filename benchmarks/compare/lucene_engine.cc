// Apache Lucene 4.10 in the comparison: the engine is lucene/LuceneEngine.java (its header says
// how it is set up), run in a JVM this program starts and drives over a pipe; the harness stays
// the same as every other engine's. Each search is timed inside the JVM, around the Lucene
// calls, and that time is reported; the JVM gets 20 untimed passes to compile the hot code, as
// Lucene's own benchmarks warm it up. The requests are the ones LuceneEngine.main reads: a byte,
// then strings as a big-endian u32 length and bytes, numbers big-endian.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>

#include "harness.h"

namespace trawl::compare {
namespace {

class LuceneEngine final : public Engine {
 public:
  LuceneEngine() { start(); }
  ~LuceneEngine() override {
    if (to_ != nullptr) std::fclose(to_);  // end of input: the JVM exits
    if (from_ != nullptr) std::fclose(from_);
    if (child_ > 0) waitpid(child_, nullptr, 0);
  }
  LuceneEngine(const LuceneEngine&) = delete;
  LuceneEngine& operator=(const LuceneEngine&) = delete;

  std::string name() const override { return "lucene-4.10"; }
  std::string settings() const override {
    return "Apache Lucene 4.10.4 on OpenJDK: StandardTokenizer, LowerCaseFilter, "
           "SnowballFilter(English), positions, BM25 k1=0.9 b=0.4";
  }

  void create(const std::string& dir, const IndexOptions& options) override {
    put_byte('C');
    put_string(dir);
    put_u32(static_cast<std::uint32_t>(options.ram_mb));
    put_byte(options.store_text ? 1 : 0);
    put_byte(options.stop_words ? 1 : 0);
    reply("create");
  }

  void add(const CorpusDocument& d) override {
    put_byte('A');
    put_string(d.id);
    put_string(d.title);
    put_string(d.body);
    put_string(d.section);
    put_u64(static_cast<std::uint64_t>(d.day));
  }

  void commit() override {
    put_byte('M');
    reply("commit");
  }
  void optimize() override {
    put_byte('O');
    reply("forceMerge");
  }
  void open(const std::string& dir, const IndexOptions& options) override {
    put_byte('P');
    put_string(dir);
    put_byte(options.stop_words ? 1 : 0);
    reply("open");
  }

  SearchOutcome search(QueryClass query_class, const std::string& words, std::size_t k,
                       bool /*exact_count: Lucene 4.10 counts every match*/) override {
    std::pair<std::int64_t, std::int64_t> days{0, 0};
    if (query_class == QueryClass::kFilter) days = filter_days(words);
    if (query_class == QueryClass::kRange) days = range_days(words);
    put_byte('S');
    put_byte(static_cast<std::uint8_t>(query_class));
    put_string(words);
    put_u32(static_cast<std::uint32_t>(k));
    put_u32(static_cast<std::uint32_t>(kDeepOffset));
    put_u64(static_cast<std::uint64_t>(days.first));
    put_u64(static_cast<std::uint64_t>(days.second));
    reply("search");
    SearchOutcome outcome;
    outcome.micros = static_cast<double>(get_u64()) / 1e3;
    outcome.total_hits = get_u64();
    for (std::uint32_t n = get_u32(); n > 0; --n) outcome.ids.push_back(get_string());
    for (std::uint32_t n = get_u32(); n > 0; --n) {
      std::string section = get_string();
      outcome.facets.emplace_back(std::move(section), get_u64());
    }
    return outcome;
  }

  int warmup_passes() const override { return 20; }

  std::optional<long> engine_peak_rss_kib() override {
    put_byte('R');
    reply("memory");
    return static_cast<long>(get_u64());
  }

 private:
  void start() {
    int to_child[2], from_child[2];
    if (pipe(to_child) != 0 || pipe(from_child) != 0) {
      throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
    }
    const std::string stop_words = std::string(TRAWL_SOURCE_DIR) +
                                   "/src/analysis/stopwords/english.txt";
    child_ = fork();
    if (child_ < 0) throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
    if (child_ == 0) {
      dup2(to_child[0], STDIN_FILENO);
      dup2(from_child[1], STDOUT_FILENO);
      for (int fd : {to_child[0], to_child[1], from_child[0], from_child[1]}) close(fd);
      execl(TRAWL_JAVA, TRAWL_JAVA, "-cp", TRAWL_LUCENE_CLASSPATH, "trawl.compare.LuceneEngine",
            stop_words.c_str(), static_cast<char*>(nullptr));
      std::fprintf(stderr, "compare_lucene: cannot run %s: %s\n", TRAWL_JAVA, std::strerror(errno));
      _exit(127);
    }
    close(to_child[0]);
    close(from_child[1]);
    signal(SIGPIPE, SIG_IGN);  // a JVM that died is reported by the next reply, not a signal
    to_ = fdopen(to_child[1], "wb");
    from_ = fdopen(from_child[0], "rb");
    if (to_ == nullptr || from_ == nullptr) throw std::runtime_error("fdopen failed");
    std::setvbuf(to_, nullptr, _IOFBF, 1 << 16);
  }

  void put_byte(std::uint8_t value) { write(&value, 1); }
  void put_u32(std::uint32_t value) {
    const std::uint8_t bytes[4] = {static_cast<std::uint8_t>(value >> 24),
                                   static_cast<std::uint8_t>(value >> 16),
                                   static_cast<std::uint8_t>(value >> 8),
                                   static_cast<std::uint8_t>(value)};
    write(bytes, 4);
  }
  void put_u64(std::uint64_t value) {
    put_u32(static_cast<std::uint32_t>(value >> 32));
    put_u32(static_cast<std::uint32_t>(value));
  }
  void put_string(const std::string& text) {
    put_u32(static_cast<std::uint32_t>(text.size()));
    write(text.data(), text.size());
  }
  void write(const void* data, std::size_t size) {
    if (std::fwrite(data, 1, size, to_) != size) {
      throw std::runtime_error("the Lucene JVM stopped reading (see its messages above)");
    }
  }

  void read(void* data, std::size_t size) {
    if (std::fread(data, 1, size, from_) != size) {
      throw std::runtime_error("the Lucene JVM ended (see its messages above)");
    }
  }
  std::uint32_t get_u32() {
    std::uint8_t b[4];
    read(b, 4);
    return std::uint32_t{b[0]} << 24 | std::uint32_t{b[1]} << 16 | std::uint32_t{b[2]} << 8 | b[3];
  }
  std::uint64_t get_u64() {
    const std::uint64_t high = get_u32();
    return high << 32 | get_u32();
  }
  std::string get_string() {
    std::string text(get_u32(), '\0');
    read(text.data(), text.size());
    return text;
  }
  // Sends the request and reads its status: an error is the JVM's message.
  void reply(const char* what) {
    if (std::fflush(to_) != 0) throw std::runtime_error("the Lucene JVM stopped reading");
    std::uint8_t status = 0;
    read(&status, 1);
    if (status != 0) throw std::runtime_error(std::string(what) + ": " + get_string());
  }

  pid_t child_ = -1;
  std::FILE* to_ = nullptr;
  std::FILE* from_ = nullptr;
};

}  // namespace
}  // namespace trawl::compare

int main(int argc, char** argv) {
  return trawl::compare::run_engine<trawl::compare::LuceneEngine>(argc, argv);
}
