// The scalar vocabulary of trawl: every identifier and score type in the API is one of these.
//
// Thread-safety: plain values.
#ifndef TRAWL_TYPES_H_
#define TRAWL_TYPES_H_

#include <cstdint>

namespace trawl {

/// A document's number inside one segment (dense, starting at 0).
using DocId = std::uint32_t;
/// A term's number inside one segment's dictionary.
using TermId = std::uint32_t;
/// A token's ordinal position in its field: the tokenizer's count, so removed stop words leave
/// gaps and phrase queries keep their distances.
using Position = std::uint32_t;
/// A relevance score. Double precision, so a hit's score equals what explain() and an
/// independent computation of the formula give, to rounding.
using Score = double;

}  // namespace trawl

#endif  // TRAWL_TYPES_H_
