// Numeric command-line options with bounds, whose errors state the bounds in plain numbers
// (CLI11's own range checks accept "-1" for unsigned options by wrapping it, and print the
// largest double in 309 digits).
#ifndef TRAWL_EXAMPLES_TRAWL_OPTIONS_H_
#define TRAWL_EXAMPLES_TRAWL_OPTIONS_H_

#include <CLI/CLI.hpp>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace trawl::cli {

/// An option whose text `parse` turns into a number (false if it cannot), accepted from `low`
/// to `high`; `kind` names it in the error ("a whole number"), `bounds` are the bounds as text.
template <class T, class Number, class Parse>
CLI::Option* add_bounded_option(CLI::App& app, const std::string& name, T& value, Number low,
                                Number high, const std::string& kind, const std::string& bounds,
                                Parse parse, const std::string& description) {
  return app.add_option_function<std::string>(
      name,
      [&value, name, low, high, kind, bounds, parse](const std::string& text) {
        Number number{};
        if (text.empty() || !parse(text, number) || number < low || number > high) {
          throw CLI::ValidationError(name, "'" + text + "' is not " + kind + " from " + bounds);
        }
        value = static_cast<T>(number);
      },
      description + " (" + bounds + ")");
}

/// A whole number from `low` to `high`, stored in `value`.
template <class T>
CLI::Option* add_whole_option(CLI::App& app, const std::string& name, T& value, long long low,
                              long long high, const std::string& description) {
  const auto parse = [](const std::string& text, long long& number) {
    errno = 0;
    char* end = nullptr;
    number = std::strtoll(text.c_str(), &end, 10);
    return *end == '\0' && errno != ERANGE;
  };
  return add_bounded_option(app, name, value, low, high, "a whole number",
                            std::to_string(low) + " to " + std::to_string(high), parse,
                            description)
      ->type_name("N");
}

/// A real number from `low` to `high`, stored in `value`.
inline CLI::Option* add_real_option(CLI::App& app, const std::string& name, double& value,
                                    double low, double high, const std::string& description) {
  char bounds[64];
  std::snprintf(bounds, sizeof(bounds), "%g to %g", low, high);
  const auto parse = [](const std::string& text, double& number) {
    errno = 0;
    char* end = nullptr;
    number = std::strtod(text.c_str(), &end);
    return *end == '\0' && errno != ERANGE && std::isfinite(number);
  };
  return add_bounded_option(app, name, value, low, high, "a number", bounds, parse, description)
      ->type_name("X");
}

}  // namespace trawl::cli

#endif  // TRAWL_EXAMPLES_TRAWL_OPTIONS_H_
