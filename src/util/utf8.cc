#include "util/utf8.h"

#include <algorithm>
#include <climits>

namespace trawl::util {

bool replace_invalid_utf8(std::string_view in, std::string& out) {
  const auto length = static_cast<std::int32_t>(std::min<std::size_t>(in.size(), INT32_MAX));
  bool valid = true;
  for (std::int32_t i = 0; i < length && valid;) valid = decode_utf8(in.data(), i, length) >= 0;
  if (valid) return false;
  out.clear();
  for (std::int32_t i = 0; i < length;) append_utf8(out, next_code_point(in.data(), i, length));
  return true;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out.push_back(static_cast<char>(c));
  } else if (c < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (c >> 6)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else if (c < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (c >> 12)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (c >> 18)));
    out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
  }
}

}  // namespace trawl::util
