// trawl: the command-line face of the library.
//
//   trawl analyze [--lang L] [--no-stem] [--no-stopwords] [--fold-diacritics] [--transliterate]
//                 [--cjk-bigrams] [--fold-kana] [--synonyms FILE] [TEXT]
//   trawl index --index DIR [--lang L] [--id-field NAME] [--fields a,b] [--ram-mb N]
//               [--threads N] [--strict] [--wal] INPUT...
//   trawl stats|check --index DIR
//   trawl merge --index DIR [--segments N]
//   trawl delete --index DIR ID...
//   trawl search --index DIR [-k N] [--json] [--explain] [--snippets] [--k1 X --b Y] [--] QUERY...
//   trawl batch --index DIR --topics FILE [-k 1000] [--tag NAME] [--threads N] [--syntax]
//               [--timings FILE]
//   trawl eval --qrels FILE --run FILE
#include <algorithm>
#include <iostream>
#include <map>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "commands.h"
#include "trawl/version.h"

namespace {

// "trawl search -Moscow": the parser reads -Moscow as short options, then misses the query. The
// word it took for options, if the failed command line has one.
std::optional<std::string> dash_query(int argc, char** argv) {
  if (argc < 3 || std::string_view(argv[1]) != "search") return std::nullopt;
  for (int i = 2; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--") break;
    if (arg == "--index" || arg == "--k1" || arg == "--b" || arg == "--fields" ||
        arg == "--max-clauses") {
      ++i;  // their value may start with '-'
      continue;
    }
    if (arg.size() < 2 || arg[0] != '-' || arg[1] == '-') continue;
    if (arg[1] == 'k' || arg[1] == 'i' || arg[1] == 'h') {  // search's own short options
      if (arg.size() == 2) ++i;
      continue;
    }
    return std::string(arg);
  }
  return std::nullopt;
}

// CLI11 reads an argument "[a,b]" as a list of values, which would turn the query "[a TO b]" into
// "a TO b". A trailing space keeps the argument whole and changes no query.
std::vector<std::string> keep_brackets(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  if (argc > 1 && args[1] == "search") {
    for (std::size_t i = 2; i < args.size(); ++i) {
      if (args[i].size() > 1 && args[i].front() == '[' && args[i].back() == ']') args[i] += ' ';
    }
  }
  return args;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"trawl: full-text search from the command line", "trawl"};
  app.set_version_flag("--version", TRAWL_VERSION_STRING);
  app.require_subcommand(1);

  // Each subcommand's run function, in registration order.
  std::vector<std::function<int()>> runs;
  runs.push_back(trawl::cli::add_analyze_command(app));
  runs.push_back(trawl::cli::add_index_command(app));
  for (auto& run : trawl::cli::add_admin_commands(app)) runs.push_back(std::move(run));
  for (auto& run : trawl::cli::add_search_commands(app)) runs.push_back(std::move(run));
  std::map<const CLI::App*, std::function<int()>> commands;
  const auto subcommands = app.get_subcommands({});
  for (std::size_t i = 0; i < subcommands.size() && i < runs.size(); ++i) {
    commands.emplace(subcommands[i], runs[i]);
  }

  try {
    std::vector<std::string> args = keep_brackets(argc, argv);
    args.erase(args.begin());                // the program's name
    std::reverse(args.begin(), args.end());  // CLI11 takes the arguments last first
    app.parse(args);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    if (auto word = dash_query(argc, argv)) {
      std::cerr << "trawl search: '" << *word << "' was read as options; a query starting with '-'"
                << " needs '--' before it: trawl search --index DIR -- " << *word << "\n";
      return trawl::cli::kExitUsage;
    }
    app.exit(e, std::cerr, std::cerr);
    return trawl::cli::kExitUsage;
  }
  for (const CLI::App* chosen : app.get_subcommands()) {
    auto it = commands.find(chosen);
    if (it == commands.end()) continue;
    try {
      return it->second();
    } catch (const std::bad_alloc&) {
      // Nothing uncommitted is kept, nothing committed is lost; say so rather than abort.
      std::cerr << "trawl " << chosen->get_name() << ": out of memory; nothing since the last "
                   "commit was kept (a smaller --ram-mb or --max-document-mb needs less)\n";
      return trawl::cli::kExitFailure;
    }
  }
  std::cerr << app.help();
  return trawl::cli::kExitUsage;
}
