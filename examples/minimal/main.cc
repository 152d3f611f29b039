// examples/minimal: index two documents, commit, and read the index back. This file is the
// README's example, verbatim (a test keeps them equal); the test suite builds it against an
// installed trawl with find_package(trawl).
#include <iostream>
#include <trawl/trawl.h>

int main(int argc, char** argv) {
  const std::string path = argc > 1 ? argv[1] : "/tmp/trawl-example";
  trawl::Schema schema;  // an id, and a text field analysed as English (stemmed, stop words)
  schema.add_keyword("id").add_text("body").set_unique_key("id");
  auto writer = trawl::IndexWriter::open(path, schema);
  if (!writer) return std::cerr << writer.error() << "\n", 1;
  (void)writer->update(trawl::Document().add("id", "1").add("body", "Secret peace talks"));
  (void)writer->update(trawl::Document().add("id", "2").add("body", "Talking in Geneva"));
  if (auto status = writer->commit(); !status.ok()) return std::cerr << status << "\n", 1;

  auto reader = trawl::IndexReader::open(path);  // a snapshot of the last commit
  if (!reader) return std::cerr << reader.error() << "\n", 1;
  auto talk = reader->term_statistics("body", "talk");  // "talks", "Talking" -> "talk"
  std::cout << reader->doc_count() << " documents, 'talk' in " << talk->doc_freq << "\n";
  return 0;
}
