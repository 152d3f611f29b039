#include "trawl/index/index_writer.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "support/temp_dir.h"
#include "trawl/index/index_reader.h"

namespace {

using trawl::Document;
using trawl::Schema;

Schema schema() {
  Schema s;
  s.add_keyword("id").add_text("body").add_numeric("year").set_unique_key("id");
  return s;
}

Document doc(const std::string& id, const std::string& body) {
  return Document().add("id", id).add("body", body);
}

}  // namespace

TEST_CASE("IndexWriter: commits are what readers see", "[index]") {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  auto writer = trawl::IndexWriter::open(directory, schema());
  REQUIRE(writer.has_value());

  // A new index is readable at once, empty, with its schema.
  auto empty = trawl::IndexReader::open(directory);
  REQUIRE(empty.has_value());
  CHECK(empty->doc_count() == 0);
  CHECK(empty->generation() == 0);
  CHECK(empty->schema() == schema());

  REQUIRE(writer->add(doc("1", "peace talks")).ok());
  REQUIRE(writer->add(doc("2", "secret talks")).ok());
  CHECK(writer->pending_documents() == 2);
  CHECK(empty->reopen()->doc_count() == 0);  // not committed yet
  REQUIRE(writer->commit().ok());
  CHECK(writer->pending_documents() == 0);

  auto first = empty->reopen();
  REQUIRE(first.has_value());
  CHECK(first->generation() == 1);
  CHECK(first->doc_count() == 2);
  CHECK(first->term_statistics("body", "talk")->doc_freq == 2);

  REQUIRE(writer->add(doc("3", "more talks")).ok());
  REQUIRE(writer->commit().ok());
  // The old snapshot is unchanged; reopen reuses its segment and adds the new one.
  CHECK(first->doc_count() == 2);
  auto second = first->reopen();
  REQUIRE(second.has_value());
  CHECK(second->doc_count() == 3);
  CHECK(second->segment_count() == 2);
  CHECK(second->term_statistics("body", "talk")->doc_freq == 3);
  CHECK(second->reopen()->generation() == second->generation());
}

TEST_CASE("IndexWriter: rollback and destruction discard uncommitted work", "[index]") {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::IndexWriterOptions tiny;
  tiny.ram_budget_bytes = 1;  // every document flushes a segment
  {
    auto writer = trawl::IndexWriter::open(directory, schema(), tiny);
    REQUIRE(writer.has_value());
    REQUIRE(writer->add(doc("1", "kept")).ok());
    REQUIRE(writer->commit().ok());
    REQUIRE(writer->add(doc("2", "dropped")).ok());
    REQUIRE(writer->rollback().ok());
    REQUIRE(writer->add(doc("3", "also dropped")).ok());
  }
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  CHECK(reader->doc_count() == 1);
  CHECK(reader->term_statistics("body", "drop")->doc_freq == 0);
  // No files of the discarded segments remain.
  const auto names = directory->list();
  REQUIRE(names.has_value());
  for (const std::string& name : *names) {
    CAPTURE(name);
    CHECK((name == "MANIFEST" || name.rfind("seg_1.", 0) == 0));
  }
}

TEST_CASE("IndexWriter: a flushed buffer starts empty and segments follow the budget", "[index]") {
  // A buffer that kept its capacity counted after a flush went over the budget with its next
  // document, and every addition after the first flush made a segment of its own.
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = 256 << 10;
  options.merge_factor = 0;
  auto writer = trawl::IndexWriter::open(directory, schema(), options);
  REQUIRE(writer.has_value());
  std::string body;
  for (int w = 0; w < 150; ++w) body += "word" + std::to_string(w * 7 % 101) + " ";
  constexpr int kDocuments = 4000;
  for (int i = 0; i < kDocuments; ++i) {
    REQUIRE(writer->add(doc(std::to_string(i), body + std::to_string(i))).ok());
  }
  REQUIRE(writer->commit().ok());
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  CHECK(reader->doc_count() == kDocuments);
  // About 1.5 KB a document here: a few hundred KB hold well over a hundred.
  CHECK(reader->segment_count() >= 2);
  CHECK(reader->segment_count() <= 40);
  for (std::size_t s = 0; s + 1 < reader->segment_count(); ++s) {
    CAPTURE(s);
    CHECK(reader->segment_info(s).doc_count >= 100);
  }
}

TEST_CASE("IndexWriter: bad documents are rejected and change nothing", "[index]") {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  auto writer = trawl::IndexWriter::open(directory, schema());
  REQUIRE(writer.has_value());
  auto unknown = writer->add(doc("1", "x").add("colour", "red"));
  CHECK(unknown.is_invalid_argument());
  CHECK(std::string(unknown.message()).find("unknown field 'colour'") != std::string::npos);
  auto wrong_type = writer->add(doc("1", "x").add("year", "nineteen"));
  CHECK(wrong_type.is_invalid_argument());
  CHECK(std::string(wrong_type.message()).find("'year' is numeric") != std::string::npos);
  CHECK(writer->add(Document().add("body", "no key")).is_invalid_argument());
  CHECK(writer->add(doc("1", "x").add("id", "2")).is_invalid_argument());
  CHECK(writer->pending_documents() == 0);
  REQUIRE(writer->add(doc("1", "fine").add("year", 1999)).ok());
  REQUIRE(writer->commit().ok());
  CHECK(trawl::IndexReader::open(directory)->doc_count() == 1);
}

