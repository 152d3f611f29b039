#include "index/segment_reader.h"

#include <zstd.h>

#include <new>

#include <algorithm>
#include <cstring>

#include "index/segment_metadata_io.h"
#include "util/gaps.h"
#include "util/varint.h"

namespace trawl {
PostingsCursor::~PostingsCursor() = default;
}  // namespace trawl

namespace trawl::index_internal {
namespace {

using store_internal::FramedFile;

Status corrupt(const FramedFile& file, std::string_view what) {
  return Status::corruption(file.file->name() + ": " + std::string(what));
}

// The largest uncompressed stored block we accept; a larger size is corruption.
constexpr std::uint64_t kMaxStoredBlockBytes = 256ull << 20;

}  // namespace

// ---------------------------------------------------------------------------------------------
// Opening

Result<std::shared_ptr<const SegmentReader>> SegmentReader::open(
    Directory& directory, const std::string& name, std::shared_ptr<const Schema> schema_ptr,
    std::string_view identity) {
  std::shared_ptr<SegmentReader> segment(new SegmentReader());
  const Schema& schema = *schema_ptr;
  segment->schema_ = std::move(schema_ptr);
  segment->field_count_ = schema.fields().size();
  // Every file must carry the identity the metadata gives the segment: a file swapped in from
  // another segment or index is corruption, not data.
  auto open_file = [&](std::string_view extension, std::string_view kind, bool verify,
                       FramedFile& out,
                       std::uint32_t max_version = kSegmentFormatVersion) -> Status {
    TRAWL_ASSIGN_OR_RETURN(out, store_internal::open_framed(directory,
                                                            segment_file(name, extension), kind,
                                                            max_version, verify));
    if (extension == "meta") return {};
    return store_internal::expect_identity(out, segment->meta_.identity, name + ".meta");
  };
  // Small metadata: checksummed now. Bulk data: framing checked, bytes verified as used.
  TRAWL_RETURN_IF_ERROR(open_file("meta", kMetaKind, true, segment->meta_file_));
  TRAWL_RETURN_IF_ERROR(store_internal::load_archive(segment->meta_file_.body,
                                                     segment->meta_file_.file->name(),
                                                     segment->meta_));
  if (!identity.empty()) {
    TRAWL_RETURN_IF_ERROR(store_internal::expect_identity(segment->meta_file_, identity, "MANIFEST"));
  }
  if (segment->meta_.identity != segment->meta_file_.identity) {
    return corrupt(segment->meta_file_, "its header and its metadata disagree on its identity");
  }
  // The dictionary index is mapped and read where lookups need it (an older one is read whole):
  // opening costs the same whatever the dictionary's size.
  TRAWL_RETURN_IF_ERROR(
      open_file("tix", kDictIndexKind, false, segment->tix_file_, kDictIndexVersion));
  TRAWL_RETURN_IF_ERROR(open_file("tdx", kDictKind, false, segment->dict_));
  TRAWL_ASSIGN_OR_RETURN(segment->dict_index_, DictionaryIndexReader::open(
                                                   segment->tix_file_, segment->dict_.body.size()));
  TRAWL_RETURN_IF_ERROR(
      open_file("doc", kPostingsKind, false, segment->postings_, kPostingsFormatVersion));
  TRAWL_RETURN_IF_ERROR(open_file("pos", kPositionsKind, false, segment->positions_));
  TRAWL_RETURN_IF_ERROR(open_file("len", kLengthsKind, false, segment->lengths_));
  // Format 2 keeps per-field values in .val; format 1 kept numbers in .col (read below).
  const bool legacy_values = segment->meta_file_.version < 2;
  if (legacy_values) {
    TRAWL_RETURN_IF_ERROR(open_file("col", kColumnsKind, false, segment->values_file_, 1));
  } else {
    TRAWL_RETURN_IF_ERROR(open_file("val", kFieldValuesKind, false, segment->values_file_,
                                    kFieldValuesFormatVersion));
  }
  TRAWL_RETURN_IF_ERROR(
      open_file("sto", kStoredKind, false, segment->stored_, kStoredFormatVersion));

  const SegmentMeta& meta = segment->meta_;
  if (meta.fields.size() != segment->field_count_ || meta.name != name) {
    return corrupt(segment->meta_file_, "metadata does not match the schema or segment name");
  }
  for (const FieldSpec& field : schema.fields()) {
    segment->text_slot_.push_back(field.type == FieldType::kText
                                      ? static_cast<int>(segment->text_fields_++)
                                      : -1);
  }
  if (segment->lengths_.body.size() != std::uint64_t{meta.doc_count} * segment->text_fields_ * 4) {
    return corrupt(segment->lengths_, "size does not match the document count");
  }
  if (legacy_values) {
    TRAWL_ASSIGN_OR_RETURN(segment->field_values_, segment->legacy_field_values());
  } else {
    TRAWL_ASSIGN_OR_RETURN(segment->field_values_,
                           FieldValues::open(segment->values_file_, nullptr, schema, meta.doc_count));
  }
  if (segment->meta_.docs_with_text == kUnknownCount) {  // metadata of class version 0
    TRAWL_RETURN_IF_ERROR(segment->lengths_.verify(0, segment->lengths_.body.size()));
    std::uint64_t with_text = 0;
    for (DocId doc = 0; doc < meta.doc_count; ++doc) {
      bool any = false;
      for (std::size_t t = 0; t < segment->text_fields_ && !any; ++t) {
        any = util::load_fixed32(segment->lengths_.body_begin() +
                                 (std::uint64_t{doc} * segment->text_fields_ + t) * 4) > 0;
      }
      with_text += any ? 1 : 0;
    }
    segment->meta_.docs_with_text = with_text;
  }

  // Damage to the stored fields' block table is met by the first fetch, not by opening: a segment
  // whose stored fields are damaged still searches, and its dictionary still names its documents
  // for a repair.
  segment->stored_damage_ = segment->load_stored_table();
  return std::shared_ptr<const SegmentReader>(std::move(segment));
}

Status SegmentReader::load_stored_table() {
  // The block table's offset is the body's last 8 bytes.
  const FramedFile& sto = stored_;
  if (sto.body.size() < 8) return corrupt(sto, "truncated block table");
  TRAWL_RETURN_IF_ERROR(sto.verify(sto.body.size() - 8, sto.body.size()));
  const std::uint64_t table = util::load_fixed64(sto.body_end() - 8);
  if (table > sto.body.size() - 8) return corrupt(sto, "block table offset out of range");
  TRAWL_RETURN_IF_ERROR(sto.verify(table, sto.body.size()));
  stored_table_ = table;
  const std::uint8_t* p = sto.body_begin() + table;
  const std::uint8_t* end = sto.body_end() - 8;
  std::uint64_t blocks = 0;
  if (!util::get_varint(p, end, blocks) || blocks > sto.body.size()) {
    return corrupt(sto, "bad block table");
  }
  for (std::uint64_t i = 0; i < blocks; ++i) {
    std::uint32_t first = 0;
    std::uint64_t offset = 0;
    if (!util::get_varint32(p, end, first) || !util::get_varint(p, end, offset) ||
        offset >= table || first >= meta_.doc_count ||
        (!stored_first_docs_.empty() && first <= stored_first_docs_.back())) {
      return corrupt(sto, "bad block table entry");
    }
    stored_first_docs_.push_back(first);
    stored_offsets_.push_back(offset);
  }
  if (meta_.doc_count > 0 && (stored_first_docs_.empty() || stored_first_docs_[0] != 0)) {
    return corrupt(sto, "block table does not start at document 0");
  }
  return {};
}

// ---------------------------------------------------------------------------------------------
// Dictionary

TermIterator::TermIterator(const SegmentReader& segment) : segment_(&segment) {}

bool TermIterator::load_block(std::size_t block) {
  const auto& index = segment_->dict_index_;
  if (block >= index.size()) return false;
  const FramedFile& dict = segment_->dict_;
  block_ = block;
  auto begin = index.offset(block);
  auto end = block + 1 < index.size() ? index.offset(block + 1)
                                      : Result<std::uint64_t>(dict.body.size());
  if (!begin || !end) {
    status_ = !begin ? begin.error() : end.error();
    return false;
  }
  p_ = dict.body_begin() + *begin;
  end_ = dict.body_begin() + *end;
  if (p_ > end_) {
    status_ = corrupt(dict, "dictionary blocks out of order");
    return false;
  }
  status_ = dict.verify(p_, end_);
  if (!status_.ok()) return false;
  block_start_ = true;
  return true;
}

// Both inlined into seek()'s scan of a block, which calls them for each entry it passes (two
// calls an entry were a tenth of a term query's lookup).
[[gnu::always_inline]] inline bool TermIterator::read_prefix(std::size_t previous_size,
                                                             std::size_t& shared,
                                                             std::string_view& suffix) {
  std::uint64_t shared_bytes = 0, suffix_bytes = 0;
  if (!util::get_varint(p_, end_, shared_bytes) || !util::get_varint(p_, end_, suffix_bytes) ||
      shared_bytes > (block_start_ ? 0 : previous_size) ||
      suffix_bytes > static_cast<std::uint64_t>(end_ - p_)) {
    status_ = corrupt(segment_->dict_, "malformed term entry");
    return false;
  }
  shared = static_cast<std::size_t>(shared_bytes);
  suffix = std::string_view(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(suffix_bytes));
  p_ += suffix_bytes;
  return true;
}

[[gnu::always_inline]] inline bool TermIterator::read_numbers(std::size_t key_size) {
  std::uint64_t df = 0, extra = 0, doc_delta = 0, pos_delta = 0;
  if (!util::get_varint(p_, end_, df) || !util::get_varint(p_, end_, extra) ||
      !util::get_varint(p_, end_, doc_delta) || !util::get_varint(p_, end_, pos_delta) ||
      df == 0 || df > segment_->doc_count() || key_size < 2) {
    status_ = corrupt(segment_->dict_, "malformed term entry");
    return false;
  }
  info_.doc_freq = static_cast<std::uint32_t>(df);
  info_.total_term_freq = df + extra;
  info_.postings_offset = (block_start_ ? 0 : info_.postings_offset) + doc_delta;
  info_.positions_offset = (block_start_ ? 0 : info_.positions_offset) + pos_delta;
  block_start_ = false;
  return true;
}

bool TermIterator::read_entry() {
  std::size_t shared = 0;
  std::string_view suffix;
  if (!read_prefix(key_.size(), shared, suffix)) return false;
  key_.resize(shared);
  key_.append(suffix);
  return read_numbers(key_.size());
}

bool TermIterator::next() {
  if (!status_.ok()) return false;
  if (!started_) {
    started_ = true;
    if (!load_block(0)) return false;
  }
  while (p_ >= end_) {
    if (!load_block(block_ + 1)) return false;
  }
  return read_entry();
}

bool TermIterator::seek(std::string_view key) {
  auto found = segment_->dict_index_.find(key);
  if (!found) {
    status_ = found.error();
    return false;
  }
  const std::size_t block = *found;
  // In the block, each entry is compared with `key` through the prefix it shares with the
  // entry before (the dictionary's prefix compression), so the entries below the one sought
  // are neither rebuilt nor compared whole (the scan was most of a term lookup's cost).
  // `match`: how many first bytes the entry before, which was below `key`, has in common with
  // it; `previous_size`: that entry's length.
  std::size_t match = 0, previous_size = 0;
  if (started_ && status_.ok() && block == block_ && !block_start_ && key_ < key) {
    // Forward within the block of the current entry, which is below `key`: on from it rather
    // than from the block's first entry (a fuzzy walk's seeks land a few entries on: reading
    // the block again from its start was a quarter of a did-you-mean's time).
    previous_size = key_.size();
    match = static_cast<std::size_t>(
        std::mismatch(key_.begin(), key_.end(), key.begin(), key.end()).first - key_.begin());
  } else {
    started_ = true;
    if (!load_block(block)) return false;
  }
  while (p_ < end_) {
    std::size_t shared = 0;
    std::string_view suffix;
    if (!read_prefix(previous_size, shared, suffix)) return false;
    bool below = false;  // the entry sorts before `key`
    std::size_t common = match;
    if (!block_start_ && shared > match) {
      // It keeps the byte where the entry before fell below `key`: below it too.
      below = true;
    } else if (shared < match) {
      // Its byte at `shared` rises above the entry before's, which was key's: above `key`.
      below = false;
    } else {  // shared == match: its first `shared` bytes are key's; the suffix decides
      const std::string_view rest = key.substr(shared);
      const auto diff = std::mismatch(suffix.begin(), suffix.end(), rest.begin(), rest.end());
      below = diff.first == suffix.end()
                  ? suffix.size() < rest.size()
                  : diff.second != rest.end() && static_cast<unsigned char>(*diff.first) <
                                                     static_cast<unsigned char>(*diff.second);
      common = shared + static_cast<std::size_t>(diff.first - suffix.begin());
    }
    const std::size_t size = shared + suffix.size();
    if (!below) {
      // Its first `shared` bytes are key's (shared <= match): rebuilt from `key`.
      key_.assign(key.substr(0, shared));
      key_.append(suffix);
      return read_numbers(size);
    }
    if (!read_numbers(size)) return false;
    match = common;
    previous_size = size;
  }
  // Every entry of the block is below `key`: on to the next blocks, whose first entries hold
  // their whole keys.
  while (next()) {
    if (key_ >= key) return true;
  }
  return false;
}

Result<std::optional<TermInfo>> SegmentReader::lookup(std::string_view key) const {
  TermIterator terms(*this);
  if (terms.seek(key) && terms.key() == key) return std::optional<TermInfo>(terms.info());
  if (!terms.status().ok()) return terms.status();
  return std::optional<TermInfo>();
}

// ---------------------------------------------------------------------------------------------
// Postings

BlockPostingsCursor::BlockPostingsCursor(const SegmentReader& segment, const TermInfo& term,
                                         std::uint32_t field)
    : segment_(&segment),
      doc_freq_(term.doc_freq),
      block_count_(static_cast<std::uint32_t>((term.doc_freq + util::kBlockSize - 1) /
                                              util::kBlockSize)),
      has_positions_(field < segment.schema().fields().size() &&
                     segment.schema().fields()[field].type == FieldType::kText),
      field_(field),
      position_offset_(term.positions_offset) {
  const bool has_positions = has_positions_;
  const FramedFile& postings = segment.postings_;
  if (term.doc_freq == 0 || term.postings_offset >= postings.body.size()) {
    fail("postings offset out of range");
    return;
  }
  if (has_positions && term.positions_offset > segment.positions_.body.size()) {
    fail_positions("positions offset out of range");
    return;
  }
  const std::uint8_t* p = postings.body_begin() + term.postings_offset;
  if (postings.version >= 3 && block_count_ == 1) {
    open_single_block(p);
    return;
  }
  std::uint64_t skip_bytes = 0;
  if (!util::get_varint(p, postings.body_end(), skip_bytes) ||
      skip_bytes > static_cast<std::uint64_t>(postings.body_end() - p)) {
    fail("bad skip table length");
    return;
  }
  skip_p_ = p;
  skip_end_ = p + skip_bytes;
  if (Status status = postings.verify(term.postings_offset,
                                      static_cast<std::uint64_t>(skip_end_ - postings.body_begin()));
      !status.ok()) {
    fail(std::move(status));
    return;
  }
  block_data_ = skip_end_;
  if (!read_skip() || !decode_block()) return;
  doc_ = docs_[0];
}

// A term of one block (file version 3): no skip entry. What it would say is derived from the
// block, decoded whole at once: its last document, largest frequency and smallest length (and
// its impacts when asked for, read_impacts()).
void BlockPostingsCursor::open_single_block(const std::uint8_t* p) noexcept {
  const FramedFile& postings = segment_->postings_;
  const std::uint8_t* const start = p;
  const std::uint8_t* end = postings.body_end();
  if (has_positions_ && !util::get_varint32(p, end, skip_.position_bytes)) {
    fail("truncated postings");
    return;
  }
  const std::size_t doc_bytes = util::packed_block_size(p, end, doc_freq_);
  const std::size_t freq_bytes =
      doc_bytes == 0 ? 0 : util::packed_block_size(p + doc_bytes, end, doc_freq_);
  if (freq_bytes == 0) {
    fail("malformed postings block");
    return;
  }
  skip_.doc_bytes = static_cast<std::uint32_t>(doc_bytes + freq_bytes);
  if (Status status = postings.verify(start, p + skip_.doc_bytes); !status.ok()) {
    fail(std::move(status));
    return;
  }
  block_data_ = p;
  single_block_ = true;
  if (!decode_block()) return;
  decode_freqs();
  const SegmentReader::FieldLengths lengths = segment_->field_lengths(field_);
  std::uint32_t max_freq_minus_one = 0, min_length = UINT32_MAX;
  for (std::uint32_t i = 0; i < block_size_; ++i) {
    max_freq_minus_one = std::max(max_freq_minus_one, freqs_[i]);
    min_length = std::min(min_length, lengths(docs_[i]));
  }
  skip_.max_freq = max_freq_minus_one + 1;
  skip_.min_length = min_length;
  doc_ = docs_[0];
}

void BlockPostingsCursor::fail(std::string_view what) noexcept {
  fail(Status::corruption(segment_->postings_.file->name() + ": " + std::string(what)));
}

void BlockPostingsCursor::fail(Status status) noexcept {
  if (status_.ok()) status_ = std::move(status);
  doc_ = kTerminated;
}

void BlockPostingsCursor::fail_positions(std::string_view what) noexcept {
  if (status_.ok()) {
    status_ = Status::corruption(segment_->positions_.file->name() + ": " + std::string(what));
  }
  doc_ = kTerminated;
}

bool BlockPostingsCursor::read_skip() noexcept {
  // Multi-block terms of version 3 on carry impacts (one-block terms have no skip entry).
  const bool with_impacts = segment_->postings_.version >= 3;
  std::uint32_t delta = 0;
  if (!parse_skip_entry(skip_p_, skip_end_, with_impacts, delta, skip_, impacts_p_,
                        impacts_end_)) {
    fail("truncated skip entry");
    return false;
  }
  impacts_read_ = false;
  skip_.last_doc = previous_last_ + delta;
  if ((block_ > 0 && delta == 0) || skip_.last_doc < previous_last_ ||
      skip_.last_doc >= segment_->doc_count() ||
      skip_.doc_bytes > static_cast<std::uint64_t>(segment_->postings_.body_end() - block_data_)) {
    fail("inconsistent skip entry");
    return false;
  }
  decoded_ = false;
  positions_decoded_ = false;
  position_runs_ready_ = false;
  return true;
}

void BlockPostingsCursor::read_impacts() noexcept {
  impacts_read_ = true;
  if (single_block_) {  // no skip entry: the block's own Pareto set, exact
    const SegmentReader::FieldLengths lengths = segment_->field_lengths(field_);
    std::array<std::uint32_t, util::kBlockSize> block_lengths{};
    for (std::uint32_t i = 0; i < block_size_; ++i) block_lengths[i] = lengths(docs_[i]);
    impacts_ = index_internal::block_impacts(freqs_.data(), block_lengths.data(), block_size_);
    return;
  }
  if (!decode_impacts(impacts_p_, impacts_end_, skip_.max_freq, skip_.min_length, impacts_)) {
    impacts_.count = 1;
    impacts_.pairs[0] = {skip_.max_freq, skip_.min_length};
    fail("malformed impacts in a skip entry");
  }
}

bool BlockPostingsCursor::decode_block() noexcept {
  block_size_ = block_ + 1 < block_count_
                    ? static_cast<std::uint32_t>(util::kBlockSize)
                    : doc_freq_ - block_ * static_cast<std::uint32_t>(util::kBlockSize);
  const FramedFile& postings = segment_->postings_;
  const std::uint8_t* end = block_data_ + skip_.doc_bytes;
  if (Status status = postings.verify(block_data_, end); !status.ok()) {
    fail(std::move(status));
    return false;
  }
  const std::uint8_t* p =
      util::decode_block(block_data_, end, block_size_, docs_.data(), postings.mapping_end());
  // The frequencies are decoded when first asked for (a conjunction passes over most of the
  // documents it decodes); their run is checked now, as decoding it would check it.
  const std::size_t freq_bytes = p == nullptr ? 0 : util::packed_block_size(p, end, block_size_);
  if (freq_bytes == 0 || freq_bytes != static_cast<std::size_t>(end - p)) {
    fail("malformed postings block");
    return false;
  }
  freq_run_ = p;
  freqs_decoded_ = false;
  // Gaps to documents; they must rise strictly and end at the skip entry's last document,
  // which (below the document count) then bounds every one before it: scorers index
  // per-document columns with them unchecked (FieldLengths::of_valid).
  if (!util::gaps_to_documents(docs_.data(), block_size_, previous_last_, block_ == 0)) {
    fail("postings not increasing");
    return false;
  }
  const DocId doc = docs_[block_size_ - 1];
  if (single_block_) {
    // No skip entry to agree with: the last document must lie in the segment.
    if (doc >= segment_->doc_count()) {
      fail("document out of range");
      return false;
    }
    skip_.last_doc = static_cast<DocId>(doc);
  } else if (doc != skip_.last_doc) {
    fail("postings block disagrees with its skip entry");
    return false;
  }
  // Scorers read the field lengths of the documents the cursor yields: those rows are verified
  // with the block that names them.
  if (has_positions_) {
    if (Status status = segment_->verify_lengths(docs_[0], skip_.last_doc); !status.ok()) {
      fail(std::move(status));
      return false;
    }
  }
  index_ = 0;
  decoded_ = true;
  return true;
}

bool BlockPostingsCursor::next_block() noexcept {
  if (doc_ == kTerminated) return false;
  if (block_ + 1 >= block_count_) {
    doc_ = kTerminated;
    return false;
  }
  previous_last_ = skip_.last_doc;
  block_data_ += skip_.doc_bytes;
  position_offset_ += skip_.position_bytes;
  ++block_;
  return read_skip();
}

bool BlockPostingsCursor::seek_block(const BlockMark& mark) noexcept {
  if (!status_.ok()) return false;
  if (mark.block == block_ && doc_ != kTerminated) {  // here already: kept decoded if it is
    if (decoded_) {
      index_ = 0;
      doc_ = docs_[0];
    }
    return true;
  }
  block_ = mark.block;
  previous_last_ = mark.previous_last;
  skip_p_ = mark.skip_p;
  block_data_ = mark.block_data;
  position_offset_ = mark.position_offset;
  skip_ = mark.skip;
  impacts_p_ = mark.impacts_p;
  impacts_end_ = mark.impacts_end;
  impacts_read_ = false;
  decoded_ = false;
  positions_decoded_ = false;
  position_runs_ready_ = false;
  doc_ = previous_last_;  // not terminated; load_block() puts it on the block's first
  return true;
}

bool BlockPostingsCursor::load_block() noexcept {
  if (doc_ == kTerminated) return false;
  if (!decoded_) {
    if (!decode_block()) return false;
    doc_ = docs_[0];
  }
  return true;
}

void BlockPostingsCursor::next_slow() noexcept {
  if (doc_ == kTerminated) return;
  if (++index_ < block_size_) {
    doc_ = docs_[index_];
    return;
  }
  next_geq_slow(doc_ + 1);
}

void BlockPostingsCursor::next_geq_slow(DocId target) noexcept {
  if (doc_ == kTerminated || target <= doc_) return;
  // Scorers step to doc + 1 all the time: the next posting of the block is then the answer.
  if (decoded_ && index_ + 1 < block_size_ && docs_[index_ + 1] >= target) {
    doc_ = docs_[++index_];
    return;
  }
  // Skip whole blocks whose last document is below the target, without decoding them.
  while (skip_.last_doc < target) {
    if (!next_block()) return;
  }
  if (!decoded_ && !decode_block()) return;
  std::uint32_t* begin = docs_.data() + index_;
  std::uint32_t* found = std::lower_bound(begin, docs_.data() + block_size_, target);
  index_ = static_cast<std::uint32_t>(found - docs_.data());
  doc_ = docs_[index_];
}

void BlockPostingsCursor::decode_freqs() noexcept {
  // The run was checked by decode_block(): this cannot fail.
  util::decode_block(freq_run_, block_data_ + skip_.doc_bytes, block_size_, freqs_.data(),
                     segment_->postings_.mapping_end());
  freqs_decoded_ = true;
}

bool BlockPostingsCursor::prepare_positions() noexcept {
  if (!freqs_decoded_) decode_freqs();
  position_starts_.resize(block_size_ + 1);
  const std::uint64_t total = util::run_starts(freqs_.data(), block_size_, position_starts_.data());
  const FramedFile& file = segment_->positions_;
  if (total > UINT32_MAX || position_offset_ > file.body.size() ||
      skip_.position_bytes > file.body.size() - position_offset_ ||
      total > std::uint64_t{skip_.position_bytes} * util::kBlockSize) {
    fail_positions("positions out of range");
    return false;
  }
  if (Status status = file.verify(position_offset_, position_offset_ + skip_.position_bytes);
      !status.ok()) {
    fail(std::move(status));
    return false;
  }
  // The runs of 128 values: each one's width byte is checked and its place kept, and they must
  // fill the block's bytes exactly, as a whole decode would find.
  const std::uint8_t* p = file.body_begin() + position_offset_;
  const std::uint8_t* end = p + skip_.position_bytes;
  position_runs_.clear();
  for (std::uint64_t done = 0; done < total; done += util::kBlockSize) {
    const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(util::kBlockSize, total - done));
    const std::size_t size = util::packed_block_size(p, end, n);
    if (size == 0) {
      fail_positions("malformed positions block");
      return false;
    }
    position_runs_.push_back(p);
    p += size;
  }
  if (p != end) {
    fail_positions("malformed positions block");
    return false;
  }
  position_runs_ready_ = true;
  positions_read_alone_ = 0;
  return true;
}

