// The Cranfield collection (tests/data/cranfield/README.md): documents, queries and judgments.
#ifndef TRAWL_TESTS_SUPPORT_CRANFIELD_H_
#define TRAWL_TESTS_SUPPORT_CRANFIELD_H_

#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace trawl::test {

struct CranfieldDocument {
  std::string id;
  std::string title;
  std::string body;  // the abstract (.W)
};

/// Parses cran.all.1400 (SMART records: .I id, then .T .A .B .W fields).
inline std::vector<CranfieldDocument> parse_cranfield_documents(const std::string& text) {
  std::vector<CranfieldDocument> documents;
  std::istringstream in(text);
  std::string line;
  char field = 0;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(".I ", 0) == 0) {
      documents.push_back({line.substr(3), "", ""});
      field = 0;
    } else if (line.size() == 2 && line[0] == '.' && std::string("TABW").find(line[1]) != std::string::npos) {
      field = line[1];
    } else if (!documents.empty()) {
      std::string* target = field == 'T' ? &documents.back().title
                            : field == 'W' ? &documents.back().body
                                           : nullptr;
      if (target != nullptr) {
        if (!target->empty()) *target += ' ';
        *target += line;
      }
    }
  }
  return documents;
}

inline std::vector<CranfieldDocument> load_cranfield_documents(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return parse_cranfield_documents(
      std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()));
}

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_CRANFIELD_H_
