#include "index/field_values.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "util/bitmap.h"
#include "util/varint.h"

namespace trawl::index_internal {
namespace {

constexpr std::uint64_t kNoSection = std::numeric_limits<std::uint64_t>::max();

bool has_section(FieldType type) { return is_numeric_type(type) || type == FieldType::kKeyword; }

}  // namespace

// ---- writing ------------------------------------------------------------------------------

FieldValuesWriter::FieldValuesWriter(const Schema& schema) {
  for (const FieldSpec& field : schema.fields()) {
    types_.push_back(field.type);
    numbers_.emplace_back();
    keywords_.emplace_back();
    if (is_numeric_type(field.type)) numbers_.back().emplace();
    if (field.type == FieldType::kKeyword) keywords_.back().emplace();
  }
}

void FieldValuesWriter::add_document(const std::vector<FieldNumber>& numbers) {
  for (auto& column : numbers_) {
    if (column) column->starts.push_back(column->values.size());
  }
  for (const FieldNumber& number : numbers) {
    if (number.field < numbers_.size() && numbers_[number.field]) {
      numbers_[number.field]->values.push_back(number.value);
    }
  }
  for (auto& column : numbers_) {  // ascending within the document
    if (column)
      std::sort(column->values.begin() + static_cast<std::ptrdiff_t>(column->starts.back()),
                column->values.end());
  }
  ++docs_;
}

std::uint32_t FieldValuesWriter::add_keyword_value(std::uint32_t field, std::string_view value) {
  auto& column = *keywords_[field];
  column.bytes += value;
  column.ends.push_back(column.bytes.size());
  return static_cast<std::uint32_t>(column.ends.size() - 1);
}

void FieldValuesWriter::add_keyword_doc(std::uint32_t field, std::uint32_t ordinal, DocId doc) {
  keywords_[field]->postings.emplace_back(doc, ordinal);
}

std::string FieldValuesWriter::finish(DocId doc_count) {
  std::string body;
  write(doc_count, [&](std::string_view piece) { body += piece; });
  return body;
}

void FieldValuesWriter::write(DocId doc_count, const std::function<void(std::string_view)>& out) {
  // The body goes out an array at a time: a column is never held twice, whole.
  std::uint64_t written = 0;
  std::string piece;
  const auto emit = [&] {
    written += piece.size();
    out(piece);
    piece.clear();
  };
  std::vector<std::uint64_t> sections(types_.size(), kNoSection);
  std::vector<std::uint64_t> array;
  const auto emit_packed = [&](bool rising) {
    util::append_packed(piece, array, rising);
    emit();
  };
  for (std::size_t f = 0; f < types_.size(); ++f) {
    if (numbers_[f]) {
      Numbers& column = *numbers_[f];
      column.starts.resize(doc_count, column.values.size());  // documents never added: none
      sections[f] = written;
      util::put_fixed64(piece, column.values.size());
      column.starts.push_back(column.values.size());  // where the document after the last starts
      util::append_packed(piece, column.starts, /*rising=*/true);
      column.starts.pop_back();
      emit();
      array.assign(column.values.begin(), column.values.end());
      emit_packed(false);
      std::vector<std::pair<std::int64_t, DocId>> sorted;
      sorted.reserve(column.values.size());
      for (DocId doc = 0; doc < doc_count; ++doc) {
        const std::uint64_t end =
            doc + 1 < doc_count ? column.starts[doc + 1] : column.values.size();
        for (std::uint64_t i = column.starts[doc]; i < end; ++i)
          sorted.emplace_back(column.values[i], doc);
      }
      std::sort(sorted.begin(), sorted.end());
      array.clear();
      for (const auto& [value, doc] : sorted) array.push_back(static_cast<std::uint64_t>(value));
      emit_packed(false);
      array.clear();
      for (const auto& [value, doc] : sorted) array.push_back(doc);
      emit_packed(false);
    } else if (keywords_[f]) {
      Keywords& column = *keywords_[f];
      std::sort(column.postings.begin(), column.postings.end());
      sections[f] = written;
      util::put_fixed64(piece, column.postings.size());
      util::put_fixed32(piece, static_cast<std::uint32_t>(column.ends.size()));
      array.clear();
      std::size_t at = 0;
      for (DocId doc = 0; doc <= doc_count; ++doc) {
        while (at < column.postings.size() && column.postings[at].first < doc) ++at;
        array.push_back(at);
      }
      emit_packed(/*rising=*/true);
      array.clear();
      for (const auto& [doc, ordinal] : column.postings) array.push_back(ordinal);
      emit_packed(false);
      array.assign(1, 0);
      array.insert(array.end(), column.ends.begin(), column.ends.end());
      emit_packed(/*rising=*/true);
      out(column.bytes);
      written += column.bytes.size();
    }
  }
  const std::uint64_t table = written;
  for (const std::uint64_t section : sections) util::put_fixed64(piece, section);
  util::put_fixed64(piece, table);
  emit();
}

// ---- reading ------------------------------------------------------------------------------

namespace {

Status damaged(const store_internal::FramedFile& file, std::string_view what) {
  const std::string name = file.file ? file.file->name() : std::string("field values");
  return Status::corruption(name + ": " + std::string(what));
}

// Verified loads of fixed-width little-endian integers at body offsets.
Result<std::uint64_t> load64(const store_internal::FramedFile& file, std::uint64_t at) {
  if (at > file.body.size() || file.body.size() - at < 8)
    return damaged(file, "offset out of bounds");
  TRAWL_RETURN_IF_ERROR(file.verify(at, at + 8));
  return util::load_fixed64(file.body_begin() + at);
}
Result<std::uint32_t> load32(const store_internal::FramedFile& file, std::uint64_t at) {
  if (at > file.body.size() || file.body.size() - at < 4)
    return damaged(file, "offset out of bounds");
  TRAWL_RETURN_IF_ERROR(file.verify(at, at + 4));
  return util::load_fixed32(file.body_begin() + at);
}

// The array of `count` values at body offset `at`, which must end before `limit`: packed
// (version 2) or of `width`-byte values (version 1). Moves `at` past it; nullopt if it does not
// fit or its header is malformed.
std::optional<ValueArray> array_at(const store_internal::FramedFile& file, std::uint64_t& at,
                                   std::uint64_t count, std::uint32_t width, std::uint64_t limit) {
  ValueArray array;
  if (file.version >= 2) {
    if (at > limit || limit - at < util::kPackedHeaderBytes) return std::nullopt;
    if (!file.verify(at, at + util::kPackedHeaderBytes).ok()) return std::nullopt;
    const auto packing = util::parse_packed_header(file.body_begin() + at);
    if (!packing) return std::nullopt;
    array.packing = *packing;
    at += util::kPackedHeaderBytes;
  } else {
    array.packing = util::plain_array(width);
  }
  // data_bytes(count) without overflow (no segment holds 2^48 values).
  if (at > limit || count > (std::uint64_t{1} << 48)) return std::nullopt;
  const std::uint64_t bytes = array.packing.data_bytes(count);
  if (bytes > limit - at) return std::nullopt;
  array.at = at;
  at += bytes;
  return array;
}

}  // namespace

// The hot paths of sorting, facets and decays read a document's offsets and values with one
// page check each: the arrays were bounds-checked at open, so only the pages remain to verify.
Result<std::pair<std::uint64_t, std::uint64_t>> NumericColumn::range_of(DocId doc) const {
  if (doc >= doc_count_) return std::pair<std::uint64_t, std::uint64_t>{0, 0};
  if (one_each_) return std::pair<std::uint64_t, std::uint64_t>{doc, std::uint64_t{doc} + 1};
  TRAWL_RETURN_IF_ERROR(starts_.verify(*file_, doc, std::uint64_t{doc} + 2));
  const std::uint64_t first = starts_.get(*file_, doc);
  const std::uint64_t last = starts_.get(*file_, std::uint64_t{doc} + 1);
  if (first > last || last > value_count_) return damaged(*file_, "value offsets out of order");
  return std::pair{first, last};
}

Status NumericColumn::values(DocId doc, std::vector<std::int64_t>& out) const {
  out.clear();
  TRAWL_ASSIGN_OR_RETURN(const auto range, range_of(doc));
  if (range.first == range.second) return {};
  TRAWL_RETURN_IF_ERROR(values_.verify(*file_, range.first, range.second));
  for (std::uint64_t i = range.first; i < range.second; ++i) {
    out.push_back(static_cast<std::int64_t>(values_.get(*file_, i)));
  }
  if (!std::is_sorted(out.begin(), out.end()))
    return damaged(*file_, "a document's values out of order");
  return {};
}

Result<std::optional<std::pair<std::int64_t, std::int64_t>>> NumericColumn::min_max(
    DocId doc) const {
  using MinMax = std::optional<std::pair<std::int64_t, std::int64_t>>;
  TRAWL_ASSIGN_OR_RETURN(const auto range, range_of(doc));
  if (range.first == range.second) return MinMax();
  TRAWL_RETURN_IF_ERROR(values_.verify(*file_, range.first, range.second));
  const auto low = static_cast<std::int64_t>(values_.get(*file_, range.first));
  const auto high = static_cast<std::int64_t>(values_.get(*file_, range.second - 1));
  if (low > high) return damaged(*file_, "a document's values out of order");
  return MinMax(std::pair{low, high});
}

Result<std::int64_t> NumericColumn::sorted_value(std::uint64_t i) const {
  TRAWL_RETURN_IF_ERROR(sorted_values_.verify(*file_, i, i + 1));  // REQUIRES: i < value_count_
  return static_cast<std::int64_t>(sorted_values_.get(*file_, i));
}

Result<NumericColumn::Span> NumericColumn::sorted_span(std::int64_t low, std::int64_t high) const {
  if (low > high || value_count_ == 0) return Span{0, 0};
  // The first sorted value >= `bound` (or > `bound` if `after`), by binary search: each probe
  // reads (and verifies) one value.
  auto search = [&](std::int64_t bound, bool after) -> Result<std::uint64_t> {
    std::uint64_t lo = 0, hi = value_count_;
    while (lo < hi) {
      const std::uint64_t mid = lo + (hi - lo) / 2;
      TRAWL_ASSIGN_OR_RETURN(const std::int64_t value, sorted_value(mid));
      if (value < bound || (after && value == bound)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  };
  TRAWL_ASSIGN_OR_RETURN(const std::uint64_t first, search(low, false));
  TRAWL_ASSIGN_OR_RETURN(const std::uint64_t last, search(high, true));
  if (first >= last) return Span{0, 0};
  TRAWL_RETURN_IF_ERROR(sorted_docs_.verify(*file_, first, last));
  return Span{first, last};
}

Status NumericColumn::doc_out_of_range() const {
  return damaged(*file_, "a document number out of range");
}

Status NumericColumn::docs_in_range(std::int64_t low, std::int64_t high,
                                    std::vector<DocId>& out) const {
  out.clear();
  TRAWL_ASSIGN_OR_RETURN(const Span span, sorted_span(low, high));
  const std::uint64_t matches = span.second - span.first;
  if (matches == 0) return {};
  // Sorting m matches costs about m log m; marking them in a bitmap and reading it back, m plus
  // documents / 64 words. The bitmap wins from a few hundred matches in 100k documents and a
  // few thousand in 1M (structured_search_bench BM_Range, 1% of 1M: 0.92 ms sorted, 0.28 ms
  // marked; compare_trawl range, 330 of 100k: 43k instructions marked, 36k sorted).
  if (matches * 256 < doc_count_) {
    out.reserve(matches);
    TRAWL_RETURN_IF_ERROR(visit_sorted_docs(span, [&](DocId doc) { out.push_back(doc); }));
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return {};
  }
  // Many matches: a bitmap of the segment's documents costs less than sorting them.
  std::vector<std::uint64_t> bits(util::bitmap_words(doc_count_), 0);
  TRAWL_RETURN_IF_ERROR(
      visit_sorted_docs(span, [&](DocId doc) { util::set_bit(bits.data(), doc); }));
  out.reserve(matches);
  for (std::size_t w = 0; w < bits.size(); ++w) {
    for (std::uint64_t word = bits[w]; word != 0; word &= word - 1) {
      out.push_back(static_cast<DocId>(w * 64 + static_cast<std::size_t>(__builtin_ctzll(word))));
    }
  }
  return {};
}

Status NumericColumn::mark_in_range(std::int64_t low, std::int64_t high,
                                    std::vector<std::uint64_t>& bits) const {
  TRAWL_ASSIGN_OR_RETURN(const Span span, sorted_span(low, high));
  return visit_sorted_docs(span, [&](DocId doc) { util::set_bit(bits.data(), doc); });
}

Status KeywordColumn::ordinals(DocId doc, std::vector<std::uint32_t>& out) const {
  out.clear();
  if (doc >= doc_count_) return {};
  std::uint64_t first = doc, last = std::uint64_t{doc} + 1;
  if (!one_each_) {
    TRAWL_RETURN_IF_ERROR(starts_.verify(*file_, doc, std::uint64_t{doc} + 2));
    first = starts_.get(*file_, doc);
    last = starts_.get(*file_, std::uint64_t{doc} + 1);
  }
  if (first > last || last > ordinal_count_) return damaged(*file_, "ordinal offsets out of order");
  if (first == last) return {};
  TRAWL_RETURN_IF_ERROR(ordinals_.verify(*file_, first, last));
  for (std::uint64_t i = first; i < last; ++i) {
    const std::uint64_t ordinal = ordinals_.get(*file_, i);
    if (ordinal >= value_count_ || (!out.empty() && ordinal <= out.back())) {
      return damaged(*file_, "a document's ordinals out of range or order");
    }
    out.push_back(static_cast<std::uint32_t>(ordinal));
  }
  return {};
}

Status KeywordColumn::count_only_ordinals(const DocId* docs, std::size_t n,
                                          std::uint64_t* counts) const {
  const DocId last = docs[n - 1];
  if (!one_each_ || last >= doc_count_) return damaged(*file_, "no single value for a document");
  TRAWL_RETURN_IF_ERROR(ordinals_.verify(*file_, docs[0], std::uint64_t{last} + 1));
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint64_t ordinal = ordinals_.get(*file_, docs[i]);
    if (ordinal >= value_count_) {
      return damaged(*file_, "a document's ordinals out of range or order");
    }
    ++counts[ordinal];
  }
  return {};
}

Result<std::string_view> KeywordColumn::value(std::uint32_t ordinal) const {
  if (ordinal >= value_count_) return damaged(*file_, "ordinal out of range");
  TRAWL_RETURN_IF_ERROR(value_offsets_.verify(*file_, ordinal, std::uint64_t{ordinal} + 2));
  const std::uint64_t begin = value_offsets_.get(*file_, ordinal);
  const std::uint64_t end = value_offsets_.get(*file_, std::uint64_t{ordinal} + 1);
  if (begin > end || end > bytes_size_) return damaged(*file_, "value offsets out of order");
  TRAWL_RETURN_IF_ERROR(file_->verify(bytes_ + begin, bytes_ + end));
  return file_->body.substr(bytes_ + begin, end - begin);
}

Result<std::unique_ptr<FieldValues>> FieldValues::open(store_internal::FramedFile file,
                                                       std::shared_ptr<const std::string> owned,
                                                       const Schema& schema, DocId doc_count) {
  std::unique_ptr<FieldValues> values(new FieldValues());
  values->file_ = std::move(file);
  values->owned_ = std::move(owned);
  const store_internal::FramedFile& f = values->file_;
  const std::size_t width = schema.fields().size();
  if (f.body.size() < 8) return damaged(f, "too short for its section table");
  TRAWL_ASSIGN_OR_RETURN(const std::uint64_t table, load64(f, f.body.size() - 8));
  if (table > f.body.size() - 8 || (f.body.size() - 8 - table) != width * 8) {
    return damaged(f, "section table does not match the schema");
  }
  values->numeric_.resize(width);
  values->keyword_.resize(width);
  for (std::uint32_t field = 0; field < width; ++field) {
    TRAWL_ASSIGN_OR_RETURN(const std::uint64_t at, load64(f, table + std::uint64_t{field} * 8));
    const FieldType type = schema.fields()[field].type;
    if (at == kNoSection) {
      if (has_section(type))
        return damaged(f, "no section for field " + schema.fields()[field].name);
      continue;
    }
    if (!has_section(type) || at >= table)
      return damaged(f, "a section for a field without values");
    if (is_numeric_type(type)) {
      NumericColumn column;
      column.file_ = &values->file_;
      column.doc_count_ = doc_count;
      TRAWL_ASSIGN_OR_RETURN(column.value_count_, load64(f, at));
      std::uint64_t next = at + 8;
      auto starts = array_at(f, next, std::uint64_t{doc_count} + 1, 8, table);
      auto numbers = starts ? array_at(f, next, column.value_count_, 8, table) : std::nullopt;
      auto sorted = numbers ? array_at(f, next, column.value_count_, 8, table) : std::nullopt;
      auto docs = sorted ? array_at(f, next, column.value_count_, 4, table) : std::nullopt;
      if (!docs) return damaged(f, "numeric section overruns the file or is malformed");
      column.starts_ = *starts;
      TRAWL_RETURN_IF_ERROR(column.starts_.verify(f, doc_count, std::uint64_t{doc_count} + 1));
      if (column.starts_.get(f, doc_count) != column.value_count_) {
        return damaged(f, "numeric section's value count disagrees with its offsets");
      }
      column.one_each_ = column.starts_.is_identity();  // value_count_ is then doc_count
      column.values_ = *numbers;
      column.sorted_values_ = *sorted;
      column.sorted_docs_ = *docs;
      values->numeric_[field] = column;
    } else {
      KeywordColumn column;
      column.file_ = &values->file_;
      column.doc_count_ = doc_count;
      TRAWL_ASSIGN_OR_RETURN(column.ordinal_count_, load64(f, at));
      TRAWL_ASSIGN_OR_RETURN(column.value_count_, load32(f, at + 8));
      std::uint64_t next = at + 12;
      auto starts = array_at(f, next, std::uint64_t{doc_count} + 1, 8, table);
      auto ordinals = starts ? array_at(f, next, column.ordinal_count_, 4, table) : std::nullopt;
      auto offsets = ordinals ? array_at(f, next, std::uint64_t{column.value_count_} + 1, 8, table)
                              : std::nullopt;
      if (!offsets) return damaged(f, "keyword section overruns the file or is malformed");
      column.starts_ = *starts;
      TRAWL_RETURN_IF_ERROR(column.starts_.verify(f, doc_count, std::uint64_t{doc_count} + 1));
      if (column.starts_.get(f, doc_count) != column.ordinal_count_) {
        return damaged(f, "keyword section's ordinal count disagrees with its offsets");
      }
      column.one_each_ = column.starts_.is_identity();
      column.ordinals_ = *ordinals;
      column.value_offsets_ = *offsets;
      column.bytes_ = next;
      TRAWL_RETURN_IF_ERROR(column.value_offsets_.verify(f, column.value_count_,
                                                         std::uint64_t{column.value_count_} + 1));
      column.bytes_size_ = column.value_offsets_.get(f, column.value_count_);
      if (column.bytes_ > table || column.bytes_size_ > table - column.bytes_) {
        return damaged(f, "keyword section overruns the file");
      }
      values->keyword_[field] = column;
    }
  }
  return values;
}

const NumericColumn* FieldValues::numeric(std::uint32_t field) const noexcept {
  return field < numeric_.size() && numeric_[field] ? &*numeric_[field] : nullptr;
}

const KeywordColumn* FieldValues::keyword(std::uint32_t field) const noexcept {
  return field < keyword_.size() && keyword_[field] ? &*keyword_[field] : nullptr;
}

Status FieldValues::verify() const {
  std::vector<std::int64_t> numbers;
  std::vector<std::uint32_t> ordinals;
  for (const auto& column : numeric_) {
    if (!column) continue;
    std::uint64_t total = 0;
    for (DocId doc = 0; doc < column->doc_count_; ++doc) {
      TRAWL_RETURN_IF_ERROR(column->values(doc, numbers));
      total += numbers.size();
    }
    if (total != column->value_count_) return damaged(file_, "numeric values do not add up");
    std::int64_t previous = std::numeric_limits<std::int64_t>::min();
    for (std::uint64_t i = 0; i < column->value_count_; ++i) {
      TRAWL_ASSIGN_OR_RETURN(const std::int64_t value, column->sorted_value(i));
      if (value < previous) return damaged(file_, "sorted values out of order");
      previous = value;
      TRAWL_RETURN_IF_ERROR(column->sorted_docs_.verify(file_, i, i + 1));
      if (column->sorted_docs_.get(file_, i) >= column->doc_count_) {
        return damaged(file_, "a document number out of range");
      }
    }
  }
  for (const auto& column : keyword_) {
    if (!column) continue;
    for (DocId doc = 0; doc < column->doc_count_; ++doc) {
      TRAWL_RETURN_IF_ERROR(column->ordinals(doc, ordinals));
    }
    for (std::uint32_t o = 0; o < column->value_count_; ++o) {
      TRAWL_RETURN_IF_ERROR(column->value(o).status());
    }
  }
  return {};
}

}  // namespace trawl::index_internal