void BlockPostingsCursor::decode_all_positions() noexcept {
  const std::uint32_t total = position_starts_[block_size_];
  const FramedFile& file = segment_->positions_;
  const std::uint8_t* end = file.body_begin() + position_offset_ + skip_.position_bytes;
  block_positions_.resize(std::size_t{total} + util::kBlockSize);
  for (std::size_t r = 0; r < position_runs_.size(); ++r) {
    const std::size_t done = r * util::kBlockSize;
    const std::size_t n = std::min<std::size_t>(util::kBlockSize, total - done);
    // The runs were checked: this cannot fail.
    util::decode_block(position_runs_[r], end, n, block_positions_.data() + done,
                       file.mapping_end());
  }
  // Running sums over the whole block, then each document's made relative to the sum before
  // its first position (from the last document back, so that sum is still unchanged).
  Position* positions = block_positions_.data();
  util::running_sums(positions, total);
  for (std::uint32_t i = block_size_; i-- > 1;) {
    const Position before = positions[position_starts_[i] - 1];
    for (std::uint32_t k = position_starts_[i]; k < position_starts_[i + 1]; ++k) {
      positions[k] -= before;
    }
  }
  positions_decoded_ = true;
}

const Position* BlockPostingsCursor::positions() noexcept {
  static constexpr Position kNone[1] = {0};
  if (!has_positions_ || doc_ == kTerminated) return kNone;
  if (!positions_decoded_) {
    if (!position_runs_ready_ && !prepare_positions()) return kNone;
    // A phrase reads the positions of a few documents of a block (those where all its words
    // meet): each is read alone. A merge reads them all: the whole block is decoded at once
    // (at once for a cursor told so, past a few documents for any other).
    if (++positions_read_alone_ <= positions_alone_limit_) {
      const std::uint32_t begin = position_starts_[index_], end = position_starts_[index_ + 1];
      doc_positions_.resize(end - begin);
      Position* out = doc_positions_.data();
      const std::uint8_t* readable_end = segment_->positions_.mapping_end();
      // The document's values run by run (most lie in one), then summed: its first is absolute.
      for (std::uint32_t k = begin; k < end;) {
        const std::size_t run = k / util::kBlockSize;
        const auto stop =
            static_cast<std::uint32_t>(std::min<std::size_t>(end, (run + 1) * util::kBlockSize));
        const std::uint8_t* data = position_runs_[run];
        util::unpack_range(data + 1, *data, k % util::kBlockSize, stop - k, out + (k - begin),
                           readable_end);
        k = stop;
      }
      // Inline: a document has a few positions, too few for the vector kernel's call to pay.
      for (std::uint32_t k = 1; k < end - begin; ++k) out[k] += out[k - 1];
      return out;
    }
    decode_all_positions();
  }
  return block_positions_.data() + position_starts_[index_];
}

