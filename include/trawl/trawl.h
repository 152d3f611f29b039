// trawl: an embeddable full-text search library. This umbrella header includes the whole
// public API; include the individual headers to keep compile times down.
#ifndef TRAWL_TRAWL_H_
#define TRAWL_TRAWL_H_

#include "trawl/analysis/analyzer.h"
#include "trawl/analysis/language.h"
#include "trawl/analysis/stemmer.h"
#include "trawl/analysis/stop_words.h"
#include "trawl/analysis/token.h"
#include "trawl/analysis/token_filter.h"
#include "trawl/analysis/token_stream.h"
#include "trawl/analysis/tokenizer.h"
#include "trawl/index/document.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"
#include "trawl/index/postings.h"
#include "trawl/index/schema.h"
#include "trawl/result.h"
#include "trawl/search/query.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"
#include "trawl/status.h"
#include "trawl/store/directory.h"
#include "trawl/types.h"
#include "trawl/version.h"

#endif  // TRAWL_TRAWL_H_
