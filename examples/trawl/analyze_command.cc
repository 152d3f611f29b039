// trawl analyze: shows what the analysis pipeline makes of a text, one token per line:
//   term<TAB>position<TAB>byte_begin<TAB>byte_end
// (a word's colocated forms, from --transliterate or --cjk-bigrams, follow it at its position
// and byte range).
// With --lang auto the text's language is detected first and printed as a line of its own,
//   language<TAB>CODE
// (ISO 639-1), and the text is analysed as that language (without stemming or stop words for a
// language trawl has neither for).
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>

#include "commands.h"
#include "trawl/analysis/analyzer.h"
#include "trawl/analysis/language.h"
#include "trawl/analysis/language_detector.h"
#include "trawl/analysis/token_filter.h"

namespace trawl::cli {
namespace {

struct AnalyzeArgs {
  std::string language = "english";
  bool no_stem = false;
  bool no_stop_words = false;
  bool fold_diacritics = false;
  bool transliterate = false;
  bool cjk_bigrams = false;
  bool fold_kana = false;
  std::string synonyms_file;
  std::string text;
  bool has_text = false;
};

int run_analyze(const AnalyzeArgs& args) {
  // Read the text: the argument, or all of standard input.
  std::string input;
  if (args.has_text) {
    input = args.text;
  } else {
    input.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  std::string language = args.language;
  std::string out;
  if (language == "auto") {
    language = trawl::detect_language(input).code;
    out += "language\t" + language + "\n";
    if (!trawl::find_language(language)) language = "none";
  }

  // Build the analyzer. A bad language is a usage error, like a bad option.
  trawl::AnalyzerOptions options;
  options.language = language == "none" ? "" : language;
  options.stem = !args.no_stem;
  options.stop_words = !args.no_stop_words;
  options.fold_diacritics = args.fold_diacritics;
  options.transliterate = args.transliterate;
  if (args.cjk_bigrams) options.cjk_bigrams = true;
  options.fold_kana = args.fold_kana;
  if (!args.synonyms_file.empty()) {
    std::ifstream in(args.synonyms_file, std::ios::binary);
    if (!in) {
      std::cerr << "trawl analyze: cannot read " << args.synonyms_file << "\n";
      return kExitUsage;
    }
    const std::string list((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto groups = trawl::parse_synonyms(list);
    if (!groups) {
      std::cerr << "trawl analyze: " << args.synonyms_file << ": " << groups.error() << "\n";
      return kExitUsage;
    }
    options.synonyms = std::move(groups).value();
  }
  trawl::Result<trawl::Analyzer> analyzer = trawl::Analyzer::create(options);
  if (!analyzer) {
    std::cerr << "trawl analyze: " << analyzer.error() << "\n";
    return analyzer.error().is_invalid_argument() ? kExitUsage : kExitFailure;
  }

  // Print every token.
  trawl::TokenStream stream = analyzer->token_stream();
  stream.reset(input);
  while (stream.advance()) {
    const trawl::Token& token = stream.token();
    out += token.term;
    out += '\t';
    out += std::to_string(token.position);
    out += '\t';
    out += std::to_string(token.byte_begin);
    out += '\t';
    out += std::to_string(token.byte_end);
    out += '\n';
    if (out.size() > (1u << 16)) {
      std::cout << out;
      out.clear();
    }
  }
  std::cout << out << std::flush;
  if (!stream.status().ok()) {
    std::cerr << "trawl analyze: " << stream.status() << "\n";
    return kExitFailure;
  }
  return kExitOk;
}

}  // namespace

std::function<int()> add_analyze_command(CLI::App& app) {
  auto args = std::make_shared<AnalyzeArgs>();
  CLI::App* command = app.add_subcommand(
      "analyze", "Print the tokens of TEXT (or standard input): term, position, byte range");
  command->add_option("--lang,-l", args->language,
                      "Language, Snowball name or ISO 639-1 code, 'none', or 'auto' to detect it "
                      "(printed first: language<TAB>CODE) (default: english). Known: " +
                          trawl::language_list());
  command->add_flag("--no-stem", args->no_stem, "Do not stem");
  command->add_flag("--no-stopwords", args->no_stop_words, "Keep stop words");
  command->add_flag("--fold-diacritics", args->fold_diacritics,
                    "Remove diacritics (cafe = café)");
  command->add_flag("--transliterate", args->transliterate,
                    "Add each word's form in the other script, at its position (Moskva = Москва)");
  command->add_flag("--cjk-bigrams", args->cjk_bigrams,
                    "Add each Han or kana word's two-character pieces, at its position (on by "
                    "default for Chinese and Japanese)");
  command->add_flag("--fold-kana", args->fold_kana, "Fold katakana to hiragana");
  command->add_option("--synonyms", args->synonyms_file,
                      "A synonym list: one group a line, words separated by commas");
  command->add_option("text", args->text, "Text to analyse (default: standard input)");
  return [args, command] {
    args->has_text = command->count("text") > 0;
    return run_analyze(*args);
  };
}

}  // namespace trawl::cli
