#include "search/weights/compiler.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <string_view>

#include "trawl/analysis/token_filter.h"

namespace trawl::search_internal {

Result<WeightPtr> Compiler::compile(const Query& query) {
  if (!(query.boost() >= 0) || !std::isfinite(query.boost())) {
    return Status::invalid_argument("query: boost must be a finite number >= 0, not " +
                                    std::to_string(query.boost()));
  }
  switch (query.kind()) {
    case Query::Kind::kTerm:
      return compile_term(query, *this);
    case Query::Kind::kPhrase:
      return compile_phrase(query, *this);
    case Query::Kind::kPrefix:
      return compile_prefix(query, *this);
    case Query::Kind::kFuzzy:
      return compile_fuzzy(query, *this);
    case Query::Kind::kWildcard:
      return compile_wildcard(query, *this);
    case Query::Kind::kPhrasePrefix:
      return compile_phrase_prefix(query, *this);
    case Query::Kind::kBoolean:
      return compile_boolean(query, *this);
    case Query::Kind::kMatchAll:
      return compile_match_all(query, *this);
    case Query::Kind::kRange:
      return compile_range(query, *this);
    case Query::Kind::kDecay:
      return compile_decay(query, *this);
  }
  return Status::internal("query: unknown kind");
}

WeightPtr Compiler::one_of(std::vector<WeightPtr> weights, bool any_words) {
  if (weights.empty()) return make_nothing(!any_words);
  if (weights.size() == 1) return std::move(weights[0]);
  return make_any_of(std::move(weights));
}

Result<Compiler::FieldGroups> Compiler::field_groups(const std::string& field) const {
  const auto& fields = state_.schema().fields();
  FieldGroups groups;
  if (!field.empty()) {
    auto index = state_.schema().find(field);
    if (!index) {
      return Status::invalid_argument("query: unknown field '" + field +
                                      "' (schema: " + state_.schema().describe() + ")");
    }
    const FieldType type = fields[*index].type;
    if (type != FieldType::kText && type != FieldType::kKeyword) {
      return Status::invalid_argument("query: field '" + field + "' is " +
                                      std::string(field_type_name(type)) + ", not searchable");
    }
    groups.push_back({{static_cast<std::uint32_t>(*index)}, type == FieldType::kKeyword});
    return groups;
  }
  for (std::uint32_t f = 0; f < fields.size(); ++f) {
    if (fields[f].type != FieldType::kText) continue;
    auto same = std::find_if(groups.begin(), groups.end(), [&](const FieldGroup& g) {
      return fields[g.fields[0]].analyzer == fields[f].analyzer;
    });
    if (same == groups.end()) {
      groups.push_back({{f}, false});
    } else {
      same->fields.push_back(f);
    }
  }
  if (groups.empty()) return Status::invalid_argument("query: the schema has no text fields");
  return groups;
}

Result<std::vector<Token>> Compiler::analyze(const FieldGroup& group,
                                             const std::string& text) const {
  if (group.keyword) return std::vector<Token>{Token{text, 0, 0, 0}};
  const auto& analyzer = state_.analyzers[group.fields[0]];
  if (!analyzer)
    return Status::internal("no analyzer for field " +
                            state_.schema().fields()[group.fields[0]].name);
  return analyzer->analyze(text);
}

std::vector<QueryWord> query_words(std::vector<Token> tokens) {
  std::vector<QueryWord> words;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && tokens[i].position == tokens[i - 1].position) {
      words.back().colocated.push_back(std::move(tokens[i].term));
    } else {
      words.push_back({std::move(tokens[i].term), {}, tokens[i].position});
    }
  }
  return words;
}

std::vector<Token> without_colocated(std::vector<Token> tokens) {
  std::size_t kept = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (i > 0 && tokens[i].position == tokens[i - 1].position) continue;
    if (kept != i) tokens[kept] = std::move(tokens[i]);
    ++kept;
  }
  tokens.resize(kept);
  return tokens;
}

