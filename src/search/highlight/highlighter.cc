#include "search/highlight/highlighter.h"

#include <algorithm>
#include <span>

#include "util/utf8.h"

namespace trawl::search_internal {
namespace {

// One occurrence of an item: tokens first..last of the analysed text.
struct Span {
  std::size_t begin = 0, end = 0;  // bytes of the text
  std::size_t item = 0;
};

bool is_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void append_text(std::string& out, std::string_view text, bool escape) {
  if (!escape) {
    out.append(text);
    return;
  }
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

std::vector<Span> find_spans(const std::vector<Token>& tokens,
                             const std::vector<Highlight>& items) {
  std::vector<Span> spans;
  std::vector<std::pair<Position, Position>> occurrences;
  // Token index by position (positions increase along the tokens).
  auto token_at = [&](Position position) {
    return static_cast<std::size_t>(
        std::lower_bound(tokens.begin(), tokens.end(), position,
                         [](const Token& t, Position p) { return t.position < p; }) -
        tokens.begin());
  };
  for (std::size_t item = 0; item < items.size(); ++item) {
    const Highlight& h = items[item];
    if (h.terms.size() == 1) {
      for (const Token& token : tokens) {
        if (token.term == h.terms[0]) spans.push_back({token.byte_begin, token.byte_end, item});
      }
      continue;
    }
    std::vector<std::vector<Position>> positions(h.terms.size());
    for (const Token& token : tokens) {
      for (std::size_t w = 0; w < h.terms.size(); ++w) {
        if (token.term == h.terms[w]) positions[w].push_back(token.position);
      }
    }
    std::vector<std::span<const Position>> lists(positions.begin(), positions.end());
    occurrences.clear();
    phrase_occurrences(lists, h.shape, &occurrences);
    for (const auto& [first, last] : occurrences) {
      spans.push_back({tokens[token_at(first)].byte_begin, tokens[token_at(last)].byte_end, item});
    }
  }
  std::sort(spans.begin(), spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end > b.end;
  });
  return spans;
}

}  // namespace

Result<Snippet> highlight(std::string_view text, const Analyzer& analyzer,
                          const std::vector<Highlight>& items, const SnippetOptions& options) {
  TRAWL_ASSIGN_OR_RETURN(std::vector<Token> tokens, analyzer.analyze(text));
  const std::vector<Span> spans = find_spans(tokens, items);

  // The window of spans fitting max_bytes with the most weight of distinct items (then the most
  // spans, then the earliest): a sliding window, each item counted while any of its spans is in.
  std::vector<std::size_t> in_window(items.size(), 0);
  double weight = 0, best_weight = -1;
  std::size_t best_first = 0, best_last = 0, best_count = 0;
  for (std::size_t first = 0, last = 0; first < spans.size(); ++first) {
    if (last < first) last = first;
    while (last < spans.size() && spans[last].end - spans[first].begin <= options.max_bytes) {
      if (in_window[spans[last].item]++ == 0) weight += items[spans[last].item].weight;
      ++last;
    }
    const std::size_t count = last - first;
    if (count > 0 && (weight > best_weight || (weight == best_weight && count > best_count))) {
      best_weight = weight;
      best_first = first;
      best_last = last - 1;
      best_count = count;
    }
    if (last > first && --in_window[spans[first].item] == 0) weight -= items[spans[first].item].weight;
  }

  std::size_t begin = 0, end = std::min(text.size(), options.max_bytes);
  if (best_count > 0) {
    // Centre the window's spans in the passage.
    std::size_t span_end = spans[best_first].end;
    for (std::size_t i = best_first; i <= best_last; ++i) span_end = std::max(span_end, spans[i].end);
    const std::size_t width = std::min(options.max_bytes, span_end - spans[best_first].begin);
    const std::size_t context = (options.max_bytes - width) / 2;
    begin = spans[best_first].begin > context ? spans[best_first].begin - context : 0;
    end = std::min(text.size(), begin + options.max_bytes);
  }
  // Never cut a UTF-8 sequence; prefer to start and end at spaces.
  while (begin > 0 && is_continuation(text[begin])) --begin;
  while (end < text.size() && end > begin && is_continuation(text[end])) --end;
  if (begin > 0) {
    const std::size_t space = text.find(' ', begin);
    if (space != std::string_view::npos && space < end && space - begin < 20) begin = space + 1;
  }
  if (end < text.size()) {
    const std::size_t space = text.rfind(' ', end);
    if (space != std::string_view::npos && space > begin && end - space < 20) end = space;
  }

  // Spans inside the passage, overlapping ones merged into one mark.
  std::vector<std::pair<std::size_t, std::size_t>> marks;
  Snippet snippet;
  std::vector<bool> shown(items.size(), false);
  for (const Span& span : spans) {
    if (span.begin < begin || span.end > end) continue;
    if (!shown[span.item]) {
      shown[span.item] = true;
      snippet.weight += items[span.item].weight;
    }
    if (!marks.empty() && span.begin < marks.back().second) {
      marks.back().second = std::max(marks.back().second, span.end);
    } else {
      marks.emplace_back(span.begin, span.end);
    }
  }
  std::string out = begin > 0 ? options.ellipsis : "";
  std::size_t at = begin;
  for (const auto& [mark_begin, mark_end] : marks) {
    append_text(out, text.substr(at, mark_begin - at), options.escape_html);
    out += options.before;
    append_text(out, text.substr(mark_begin, mark_end - mark_begin), options.escape_html);
    out += options.after;
    at = mark_end;
  }
  append_text(out, text.substr(at, end - at), options.escape_html);
  if (end < text.size()) out += options.ellipsis;
  std::string valid;
  snippet.text = util::replace_invalid_utf8(out, valid) ? std::move(valid) : std::move(out);
  return snippet;
}

}  // namespace trawl::search_internal
