#include "search/collectors/facet_collector.h"

namespace trawl::search_internal {

Result<std::unique_ptr<FacetCollector>> make_facet_collector(const FacetRequest& request,
                                                             const Schema& schema) {
  const auto index = schema.find(request.field);
  if (!index) {
    return Status::invalid_argument("facet: unknown field '" + request.field +
                                    "' (schema: " + schema.describe() + ")");
  }
  const FieldType type = schema.fields()[*index].type;
  const auto field = static_cast<std::uint32_t>(*index);
  const bool numeric = is_numeric_type(type);
  if (request.kind == FacetRequest::Kind::kValues) {
    if (!numeric && type != FieldType::kKeyword) {
      return Status::invalid_argument("facet: field '" + request.field + "' is " +
                                      std::string(field_type_name(type)) +
                                      "; values are counted for keyword, numeric and date fields");
    }
    if (request.size == 0) return Status::invalid_argument("facet: a size of 0 values");
    return make_value_facet(request, field, type);
  }
  if (!numeric) {
    return Status::invalid_argument("facet: field '" + request.field + "' is " +
                                    std::string(field_type_name(type)) +
                                    "; ranges and histograms need a numeric or date field");
  }
  if (request.kind == FacetRequest::Kind::kRanges) return make_range_facet(request, field, type);
  return make_histogram_facet(request, field, type);
}

}  // namespace trawl::search_internal