Result<std::vector<std::string>> Compiler::words(
    const FieldGroup& group, const std::string& text, std::vector<std::string>* surfaces,
    std::vector<std::vector<std::string>>* colocated) const {
  TRAWL_ASSIGN_OR_RETURN(auto tokens, analyze(group, text));
  std::vector<std::string> out;
  out.reserve(tokens.size());
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    Token& token = tokens[i];
    if (i > 0 && token.position == tokens[i - 1].position) {
      if (colocated != nullptr) colocated->back().push_back(std::move(token.term));
      continue;
    }
    if (colocated != nullptr) colocated->emplace_back();
    if (surfaces != nullptr) {
      // The token's bytes as typed, normalised: what indexing keeps as its surface.
      TRAWL_ASSIGN_OR_RETURN(
          std::string surface,
          group.keyword
              ? Result<std::string>(token.term)
              : normalize(group, std::string_view(text).substr(token.byte_begin,
                                                               token.byte_end - token.byte_begin)));
      surfaces->push_back(std::move(surface));
    }
    out.push_back(std::move(token.term));
  }
  return out;
}

Result<std::string> Compiler::term_of_surface(const FieldGroup& group,
                                              std::string_view surface) const {
  const auto& analyzer = state_.analyzers[group.fields[0]];
  if (!analyzer || group.keyword) return std::string(surface);
  return analyzer->term_of_surface(surface);
}

Result<std::uint64_t> Compiler::field_doc_freq(std::string_view term,
                                               const FieldList& fields) const {
  std::uint64_t df = 0;
  for (const auto& segment : state_.segments()) {
    for (std::uint32_t f : fields) {
      TRAWL_ASSIGN_OR_RETURN(auto info, segment->lookup(f, term));
      if (info) df += info->doc_freq;
    }
  }
  return df;
}

Status Compiler::add_surface_terms(const FieldGroup& group, const Surfaces& surfaces,
                                   ExpandedTerms& terms) const {
  for (const std::string& surface : surfaces) {
    TRAWL_ASSIGN_OR_RETURN(std::string term, term_of_surface(group, surface));
    if (term.empty() || terms.count(term) > 0) continue;
    TRAWL_ASSIGN_OR_RETURN(const std::uint64_t df, field_doc_freq(term, group.fields));
    if (df > 0) terms.emplace(std::move(term), df);
  }
  return {};
}

Bm25Term Compiler::bm25_for(const FieldGroup& group, bool scoped, double* n) const {
  Bm25Term term;
  term.k1 = state_.bm25.k1;
  term.b = state_.bm25.b;
  term.fields = group.fields;
  if (group.keyword) {
    // A keyword value has no length to normalise by (b = 0: dl is taken as avgdl), and N is
    // every document of the snapshot, so a rare value weighs more than a common one.
    term.field_weights.push_back(1.0);
    term.b = 0;
    double docs = 0;
    for (const auto& segment : state_.segments()) docs += segment->doc_count();
    *n = docs;
    return term;
  }
  double total = 0, docs = 0;
  for (std::uint32_t f : group.fields) {
    const double weight = scoped ? 1.0 : state_.field_weights[f];
    term.field_weights.push_back(weight);
    for (const auto& segment : state_.segments()) {
      total += weight * static_cast<double>(segment->meta().fields[f].total_length);
      if (scoped) docs += static_cast<double>(segment->meta().fields[f].doc_count);
    }
  }
  if (!scoped) {  // N = documents with any text, whichever fields the group has
    for (const auto& segment : state_.segments()) {
      docs += static_cast<double>(segment->meta().docs_with_text);
    }
  }
  *n = docs;
  term.avgdl = docs > 0 && total > 0 ? total / docs : 1.0;
  return term;
}

Status TermLocations::find(const index_internal::SegmentReader& segment, const FieldList& fields,
                           std::string_view term, Infos& out) const {
  for (const auto& [kept, infos] : segments_) {
    if (kept == &segment && infos.size() == fields.size()) {
      out = infos;
      return {};
    }
  }
  out.clear();
  for (std::uint32_t f : fields) {
    TRAWL_ASSIGN_OR_RETURN(auto info, segment.lookup(f, term));
    out.push_back(info);
  }
  return {};
}

