// DocumentAnalyzer: the first half of indexing a document, which needs no shared state: checks
// it against the schema and runs each text field through its analyzer, producing an
// AnalyzedDocument that SegmentBuilder then inverts. Several threads each with their own
// DocumentAnalyzer analyse documents in parallel; one builder inverts them in order, so the index
// is the same whatever the thread count.
#ifndef TRAWL_SRC_INDEX_DOCUMENT_ANALYZER_H_
#define TRAWL_SRC_INDEX_DOCUMENT_ANALYZER_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "index/field_values.h"
#include "trawl/analysis/token_stream.h"
#include "trawl/index/document.h"
#include "trawl/index/schema.h"
#include "trawl/result.h"
#include "trawl/types.h"

namespace trawl::index_internal {

/// A document ready for inversion. Reused across documents: clear() keeps the buffers.
struct AnalyzedDocument {
  struct Hit {
    std::uint32_t field;
    std::uint32_t term_offset;  // in `terms`
    std::uint32_t term_size;
    Position position;
  };
  std::string terms;                    // every hit's and surface's bytes, concatenated
  std::vector<Hit> hits;                // in field, then position order per value
  // The surfaces (TokenStream::surface) of the text hits whose term differs from them, one per
  // such hit, in the same order.
  struct Surface {
    std::uint32_t hit;           // in `hits`
    std::uint32_t offset, size;  // in `terms`
  };
  std::vector<Surface> surfaces;
  std::vector<std::uint32_t> lengths;   // per schema field: tokens indexed (text fields)
  std::vector<FieldNumber> numbers;     // the values of numeric and date fields
  std::string stored;                   // the stored record
  std::optional<std::string> key;       // the unique key's value

  std::string_view term(const Hit& hit) const {
    return std::string_view(terms).substr(hit.term_offset, hit.term_size);
  }
  std::string_view surface(const Surface& surface) const {
    return std::string_view(terms).substr(surface.offset, surface.size);
  }
};

class DocumentAnalyzer {
 public:
  /// REQUIRES: schema.validate().ok(); `schema` outlives the analyzer.
  static Result<DocumentAnalyzer> create(const Schema& schema);

  /// InvalidArgument (naming the field) if `document` does not fit the schema: an unknown field,
  /// a value of the wrong type, a missing or repeated unique key. Cheap: no analysis.
  static Status check(const Schema& schema, const Document& document);

  /// Checks and analyses `document` into `out` (overwritten).
  Status analyze(const Document& document, AnalyzedDocument& out);

 private:
  explicit DocumentAnalyzer(const Schema& schema) : schema_(&schema) {}

  const Schema* schema_;
  // Fields with equal analyzer options share a stream (a document's values are analysed one
  // after the other): a schema of thousands of such fields builds one analyzer, not thousands.
  std::vector<TokenStream> streams_;
  std::vector<std::size_t> stream_of_;  // per schema field: index in streams_ (text fields)
  std::vector<Position> next_position_;
};

}  // namespace trawl::index_internal

#endif  // TRAWL_SRC_INDEX_DOCUMENT_ANALYZER_H_
