#include <catch2/catch.hpp>

#include <filesystem>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>

#include "support/body_index.h"
#include "support/random_text.h"
#include "support/reference_index.h"
#include "support/temp_dir.h"
#include "index/index_reader_internal.h"
#include "index/segment_reader.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace {

using trawl::Document;
using trawl::Schema;

Schema test_schema() {
  Schema schema;
  trawl::AnalyzerOptions russian;
  russian.language = "ru";
  schema.add_keyword("id")
      .add_text("title")
      .add_text("body")
      .add_text("ru", russian, /*stored=*/false)
      .add_keyword("tag", /*stored=*/false)
      .add_numeric("year")
      .add_stored("note")
      .set_unique_key("id");
  return schema;
}

Document random_document(std::mt19937_64& rng, int id) {
  Document doc;
  doc.add("id", "doc-" + std::to_string(id));
  doc.add("title", trawl::test::random_text(rng, 1 + rng() % 8));
  const int bodies = static_cast<int>(rng() % 3);  // 0, 1 or 2 values
  for (int i = 0; i < bodies; ++i) doc.add("body", trawl::test::random_text(rng, rng() % 200));
  if (rng() % 2) doc.add("ru", "Переговоры проходили в Женеве " + trawl::test::random_text(rng, 5));
  for (int i = 0; i < static_cast<int>(rng() % 3); ++i) doc.add("tag", "t" + std::to_string(rng() % 7));
  if (rng() % 4) doc.add("year", static_cast<std::int64_t>(rng() % 3000) - 1000);
  if (rng() % 2) doc.add("note", "note " + std::to_string(id));
  return doc;
}

