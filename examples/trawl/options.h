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

/// A whole number from `low` to `high`, stored in `value`.
template <class T>
CLI::Option* add_whole_option(CLI::App& app, const std::string& name, T& value, long long low,
                              long long high, const std::string& description) {
  const std::string bounds = std::to_string(low) + " to " + std::to_string(high);
  return app
      .add_option_function<std::string>(
          name,
          [&value, name, low, high, bounds](const std::string& text) {
            errno = 0;
            char* end = nullptr;
            const long long number = std::strtoll(text.c_str(), &end, 10);
            if (text.empty() || *end != '\0' || errno == ERANGE || number < low || number > high) {
              throw CLI::ValidationError(name, "'" + text + "' is not a whole number from " + bounds);
            }
            value = static_cast<T>(number);
          },
          description + " (" + bounds + ")")
      ->type_name("N");
}

/// A real number from `low` to `high`, stored in `value`.
inline CLI::Option* add_real_option(CLI::App& app, const std::string& name, double& value,
                                    double low, double high, const std::string& description) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%g to %g", low, high);
  const std::string bounds = buffer;
  return app
      .add_option_function<std::string>(
          name,
          [&value, name, low, high, bounds](const std::string& text) {
            errno = 0;
            char* end = nullptr;
            const double number = std::strtod(text.c_str(), &end);
            if (text.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(number) ||
                number < low || number > high) {
              throw CLI::ValidationError(name, "'" + text + "' is not a number from " + bounds);
            }
            value = number;
          },
          description + " (" + bounds + ")")
      ->type_name("X");
}

}  // namespace trawl::cli

#endif  // TRAWL_EXAMPLES_TRAWL_OPTIONS_H_