Result<std::uint64_t> Compiler::doc_freq(const std::string& term, const FieldList& fields,
                                         TermLocations* locations) const {
  std::uint64_t df = 0;
  TermLocations::Infos infos;
  for (const auto& segment : state_.segments()) {
    infos.clear();
    std::size_t holders = 0;
    for (std::uint32_t f : fields) {
      TRAWL_ASSIGN_OR_RETURN(auto info, segment->lookup(f, term));
      if (info) ++holders;
      infos.push_back(info);
    }
    if (locations != nullptr) locations->add(*segment, infos);
    if (holders == 1) {  // one list: its length, without opening it
      for (const auto& info : infos) df += info ? info->doc_freq : 0;
      continue;
    }
    std::vector<std::unique_ptr<index_internal::BlockPostingsCursor>> cursors;
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (infos[i]) cursors.push_back(segment->postings(*infos[i], fields[i]));
    }
    if (cursors.empty()) continue;
    // A term in several fields: the size of the union of their postings. The longest list
    // counts whole; a document of the others adds one only where the longest lacks it, which
    // next_geq answers skipping whole blocks. Cost: the shorter lists (titles, usually).
    std::sort(cursors.begin(), cursors.end(),
              [](const auto& a, const auto& b) { return a->size() > b->size(); });
    auto& longest = cursors.front();
    df += longest->size();
    for (DocId doc = 0; cursors.size() > 1;) {
      DocId smallest = kTerminated;
      for (std::size_t c = 1; c < cursors.size(); ++c) {
        cursors[c]->next_geq(doc);
        smallest = std::min(smallest, cursors[c]->docid());
      }
      if (smallest == kTerminated) break;
      longest->next_geq(smallest);
      if (longest->docid() != smallest) ++df;
      doc = smallest + 1;
    }
    for (auto& cursor : cursors) TRAWL_RETURN_IF_ERROR(cursor->status());
  }
  return df;
}

Result<std::string> Compiler::normalize(const FieldGroup& group, std::string_view text) const {
  if (group.keyword || text.empty()) return std::string(text);
  auto normalize = make_normalize_filter();
  if (!normalize) return normalize.error();
  Token token;
  token.term = text;
  if (!(*normalize)->apply(token)) {
    TRAWL_RETURN_IF_ERROR((*normalize)->status());
    return std::string();
  }
  return std::move(token.term);
}

Result<std::vector<std::string>> Compiler::expand_prefix(const FieldGroup& group,
                                                         const std::string& raw, std::size_t cap) {
  TRAWL_ASSIGN_OR_RETURN(std::string prefix, normalize(group, raw));
  if (prefix.empty() && !group.keyword) return std::vector<std::string>{};  // nothing left
  return expand_terms(
      group, prefix, [](std::string_view) { return true; }, SIZE_MAX, cap);
}

void Compiler::add_expanded(ExpandedTerms& terms, std::string_view term, std::uint64_t df) {
  auto at = terms.find(term);
  if (at == terms.end()) at = terms.emplace(std::string(term), 0).first;
  at->second += df;
}

std::vector<std::string> Compiler::most_frequent(ExpandedTerms terms, std::size_t cap) {
  std::vector<std::pair<std::string, std::uint64_t>> kept;
  kept.reserve(terms.size());
  for (auto& [term, df] : terms) kept.emplace_back(term, df);
  if (kept.size() > cap) {
    // The most frequent: what a short prefix in a search box most likely stands for. The
    // order stays the dictionary's, so the bag's scores are summed as without the cap.
    std::nth_element(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(cap), kept.end(),
                     [](const auto& a, const auto& b) {
                       return a.second != b.second ? a.second > b.second : a.first < b.first;
                     });
    kept.resize(cap);
    std::sort(kept.begin(), kept.end());
  }
  std::vector<std::string> out;
  out.reserve(kept.size());
  for (auto& [term, df] : kept) out.push_back(std::move(term));
  return out;
}

Status Compiler::add_clauses(std::size_t n) {
  clauses_ += n;
  if (clauses_ > options_.max_clauses) {
    return Status::invalid_argument(
        "query: more than " + std::to_string(options_.max_clauses) +
        " clauses (distinct words, phrase words, prefixes and boolean clauses); "
        "SearchOptions::max_clauses sets the limit");
  }
  return {};
}

}  // namespace trawl::search_internal
