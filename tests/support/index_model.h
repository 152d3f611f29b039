// A model of a small index for tests that check what an index holds against what was put in
// it, not against trawl's own search: documents are (key, text) pairs over a few words that the
// English analyser keeps as they are, so each word's postings can be counted in the text.
#ifndef TRAWL_TESTS_SUPPORT_INDEX_MODEL_H_
#define TRAWL_TESTS_SUPPORT_INDEX_MODEL_H_

#include <catch2/catch.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "trawl/index/index_reader.h"
#include "trawl/index/schema.h"

namespace trawl::test::model {

// Words the English analyser keeps as they are (no stop word, no stem change), so that the
// model counts them in the text as the index holds them.
inline const std::vector<std::string> kWords = {"alpha", "bravo", "delta", "echo",  "golf",
                                                "hotel", "kilo",  "lima",  "oscar", "papa"};

inline Schema schema() {
  Schema s;
  s.add_keyword("id").add_text("body").set_unique_key("id");
  return s;
}

inline Document doc(const std::string& id, const std::string& body) {
  return Document().add("id", id).add("body", body);
}

// key -> text: what a snapshot must hold.
using Model = std::map<std::string, std::string>;

inline std::uint32_t occurrences(const std::string& text, const std::string& word) {
  std::istringstream in(text);
  std::uint32_t n = 0;
  for (std::string w; in >> w;) n += w == word;
  return n;
}

// Every live document of `reader` by its key, with its stored text; fails on a duplicate key.
inline Model live_documents(const IndexReader& reader) {
  Model found;
  for (std::size_t s = 0; s < reader.segment_count(); ++s) {
    for (trawl::DocId d = 0; d < reader.segment_info(s).doc_count; ++d) {
      if (reader.is_deleted(s, d)) continue;
      auto stored = reader.stored(s, d);
      REQUIRE(stored.has_value());
      const std::string* id = stored->get("id");
      const std::string* body = stored->get("body");
      REQUIRE(id != nullptr);
      REQUIRE(body != nullptr);
      INFO("key " << *id);
      CHECK(found.emplace(*id, *body).second);
    }
  }
  return found;
}

// The snapshot holds exactly the model: its documents, their keys' postings, and each word's
// postings with the frequency the text gives.
inline void check_snapshot(const IndexReader& reader, const Model& model) {
  CHECK(reader.doc_count() == model.size());
  CHECK(live_documents(reader) == model);
  for (const std::string& word : kWords) {
    std::map<std::string, std::uint32_t> expected, actual;
    for (const auto& [key, text] : model) {
      if (const std::uint32_t n = occurrences(text, word); n > 0) expected[key] = n;
    }
    for (std::size_t s = 0; s < reader.segment_count(); ++s) {
      auto postings = reader.postings(s, "body", word);
      REQUIRE(postings.has_value());
      if (*postings == nullptr) continue;
      for (auto& cursor = **postings; cursor.docid() != trawl::kTerminated; cursor.next()) {
        if (reader.is_deleted(s, cursor.docid())) continue;
        auto stored = reader.stored(s, cursor.docid());
        REQUIRE(stored.has_value());
        actual[*stored->get("id")] = cursor.freq();
      }
    }
    INFO("word " << word);
    CHECK(actual == expected);
  }
  for (const auto& [key, text] : model) {
    std::uint64_t live = 0;
    for (std::size_t s = 0; s < reader.segment_count(); ++s) {
      auto postings = reader.postings(s, "id", key);
      REQUIRE(postings.has_value());
      if (*postings == nullptr) continue;
      for (auto& cursor = **postings; cursor.docid() != trawl::kTerminated; cursor.next()) {
        live += !reader.is_deleted(s, cursor.docid());
      }
    }
    INFO("key " << key);
    CHECK(live == 1);
  }
}

/// What a disk may hold after a crash: the documents of the last acknowledged durable call (a
/// commit or a sync), and those of the call under way when the crash came, if one was.
struct DurableState {
  std::optional<Model> acknowledged;  // none until the index exists
  std::optional<Model> under_way;

  /// Runs `call`, which makes `current` durable; false if it failed.
  template <class Call>
  bool make_durable(const Model& current, Call&& call) {
    under_way = current;
    if (!call().ok()) return false;
    acknowledged = current;
    under_way.reset();
    return true;
  }
  /// Whether `found` is one of the two. REQUIRES: acknowledged.
  bool holds(const Model& found) const {
    return found == *acknowledged || (under_way && found == *under_way);
  }
};

}  // namespace trawl::test::model

#endif  // TRAWL_TESTS_SUPPORT_INDEX_MODEL_H_
