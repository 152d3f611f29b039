// Effectiveness on real data: the Cranfield collection with the default English analyzer, its
// 225 queries as bags of words over title and abstract, judged with graded gains.
#include <catch2/catch.hpp>

#include <cstdio>

#include "evaluation.h"
#include "support/cranfield.h"
#include "support/test_data.h"
#include "trawl/index/index_writer.h"
#include "trawl/search/query_parser.h"
#include "trawl/search/searcher.h"

TEST_CASE("Cranfield: nDCG@10 >= 0.35 and Recall@1000 >= 0.95", "[search][slow]") {
  const std::string data = trawl::test::source_path("data/cranfield/");
  trawl::Schema schema;
  schema.add_keyword("id").add_text("title").add_text("body").set_unique_key("id");
  std::shared_ptr<trawl::Directory> directory = trawl::make_mem_directory();
  {
    auto writer = trawl::IndexWriter::open(directory, schema);
    REQUIRE(writer.has_value());
    for (const auto& doc : trawl::test::load_cranfield_documents(data + "cran.all.1400")) {
      REQUIRE(writer->add(trawl::Document().add("id", doc.id).add("title", doc.title).add("body", doc.body)).ok());
    }
    REQUIRE(writer->commit().ok());
  }
  const trawl::Searcher searcher(trawl::IndexReader::open(directory).value());
  const auto queries = trawl::test::load_cranfield_queries(data + "cran.qry");
  REQUIRE(queries.size() == 225);
  trawl::cli::Run run;
  trawl::SearchOptions options;
  options.k = 1000;
  for (std::size_t q = 0; q < queries.size(); ++q) {
    auto result = searcher.search(trawl::plain_text_query(queries[q]), options);
    REQUIRE(result.has_value());
    auto& ranking = run[std::to_string(q + 1)];
    auto documents = searcher.documents(result->hits);
    REQUIRE(documents.has_value());
    for (std::size_t i = 0; i < result->hits.size(); ++i) {
      ranking.push_back({*(*documents)[i].get("id"), result->hits[i].score});
    }
  }
  auto qrels = trawl::cli::parse_qrels(trawl::test::load_cranfield_qrels(data + "cranqrel"));
  REQUIRE(qrels.has_value());
  const trawl::cli::Measures m = trawl::cli::evaluate(*qrels, std::move(run));
  std::printf("Cranfield (225 queries): nDCG@10 %.4f  MAP %.4f  P@10 %.4f  R@100 %.4f  R@1000 %.4f\n",
              m.ndcg_at_10, m.map, m.precision_at_10, m.recall_at_100, m.recall_at_1000);
  CHECK(m.queries == 225);
  CHECK(m.ndcg_at_10 >= 0.35);
  CHECK(m.recall_at_1000 >= 0.95);
}

TEST_CASE("Evaluation: trec_eval conventions on a worked example", "[search]") {
  // Query 1: relevant a (gain 2), b (gain 1); c judged non-relevant. Query 2: nothing relevant
  // (skipped). Query 3: relevant x, absent from the run (counts as zero).
  auto qrels = trawl::cli::parse_qrels("1 0 a 2\n1 0 b 1\n1 0 c 0\n2 0 z 0\n3 0 x 1\n");
  REQUIRE(qrels.has_value());
  // Ranked by score: c (3.0), then a and d tied at 2.0 (ties: document id decreasing: d, a), b.
  auto run = trawl::cli::parse_run("1 Q0 a 2 2.0 t\n1 Q0 c 1 3.0 t\n1 Q0 d 3 2.0 t\n1 Q0 b 4 1.0 t\n");
  REQUIRE(run.has_value());
  const auto m = trawl::cli::evaluate(*qrels, *run);
  CHECK(m.queries == 2);
  // Query 1 ranking: c, d, a, b. AP = (1/3 + 2/4) / 2; P@10 = 2/10; recall = 1.
  CHECK(m.map == Approx(((1.0 / 3 + 2.0 / 4) / 2) / 2));
  CHECK(m.precision_at_10 == Approx(0.2 / 2));
  CHECK(m.recall_at_1000 == Approx(1.0 / 2));
  const double dcg = 2 / std::log2(4.0) + 1 / std::log2(5.0);
  const double idcg = 2 / std::log2(2.0) + 1 / std::log2(3.0);
  CHECK(m.ndcg_at_10 == Approx((dcg / idcg) / 2));
  CHECK(trawl::cli::parse_qrels("1 0 a\n").error().is_invalid_argument());
  CHECK(trawl::cli::parse_run("1 Q0 a 1 x t\n").error().is_invalid_argument());
}
