// trawl stats | check | merge | delete: looking after an index.
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>

#include "commands.h"
#include "schema_json.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace trawl::cli {
namespace {

// "1 segment", "3 segments".
std::string segments_text(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " segment" : " segments");
}

int fail(std::string_view command, const Status& status) {
  std::cerr << "trawl " << command << ": " << status << "\n";
  return kExitFailure;
}

int run_stats(const std::string& index, bool schema_only) {
  auto reader = IndexReader::open(index);
  if (!reader) return fail("stats", reader.error());
  if (schema_only) {  // the JSON `trawl index --schema` reads, alone
    std::printf("%s\n", schema_json(reader->schema()).c_str());
    return kExitOk;
  }
  std::uint64_t terms = 0;
  std::map<std::string, std::uint64_t> bytes;
  std::uint64_t total_bytes = 0;
  for (std::size_t s = 0; s < reader->segment_count(); ++s) {
    const SegmentInfo info = reader->segment_info(s);
    terms += info.term_count;
    for (const auto& [kind, size] : info.file_bytes) {
      bytes[kind] += size;
      total_bytes += size;
    }
  }
  std::printf("index       %s (generation %llu)\n", index.c_str(),
              static_cast<unsigned long long>(reader->generation()));
  std::printf("schema      %s\n", schema_json(reader->schema()).c_str());
  std::printf("documents   %llu\n", static_cast<unsigned long long>(reader->doc_count()));
  std::printf("deleted     %llu\n", static_cast<unsigned long long>(reader->deleted_count()));
  std::printf("segments    %zu\n", reader->segment_count());
  std::printf("terms       %llu (summed over segments)\n", static_cast<unsigned long long>(terms));
  std::printf("bytes       %llu\n", static_cast<unsigned long long>(total_bytes));
  static const std::map<std::string, std::string> kKinds = {
      {"doc", "postings"}, {"pos", "positions"}, {"tdx", "term dictionary"},
      {"tix", "dictionary index"}, {"len", "field lengths"}, {"col", "numeric columns"}, {"val", "field values"},
      {"sto", "stored fields"}, {"meta", "segment metadata"}, {"del", "deletions"}};
  for (const auto& [kind, size] : bytes) {
    auto name = kKinds.find(kind);
    std::printf("  %-18s %12llu\n", name == kKinds.end() ? kind.c_str() : name->second.c_str(),
                static_cast<unsigned long long>(size));
  }
  for (const FieldSpec& field : reader->schema().fields()) {
    if (field.type != FieldType::kText) continue;
    const auto stats = reader->field_statistics(field.name);
    if (!stats) return fail("stats", stats.error());
    // Words as written beside their stems (IndexReader::surfaces), summed over segments.
    std::uint64_t surfaces = 0;
    for (std::size_t s = 0; s < reader->segment_count(); ++s) {
      const auto words = reader->surfaces(s, field.name);
      if (!words) return fail("stats", words.error());
      surfaces += words->size();
    }
    std::printf("field %-10s average length %.1f tokens over %llu documents, %llu surfaces\n",
                field.name.c_str(), stats->average_length(),
                static_cast<unsigned long long>(stats->doc_count),
                static_cast<unsigned long long>(surfaces));
  }
  return kExitOk;
}

Result<IndexWriter> open_writer(const std::string& index) {
  return IndexWriter::open_existing(index);
}

int run_check(const std::string& index) {
  auto reader = IndexReader::open(index);
  if (!reader) {
    fail("check", reader.error());
  } else if (const Status status = reader->check(); !status.ok()) {
    fail("check", status);
  } else {
    std::printf("ok: %llu documents in %s, every checksum and structure verified\n",
                static_cast<unsigned long long>(reader->doc_count()),
                segments_text(reader->segment_count()).c_str());
    return kExitOk;
  }
  std::cerr << "trawl check: `trawl check --repair` lists what a repair would drop\n";
  return kExitFailure;
}

// Lists the dropped segments and their documents' ids on standard output.
void print_dropped(const RepairResult& result, const char* verb) {
  for (const DroppedSegment& segment : result.dropped) {
    std::printf("%s %s: %s\n", verb, segment.name.c_str(), segment.damage.to_string().c_str());
    std::printf("  %llu document%s", static_cast<unsigned long long>(segment.live_documents),
                segment.live_documents == 1 ? "" : "s");
    if (segment.ids.size() < segment.live_documents) {
      std::printf(", %llu of them with ids unreadable",
                  static_cast<unsigned long long>(segment.live_documents - segment.ids.size()));
    }
    std::printf("%s\n", segment.ids.empty() ? "" : ", ids:");
    for (const std::string& id : segment.ids) std::printf("  %s\n", id.c_str());
  }
}