// A writer over an empty index of one text field, "body", whose words are kept as written
// (no stemming, no stop words).
// Every posting of every term in every segment, with global document numbers, equals the
// reference; statistics and stored values too.
void check_against_reference(const trawl::IndexReader& reader,
                             const trawl::test::ReferenceIndex& reference) {
  const Schema& schema = reader.schema();
  REQUIRE(reader.doc_count() == reference.doc_count());
  for (std::size_t field = 0; field < schema.fields().size(); ++field) {
    const trawl::FieldSpec& spec = schema.fields()[field];
    if (spec.type != trawl::FieldType::kText && spec.type != trawl::FieldType::kKeyword) continue;
    CAPTURE(spec.name);
    std::set<std::string> indexed;
    for (std::size_t s = 0; s < reader.segment_count(); ++s) {
      auto terms = reader.terms(s, spec.name);
      REQUIRE(terms.has_value());
      indexed.insert(terms->begin(), terms->end());
    }
    std::set<std::string> expected_terms;
    for (const auto& [term, postings] : reference.terms(field)) expected_terms.insert(term);
    CHECK(indexed == expected_terms);

    for (const auto& [term, expected] : reference.terms(field)) {
      CAPTURE(term);
      std::vector<trawl::test::ReferencePosting> actual;
      trawl::DocId base = 0;
      for (std::size_t s = 0; s < reader.segment_count(); ++s) {
        auto cursor = reader.postings(s, spec.name, term);
        REQUIRE(cursor.has_value());
        if (*cursor) {
          for (; (*cursor)->docid() != trawl::kTerminated; (*cursor)->next()) {
            trawl::test::ReferencePosting posting{base + (*cursor)->docid(), {}};
            const std::uint32_t freq = (*cursor)->freq();
            const trawl::Position* positions = (*cursor)->positions();
            for (std::uint32_t i = 0; i < freq; ++i) {
              posting.positions.push_back(spec.type == trawl::FieldType::kText ? positions[i] : 0);
            }
            actual.push_back(std::move(posting));
          }
          REQUIRE((*cursor)->status().ok());
        }
        base += reader.segment_info(s).doc_count;
      }
      CHECK(actual == expected);
      if (spec.type == trawl::FieldType::kText && expected.size() % 3 == 0) {
        // Positions of a few documents here and there, as a phrase reads them (each read alone
        // until a block has given many), against the reference (for a third of the terms).
        std::mt19937_64 rng(expected.size());
        trawl::DocId base_of_segment = 0;
        std::size_t e = 0;
        for (std::size_t s = 0; s < reader.segment_count(); ++s) {
          const trawl::DocId end = base_of_segment + reader.segment_info(s).doc_count;
          auto cursor = reader.postings(s, spec.name, term).value();
          for (; cursor && e < expected.size() && expected[e].doc < end; ++e) {
            if (rng() % 3 != 0) continue;
            cursor->next_geq(expected[e].doc - base_of_segment);
            REQUIRE(cursor->docid() == expected[e].doc - base_of_segment);
            const trawl::Position* positions = cursor->positions();
            REQUIRE(cursor->freq() == expected[e].positions.size());
            CHECK(std::vector<trawl::Position>(positions, positions + cursor->freq()) ==
                  expected[e].positions);
          }
          if (cursor) REQUIRE(cursor->status().ok());
          base_of_segment = end;
        }
      }
      auto stats = reader.term_statistics(spec.name, term);
      REQUIRE(stats.has_value());
      std::uint64_t total = 0;
      for (const auto& posting : expected) total += posting.positions.size();
      CHECK(stats->doc_freq == expected.size());
      CHECK(stats->total_term_freq == total);
    }
    if (spec.type == trawl::FieldType::kText) {
      trawl::FieldStatistics expected_stats;
      trawl::DocId base = 0;
      for (std::size_t s = 0; s < reader.segment_count(); ++s) {
        for (trawl::DocId d = 0; d < reader.segment_info(s).doc_count; ++d) {
          const auto length = reader.field_length(s, spec.name, d);
          REQUIRE(length.has_value());
          CHECK(*length == reference.length(field, base + d));
          expected_stats.doc_count += *length > 0;
          expected_stats.total_length += *length;
        }
        base += reader.segment_info(s).doc_count;
      }
      auto stats = reader.field_statistics(spec.name);
      REQUIRE(stats.has_value());
      CHECK(stats->doc_count == expected_stats.doc_count);
      CHECK(stats->total_length == expected_stats.total_length);
    }
  }
  trawl::DocId base = 0;
  for (std::size_t s = 0; s < reader.segment_count(); ++s) {
    for (trawl::DocId d = 0; d < reader.segment_info(s).doc_count; ++d) {
      auto stored = reader.stored(s, d);
      REQUIRE(stored.has_value());
      const auto& expected = reference.stored(base + d).fields();
      REQUIRE(stored->fields().size() == expected.size());
      for (std::size_t i = 0; i < expected.size(); ++i) {
        CHECK(stored->fields()[i].name == expected[i].name);
        CHECK(stored->fields()[i].value == expected[i].value);
      }
    }
    base += reader.segment_info(s).doc_count;
  }
  CHECK(reader.check().ok());
}

}  // namespace