std::unique_ptr<BlockPostingsCursor> SegmentReader::postings(const TermInfo& term,
                                                             std::uint32_t field) const {
  return std::make_unique<BlockPostingsCursor>(*this, term, field);
}

// ---------------------------------------------------------------------------------------------
// Per-document data

Status SegmentReader::verify_lengths(DocId first, DocId last) const {
  const std::uint64_t row = std::uint64_t{text_fields_} * 4;
  return lengths_.verify(first * row, (std::uint64_t{last} + 1) * row);
}

// A format 1 segment's values, laid out in memory as a .val body: numbers from .col (one per
// field and document, kMissingNumeric for none), keyword ordinals from the keyword fields'
// postings (the dictionary lists each field's values in byte order).
Result<std::unique_ptr<FieldValues>> SegmentReader::legacy_field_values() const {
  const Schema& schema = *schema_;
  std::vector<int> slot;
  std::size_t numeric_fields = 0;
  for (const FieldSpec& field : schema.fields()) {
    slot.push_back(field.type == FieldType::kNumeric ? static_cast<int>(numeric_fields++) : -1);
  }
  const FramedFile& columns = values_file_;
  if (columns.body.size() != std::uint64_t{meta_.doc_count} * numeric_fields * 8) {
    return corrupt(columns, "size does not match the document count");
  }
  TRAWL_RETURN_IF_ERROR(store_internal::verify_checksum(columns));
  FieldValuesWriter writer(schema);
  std::vector<FieldNumber> numbers;
  for (DocId doc = 0; doc < meta_.doc_count; ++doc) {
    numbers.clear();
    for (std::uint32_t f = 0; f < slot.size(); ++f) {
      if (slot[f] < 0) continue;
      const std::uint64_t at = (std::uint64_t{doc} * numeric_fields + static_cast<std::uint64_t>(slot[f])) * 8;
      const auto value = static_cast<std::int64_t>(util::load_fixed64(columns.body_begin() + at));
      if (value != kMissingNumeric) numbers.push_back({f, value});
    }
    writer.add_document(numbers);
  }
  TermIterator terms(*this);
  while (terms.next()) {
    const std::uint32_t field = key_field(terms.key());
    if (field >= schema.fields().size() || schema.fields()[field].type != FieldType::kKeyword) {
      continue;
    }
    const std::uint32_t ordinal = writer.add_keyword_value(field, std::string_view(terms.key()).substr(2));
    auto cursor = postings(terms.info(), field);
    for (; cursor->docid() != kTerminated; cursor->next()) {
      if (cursor->docid() >= meta_.doc_count) return corrupt(postings_, "document out of range");
      writer.add_keyword_doc(field, ordinal, cursor->docid());
    }
    TRAWL_RETURN_IF_ERROR(cursor->status());
  }
  TRAWL_RETURN_IF_ERROR(terms.status());
  auto body = std::make_shared<const std::string>(writer.finish(meta_.doc_count));
  FramedFile file;
  file.body = *body;
  file.version = kFieldValuesFormatVersion;  // as FieldValuesWriter lays it out
  return FieldValues::open(std::move(file), std::move(body), schema, meta_.doc_count);
}