int run_repair(const std::string& index, bool confirmed) {
  auto writer = open_writer(index);
  if (!writer) return fail("check --repair", writer.error());
  RepairOptions options;
  options.dry_run = !confirmed;
  auto result = writer->repair(options);
  if (!result) return fail("check --repair", result.error());
  if (result->dropped.empty()) {
    std::printf("ok: nothing damaged, nothing to repair\n");
    return kExitOk;
  }
  if (!confirmed) {
    print_dropped(*result, "damaged");
    std::cerr << "trawl check --repair: nothing changed; `trawl check --repair --yes` commits the "
                 "index without the damaged segments, losing the documents listed\n";
    return kExitFailure;
  }
  print_dropped(*result, "dropped");
  auto reader = IndexReader::open(index);
  if (!reader) return fail("check --repair", reader.error());
  std::printf("repaired: generation %llu holds %llu documents in %s\n",
              static_cast<unsigned long long>(result->generation),
              static_cast<unsigned long long>(reader->doc_count()),
              segments_text(reader->segment_count()).c_str());
  return kExitOk;
}

int run_merge(const std::string& index, std::size_t segments, bool keep_order) {
  auto writer = open_writer(index);
  if (!writer) return fail("merge", writer.error());
  trawl::ForceMergeOptions options;
  options.reorder_documents = !keep_order;
  const Status status = writer->force_merge(segments, options);
  if (!status.ok()) return fail("merge", status);
  auto reader = IndexReader::open(index);
  if (!reader) return fail("merge", reader.error());
  std::printf("merged: %s, %llu documents\n", segments_text(reader->segment_count()).c_str(),
              static_cast<unsigned long long>(reader->doc_count()));
  return kExitOk;
}

int run_delete(const std::string& index, const std::vector<std::string>& ids) {
  auto writer = open_writer(index);
  if (!writer) return fail("delete", writer.error());
  std::uint64_t removed = 0;
  for (const std::string& id : ids) {
    auto count = writer->remove(id);
    if (!count) return fail("delete", count.error());
    if (*count == 0) std::cerr << "trawl delete: no document with id '" << id << "'\n";
    removed += *count;
  }
  const std::uint64_t generation = writer->committed_generation();
  const Status status = commit_and_wait(*writer);
  if (!status.ok()) {
    return report_commit_failure("delete", status, generation, writer->committed_generation());
  }
  std::printf("deleted %llu document%s\n", static_cast<unsigned long long>(removed),
              removed == 1 ? "" : "s");
  return kExitOk;
}

}  // namespace

Status commit_and_wait(IndexWriter& writer) {
  TRAWL_RETURN_IF_ERROR(writer.commit());
  return writer.wait_for_merges();
}

int report_commit_failure(const char* command, const Status& status, std::uint64_t before,
                          std::uint64_t after) {
  if (after > before) {
    std::cerr << "trawl " << command << ": the changes are committed (generation " << after
              << "), but merging segments after the commit failed; run `trawl merge` once "
                 "the cause is fixed: " << status << "\n";
    return kExitCommittedUnmerged;
  }
  std::cerr << "trawl " << command << ": nothing was committed: " << status << "\n";
  return kExitFailure;
}

std::vector<std::function<int()>> add_admin_commands(CLI::App& app) {
  std::vector<std::function<int()>> runs;
  {
    auto index = std::make_shared<std::string>();
    auto schema = std::make_shared<bool>(false);
    CLI::App* command = app.add_subcommand("stats", "Print an index's size and statistics");
    command->add_option("--index,-i", *index, "Index directory")->required();
    command->add_flag("--schema", *schema,
                      "Print only the schema, as the JSON `trawl index --schema` reads");
    runs.push_back([index, schema] { return run_stats(*index, *schema); });
  }
  {
    auto index = std::make_shared<std::string>();
    auto repair = std::make_shared<bool>(false);
    auto yes = std::make_shared<bool>(false);
    CLI::App* command =
        app.add_subcommand("check", "Verify every checksum and structure (exit 1 if damaged)");
    command->add_option("--index,-i", *index, "Index directory")->required();
    command->add_flag("--repair", *repair,
                      "List the damaged segments and the ids of their documents; with --yes, "
                      "commit the index without them");
    command->add_flag("--yes", *yes, "Confirm --repair: drop the damaged segments")
        ->needs(command->get_option("--repair"));
    runs.push_back([index, repair, yes] {
      return *repair ? run_repair(*index, *yes) : run_check(*index);
    });
  }
  {
    auto index = std::make_shared<std::string>();
    auto segments = std::make_shared<std::size_t>(1);
    CLI::App* command = app.add_subcommand("merge", "Merge segments (default: into one)");
    command->add_option("--index,-i", *index, "Index directory")->required();
    auto keep_order = std::make_shared<bool>(false);
    command->add_option("--segments", *segments, "Segments to keep at most (default: 1)")
        ->check(CLI::PositiveNumber);
    command->add_flag("--keep-order", *keep_order,
                      "Keep the documents' order (default: documents sharing words are "
                      "renumbered to be neighbours: a smaller, faster index)");
    runs.push_back([index, segments, keep_order] {
      return run_merge(*index, *segments, *keep_order);
    });
  }
  {
    auto index = std::make_shared<std::string>();
    auto ids = std::make_shared<std::vector<std::string>>();
    CLI::App* command = app.add_subcommand("delete", "Delete documents by id");
    command->add_option("--index,-i", *index, "Index directory")->required();
    command->add_option("ids", *ids, "Document ids")->required();
    runs.push_back([index, ids] { return run_delete(*index, *ids); });
  }
  return runs;
}

}  // namespace trawl::cli