TEST_CASE("Index: equals the reference index across segmentations and commits", "[index]") {
  const std::size_t budget = GENERATE(as<std::size_t>{}, 1, 20'000, 256u << 20);
  const int commits = GENERATE(1, 3);
  const std::size_t merge_factor = GENERATE(as<std::size_t>{}, 0, 4);
  const unsigned threads = GENERATE(1u, 3u);
  // Merges inside commit() with one commit, in the background with three (where they run
  // while the next documents come): both, without doubling the combinations.
  const std::size_t merge_threads = commits == 3 ? 1 : 0;
  const auto seed = GENERATE(take(1, random(0u, 1000000u)));
  CAPTURE(budget, commits, merge_factor, threads, merge_threads, seed);
  std::mt19937_64 rng(seed);
  const Schema schema = test_schema();
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = budget;
  options.merge_factor = merge_factor;
  options.threads = threads;
  options.merge_threads = merge_threads;
  auto writer = trawl::IndexWriter::open(directory, schema, options);
  REQUIRE(writer.has_value());
  trawl::test::ReferenceIndex reference(schema);
  const int docs = 300;
  for (int i = 0; i < docs; ++i) {
    const Document doc = random_document(rng, i);
    REQUIRE(writer->add(doc).ok());
    reference.add(doc);
    if ((i + 1) % (docs / commits) == 0) REQUIRE(writer->commit().ok());
  }
  REQUIRE(writer->commit().ok());
  // Background merges commit what they merged when done, nothing being pending.
  REQUIRE(writer->wait_for_merges().ok());
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  if (budget == 1 && merge_factor == 0) {
    // One segment per document; with threads, per batch of 64 (the budget is checked per batch).
    CHECK(reader->segment_count() ==
          (threads == 1 ? static_cast<std::size_t>(docs) : reader->segment_count()));
    CHECK(reader->segment_count() >= static_cast<std::size_t>(docs) / 64);
  }
  if (merge_factor > 0) CHECK(reader->segment_count() <= merge_factor * 6);
  check_against_reference(*reader, reference);
}

TEST_CASE("Index: postings skip with next_geq exactly like a linear scan", "[index]") {
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::optional<trawl::IndexWriter> writer = trawl::test::body_writer(directory);
  std::mt19937_64 rng(99);
  std::vector<trawl::DocId> common, rare;
  for (trawl::DocId d = 0; d < 5000; ++d) {
    std::string text = "filler";
    if (rng() % 3 == 0) {
      text += " common";
      common.push_back(d);
    }
    if (rng() % 97 == 0) {
      text += " rare";
      rare.push_back(d);
    }
    REQUIRE(writer->add(Document().add("body", text)).ok());
  }
  REQUIRE(writer->commit().ok());
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  for (const auto& [term, docs] : {std::pair{"common", common}, std::pair{"rare", rare}}) {
    CAPTURE(term);
    for (int trial = 0; trial < 200; ++trial) {
      auto cursor = reader->postings(0, "body", term).value();
      REQUIRE(cursor);
      CHECK(cursor->size() == docs.size());
      trawl::DocId target = 0;
      while (true) {
        target += static_cast<trawl::DocId>(rng() % 300);
        cursor->next_geq(target);
        auto it = std::lower_bound(docs.begin(), docs.end(), target);
        const trawl::DocId expected = it == docs.end() ? trawl::kTerminated : *it;
        REQUIRE(cursor->docid() == expected);
        if (expected == trawl::kTerminated) break;
        CHECK(cursor->block_last_doc() >= expected);
        CHECK(cursor->block_max_freq() >= cursor->freq());
        target = cursor->docid();
      }
    }
  }
}

TEST_CASE("Index: block-at-a-time walks see the documents and frequencies of a linear scan",
          "[index]") {
  // next_block() passes over a block without decoding it and load_block() decodes it: what a
  // lone term's top k reads. Checked against the documents written, skipping blocks at random
  // and mixing in next_geq().
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::optional<trawl::IndexWriter> writer = trawl::test::body_writer(directory);
  std::mt19937_64 rng(7);
  std::vector<std::pair<trawl::DocId, std::uint32_t>> written;  // "word": document, tf
  for (trawl::DocId d = 0; d < 6000; ++d) {
    std::string text = "filler";
    if (rng() % 4 == 0) {
      const std::uint32_t tf = 1 + static_cast<std::uint32_t>(rng() % 5);
      for (std::uint32_t i = 0; i < tf; ++i) text += " word";
      written.emplace_back(d, tf);
    }
    REQUIRE(writer->add(Document().add("body", text)).ok());
  }
  REQUIRE(writer->commit().ok());
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  REQUIRE(reader->segment_count() == 1);
  for (int trial = 0; trial < 50; ++trial) {
    auto cursor = reader->postings(0, "body", "word").value();
    auto* blocks = dynamic_cast<trawl::index_internal::BlockPostingsCursor*>(cursor.get());
    REQUIRE(blocks != nullptr);
    std::size_t at = 0;  // index in `written` of the current block's first document
    bool more = true;
    while (more) {
      const auto& entry = blocks->block_entry();
      const std::size_t size = std::min<std::size_t>(trawl::util::kBlockSize, written.size() - at);
      CHECK(entry.last_doc == written[at + size - 1].first);
      const int action = static_cast<int>(rng() % 3);
      if (action == 0) {  // pass over it undecoded
        more = blocks->next_block();
      } else if (action == 1) {  // decode it whole
        REQUIRE(blocks->load_block());
        REQUIRE(blocks->block_size() == size);
        std::uint32_t max_freq = 0;
        for (std::size_t i = 0; i < size; ++i) {
          CHECK(blocks->block_docs()[i] == written[at + i].first);
          CHECK(blocks->block_freqs_minus_one()[i] + 1 == written[at + i].second);
          max_freq = std::max(max_freq, written[at + i].second);
        }
        CHECK(entry.max_freq == max_freq);
        CHECK(blocks->docid() == written[at].first);
        more = blocks->next_block();
      } else {  // the cursor's own moves inside the block, then on to the next block
        const std::size_t pick = at + rng() % size;
        blocks->next_geq(written[pick].first);
        REQUIRE(blocks->docid() == written[pick].first);
        CHECK(blocks->freq() == written[pick].second);
        blocks->next();
        CHECK(blocks->docid() ==
              (pick + 1 < written.size() ? written[pick + 1].first : trawl::kTerminated));
        if (pick + 1 >= at + size) {  // next() moved into the following block
          at += size;
          more = pick + 1 < written.size();
          continue;
        }
        more = blocks->next_block();
      }
      at += size;
      CHECK(more == (at < written.size()));
    }
    CHECK(blocks->docid() == trawl::kTerminated);
    CHECK(blocks->status().ok());
  }
}

TEST_CASE("Index: blocks sought back and forth by their marks read as in a linear scan",
          "[index]") {
  // A lone term's top k surveys every skip entry, then seeks blocks best first: each block,
  // sought from any other (before or after it, decoded or not), must decode to the documents,
  // frequencies and positions written, and its skip entry and impacts must be its own.
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::optional<trawl::IndexWriter> writer = trawl::test::body_writer(directory);
  std::mt19937_64 rng(20261203);
  struct Written {
    trawl::DocId doc;
    std::vector<trawl::Position> positions;
  };
  std::vector<Written> written;  // "word"
  for (trawl::DocId d = 0; d < 4000; ++d) {
    std::string text = "filler";
    Written w{d, {}};
    for (trawl::Position p = 1; p < 1 + rng() % 12; ++p) {
      if (rng() % 5 == 0) {
        text += " word";
        w.positions.push_back(p);
      } else {
        text += " filler";
      }
    }
    if (!w.positions.empty()) written.push_back(w);
    REQUIRE(writer->add(Document().add("body", text)).ok());
  }
  REQUIRE(writer->commit().ok());
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  REQUIRE(reader->segment_count() == 1);
  auto cursor = reader->postings(0, "body", "word").value();
  auto* blocks = dynamic_cast<trawl::index_internal::BlockPostingsCursor*>(cursor.get());
  REQUIRE(blocks != nullptr);
  const std::size_t count = blocks->block_count();
  REQUIRE(count == (written.size() + trawl::util::kBlockSize - 1) / trawl::util::kBlockSize);
  REQUIRE(count > 3);
  std::vector<trawl::index_internal::BlockPostingsCursor::BlockMark> marks;
  for (std::size_t b = 0; b < count; ++b) {
    marks.push_back(blocks->block_mark());
    REQUIRE(blocks->next_block() == (b + 1 < count));
  }
  CHECK(blocks->docid() == trawl::kTerminated);  // past the last block: seek still works
  for (int trial = 0; trial < 300; ++trial) {
    const std::size_t b = rng() % count;
    CAPTURE(trial, b);
    REQUIRE(blocks->seek_block(marks[b]));
    const std::size_t at = b * trawl::util::kBlockSize;
    const std::size_t size = std::min<std::size_t>(trawl::util::kBlockSize, written.size() - at);
    CHECK(blocks->block_entry().last_doc == written[at + size - 1].doc);
    std::size_t max_freq = 0;
    for (std::size_t i = 0; i < size; ++i)
      max_freq = std::max(max_freq, written[at + i].positions.size());
    CHECK(blocks->block_entry().max_freq == max_freq);
    const auto& impacts = blocks->block_impacts();  // read from the sought entry
    REQUIRE(impacts.count >= 1);
    CHECK(impacts.pairs[impacts.count - 1].freq == max_freq);
    if (rng() % 4 == 0) continue;  // sought but not decoded: the next seek must not mind
    REQUIRE(blocks->load_block());
    REQUIRE(blocks->block_size() == size);
    for (std::size_t i = 0; i < size; ++i) {
      REQUIRE(blocks->block_docs()[i] == written[at + i].doc);
      REQUIRE(blocks->block_freqs_minus_one()[i] + 1 == written[at + i].positions.size());
    }
    // The cursor's own moves inside the sought block, positions included.
    const std::size_t pick = at + rng() % size;
    blocks->next_geq(written[pick].doc);
    REQUIRE(blocks->docid() == written[pick].doc);
    REQUIRE(blocks->freq() == written[pick].positions.size());
    const trawl::Position* positions = blocks->positions();
    REQUIRE(positions != nullptr);
    CHECK(std::vector<trawl::Position>(positions, positions + blocks->freq()) ==
          written[pick].positions);
  }
  CHECK(blocks->status().ok());
}

TEST_CASE("Index: a dictionary seek finds what a scan from the first term finds", "[index]") {
  // TermIterator::seek compares entries with the key through their shared prefixes instead of
  // rebuilding them: checked against a scan of every term with whole-key comparisons, for keys
  // present, absent, prefixes and extensions of terms, before the first and past the last.
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  std::optional<trawl::IndexWriter> writer = trawl::test::body_writer(directory);
  std::mt19937_64 rng(20261203);
  // Words over four letters: long shared prefixes, thousands of terms, many dictionary blocks.
  const auto word = [&rng](std::size_t min_length) {
    std::string w;
    const std::size_t length = min_length + rng() % 7;
    for (std::size_t i = 0; i < length; ++i) w += static_cast<char>('a' + rng() % 4);
    return w;
  };
  for (int d = 0; d < 800; ++d) {
    std::string text;
    for (int i = 0; i < 12; ++i) text += word(2) + " ";
    REQUIRE(writer->add(Document().add("body", text)).ok());
  }
  REQUIRE(writer->commit().ok());
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  const auto& segment = *trawl::IndexReaderInternal::segments(*reader).at(0);
  std::vector<std::string> keys;
  std::vector<trawl::index_internal::TermInfo> infos;
  trawl::index_internal::TermIterator all(segment);
  while (all.next()) {
    keys.push_back(all.key());
    infos.push_back(all.info());
  }
  REQUIRE(all.status().ok());
  REQUIRE(keys.size() > 2000);
  for (int trial = 0; trial < 3000; ++trial) {
    std::string key;
    switch (trial % 5) {
      case 0: key = keys[rng() % keys.size()]; break;                    // present
      case 1: key = keys[rng() % keys.size()] + word(1); break;          // an extension
      case 2: key = keys[rng() % keys.size()].substr(0, 1 + rng() % 4); break;  // a prefix
      case 3: key = std::string(1, keys.front()[0]) + word(0); break;    // anywhere
      default: key = trial % 2 ? std::string("") : std::string(1, '\xff'); break;
    }
    CAPTURE(key);
    const auto expected = std::lower_bound(keys.begin(), keys.end(), key);
    trawl::index_internal::TermIterator terms(segment);
    const bool found = terms.seek(key);
    REQUIRE(terms.status().ok());
    REQUIRE(found == (expected != keys.end()));
    if (!found) continue;
    const auto at = static_cast<std::size_t>(expected - keys.begin());
    REQUIRE(terms.key() == keys[at]);
    CHECK(terms.info().doc_freq == infos[at].doc_freq);
    CHECK(terms.info().postings_offset == infos[at].postings_offset);
    CHECK(terms.info().positions_offset == infos[at].positions_offset);
    // And the iteration goes on from there as the scan does.
    for (std::size_t next = at + 1; next < std::min(keys.size(), at + 4); ++next) {
      REQUIRE(terms.next());
      CHECK(terms.key() == keys[next]);
      CHECK(terms.info().postings_offset == infos[next].postings_offset);
    }
  }
  // One iterator seeking again and again, as a fuzzy walk does: mostly a few terms on (within
  // the current block, where the seek goes on from the current entry), sometimes far on, back,
  // to the current key itself, or past the last term.
  trawl::index_internal::TermIterator walk(segment);
  std::size_t at = 0;
  for (int trial = 0; trial < 5000; ++trial) {
    std::string key;
    const std::size_t base = std::min(keys.size() - 1, at);
    switch (trial % 8) {
      case 0:
        key = keys[rng() % keys.size()];
        break;  // anywhere
      case 1:
        key = keys[std::min(keys.size() - 1, base + rng() % 300)];
        break;  // far on
      case 2:
        key = keys[base];
        break;  // where it is
      case 3:
        key = keys[base].substr(0, 1 + rng() % 3) + "\xff";
        break;  // past a prefix
      case 4:
        key = trial % 3 ? keys[base] + word(1) : std::string(1, '\xff');
        break;
      default:
        key = keys[std::min(keys.size() - 1, base + 1 + rng() % 6)];
        break;  // a few on
    }
    CAPTURE(trial, key);
    const auto expected = std::lower_bound(keys.begin(), keys.end(), key);
    const bool found = walk.seek(key);
    REQUIRE(walk.status().ok());
    REQUIRE(found == (expected != keys.end()));
    if (!found) {
      walk = trawl::index_internal::TermIterator(segment);
      at = 0;
      continue;
    }
    at = static_cast<std::size_t>(expected - keys.begin());
    REQUIRE(walk.key() == keys[at]);
    CHECK(walk.info().doc_freq == infos[at].doc_freq);
    CHECK(walk.info().postings_offset == infos[at].postings_offset);
    CHECK(walk.info().positions_offset == infos[at].positions_offset);
    if (trial % 5 == 0 && at + 1 < keys.size()) {  // and steps on from there
      REQUIRE(walk.next());
      ++at;
      CHECK(walk.key() == keys[at]);
      CHECK(walk.info().postings_offset == infos[at].postings_offset);
    }
  }
}

TEST_CASE("Index: updates and deletes, merged, equal a fresh index of the live documents",
          "[index]") {
  const std::size_t merge_factor = GENERATE(as<std::size_t>{}, 0, 3);
  const unsigned threads = GENERATE(1u, 2u);
  const auto seed = GENERATE(take(1, random(0u, 1000000u)));
  CAPTURE(merge_factor, threads, seed);
  std::mt19937_64 rng(seed);
  const Schema schema = test_schema();
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = 30'000;
  options.merge_factor = merge_factor;
  options.threads = threads;
  auto writer = trawl::IndexWriter::open(directory, schema, options);
  REQUIRE(writer.has_value());

  // The live documents in index order: an update moves a document to the end.
  std::vector<std::pair<int, Document>> live;
  int next_id = 0;
  for (int step = 0; step < 400; ++step) {
    const auto roll = rng() % 10;
    if (roll < 6 || live.empty()) {
      Document doc = random_document(rng, next_id);
      REQUIRE(writer->add(doc).ok());
      live.emplace_back(next_id++, std::move(doc));
    } else if (roll < 8) {
      const std::size_t victim = rng() % live.size();
      const int id = live[victim].first;
      Document doc = random_document(rng, id);
      REQUIRE(writer->update(doc).ok());
      live.erase(live.begin() + static_cast<long>(victim));
      live.emplace_back(id, std::move(doc));
    } else {
      const std::size_t victim = rng() % live.size();
      auto removed = writer->remove("doc-" + std::to_string(live[victim].first));
      REQUIRE(removed.has_value());
      CHECK(*removed == 1);
      live.erase(live.begin() + static_cast<long>(victim));
    }
    if (rng() % 40 == 0) REQUIRE(writer->commit().ok());
  }
  CHECK(*writer->remove("no-such-id") == 0);
  REQUIRE(writer->commit().ok());

  // Before merging: every live key is found exactly once among live documents.
  auto reader = trawl::IndexReader::open(directory);
  REQUIRE(reader.has_value());
  CHECK(reader->doc_count() == live.size());
  for (const auto& [id, doc] : live) {
    int found = 0;
    for (std::size_t s = 0; s < reader->segment_count(); ++s) {
      auto cursor = reader->postings(s, "id", "doc-" + std::to_string(id)).value();
      for (; cursor && cursor->docid() != trawl::kTerminated; cursor->next()) {
        if (!reader->is_deleted(s, cursor->docid())) ++found;
      }
    }
    CHECK(found == 1);
  }

  // Merged as they are, or renumbered by the merge: then the reference takes the documents in
  // the order the index holds them, found by their stored ids.
  const bool reorder = GENERATE(false, true);
  CAPTURE(reorder);
  trawl::ForceMergeOptions merge;
  merge.reorder_documents = reorder;
  REQUIRE(writer->force_merge(1, merge).ok());
  auto merged = reader->reopen();
  REQUIRE(merged.has_value());
  CHECK(merged->segment_count() == 1);
  CHECK(merged->deleted_count() == 0);
  std::vector<const Document*> in_order;
  for (const auto& [id, doc] : live) in_order.push_back(&doc);
  if (reorder) {
    std::map<std::string, const Document*> by_id;
    for (const auto& [id, doc] : live) by_id["doc-" + std::to_string(id)] = &doc;
    in_order.clear();
    for (trawl::DocId d = 0; d < merged->segment_info(0).doc_count; ++d) {
      auto stored = merged->stored(0, d);
      REQUIRE(stored.has_value());
      REQUIRE(stored->get("id") != nullptr);
      REQUIRE(by_id.count(*stored->get("id")) == 1);
      in_order.push_back(by_id[*stored->get("id")]);
    }
    REQUIRE(in_order.size() == live.size());
  }
  trawl::test::ReferenceIndex reference(schema);
  for (const Document* doc : in_order) reference.add(*doc);
  check_against_reference(*merged, reference);
  // The old snapshot still reads its (now removed) segments.
  CHECK(reader->check().ok());
}

TEST_CASE("Index: parallel analysis builds the same index as one thread",
          "[index][concurrency]") {
  std::mt19937_64 rng(4242);
  const Schema schema = test_schema();
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  trawl::IndexWriterOptions options;
  options.ram_budget_bytes = 50'000;
  options.threads = 4;
  auto writer = trawl::IndexWriter::open(directory, schema, options);
  REQUIRE(writer.has_value());
  trawl::test::ReferenceIndex reference(schema);
  for (int i = 0; i < 400; ++i) {
    const Document doc = random_document(rng, i);
    REQUIRE(writer->add(doc).ok());
    reference.add(doc);
  }
  REQUIRE(writer->commit().ok());
  check_against_reference(*trawl::IndexReader::open(directory), reference);
}