Result<std::vector<StoredValue>> SegmentReader::stored(DocId doc) const {
  StoredCache cache;
  return stored(doc, cache);
}

void SegmentReader::StoredCache::FreeContext::operator()(ZSTD_DCtx* dctx) const {
  ZSTD_freeDCtx(dctx);
}

Result<std::vector<StoredValue>> SegmentReader::stored(DocId doc, StoredCache& cache) const {
  TRAWL_ASSIGN_OR_RETURN(const std::string_view record, stored_record(doc, cache));
  auto values = parse_stored(record, field_count_);
  if (!values) return values.error().with_context(stored_.file->name());
  return values;
}

Result<std::string_view> SegmentReader::stored_record(DocId doc, StoredCache& cache) const {
  if (doc >= meta_.doc_count) {
    return Status::invalid_argument("document " + std::to_string(doc) + " is not in segment " +
                                    meta_.name);
  }
  if (!stored_damage_.ok()) return Status(stored_damage_);
  const auto it = std::upper_bound(stored_first_docs_.begin(), stored_first_docs_.end(), doc);
  const auto block = static_cast<std::size_t>(it - stored_first_docs_.begin()) - 1;
  if (cache.block != block) {
    cache.block = SIZE_MAX;
    const std::uint64_t block_end =
        block + 1 < stored_offsets_.size() ? stored_offsets_[block + 1] : stored_table_;
    if (stored_offsets_[block] > block_end) return corrupt(stored_, "blocks out of order");
    TRAWL_RETURN_IF_ERROR(stored_.verify(stored_offsets_[block], block_end));
    const std::uint8_t* p = stored_.body_begin() + stored_offsets_[block];
    const std::uint8_t* end = stored_.body_begin() + block_end;
    std::uint64_t docs = 0, raw_size = 0, compressed_size = 0;
    if (!util::get_varint(p, end, docs) || !util::get_varint(p, end, raw_size) ||
        !util::get_varint(p, end, compressed_size) || raw_size > kMaxStoredBlockBytes ||
        compressed_size > static_cast<std::uint64_t>(end - p) || docs > raw_size + 1) {
      return corrupt(stored_, "malformed block header");
    }
    if (stored_.version >= 2 && compressed_size == raw_size) {  // kept uncompressed: read in place
      cache.block_bytes = std::string_view(reinterpret_cast<const char*>(p), raw_size);
    } else {
      cache.raw.resize(static_cast<std::size_t>(raw_size));
      if (!cache.context) {
        cache.context.reset(ZSTD_createDCtx());
        if (!cache.context) throw std::bad_alloc();
      }
      const std::size_t size = ZSTD_decompressDCtx(cache.context.get(), cache.raw.data(),
                                                   cache.raw.size(), p,
                                                   static_cast<std::size_t>(compressed_size));
      if (ZSTD_isError(size) || size != cache.raw.size()) {
        return corrupt(stored_, "bad compressed block");
      }
      cache.block_bytes = cache.raw;
    }
    // The block is the records' sizes (varints), then the records. A fetch decodes the sizes
    // only up to its own record, and the next fetch from the block goes on from there (fetches
    // come in document order): one document costs half a block's sizes on average, not all of
    // them. Where the records start is found by counting the sizes' last bytes (those below
    // 0x80), eight bytes at a time.
    const auto* raw = reinterpret_cast<const std::uint8_t*>(cache.block_bytes.data());
    std::uint64_t terminators = 0, at = 0;
    constexpr std::uint64_t kLowBits = 0x0101010101010101ull;
    for (std::uint64_t word; at + 8 <= raw_size; at += 8) {
      std::memcpy(&word, raw + at, 8);
      // Each byte's "is last" bit moved to its lowest bit, then the eight summed in the top byte.
      const std::uint64_t last_bytes = ((~word >> 7) & kLowBits) * kLowBits >> 56;
      if (terminators + last_bytes >= docs) break;
      terminators += last_bytes;
    }
    for (; terminators < docs && at < raw_size; ++at) terminators += raw[at] < 0x80 ? 1u : 0u;
    if (terminators < docs) return corrupt(stored_, "bad record sizes");
    cache.docs = docs;
    cache.records_at = at;
    cache.rewind();
    cache.block = block;
  }
  const std::size_t index = doc - stored_first_docs_[block];
  if (index >= cache.docs) return corrupt(stored_, "document missing from its block");
  if (index < cache.record) cache.rewind();
  const std::string_view bytes = cache.block_bytes;
  const auto* raw = reinterpret_cast<const std::uint8_t*>(bytes.data());
  // The size of record cache.record, which starts at cache.record_at.
  auto next_size = [&](const std::uint8_t*& q, std::uint64_t& size) {
    return util::get_varint(q, raw + cache.records_at, size) &&
           size <= bytes.size() - cache.record_at;
  };
  for (; cache.record < index; ++cache.record) {
    const std::uint8_t* q = raw + cache.size_at;
    std::uint64_t size = 0;
    if (!next_size(q, size)) return corrupt(stored_, "bad record sizes");
    cache.size_at = static_cast<std::size_t>(q - raw);
    cache.record_at += size;
  }
  const std::uint8_t* q = raw + cache.size_at;
  std::uint64_t size = 0;
  if (!next_size(q, size)) return corrupt(stored_, "bad record sizes");
  // The last record must end the block.
  if (index + 1 == cache.docs && cache.record_at + size != bytes.size()) {
    return corrupt(stored_, "bad record sizes");
  }
  return bytes.substr(cache.record_at, static_cast<std::size_t>(size));
}

