// trawl: the command-line face of the library.
//
//   trawl analyze [--lang L] [--no-stem] [--no-stopwords] [--fold-diacritics] [TEXT]
//
// Later subcommands (index, search, batch, eval, ...) plug in the same way.
#include <iostream>
#include <map>
#include <string>

#include "commands.h"
#include "trawl/version.h"

int main(int argc, char** argv) {
  CLI::App app{"trawl: full-text search from the command line", "trawl"};
  app.set_version_flag("--version", TRAWL_VERSION_STRING);
  app.require_subcommand(1);

  std::map<const CLI::App*, std::function<int()>> commands;
  auto register_command = [&](std::function<int()> run) {
    commands.emplace(app.get_subcommands({}).back(), std::move(run));
  };
  register_command(trawl::cli::add_analyze_command(app));

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e, std::cerr, std::cerr);
    return trawl::cli::kExitUsage;
  }
  for (const CLI::App* chosen : app.get_subcommands()) {
    auto it = commands.find(chosen);
    if (it != commands.end()) return it->second();
  }
  std::cerr << app.help();
  return trawl::cli::kExitUsage;
}