TEST_CASE("IndexWriter: an invalid update keeps the document it would replace", "[index]") {
  // It used to remove the old document before it checked the new one.
  for (unsigned threads : {1u, 2u}) {
    CAPTURE(threads);
    std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
    trawl::IndexWriterOptions options;
    options.threads = threads;
    auto writer = trawl::IndexWriter::open(directory, schema(), options);
    REQUIRE(writer.has_value());
    REQUIRE(writer->add(doc("1", "fine")).ok());
    REQUIRE(writer->commit().ok());
    CHECK(writer->update(doc("1", "x").add("colour", "red")).is_invalid_argument());
    REQUIRE(writer->commit().ok());
    CHECK(trawl::IndexReader::open(directory)->doc_count() == 1);
  }
}

TEST_CASE("IndexWriter: one writer at a time, same schema only", "[index]") {
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  {
    auto writer = trawl::IndexWriter::open(path, schema());
    REQUIRE(writer.has_value());
    auto second = trawl::IndexWriter::open(path, schema());
    REQUIRE_FALSE(second.has_value());
    CHECK(second.error().is_busy());
    CHECK(std::string(second.error().message()).find("locked") != std::string::npos);
    REQUIRE(writer->add(doc("a", "durable text")).ok());
    REQUIRE(writer->commit().ok());
  }
  Schema other;
  other.add_text("body");
  auto mismatch = trawl::IndexWriter::open(path, other);
  REQUIRE_FALSE(mismatch.has_value());
  CHECK(mismatch.error().is_invalid_argument());
  CHECK(std::string(mismatch.error().message()).find("has schema") != std::string::npos);

  // A stray file from a crashed flush is cleaned up by the next writer.
  { std::ofstream(temp.path() + "/index/seg_77.doc") << "garbage"; }
  auto writer = trawl::IndexWriter::open(path, schema());
  REQUIRE(writer.has_value());
  CHECK_FALSE(std::filesystem::exists(temp.path() + "/index/seg_77.doc"));

  auto reader = trawl::IndexReader::open(path);
  REQUIRE(reader.has_value());
  CHECK(reader->doc_count() == 1);
  CHECK(reader->stored(0, 0)->get("id") != nullptr);
  CHECK(*reader->stored(0, 0)->get("id") == "a");

  trawl::IndexWriterOptions no_create;
  no_create.create_if_missing = false;
  CHECK(trawl::IndexWriter::open(temp.path() + "/none", schema(), no_create).error().is_not_found());
  CHECK(trawl::IndexReader::open(temp.path() + "/none").error().is_not_found());
}

TEST_CASE("IndexWriter: every analyzer option is kept in the manifest", "[index]") {
  // Each option of a text field, set away from its default, reads back as it was written: a
  // reader analyses queries as the writer analysed documents.
  std::vector<trawl::AnalyzerOptions> variants(8);
  variants[1].language = "ru";
  variants[1].transliterate = true;
  variants[2].cjk_bigrams = true;
  variants[3].language = "ja";
  variants[3].cjk_bigrams = false;
  variants[4].fold_kana = true;
  variants[5].stem = false;
  variants[5].stop_words = false;
  variants[6].fold_diacritics = true;
  variants[7].max_token_bytes = 64;
  Schema schema;
  for (std::size_t i = 0; i < variants.size(); ++i) {
    schema.add_text("f" + std::to_string(i), variants[i]);
  }
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  {
    auto writer = trawl::IndexWriter::open(directory, schema);
    REQUIRE(writer.has_value());
    REQUIRE(writer->commit().ok());
  }
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  const Schema& read = reader->schema();
  REQUIRE(read.fields().size() == variants.size());
  for (std::size_t i = 0; i < variants.size(); ++i) {
    CAPTURE(i);
    CHECK(read.fields()[i].analyzer == variants[i]);
  }
  // And the writer that opens it again agrees.
  CHECK(trawl::IndexWriter::open(directory, schema).has_value());
}

TEST_CASE("Schema: validation names the problem", "[index]") {
  CHECK(Schema().validate().is_invalid_argument());
  CHECK(Schema().add_text("a").add_keyword("a").validate().is_invalid_argument());
  CHECK(Schema().add_text("").validate().is_invalid_argument());
  CHECK(Schema().add_text("body").set_unique_key("id").validate().is_invalid_argument());
  auto not_keyword = Schema().add_text("body").set_unique_key("body").validate();
  CHECK(std::string(not_keyword.message()).find("must be a keyword field") != std::string::npos);
  trawl::AnalyzerOptions bad;
  bad.language = "klingon";
  CHECK(Schema().add_text("body", bad).validate().is_invalid_argument());
  CHECK(schema().validate().ok());
  CHECK(schema().describe() == "id:keyword* body:text(english) year:numeric");
}

TEST_CASE("IndexWriter: the lock holds against another process", "[index]") {
  trawl::test::TempDir temp;
  const std::string path = temp.path() + "/index";
  int to_child[2], to_parent[2];
  REQUIRE(pipe(to_child) == 0);
  REQUIRE(pipe(to_parent) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    // The child holds a writer until told to exit.
    auto writer = trawl::IndexWriter::open(path, schema());
    const char ready = writer ? 'y' : 'n';
    if (write(to_parent[1], &ready, 1) != 1) _exit(2);
    char done = 0;
    if (read(to_child[0], &done, 1) != 1) _exit(3);
    _exit(0);
  }
  char ready = 0;
  REQUIRE(read(to_parent[0], &ready, 1) == 1);
  REQUIRE(ready == 'y');
  auto second = trawl::IndexWriter::open(path, schema());
  CHECK_FALSE(second.has_value());
  CHECK(second.error().is_busy());
  CHECK(std::string(second.error().message()).find("locked") != std::string::npos);
  kill(pid, SIGKILL);  // dies holding the lock: the kernel releases it
  int status = 0;
  waitpid(pid, &status, 0);
  CHECK(trawl::IndexWriter::open(path, schema()).has_value());
  for (int fd : {to_child[0], to_child[1], to_parent[0], to_parent[1]}) close(fd);
}
