#include "fuzz_index.h"

#include <cstdlib>

#include "support/cranfield.h"
#include "support/test_data.h"

namespace trawl::fuzz {
namespace {

std::shared_ptr<Directory> build() {
  std::shared_ptr<Directory> directory = make_mem_directory();
  Schema schema;
  schema.add_keyword("id").add_text("title").add_text("body").add_numeric("n").add_date("d").set_unique_key("id");
  IndexWriterOptions options;
  options.ram_budget_bytes = 16 * 1024;  // a few segments
  options.merge_factor = 0;
  auto writer = IndexWriter::open(directory, schema, options);
  if (!writer) std::abort();
  const auto documents =
      test::load_cranfield_documents(test::source_path("data/cranfield/cran.all.1400"));
  for (std::size_t i = 0; i < 60; ++i) {
    const auto& d = documents[i];
    if (!writer->add(Document().add("id", d.id).add("title", d.title).add("body", d.body).add("n", static_cast<std::int64_t>(i)).add("d", std::to_string(1950 + i % 12) + "-06-0" + std::to_string(1 + i % 9))).ok()) std::abort();
    if (i == 30 && !writer->commit().ok()) std::abort();
  }
  if (!writer->remove(documents[3].id)) std::abort();
  if (!writer->commit().ok()) std::abort();
  return directory;
}

}  // namespace

const std::vector<std::pair<std::string, std::string>>& small_index_files() {
  static const auto files = [] {
    std::vector<std::pair<std::string, std::string>> out;
    auto directory = build();
    for (const std::string& name : directory->list().value()) {
      auto file = directory->open(name);
      if (!file) std::abort();
      out.emplace_back(name, std::string((*file)->bytes()));
    }
    return out;
  }();
  return files;
}

std::shared_ptr<Directory> copy_of_small_index() {
  std::shared_ptr<Directory> directory = make_mem_directory();
  for (const auto& [name, bytes] : small_index_files()) {
    auto file = directory->create(name);
    if (!file || !(*file)->append(bytes).ok() || !(*file)->close().ok()) std::abort();
  }
  return directory;
}

const Searcher& small_index_searcher() {
  static const Searcher searcher(IndexReader::open(copy_of_small_index()).value());
  return searcher;
}

}  // namespace trawl::fuzz
