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

inline std::string read_cranfield_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline std::vector<CranfieldDocument> load_cranfield_documents(const std::string& path) {
  return parse_cranfield_documents(read_cranfield_file(path));
}

/// The queries of cran.qry in order: element i is query number i + 1, the numbering cranqrel
/// uses (the file's own .I numbers run 001..365 with gaps).
inline std::vector<std::string> load_cranfield_queries(const std::string& path) {
  std::istringstream in(read_cranfield_file(path));
  std::vector<std::string> queries;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.rfind(".I ", 0) == 0) {
      queries.emplace_back();
      inside = false;
    } else if (line == ".W") {
      inside = true;
    } else if (inside && !queries.empty()) {
      queries.back() += (queries.back().empty() ? "" : " ") + line;
    }
  }
  return queries;
}

/// cranqrel as TREC qrels text, with gain = 5 - code for codes 1..4 and 0 for -1.
inline std::string load_cranfield_qrels(const std::string& path) {
  std::istringstream in(read_cranfield_file(path));
  std::string out, query, doc;
  int code = 0;
  while (in >> query >> doc >> code) {
    out += query + " 0 " + doc + " " + std::to_string(code >= 1 && code <= 4 ? 5 - code : 0) + "\n";
  }
  return out;
}

}  // namespace trawl::test

#endif  // TRAWL_TESTS_SUPPORT_CRANFIELD_H_
