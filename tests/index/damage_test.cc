// Differential damage: random mutations of every kind of index file (bit flips, zeroed and
// overwritten ranges, truncations, files swapped between segments, files replaced by the same
// file of an index built alike). For each, every search either fails with Corruption naming the
// damaged file, or answers exactly as the undamaged index does; and merging the damaged index
// fails the same way, leaving it as it was. The reference is the undamaged index's answers.
//
// TRAWL_DAMAGE_CASES (default 400) sets the number of mutations; TRAWL_DAMAGE_SEED the seed.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "support/cranfield.h"
#include "support/test_data.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

namespace {

using Files = std::map<std::string, std::string>;

std::uint64_t env_or(const char* name, std::uint64_t fallback) {
  const char* value = std::getenv(name);
  return value == nullptr ? fallback : std::strtoull(value, nullptr, 10);
}

trawl::Schema schema() {
  trawl::Schema schema;
  schema.add_keyword("id").add_text("title").add_text("body").add_numeric("n").set_unique_key("id");
  return schema;
}

// Four segments of Cranfield abstracts, deletions in two of them.
Files build_index() {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::IndexWriterOptions options;
  options.merge_factor = 0;
  auto writer = trawl::IndexWriter::open(directory, schema(), options).value();
  static const auto documents = trawl::test::load_cranfield_documents(
      trawl::test::source_path("data/cranfield/cran.all.1400"));
  for (std::size_t i = 0; i < 240; ++i) {
    const auto& d = documents[i];
    REQUIRE(writer
                .add(trawl::Document()
                         .add("id", d.id)
                         .add("title", d.title)
                         .add("body", d.body)
                         .add("n", static_cast<std::int64_t>(i)))
                .ok());
    if (i % 60 == 59) REQUIRE(writer.commit().ok());
  }
  REQUIRE(writer.remove(documents[3].id).value() == 1);
  REQUIRE(writer.remove(documents[130].id).value() == 1);
  REQUIRE(writer.commit().ok());
  Files files;
  for (const std::string& name : directory->list().value()) {
    if (name != "write.lock") files[name] = std::string(directory->open(name).value()->bytes());
  }
  return files;
}

std::shared_ptr<trawl::Directory> directory_of(const Files& files) {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  for (const auto& [name, bytes] : files) {
    auto file = directory->create(name).value();
    REQUIRE(file->append(bytes).ok());
    REQUIRE(file->close().ok());
  }
  return directory;
}

const std::vector<std::string> kQueries = {
    "boundary layer",          "\"heat transfer\"",       "flow AND wing",
    "sho*",                    "*:*",                     "title:slipstream",
    "pressure OR velocity",    "\"boundary layer\"~3",    "supersonic -hypersonic",
    "id:100",                  "title:theory OR title:method", "id:50 OR id:60",
    "+mach +number",           "body:\"shock wave\"",     "experimental investigation",
};

// What a user sees of a search: hits with scores and ids, totals; or the error.
std::string answer(const trawl::Searcher& searcher, const trawl::Query& query) {
  trawl::SearchOptions options;
  options.k = 20;
  options.exact_count = true;
  auto result = searcher.search(query, options);
  if (!result) return "error " + result.error().to_string();
  std::string out = std::to_string(result->total_hits) + ":";
  auto documents = searcher.documents(result->hits);
  if (!documents) return "error " + documents.error().to_string();
  for (std::size_t i = 0; i < result->hits.size(); ++i) {
    char score[32];
    std::snprintf(score, sizeof score, "%.17g", result->hits[i].score);
    const std::string* id = (*documents)[i].get("id");
    out += " " + (id ? *id : std::string("?")) + "=" + score;
  }
  return out;
}

std::vector<std::string> answers(const trawl::IndexReader& reader) {
  const trawl::Searcher searcher(reader);
  std::vector<std::string> out;
  for (const std::string& text : kQueries) out.push_back(answer(searcher, trawl::parse_query(text).value()));
  return out;
}

struct Mutation {
  std::string description;
  std::vector<std::string> files;  // the damaged files: an error must name one
};

// Damages `files` in place; returns what was done (files empty if nothing changed).
Mutation mutate(Files& files, const Files& twin, std::mt19937_64& rng) {
  std::vector<std::string> names;
  for (const auto& entry : files) names.push_back(entry.first);
  const std::string name = names[rng() % names.size()];
  std::string& bytes = files[name];
  const std::string before = bytes;
  Mutation mutation{"", {name}};
  auto extension = [](const std::string& file) { return file.substr(file.find('.') + 1); };
  auto at = [&](std::size_t size) { return static_cast<std::size_t>(rng() % size); };
  switch (rng() % 6) {
    case 0: {
      const std::size_t i = at(bytes.size());
      const auto mask = static_cast<char>(1 << (rng() % 8));
      bytes[i] = static_cast<char>(bytes[i] ^ mask);
      mutation.description = "flip a bit of byte " + std::to_string(i);
      break;
    }
    case 1: {
      const std::size_t i = at(bytes.size());
      const std::size_t n = std::min<std::size_t>(1 + rng() % 64, bytes.size() - i);
      bytes.replace(i, n, n, '\0');
      mutation.description = "zero bytes " + std::to_string(i) + "+" + std::to_string(n);
      break;
    }
    case 2: {
      const std::size_t i = at(bytes.size());
      const std::size_t n = std::min<std::size_t>(1 + rng() % 16, bytes.size() - i);
      for (std::size_t k = 0; k < n; ++k) bytes[i + k] = static_cast<char>(rng());
      mutation.description = "overwrite bytes " + std::to_string(i) + "+" + std::to_string(n);
      break;
    }
    case 3: {
      const std::size_t size = at(bytes.size());
      bytes.resize(size);
      mutation.description = "truncate to " + std::to_string(size);
      break;
    }
    case 4: {  // swap with the same kind of file of another segment
      std::vector<std::string> others;
      for (const std::string& other : names) {
        if (other != name && extension(other) == extension(name) &&
            other.find(".del") == std::string::npos && name != "MANIFEST") {
          others.push_back(other);
        }
      }
      if (others.empty()) break;
      const std::string other = others[rng() % others.size()];
      std::swap(bytes, files[other]);
      mutation.files.push_back(other);
      mutation.description = "swap with " + other;
      break;
    }
    default: {  // the same file of an index built alike (other identities)
      const auto it = twin.find(name);
      if (it == twin.end()) break;
      bytes = it->second;
      mutation.description = "replace by the twin index's";
      break;
    }
  }
  if (bytes == before && mutation.files.size() == 1) mutation.files.clear();
  return mutation;
}

bool names_one_of(const trawl::Status& status, const std::vector<std::string>& files) {
  const std::string text = status.to_string();
  for (const std::string& file : files) {
    if (text.find(file + ":") != std::string::npos) return true;
    // A segment whose identity is not the manifest's: either may be the stranger.
    if (file == "MANIFEST" && text.find("MANIFEST records") != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("Damage: every search fails naming the damaged file or answers as if undamaged, "
          "and every merge fails",
          "[index][damage]") {
  const Files original = build_index();
  const Files twin = build_index();
  const std::vector<std::string> reference = answers(trawl::IndexReader::open(directory_of(original)).value());
  for (const std::string& line : reference) {
    CAPTURE(line);
    REQUIRE(line.rfind("error", 0) != 0);
  }

  const std::uint64_t cases = env_or("TRAWL_DAMAGE_CASES", 400);
  const std::uint64_t seed = env_or("TRAWL_DAMAGE_SEED", 1);
  std::mt19937_64 rng(seed);
  std::uint64_t tried = 0, at_open = 0, at_search = 0, by_merge = 0, silent = 0;
  std::map<std::string, std::uint64_t> tried_by_kind;
  for (std::uint64_t c = 0; c < cases; ++c) {
    Files files = original;
    const Mutation mutation = mutate(files, twin, rng);
    if (mutation.files.empty()) continue;  // changed nothing
    ++tried;
    const std::string& name = mutation.files[0];
    ++tried_by_kind[name == "MANIFEST" ? "MANIFEST" : name.substr(name.rfind('.') + 1)];
    CAPTURE(c, mutation.description, mutation.files);
    auto directory = directory_of(files);

    bool detected = false;
    auto reader = trawl::IndexReader::open(directory);
    if (!reader) {
      CHECK((reader.error().is_corruption() || reader.error().is_not_supported()));
      CHECK(names_one_of(reader.error(), mutation.files));
      ++at_open;
      detected = true;
    } else {
      const trawl::Searcher searcher(*reader);
      for (std::size_t q = 0; q < kQueries.size(); ++q) {
        const std::string got = answer(searcher, trawl::parse_query(kQueries[q]).value());
        if (got == reference[q]) continue;
        CAPTURE(kQueries[q], got, reference[q]);
        REQUIRE(got.rfind("error Corruption: ", 0) == 0);  // never another answer
        const bool named = got.find(mutation.files[0] + ":") != std::string::npos ||
                           (mutation.files.size() > 1 &&
                            got.find(mutation.files[1] + ":") != std::string::npos);
        CHECK(named);
        detected = true;
      }
      if (detected) ++at_search;
    }

    // A merge of the damaged index fails, naming the file, and changes nothing.
    trawl::Status merged;
    {
      auto writer = trawl::IndexWriter::open(directory, schema());
      merged = writer ? writer->force_merge(1) : writer.error();
    }
    if (merged.ok()) {
      ++silent;
      FAIL_CHECK("the merge of a damaged index succeeded");
    } else {
      CHECK((merged.is_corruption() || merged.is_not_supported()));
      CHECK(names_one_of(merged, mutation.files));
      if (!detected) ++by_merge;
      // No segment file written over or removed (force_merge's commit first may write a new
      // MANIFEST of the same segments).
      for (const auto& [file, bytes] : files) {
        if (file == "MANIFEST") continue;
        auto now = directory->open(file);
        REQUIRE(now.has_value());
        CHECK((*now)->bytes() == bytes);
      }
    }
  }
  std::string kinds;
  for (const auto& [kind, count] : tried_by_kind) kinds += " " + kind + "=" + std::to_string(count);
  std::printf("damage: %llu mutations (%s ), detected at open %llu, by a search %llu, only by the "
              "merge %llu, silent %llu (seed %llu)\n",
              static_cast<unsigned long long>(tried), kinds.c_str(),
              static_cast<unsigned long long>(at_open), static_cast<unsigned long long>(at_search),
              static_cast<unsigned long long>(by_merge), static_cast<unsigned long long>(silent),
              static_cast<unsigned long long>(seed));
  CHECK(silent == 0);
  CHECK(tried > cases / 2);
}
