#include "index/segment_writer.h"

#include <zstd.h>

#include <algorithm>
#include <limits>

#include "index/dictionary_index.h"
#include "index/segment_metadata_io.h"
#include "util/bit_packing.h"
#include "util/varint.h"

namespace trawl::index_internal {
namespace {

using store_internal::FileWriter;

Status invariant(std::string_view segment, std::string_view what) {
  return Status::internal("segment " + std::string(segment) + ": " + std::string(what));
}

}  // namespace

template <class T>
Status SegmentWriter::write_archive_file(std::string_view extension, std::string_view kind,
                                         const T& value) {
  TRAWL_ASSIGN_OR_RETURN(auto file,
                         FileWriter::create(*directory_, segment_file(name_, extension), kind,
                                            kSegmentFormatVersion, file_options(false)));
  TRAWL_RETURN_IF_ERROR(file.append(store_internal::save_archive(value)));
  return file.finish();
}

SegmentWriter::SegmentWriter(Directory& directory, std::string name, const Schema& schema,
                             bool durable)
    : directory_(&directory), name_(std::move(name)), durable_(durable), field_values_(schema) {
  for (const FieldSpec& field : schema.fields()) {
    is_text_.push_back(field.type == FieldType::kText);
    has_positions_.push_back(field.type == FieldType::kText);
    is_keyword_.push_back(field.type == FieldType::kKeyword);
    is_numeric_.push_back(is_numeric_type(field.type));
  }
  meta_.name = name_;
  meta_.fields.resize(schema.fields().size());
  counted_in_.assign(schema.fields().size(), 0);
  meta_.docs_with_text = 0;
  meta_.identity = store_internal::new_identity();
}

Result<SegmentWriter> SegmentWriter::create(Directory& directory, std::string name,
                                            const Schema& schema, bool durable) {
  SegmentWriter writer(directory, name, schema, durable);
  auto open = [&](std::string_view extension, std::string_view kind,
                  std::optional<FileWriter>& slot,
                  std::uint32_t version = kSegmentFormatVersion) -> Status {
    // Bulk files are read piecemeal, so they carry page checksums.
    TRAWL_ASSIGN_OR_RETURN(auto file, FileWriter::create(directory, segment_file(name, extension),
                                                         kind, version, writer.file_options(true)));
    slot.emplace(std::move(file));
    return {};
  };
  TRAWL_RETURN_IF_ERROR(open("tdx", kDictKind, writer.dict_));
  TRAWL_RETURN_IF_ERROR(open("doc", kPostingsKind, writer.postings_, kPostingsFormatVersion));
  TRAWL_RETURN_IF_ERROR(open("pos", kPositionsKind, writer.positions_));
  TRAWL_RETURN_IF_ERROR(open("len", kLengthsKind, writer.lengths_));
  TRAWL_RETURN_IF_ERROR(open("val", kFieldValuesKind, writer.values_, kFieldValuesFormatVersion));
  TRAWL_RETURN_IF_ERROR(open("sto", kStoredKind, writer.stored_, kStoredFormatVersion));
  return writer;
}

Status SegmentWriter::record(Status status) {
  if (status_.ok() && !status.ok()) status_ = std::move(status);
  return status_;
}

Status SegmentWriter::start_term(std::string_view key) {
  TRAWL_RETURN_IF_ERROR(status_);
  if (in_term_ || key.size() < 2 || (!previous_key_.empty() && key <= previous_key_)) {
    return record(invariant(name_, "terms out of order"));
  }
  key_.assign(key);
  in_term_ = true;
  const std::uint32_t field = key_field(key);
  if (field >= has_positions_.size()) return record(invariant(name_, "term of an unknown field"));
  term_has_positions_ = has_positions_[field];
  term_field_ = field;
  if (is_keyword_[field]) term_ordinal_ = field_values_.add_keyword_value(field, key.substr(2));
  term_ = TermInfo{};
  last_doc_ = 0;
  skips_.clear();
  skip_impacts_.clear();
  term_docs_.clear();
  term_positions_.clear();
  reset_block();
  return {};
}

void SegmentWriter::reset_block() {
  block_docs_.clear();
  block_freqs_.clear();
  block_positions_.clear();
  block_lengths_.clear();
  block_max_freq_ = 0;
  block_min_length_ = std::numeric_limits<std::uint32_t>::max();
}

Status SegmentWriter::add_posting(DocId doc, std::uint32_t freq, const Position* positions,
                                  std::uint32_t field_length) {
  TRAWL_RETURN_IF_ERROR(status_);
  if (!in_term_ || freq == 0 || (term_.doc_freq > 0 && doc <= last_doc_)) {
    return record(invariant(name_, "postings out of order"));
  }
  block_docs_.push_back(doc - (term_.doc_freq == 0 ? 0 : last_doc_));
  block_freqs_.push_back(freq - 1);
  block_lengths_.push_back(field_length);
  if (term_has_positions_) {
    if (positions == nullptr) return record(invariant(name_, "positions missing"));
    Position previous = 0;
    for (std::uint32_t i = 0; i < freq; ++i) {
      block_positions_.push_back(i == 0 ? positions[0] : positions[i] - previous);
      previous = positions[i];
    }
  }
  last_doc_ = doc;
  if (is_keyword_[term_field_]) field_values_.add_keyword_doc(term_field_, term_ordinal_, doc);
  block_max_freq_ = std::max(block_max_freq_, freq);
  block_min_length_ = std::min(block_min_length_, field_length);
  ++term_.doc_freq;
  term_.total_term_freq += freq;
  if (block_docs_.size() == util::kBlockSize) return flush_block();
  return {};
}

Status SegmentWriter::flush_block() {
  if (block_docs_.empty()) return {};
  const std::size_t docs_before = term_docs_.size();
  const std::size_t positions_before = term_positions_.size();
  util::encode_block(block_docs_.data(), block_docs_.size(), term_docs_);
  util::encode_block(block_freqs_.data(), block_freqs_.size(), term_docs_);
  for (std::size_t i = 0; i < block_positions_.size(); i += util::kBlockSize) {
    util::encode_block(block_positions_.data() + i,
                       std::min(util::kBlockSize, block_positions_.size() - i), term_positions_);
  }
  SkipEntry skip;
  skip.last_doc = last_doc_;
  skip.doc_bytes = static_cast<std::uint32_t>(term_docs_.size() - docs_before);
  skip.position_bytes = static_cast<std::uint32_t>(term_positions_.size() - positions_before);
  skip.max_freq = block_max_freq_;
  skip.min_length = block_min_length_;
  skips_.push_back(skip);
  // A term of one block (a partial first block) has no impacts written: none computed.
  skip_impacts_.push_back(block_docs_.size() < util::kBlockSize && skips_.size() == 1
                              ? Impacts{}
                              : block_impacts(block_freqs_.data(), block_lengths_.data(),
                                              block_freqs_.size()));
  reset_block();
  return {};
}

Status SegmentWriter::finish_term() {
  TRAWL_RETURN_IF_ERROR(status_);
  if (!in_term_ || term_.doc_freq == 0) return record(invariant(name_, "empty term"));
  TRAWL_RETURN_IF_ERROR(flush_block());
  in_term_ = false;

  // Postings: the skip entries' byte length, the skip entries (each with its block's impacts),
  // then the blocks. A term of one block has no skip entry (readers derive it from the block),
  // only where its positions end, for a field that has them.
  term_.postings_offset = postings_->body_position();
  term_.positions_offset = positions_->body_position();
  scratch_.clear();
  if (skips_.size() == 1) {
    if (term_has_positions_) util::put_varint(scratch_, skips_[0].position_bytes);
  } else {
    std::uint32_t previous_last = 0;
    for (std::size_t i = 0; i < skips_.size(); ++i) {
      const SkipEntry& skip = skips_[i];
      util::put_varint(scratch_, skip.last_doc - previous_last);
      util::put_varint(scratch_, skip.doc_bytes);
      util::put_varint(scratch_, skip.position_bytes);
      util::put_varint(scratch_, skip.max_freq);
      util::put_varint(scratch_, skip.min_length);
      impact_bytes_.clear();
      encode_impacts(skip_impacts_[i], impact_bytes_);
      util::put_varint(scratch_, impact_bytes_.size());
      scratch_ += impact_bytes_;
      previous_last = skip.last_doc;
    }
    std::string skip_length;
    util::put_varint(skip_length, scratch_.size());
    TRAWL_RETURN_IF_ERROR(record(postings_->append(skip_length)));
  }
  TRAWL_RETURN_IF_ERROR(record(postings_->append(scratch_)));
  TRAWL_RETURN_IF_ERROR(record(postings_->append(term_docs_)));
  TRAWL_RETURN_IF_ERROR(record(positions_->append(term_positions_)));

  TRAWL_RETURN_IF_ERROR(add_dictionary_entry());
  ++meta_.term_count;
  return {};
}

Status SegmentWriter::add_surface(std::string_view key, std::uint32_t doc_freq,
                                  std::uint64_t occurrences) {
  TRAWL_RETURN_IF_ERROR(status_);
  if (in_term_ || key.size() < 4 || !is_surface_key(key) ||
      (!previous_key_.empty() && key <= previous_key_)) {
    return record(invariant(name_, "surfaces out of order"));
  }
  const std::uint32_t field = key_field(key.substr(2));
  if (field >= is_text_.size() || !is_text_[field] || doc_freq == 0 || occurrences < doc_freq) {
    return record(invariant(name_, "malformed surface"));
  }
  key_.assign(key);
  // No postings: the offsets repeat the entry's before, a delta of 0.
  term_ = dict_previous_;
  term_.doc_freq = doc_freq;
  term_.total_term_freq = occurrences;
  return add_dictionary_entry();
}

Status SegmentWriter::add_dictionary_entry() {
  // Dictionary: front-coded blocks; offsets are deltas within a block.
  if (dict_block_terms_ == kDictBlockTerms) {
    TRAWL_RETURN_IF_ERROR(record(dict_->append(dict_block_)));
    dict_block_.clear();
    dict_block_terms_ = 0;
  }
  const bool block_start = dict_block_terms_ == 0;
  if (block_start) {
    dict_index_.first_keys.push_back(key_);
    dict_index_.offsets.push_back(dict_->body_position());
  }
  std::size_t shared = 0;
  if (!block_start) {
    const std::size_t limit = std::min(key_.size(), dict_previous_key_.size());
    while (shared < limit && key_[shared] == dict_previous_key_[shared]) ++shared;
  }
  util::put_varint(dict_block_, shared);
  util::put_varint(dict_block_, key_.size() - shared);
  dict_block_.append(key_, shared, std::string::npos);
  util::put_varint(dict_block_, term_.doc_freq);
  util::put_varint(dict_block_, term_.total_term_freq - term_.doc_freq);
  util::put_varint(dict_block_, term_.postings_offset -
                                    (block_start ? 0 : dict_previous_.postings_offset));
  util::put_varint(dict_block_, term_.positions_offset -
                                    (block_start ? 0 : dict_previous_.positions_offset));
  ++dict_block_terms_;
  dict_previous_key_ = key_;
  dict_previous_ = term_;
  previous_key_ = key_;
  return {};
}

Status SegmentWriter::add_document(const std::vector<std::uint32_t>& lengths,
                                   const std::vector<FieldNumber>& numbers,
                                   std::string_view stored) {
  TRAWL_RETURN_IF_ERROR(status_);
  if (lengths.size() != meta_.fields.size()) {
    return record(invariant(name_, "per-document data of the wrong width"));
  }
  scratch_.clear();
  bool any_text = false;
  for (std::size_t f = 0; f < lengths.size(); ++f) {
    if (!is_text_[f]) continue;
    util::put_fixed32(scratch_, lengths[f]);
    if (lengths[f] > 0) {
      ++meta_.fields[f].doc_count;
      meta_.fields[f].total_length += lengths[f];
      any_text = true;
    }
  }
  if (any_text) ++meta_.docs_with_text;
  TRAWL_RETURN_IF_ERROR(record(lengths_->append(scratch_)));
  for (const FieldNumber& number : numbers) {
    const std::uint32_t f = number.field;
    if (f >= is_numeric_.size() || !is_numeric_[f]) {
      return record(invariant(name_, "a number for a field that is not numeric"));
    }
    // Documents with a value: each field counted once, however many values it has.
    if (counted_in_[f] != docs_added_ + 1) {
      counted_in_[f] = docs_added_ + 1;
      ++meta_.fields[f].doc_count;
    }
  }
  field_values_.add_document(numbers);

  if (stored_record_sizes_.empty()) stored_block_first_docs_.push_back(docs_added_);
  stored_record_sizes_.push_back(static_cast<std::uint32_t>(stored.size()));
  stored_block_.append(stored);
  ++docs_added_;
  ++meta_.doc_count;
  if (stored_block_.size() >= kStoredBlockBytes || stored_record_sizes_.size() >= kStoredBlockDocs) {
    return flush_stored_block();
  }
  return {};
}

// A stored block: varint(docs) varint(raw bytes) varint(stored bytes), then the zstd frame of
// [varint record size]* [records], or those bytes themselves when stored bytes == raw bytes.
Status SegmentWriter::flush_stored_block() {
  if (stored_record_sizes_.empty()) return {};
  std::string raw;
  for (std::uint32_t size : stored_record_sizes_) util::put_varint(raw, size);
  raw += stored_block_;
  std::string compressed;
  if (raw.size() >= kStoredCompressMinBytes) {
    compressed.resize(ZSTD_compressBound(raw.size()));
    const std::size_t size = ZSTD_compress(compressed.data(), compressed.size(), raw.data(),
                                           raw.size(), 3);
    if (ZSTD_isError(size)) {
      return record(Status::internal(name_ + ".sto: zstd: " + ZSTD_getErrorName(size)));
    }
    compressed.resize(size);
  }
  // Kept raw unless zstd saves a quarter; a kept frame is then always smaller than the raw
  // bytes, which is how the reader tells the two apart.
  const std::size_t raw_size = raw.size();
  if (compressed.empty() || compressed.size() > raw_size / 4 * 3) compressed = std::move(raw);
  std::string header;
  util::put_varint(header, stored_record_sizes_.size());
  util::put_varint(header, raw_size);
  util::put_varint(header, compressed.size());
  stored_block_offsets_.push_back(stored_->body_position());
  TRAWL_RETURN_IF_ERROR(record(stored_->append(header)));
  TRAWL_RETURN_IF_ERROR(record(stored_->append(compressed)));
  stored_block_.clear();
  stored_record_sizes_.clear();
  return {};
}

Result<SegmentMeta> SegmentWriter::finish() {
  TRAWL_RETURN_IF_ERROR(status_);
  if (in_term_) return record(invariant(name_, "finish inside a term"));
  if (dict_block_terms_ > 0) TRAWL_RETURN_IF_ERROR(record(dict_->append(dict_block_)));
  TRAWL_RETURN_IF_ERROR(flush_stored_block());

  // The stored-field block table, then its offset as the last 8 bytes of the body.
  std::string table;
  const std::uint64_t table_offset = stored_->body_position();
  util::put_varint(table, stored_block_offsets_.size());
  for (std::size_t i = 0; i < stored_block_offsets_.size(); ++i) {
    util::put_varint(table, stored_block_first_docs_[i]);
    util::put_varint(table, stored_block_offsets_[i]);
  }
  util::put_fixed64(table, table_offset);
  TRAWL_RETURN_IF_ERROR(record(stored_->append(table)));

  field_values_.write(docs_added_, [&](std::string_view piece) {
    if (status_.ok()) (void)record(values_->append(piece));
  });
  TRAWL_RETURN_IF_ERROR(status_);
  for (auto* file : {&dict_, &postings_, &positions_, &lengths_, &values_, &stored_}) {
    TRAWL_RETURN_IF_ERROR(record((*file)->finish()));
  }
  // The metadata last: small files that readers load (and checksum) whole at open.
  {
    // The dictionary index is read in place, piecemeal: a flat layout with page checksums.
    TRAWL_ASSIGN_OR_RETURN(
        auto tix, FileWriter::create(*directory_, segment_file(name_, "tix"), kDictIndexKind,
                                     kDictIndexVersion, file_options(true)));
    TRAWL_RETURN_IF_ERROR(record(tix.append(encode_dictionary_index(dict_index_))));
    TRAWL_RETURN_IF_ERROR(record(tix.finish()));
  }
  TRAWL_RETURN_IF_ERROR(record(write_archive_file("meta", kMetaKind, meta_)));
  return meta_;
}

}  // namespace trawl::index_internal
