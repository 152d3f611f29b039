// The oracle for index tests: the simplest possible inverted index, built with std::map from the
// same documents and the same analyzers. Index code must agree with it exactly.
#ifndef TRAWL_TESTS_SUPPORT_REFERENCE_INDEX_H_
#define TRAWL_TESTS_SUPPORT_REFERENCE_INDEX_H_

#include <map>
#include <variant>
#include <string>
#include <vector>

#include "trawl/analysis/analyzer.h"
#include "trawl/index/document.h"
#include "trawl/index/schema.h"
#include "trawl/types.h"

namespace trawl::test {

struct ReferencePosting {
  DocId doc = 0;
  std::vector<Position> positions;  // one per occurrence; {0} for keyword fields
  friend bool operator==(const ReferencePosting&, const ReferencePosting&) = default;
};

class ReferenceIndex {
 public:
  /// Positions left between two values of one text field (the index's documented gap).
  static constexpr Position kValueGap = 100;

  explicit ReferenceIndex(const Schema& schema) : schema_(schema) {
    for (const FieldSpec& field : schema.fields()) {
      analyzers_.push_back(field.type == FieldType::kText
                               ? Analyzer::create(field.analyzer).value()
                               : Analyzer::standard("en").value());
    }
    terms_.resize(schema.fields().size());
    lengths_.resize(schema.fields().size());
  }

  void add(const Document& document) {
    const DocId doc = doc_count_++;
    std::vector<Position> next(schema_.fields().size(), 0);
    for (auto& lengths : lengths_) lengths.push_back(0);
    stored_.emplace_back();
    for (const Document::Field& value : document.fields()) {
      const std::size_t field = *schema_.find(value.name);
      const FieldSpec& spec = schema_.fields()[field];
      if (spec.stored) {
        std::visit([&](const auto& v) { stored_.back().add(value.name, v); }, value.value);
      }
      if (spec.type == FieldType::kText) {
        const auto tokens = analyzers_[field].analyze(std::get<std::string>(value.value)).value();
        for (const Token& token : tokens) {
          add_posting(field, token.term, doc, next[field] + token.position);
          ++lengths_[field].back();
        }
        if (!tokens.empty()) next[field] += tokens.back().position + 1 + kValueGap;
      } else if (spec.type == FieldType::kKeyword) {
        add_posting(field, std::get<std::string>(value.value), doc, 0);
      }
    }
  }

  using Postings = std::vector<ReferencePosting>;
  const std::map<std::string, Postings>& terms(std::size_t field) const { return terms_[field]; }
  std::uint32_t length(std::size_t field, DocId doc) const { return lengths_[field][doc]; }
  const Document& stored(DocId doc) const { return stored_[doc]; }
  DocId doc_count() const { return doc_count_; }

 private:
  void add_posting(std::size_t field, const std::string& term, DocId doc, Position position) {
    Postings& postings = terms_[field][term];
    if (postings.empty() || postings.back().doc != doc) postings.push_back({doc, {}});
    postings.back().positions.push_back(position);
  }

  Schema schema_;
  std::vector<Analyzer> analyzers_;
  std::vector<std::map<std::string, Postings>> terms_;
  std::vector<std::vector<std::uint32_t>> lengths_;
  std::vector<Document> stored_;
  DocId doc_count_ = 0;
};

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_REFERENCE_INDEX_H_