// ---------------------------------------------------------------------------------------------
// Verification and statistics

Status SegmentReader::verify_checksums() const {
  for (const FramedFile* file : {&meta_file_, &tix_file_, &dict_, &postings_, &positions_,
                                 &lengths_, &values_file_, &stored_}) {
    TRAWL_RETURN_IF_ERROR(store_internal::verify_checksum(*file));
  }
  return {};
}

Status SegmentReader::verify() const {
  TRAWL_RETURN_IF_ERROR(verify_checksums());
  TRAWL_RETURN_IF_ERROR(Status(stored_damage_));
  TermIterator terms(*this);
  std::uint64_t count = 0;
  std::string previous;
  while (terms.next()) {
    if (count > 0 && terms.key() <= previous) return corrupt(dict_, "terms out of order");
    previous = terms.key();
    if (is_surface_key(terms.key())) {  // no postings: its field must be a text field
      const std::uint32_t field =
          terms.key().size() >= 4 ? key_field(std::string_view(terms.key()).substr(2)) : UINT32_MAX;
      if (field >= field_count_ || schema_->fields()[field].type != FieldType::kText) {
        return corrupt(dict_, "surface of a field that is not text");
      }
      continue;
    }
    ++count;
    const std::uint32_t field = key_field(terms.key());
    if (field >= field_count_) return corrupt(dict_, "term of an unknown field");
    auto cursor = postings(terms.info(), field);
    std::uint64_t docs = 0, freqs = 0;
    for (; cursor->docid() != kTerminated; cursor->next()) {
      ++docs;
      freqs += cursor->freq();
      cursor->positions();
    }
    TRAWL_RETURN_IF_ERROR(cursor->status());
    if (docs != terms.info().doc_freq || freqs != terms.info().total_term_freq) {
      return corrupt(postings_, "postings disagree with the dictionary");
    }
  }
  TRAWL_RETURN_IF_ERROR(terms.status());
  if (count != meta_.term_count) return corrupt(dict_, "term count disagrees with the metadata");
  for (DocId doc = 0; doc < meta_.doc_count; ++doc) TRAWL_RETURN_IF_ERROR(stored(doc).status());
  return field_values_->verify();
}

std::vector<std::pair<std::string, std::uint64_t>> SegmentReader::file_sizes() const {
  std::vector<std::pair<std::string, std::uint64_t>> sizes;
  for (const FramedFile* file : {&meta_file_, &tix_file_, &dict_, &postings_, &positions_,
                                 &lengths_, &values_file_, &stored_}) {
    const std::string& name = file->file->name();
    sizes.emplace_back(name.substr(name.rfind('.') + 1), file->file->bytes().size());
  }
  return sizes;
}

}  // namespace trawl::index_internal
