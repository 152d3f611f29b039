// trawl search | batch | eval: querying an index and measuring its answers.
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <optional>
#include <sstream>
#include <thread>

#include "commands.h"
#include "evaluation.h"
#include "json_output.h"
#include "options.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

namespace trawl::cli {
namespace {

// The most hits one query may ask for: a top-k heap of a million is still cheap.
constexpr long long kMaxHits = 1'000'000;
constexpr long long kMaxClauses = 10'000'000;

int fail(std::string_view command, const Status& status) {
  std::cerr << "trawl " << command << ": " << status << "\n";
  return status.is_invalid_argument() ? kExitUsage : kExitFailure;
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::not_found("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// The identities of hits: their unique key's values, or "segment:doc". `documents`: the hits'
// stored fields if already read (--json), else read here when there is a key.
Result<std::vector<std::string>> hit_ids(const Searcher& searcher, const std::vector<Hit>& hits,
                                         const std::vector<Document>* stored = nullptr) {
  std::vector<std::string> ids;
  const std::string& key = searcher.reader().schema().unique_key();
  std::vector<Document> read;
  if (!key.empty() && stored == nullptr) {
    TRAWL_ASSIGN_OR_RETURN(read, searcher.documents(hits));
    stored = &read;
  }
  const std::vector<Document>& documents = stored != nullptr ? *stored : read;
  for (std::size_t i = 0; i < hits.size(); ++i) {
    const std::string* id = documents.empty() ? nullptr : documents[i].get(key);
    ids.push_back(id != nullptr ? *id
                                : std::to_string(hits[i].segment) + ":" + std::to_string(hits[i].doc));
  }
  return ids;
}

// --fuzzy and the rules of fuzzy words, shared by search and batch.
struct FuzzyArgs {
  bool fuzzy = false;
  Fuzziness rules;

  void apply(SearchOptions& options) const {
    options.fuzzy = fuzzy;
    options.fuzziness = rules;
  }
};

void add_fuzzy_options(CLI::App& command, FuzzyArgs& args) {
  command.add_flag("--fuzzy", args.fuzzy,
                   "Typo tolerance: every word also matches its misspellings, within edits by "
                   "its length; exact matches rank first");
  add_whole_option(command, "--one-edit-from", args.rules.one_edit_from, 1, 64,
                   "Shortest word (as stemmed) allowed one edit (default: 5)");
  add_whole_option(command, "--two-edits-from", args.rules.two_edits_from, 1, 1000,
                   "Shortest word allowed two edits (default: 9)");
  add_real_option(command, "--edit-penalty", args.rules.edit_penalty, 1e-6, 1,
                  "Weight of a misspelling per edit beyond the nearest (default: 0.5)");
  add_whole_option(command, "--max-expansions", args.rules.max_expansions, 1, 100000,
                   "Most terms a fuzzy word expands to (default: 50)");
}

struct SearchArgs {
  FuzzyArgs fuzzy;
  bool prefix_last = false;
  std::string index;
  std::size_t k = 10;
  bool json = false;
  bool explain = false;
  bool snippets = false;
  double k1 = 0.9, b = 0.4;
  std::size_t max_clauses = 1024;
  std::vector<std::string> fields;  // stored fields shown with --json (default: all)
  std::vector<std::string> filters;  // --filter queries: must match, not scored
  std::vector<std::string> sort;     // --sort [-]FIELD, in order
  std::size_t offset = 0;
  std::string after;
  std::vector<std::string> facets, facet_ranges, facet_histograms;
  std::string decay;  // --decay FIELD,ORIGIN,SCALE[,FACTOR]
  std::vector<std::string> words;
};

// --decay FIELD,ORIGIN,SCALE[,FACTOR] applied to `query`; InvalidArgument naming the flag.
Result<Query> decayed(const std::string& spec, Query query) {
  std::vector<std::string> parts;
  for (std::size_t at = 0; at <= spec.size();) {
    const std::size_t comma = std::min(spec.find(',', at), spec.size());
    parts.push_back(spec.substr(at, comma - at));
    at = comma + 1;
  }
  if (parts.size() < 3 || parts.size() > 4) {
    return Status::invalid_argument("--decay: expected FIELD,ORIGIN,SCALE[,FACTOR], not '" + spec + "'");
  }
  double factor = 0.5;
  if (parts.size() == 4) {
    char* end = nullptr;
    factor = std::strtod(parts[3].c_str(), &end);
    if (parts[3].empty() || *end != '\0') {
      return Status::invalid_argument("--decay: the factor '" + parts[3] + "' is not a number");
    }
  }
  return Query::decay(std::move(query), parts[0], parts[1], parts[2], factor);
}

// The search options the structured flags ask for; InvalidArgument naming the flag.
Status structured_options(const SearchArgs& args, const Schema& schema, SearchOptions& options) {
  for (const std::string& key : args.sort) {
    const bool descending = !key.empty() && key[0] == '-';
    const std::string field = descending ? key.substr(1) : key;
    if (field.empty()) return Status::invalid_argument("--sort: no field in '" + key + "'");
    // The score sorts best first, with or without '-'.
    options.sort.push_back(field == "score" ? SortKey::by_score() : SortKey{field, descending});
  }
  options.offset = args.offset;
  options.after = args.after;
  std::vector<std::string> seen;
  auto facet_field = [&](const std::string& flag, const std::string& spec,
                         std::string* rest) -> Result<std::string> {
    const std::size_t colon = spec.find(':');
    std::string field = spec.substr(0, colon);
    if (rest != nullptr) {
      if (colon == std::string::npos || colon + 1 == spec.size()) {
        return Status::invalid_argument(flag + ": expected FIELD:" +
                                        (flag == "--facet-range" ? "EDGE,EDGE,..." : "INTERVAL") +
                                        ", not '" + spec + "'");
      }
      *rest = spec.substr(colon + 1);
    }
    if (field.empty()) return Status::invalid_argument(flag + ": no field in '" + spec + "'");
    if (std::find(seen.begin(), seen.end(), field) != seen.end()) {
      return Status::invalid_argument(flag + ": field '" + field +
                                      "' has a facet already (one facet per field)");
    }
    seen.push_back(field);
    return field;
  };
  for (const std::string& spec : args.facets) {
    FacetRequest request;
    request.kind = FacetRequest::Kind::kValues;
    const std::size_t colon = spec.find(':');
    TRAWL_ASSIGN_OR_RETURN(request.field, facet_field("--facet", spec.substr(0, colon), nullptr));
    if (colon != std::string::npos) {
      const std::string count = spec.substr(colon + 1);
      char* end = nullptr;
      const long long n = std::strtoll(count.c_str(), &end, 10);
      if (count.empty() || *end != '\0' || n < 1 || n > 1'000'000) {
        return Status::invalid_argument("--facet: the count in '" + spec +
                                        "' must be a whole number from 1 to 1000000");
      }
      request.size = static_cast<std::size_t>(n);
    }
    options.facets.push_back(std::move(request));
  }
  for (const std::string& spec : args.facet_ranges) {
    FacetRequest request;
    request.kind = FacetRequest::Kind::kRanges;
    std::string edges;
    TRAWL_ASSIGN_OR_RETURN(request.field, facet_field("--facet-range", spec, &edges));
    for (std::size_t at = 0; at <= edges.size();) {
      const std::size_t comma = std::min(edges.find(',', at), edges.size());
      request.edges.push_back(edges.substr(at, comma - at));
      at = comma + 1;
    }
    options.facets.push_back(std::move(request));
  }
  for (const std::string& spec : args.facet_histograms) {
    FacetRequest request;
    request.kind = FacetRequest::Kind::kHistogram;
    TRAWL_ASSIGN_OR_RETURN(request.field, facet_field("--facet-histogram", spec, &request.interval));
    options.facets.push_back(std::move(request));
  }
  (void)schema;
  return {};
}

// Bold on a terminal (unless NO_COLOR is set, https://no-color.org); elsewhere plain marks.
bool use_color() {
  const char* no_color = std::getenv("NO_COLOR");
  return ::isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0');
}

std::string json_explanation(const Explanation& e) {
  std::string out = "{\"value\":" + json_number(e.value) + ",\"description\":" + json_string(e.description);
  if (!e.details.empty()) {
    out += ",\"details\":[";
    for (std::size_t i = 0; i < e.details.size(); ++i) {
      out += (i ? "," : "") + json_explanation(e.details[i]);
    }
    out += "]";
  }
  return out + "}";
}

// A document's stored values as a JSON object (several values of a field as an array).
std::string json_fields(const Document& document, const std::vector<std::string>& only) {
  std::vector<std::string> names;
  for (const Document::Field& field : document.fields()) {
    if (std::find(names.begin(), names.end(), field.name) == names.end() &&
        (only.empty() || std::find(only.begin(), only.end(), field.name) != only.end())) {
      names.push_back(field.name);
    }
  }
  std::string out = "{";
  for (std::size_t n = 0; n < names.size(); ++n) {
    std::vector<std::string> values;
    for (const Document::Field& field : document.fields()) {
      if (field.name != names[n]) continue;
      if (const auto* text = std::get_if<std::string>(&field.value)) {
        values.push_back(json_string(*text));
      } else {
        values.push_back(std::to_string(std::get<std::int64_t>(field.value)));
      }
    }
    out += (n ? "," : "") + json_string(names[n]) + ":";
    if (values.size() == 1) {
      out += values[0];
    } else {
      out += "[";
      for (std::size_t v = 0; v < values.size(); ++v) out += (v ? "," : "") + values[v];
      out += "]";
    }
  }
  return out + "}";
}

// Fewer hits than this and `trawl search` offers a corrected query.
constexpr std::uint64_t kFewHits = 5;

bool word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u >= 0x80 || std::isalnum(u) != 0;
}

// The user's query text with each of the suggestion's words replaced where it stands (a whole
// word, in order), or the corrected query's readable form if one is not found as typed.
std::string corrected_text(std::string text, const Suggestion& suggestion) {
  std::size_t from = 0;
  for (const Suggestion::Correction& correction : suggestion.corrections) {
    std::size_t at = text.find(correction.original, from);
    while (at != std::string::npos && ((at > 0 && word_byte(text[at - 1])) ||
                                       (at + correction.original.size() < text.size() &&
                                        word_byte(text[at + correction.original.size()])))) {
      at = text.find(correction.original, at + 1);
    }
    if (at == std::string::npos) return suggestion.query.to_string();
    text.replace(at, correction.original.size(), correction.replacement);
    from = at + correction.replacement.size();
  }
  return text;
}

int run_search(const SearchArgs& args) {
  auto reader = IndexReader::open(args.index);
  if (!reader) return fail("search", reader.error());
  for (const std::string& name : args.fields) {
    if (!reader->schema().find(name)) {
      return fail("search", Status::invalid_argument("--fields: no field '" + name + "' (schema: " +
                                                     reader->schema().describe() + ")"));
    }
  }
  std::string text;
  for (const std::string& word : args.words) text += (text.empty() ? "" : " ") + word;
  QueryParserOptions parser;
  parser.schema = &reader->schema();  // ranges and dates checked against their fields
  parser.prefix_last = args.prefix_last;
  auto query = parse_query(text, parser);
  parser.prefix_last = false;  // not for --filter
  if (!query) return fail("search", query.error());
  const Query typed = *query;  // what did-you-mean corrects, without filters or decay
  // Filters must match and add nothing to the score: "+query #filter #filter".
  if (!args.filters.empty()) {
    std::vector<Query::Clause> clauses{{Query::Occur::kMust, *query}};
    for (const std::string& filter : args.filters) {
      auto parsed = parse_query(filter, parser);
      if (!parsed) return fail("search", parsed.error().with_context("--filter"));
      clauses.push_back({Query::Occur::kFilter, std::move(parsed).value()});
    }
    query = Query::boolean(std::move(clauses));
  }
  if (!args.decay.empty()) {
    auto decayed_query = decayed(args.decay, std::move(*query));
    if (!decayed_query) return fail("search", decayed_query.error());
    query = std::move(decayed_query);
  }
  SearchOptions options;
  options.k = args.k;
  options.max_clauses = args.max_clauses;
  args.fuzzy.apply(options);
  if (Status status = structured_options(args, reader->schema(), options); !status.ok()) {
    return fail("search", status);
  }
  auto searcher = Searcher::create(std::move(reader).value(), Bm25Parameters{args.k1, args.b});
  if (!searcher) return fail("search", searcher.error());
  auto result = searcher->search(*query, options);
  if (!result) return fail("search", result.error());
  // Did you mean: offered when the query finds few documents (to a reader: the JSON keeps
  // the keys its consumers expect).
  std::optional<std::string> suggestion;
  if (!args.json && result->total_hits < kFewHits) {
    auto suggested = searcher->suggest(typed);
    if (!suggested) return fail("search", suggested.error());
    if (*suggested) suggestion = corrected_text(text, **suggested);
  }
  if (args.json) {
    std::printf("{\"query\":%s,\"total_hits\":%llu,\"total_is_exact\":%s,\"hits\":[",
                json_string(text).c_str(), static_cast<unsigned long long>(result->total_hits),
                result->total_is_exact ? "true" : "false");
  } else {
    std::printf("%s%llu hit%s for %s\n", result->total_is_exact ? "" : "at least ",
                static_cast<unsigned long long>(result->total_hits),
                result->total_hits == 1 ? "" : "s", query->to_string().c_str());
    if (suggestion) std::printf("did you mean: %s\n", suggestion->c_str());
  }
  std::vector<Document> documents;  // read once, for the ids, the JSON fields, the sort values
  if (args.json || !options.sort.empty()) {
    auto stored = searcher->documents(result->hits);
    if (!stored) return fail("search", stored.error());
    documents = std::move(stored).value();
  }
  auto ids = hit_ids(*searcher, result->hits, documents.empty() ? nullptr : &documents);
  if (!ids) return fail("search", ids.error());
  // JSON carries HTML-escaped passages with the default <b> marks; a terminal shows bold text;
  // a pipe gets the raw text with **marks**.
  SnippetOptions snippet_options;
  if (!args.json) {
    snippet_options.escape_html = false;
    const bool color = use_color();
    snippet_options.before = color ? "\033[1m" : "**";
    snippet_options.after = color ? "\033[0m" : "**";
  }
  for (std::size_t rank = 0; rank < result->hits.size(); ++rank) {
    const Hit& hit = result->hits[rank];
    const std::string& id = (*ids)[rank];
    Snippet snippet;
    if (args.snippets) {
      auto best = searcher->best_snippet(*query, hit, snippet_options, options);
      if (!best) return fail("search", best.error());
      snippet = std::move(best).value();
    }
    std::optional<Explanation> explanation;
    if (args.explain) {
      auto explained = searcher->explain(*query, hit, options);
      if (!explained) return fail("search", explained.error());
      explanation = std::move(explained).value();
    }
    if (args.json) {
      std::printf("%s{\"rank\":%zu,\"id\":%s,\"score\":%s,\"fields\":%s", rank == 0 ? "" : ",",
                  rank + 1, json_string(id).c_str(), json_number(hit.score).c_str(),
                  json_fields(documents[rank], args.fields).c_str());
      if (args.snippets) {
        std::printf(",\"snippet\":%s,\"snippet_field\":%s", json_string(snippet.text).c_str(),
                    json_string(snippet.field).c_str());
      }
      if (explanation) std::printf(",\"explanation\":%s", json_explanation(*explanation).c_str());
      std::printf("}");
    } else {
      std::printf("%3zu  %-20s %9.4f", rank + 1, id.c_str(), hit.score);
      for (const SortKey& key : options.sort) {  // the values the hits are ordered by
        if (key.field.empty()) continue;
        std::string shown;
        for (const Document::Field& value : documents[rank].fields()) {
          if (value.name != key.field) continue;
          const auto* string = std::get_if<std::string>(&value.value);
          shown += (shown.empty() ? "" : ",") +
                   (string != nullptr ? *string : std::to_string(std::get<std::int64_t>(value.value)));
        }
        std::printf("  %s=%s", key.field.c_str(), shown.empty() ? "-" : shown.c_str());
      }
      std::printf("\n");
      if (args.snippets) std::printf("     %s\n", snippet.text.c_str());
      if (explanation) {
        std::istringstream lines(explanation->to_string());
        for (std::string line; std::getline(lines, line);) std::printf("     %s\n", line.c_str());
      }
    }
  }
  if (args.json) {
    std::printf("],\"facets\":{");
    for (std::size_t f = 0; f < result->facets.size(); ++f) {
      const FacetResult& facet = result->facets[f];
      std::printf("%s%s:[", f ? "," : "", json_string(facet.field).c_str());
      for (std::size_t b = 0; b < facet.counts.size(); ++b) {
        std::printf("%s{\"value\":%s,\"count\":%llu}", b ? "," : "",
                    json_string(facet.counts[b].value).c_str(),
                    static_cast<unsigned long long>(facet.counts[b].count));
      }
      std::printf("]");
    }
    std::printf("},\"next\":%s}\n",
                result->next.empty() ? "null" : json_string(result->next).c_str());
    return kExitOk;
  }
  for (const FacetResult& facet : result->facets) {
    std::printf("facet %s:", facet.field.c_str());
    for (const FacetCount& count : facet.counts) {
      std::printf("  %s %llu", count.value.c_str(), static_cast<unsigned long long>(count.count));
    }
    std::printf("\n");
  }
  if (!result->next.empty()) std::printf("next page: --after %s\n", result->next.c_str());
  return kExitOk;
}

struct BatchArgs {
  FuzzyArgs fuzzy;
  bool prefix_last = false;
  std::string index, topics, tag = "trawl", timings;
  std::size_t k = 1000;
  std::size_t max_clauses = 1024;
  unsigned threads = 1;
  bool syntax = false;
};

int run_batch(const BatchArgs& args) {
  auto reader = IndexReader::open(args.index);
  if (!reader) return fail("batch", reader.error());
  auto text = read_text_file(args.topics);
  if (!text) return fail("batch", text.error());
  // Topics: "qid<TAB>query text" per line.
  std::vector<std::pair<std::string, std::string>> topics;
  std::istringstream lines(*text);
  std::string line;
  std::size_t number = 0;
  while (std::getline(lines, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos || tab == 0) {
      return fail("batch", Status::invalid_argument(args.topics + ":" + std::to_string(number) +
                                                    ": expected 'qid<TAB>query'"));
    }
    topics.emplace_back(line.substr(0, tab), line.substr(tab + 1));
  }
  const Searcher searcher(std::move(reader).value());
  SearchOptions options;
  options.k = args.k;
  options.max_clauses = args.max_clauses;
  args.fuzzy.apply(options);
  std::vector<std::string> outputs(topics.size());
  std::vector<Status> errors(topics.size());
  std::vector<double> micros(topics.size(), 0);
  auto work = [&](std::size_t first, std::size_t step) {
    for (std::size_t i = first; i < topics.size(); i += step) {
      Query query = plain_text_query(topics[i].second, "", args.prefix_last);
      if (args.syntax) {
        QueryParserOptions parser;
        parser.prefix_last = args.prefix_last;
        auto parsed = parse_query(topics[i].second, parser);
        if (!parsed) {
          errors[i] = parsed.error().with_context("topic " + topics[i].first);
          continue;
        }
        query = std::move(parsed).value();
      }
      const auto start = std::chrono::steady_clock::now();
      auto result = searcher.search(query, options);
      micros[i] = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count();
      if (!result) {
        errors[i] = result.error().with_context("topic " + topics[i].first);
        continue;
      }
      auto ids = hit_ids(searcher, result->hits);
      if (!ids) {
        errors[i] = ids.error();
        continue;
      }
      std::string out;
      char buffer[64];
      for (std::size_t rank = 0; rank < result->hits.size(); ++rank) {
        std::snprintf(buffer, sizeof(buffer), " %zu %.6f ", rank + 1, result->hits[rank].score);
        out += topics[i].first + " Q0 " + (*ids)[rank] + buffer + args.tag + "\n";
      }
      outputs[i] = std::move(out);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < args.threads; ++t) threads.emplace_back(work, t, args.threads);
  work(0, args.threads);
  for (auto& thread : threads) thread.join();
  for (std::size_t i = 0; i < topics.size(); ++i) {
    if (!errors[i].ok()) return fail("batch", errors[i]);
    std::fwrite(outputs[i].data(), 1, outputs[i].size(), stdout);
  }
  if (!args.timings.empty()) {
    std::ofstream timings(args.timings, std::ios::trunc);
    for (std::size_t i = 0; i < topics.size(); ++i) {
      timings << topics[i].first << '\t' << static_cast<long long>(micros[i] + 0.5) << '\n';
    }
    if (!timings) return fail("batch", Status::io_error("cannot write " + args.timings));
  }
  return kExitOk;
}

int run_eval(const std::string& qrels_path, const std::string& run_path) {
  auto qrels_text = read_text_file(qrels_path);
  if (!qrels_text) return fail("eval", qrels_text.error());
  auto run_text = read_text_file(run_path);
  if (!run_text) return fail("eval", run_text.error());
  auto qrels = parse_qrels(*qrels_text);
  if (!qrels) return fail("eval", qrels.error().with_context(qrels_path));
  auto run = parse_run(*run_text);
  if (!run) return fail("eval", run.error().with_context(run_path));
  const Measures m = evaluate(*qrels, std::move(run).value());
  std::printf("queries       %zu\n", m.queries);
  std::printf("nDCG@10       %.4f\n", m.ndcg_at_10);
  std::printf("MAP           %.4f\n", m.map);
  std::printf("P@10          %.4f\n", m.precision_at_10);
  std::printf("Recall@100    %.4f\n", m.recall_at_100);
  std::printf("Recall@1000   %.4f\n", m.recall_at_1000);
  return kExitOk;
}

}  // namespace

std::vector<std::function<int()>> add_search_commands(CLI::App& app) {
  std::vector<std::function<int()>> runs;
  {
    auto args = std::make_shared<SearchArgs>();
    CLI::App* command = app.add_subcommand("search", "Search an index (Lucene-style syntax)");
    command->add_option("--index,-i", args->index, "Index directory")->required();
    add_whole_option(*command, "-k", args->k, 0, kMaxHits, "Hits to show (default: 10)");
    command->add_flag("--json", args->json,
                      "JSON output: each hit with its stored fields, snippet and explanation");
    command->add_option("--fields", args->fields,
                        "Stored fields each JSON hit carries (default: all)")
        ->delimiter(',');
    command->add_flag("--explain", args->explain, "Show how each score was computed");
    command->add_option("--filter", args->filters,
                        "A query the hits must also match, not scored (repeatable), e.g. "
                        "'published:[2025-01-01 TO *]'");
    command->add_option("--sort", args->sort,
                        "Order by FIELD ascending, -FIELD descending (repeatable: later keys break "
                        "ties), then score, then index order (default: score)");
    add_whole_option(*command, "--offset", args->offset, 0, kMaxHits, "Hits to skip (default: 0)");
    command->add_option("--after", args->after,
                        "Continue after this cursor (the 'next' of the previous page)");
    command->add_option("--decay", args->decay,
                        "Favour values near ORIGIN: scores times FACTOR^(distance/SCALE): "
                        "FIELD,ORIGIN,SCALE[,FACTOR], e.g. published,2025-02-14,7d,0.5 "
                        "(default FACTOR 0.5)");
    command->add_option("--facet", args->facets,
                        "Count the N most frequent values of FIELD among all hits: FIELD[:N] "
                        "(default N: 10; repeatable)");
    command->add_option("--facet-range", args->facet_ranges,
                        "Count all hits in buckets [a,b): FIELD:EDGE,EDGE,... (repeatable)");
    command->add_option("--facet-histogram", args->facet_histograms,
                        "Count all hits per bucket: FIELD:day|month|year|WIDTH (repeatable)");

    command->add_flag("--snippets", args->snippets,
                      "Show the best passage of each hit (of its best-matching stored text field)");
    add_whole_option(*command, "--max-clauses", args->max_clauses, 1, kMaxClauses,
                     "Most words, phrase words, prefixes and boolean clauses a query may have "
                     "(default: 1024)");
    add_fuzzy_options(*command, args->fuzzy);
    command->add_flag("--prefix-last", args->prefix_last,
                      "Search as you type: the query's last word is a prefix");
    add_real_option(*command, "--k1", args->k1, 0, 1000, "BM25 k1 (default: 0.9)");
    add_real_option(*command, "--b", args->b, 0, 1, "BM25 b (default: 0.4)");
    command->add_option("query", args->words, "The query (use -- before a query starting with -)")
        ->required();
    runs.push_back([args] { return run_search(*args); });
  }
  {
    auto args = std::make_shared<BatchArgs>();
    CLI::App* command = app.add_subcommand(
        "batch", "Run topics (qid<TAB>query per line) and write a TREC run to standard output");
    command->add_option("--index,-i", args->index, "Index directory")->required();
    command->add_option("--topics", args->topics, "Topics file")->required();
    add_whole_option(*command, "-k", args->k, 0, kMaxHits, "Hits per topic (default: 1000)");
    add_whole_option(*command, "--max-clauses", args->max_clauses, 1, kMaxClauses,
                     "Most clauses a topic may have (default: 1024; long topics need more)");
    command->add_option("--tag", args->tag, "Run tag (default: trawl)");
    command->add_option("--threads", args->threads, "Search threads (default: 1)")
        ->check(CLI::Range(1u, 256u));
    command->add_option("--timings", args->timings,
                        "Write each topic's search latency: qid<TAB>microseconds per line");
    command->add_flag("--syntax", args->syntax,
                      "Parse topics as queries (default: plain text, all words OR-ed)");
    add_fuzzy_options(*command, args->fuzzy);
    command->add_flag("--prefix-last", args->prefix_last,
                      "Search as you type: each topic's last word is a prefix");
    runs.push_back([args] { return run_batch(*args); });
  }
  {
    auto qrels = std::make_shared<std::string>();
    auto run = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand(
        "eval", "nDCG@10, MAP, P@10, Recall@100 and @1000 of a TREC run (trec_eval conventions)");
    command->add_option("--qrels", *qrels, "Judgments: qid iter docid relevance")->required();
    command->add_option("--run", *run, "Run: qid Q0 docid rank score tag")->required();
    runs.push_back([qrels, run] { return run_eval(*qrels, *run); });
  }
  return runs;
}

}  // namespace trawl::cli
