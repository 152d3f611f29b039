// The subcommands of the trawl command. Each registers its options on the CLI11 app and runs
// when chosen; exit codes: 0 success, 1 failure, 2 usage error, 3 committed but not merged.
#ifndef TRAWL_EXAMPLES_TRAWL_COMMANDS_H_
#define TRAWL_EXAMPLES_TRAWL_COMMANDS_H_

#include <CLI/CLI.hpp>
#include <cstdint>
#include <functional>
#include <vector>

#include "trawl/index/index_writer.h"
#include "trawl/status.h"

namespace trawl::cli {

/// Exit codes shared by every subcommand.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
/// The documents were committed, but a merge after the commit failed (e.g. the disk is full):
/// nothing is lost, the index just has more segments than it would.
inline constexpr int kExitCommittedUnmerged = 3;

/// Commits, then waits for the merges the commit started: a command's index is left merged
/// as the policy wants it, and a merge failure is reported with the commit durable.
Status commit_and_wait(IndexWriter& writer);

/// Says what a failed commit() left: whether the documents are durable (then exit 3) or not
/// (exit 1). `before`: the writer's committed_generation() before the commit.
int report_commit_failure(const char* command, const Status& status, std::uint64_t before,
                          std::uint64_t after);

/// Each adds its subcommand(s) to `app`; the returned function runs one after parsing. Subcommands
/// are registered in this order, which main() relies on to match them.
std::function<int()> add_analyze_command(CLI::App& app);
std::function<int()> add_index_command(CLI::App& app);
/// stats, check, merge, delete.
std::vector<std::function<int()>> add_admin_commands(CLI::App& app);
/// search, batch, eval.
std::vector<std::function<int()>> add_search_commands(CLI::App& app);

}  // namespace trawl::cli

#endif  // TRAWL_EXAMPLES_TRAWL_COMMANDS_H_
