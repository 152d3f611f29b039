// minimal: analyse the command-line arguments with the standard English analyzer and print the
// index terms separated by tabs. Built by the test suite against an installed trawl.
#include <iostream>
#include <string>

#include <trawl/trawl.h>

int main(int argc, char** argv) {
  // Build the analyzer.
  trawl::Result<trawl::Analyzer> analyzer = trawl::Analyzer::standard("en");
  if (!analyzer) {
    std::cerr << "minimal: " << analyzer.error() << "\n";
    return 1;
  }

  // Join the arguments into one text.
  std::string text;
  for (int i = 1; i < argc; ++i) text += std::string(argv[i]) + " ";

  // Print its terms.
  trawl::TokenStream stream = analyzer->token_stream();
  stream.reset(text);
  std::string separator;
  while (stream.advance()) {
    std::cout << separator << stream.token().term;
    separator = "\t";
  }
  std::cout << "\n";
  if (!stream.status().ok()) {
    std::cerr << "minimal: " << stream.status() << "\n";
    return 1;
  }
  return 0;
}
