// trawl index: adds JSON Lines files, standard input ("-") or folders of .txt/.md files to an
// index, replacing documents whose id already exists.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <new>
#include <set>

#include "commands.h"
#include "input.h"
#include "schema_json.h"
#include "trawl/analysis/language.h"
#include "trawl/index/index_reader.h"
#include "trawl/index/index_writer.h"

namespace trawl::cli {
namespace {

struct IndexArgs {
  std::string index;
  std::string language = "english";
  bool language_given = false;  // --lang was on the command line
  std::string id_field;
  std::vector<std::string> fields;
  std::string schema_file;  // --schema: the JSON schema of a new index
  std::size_t ram_mb = 256;
  unsigned threads = 1;
  bool strict = false;
  std::uint64_t max_document_mb = 64;
  bool skip_refused = false;
  bool wal = false;  // --wal: a write-ahead log, synced every kWalSyncRecords and per input
  std::vector<std::string> inputs;
};

// With --wal, records are made durable at least this often (and at the end of every input).
constexpr std::uint64_t kWalSyncRecords = 1000;

using Clock = std::chrono::steady_clock;

// The most text fields a new index takes from its first record when --fields names none.
constexpr std::size_t kMaxInferredFields = 32;

// Counts, progress line and summary.
class Progress {
 public:
  explicit Progress(std::uint64_t total_bytes)
      : total_bytes_(total_bytes), terminal_(::isatty(STDERR_FILENO) != 0) {}

  void document(std::uint64_t bytes) {
    ++documents_;
    bytes_ += bytes;
    if (terminal_ && (documents_ & 255) == 0) {
      const auto now = Clock::now();
      if (now - last_print_ > std::chrono::milliseconds(500)) {
        last_print_ = now;
        print(now);
      }
    }
  }
  void skipped() { ++skipped_; }
  void refused() { ++refused_; }
  std::uint64_t documents() const { return documents_; }
  std::uint64_t skipped_count() const { return skipped_; }
  std::uint64_t refused_count() const { return refused_; }
  double seconds() const {
    return std::chrono::duration<double>(Clock::now() - start_).count();
  }
  double megabytes() const { return static_cast<double>(bytes_) / 1e6; }
  void finish_line() const {
    if (terminal_) std::fprintf(stderr, "\r\033[K");
  }

 private:
  void print(Clock::time_point now) const {
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double rate = static_cast<double>(documents_) / elapsed;
    std::string eta = "?";
    if (total_bytes_ > 0 && bytes_ > 0) {
      const double left = elapsed * (static_cast<double>(total_bytes_) / static_cast<double>(bytes_) - 1);
      eta = std::to_string(static_cast<long>(left)) + " s";
    }
    std::fprintf(stderr, "\r\033[K%llu documents, %.1f MB, %.0f docs/s, ETA %s",
                 static_cast<unsigned long long>(documents_), megabytes(), rate, eta.c_str());
  }

  std::uint64_t total_bytes_;
  bool terminal_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_print_ = start_;
  std::uint64_t documents_ = 0, bytes_ = 0, skipped_ = 0, refused_ = 0;
};

// Reads the next line of `in` into `line`, without its newline; false at the end. A line longer
// than `limit` bytes is not kept: `line` is left empty and `length` says how long it was, so a
// record of gigabytes costs no memory to refuse.
bool read_line(std::istream& in, std::string& line, std::uint64_t limit, std::uint64_t& length) {
  line.clear();
  length = 0;
  bool any = false;
  char buffer[1 << 14];
  while (true) {
    in.getline(buffer, sizeof buffer);
    const auto got = static_cast<std::uint64_t>(in.gcount());
    if (got == 0 && !in) return any;
    any = true;
    // gcount counts the newline getline consumed; a full buffer without one sets failbit.
    const bool more = in.fail() && !in.eof();
    const std::uint64_t text = more ? got : got - (in.eof() ? 0 : 1);
    length += text;
    if (length <= limit) line.append(buffer, static_cast<std::size_t>(text));
    else line.clear();
    if (!more) return true;
    in.clear(in.rdstate() & ~std::ios::failbit);
  }
}

// The schema of a new index: the id as unique keyword, then the text fields.
Schema new_schema(const std::string& id_field, const std::vector<std::string>& text_fields,
                  const std::string& language) {
  Schema schema;
  schema.add_keyword(id_field);
  AnalyzerOptions analyzer;
  analyzer.language = language == "none" ? "" : language;
  for (const std::string& field : text_fields) {
    if (field != id_field) schema.add_text(field, analyzer);
  }
  schema.set_unique_key(id_field);
  return schema;
}

class Indexer {
 public:
  explicit Indexer(const IndexArgs& args) : args_(args), id_field_(args.id_field) {}

  int run() {
    std::uint64_t total_bytes = 0;
    for (const std::string& input : args_.inputs) {
      std::error_code error;
      if (input != "-" && std::filesystem::is_regular_file(input, error)) {
        total_bytes += std::filesystem::file_size(input, error);
      }
    }
    progress_ = std::make_unique<Progress>(total_bytes);

    if (!args_.schema_file.empty()) {
      if (!args_.fields.empty() || args_.language_given) {
        std::cerr << "trawl index: --schema gives the fields and their languages; drop "
                  << (args_.fields.empty() ? "--lang" : "--fields") << "\n";
        return kExitUsage;
      }
      std::ifstream in(args_.schema_file, std::ios::binary);
      if (!in) return fail("cannot read " + args_.schema_file);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      auto schema = parse_schema_json(text, args_.schema_file, args_.language);
      if (!schema) {
        std::cerr << "trawl index: " << schema.error().message() << "\n";
        return kExitUsage;
      }
      if (schema->unique_key().empty()) {
        std::cerr << "trawl index: " << args_.schema_file
                  << ": no \"unique_key\" (a keyword field naming each record)\n";
        return kExitUsage;
      }
      if (!args_.id_field.empty() && args_.id_field != schema->unique_key()) {
        std::cerr << "trawl index: --id-field " << args_.id_field << " disagrees with the schema's unique key '"
                  << schema->unique_key() << "'\n";
        return kExitUsage;
      }
      schema_ = std::move(schema).value();
      id_field_ = schema_->unique_key();
    }
    // An existing index dictates the schema.
    auto existing = IndexReader::open(args_.index);
    if (existing) {
      if (schema_ && *schema_ != existing->schema()) {
        std::cerr << "trawl index: the index at " << args_.index << " exists with the schema "
                  << schema_json(existing->schema()) << "; --schema only creates an index\n";
        return kExitUsage;
      }
      schema_ = existing->schema();
      if (schema_->unique_key().empty()) {
        return fail("the index at " + args_.index + " has no unique key field");
      }
      if (std::string why = conflicts_with(*schema_); !why.empty()) {
        std::cerr << "trawl index: " << why << "\n";
        return kExitUsage;
      }
    } else if (!existing.error().is_not_found()) {
      return fail(existing.error().to_string());
    }

    for (const std::string& input : args_.inputs) {
      std::error_code error;
      Status status;
      if (input != "-" && std::filesystem::is_directory(input, error)) {
        status = index_folder(input);
      } else {
        status = index_json_lines(input);
      }
      if (status.ok() && args_.wal && writer_) status = sync_log();
      if (!status.ok()) {
        progress_->finish_line();
        return fail(status.to_string());
      }
    }
    if (writer_) {
      const std::uint64_t generation = writer_->committed_generation();
      const Status status = commit_and_wait(*writer_);
      if (!status.ok()) {
        progress_->finish_line();
        return report_commit_failure("index", status, generation,
                                     writer_->committed_generation());
      }
    }
    progress_->finish_line();
    // A field --fields named that holds no text in the whole index: the index says so.
    if (auto reader = IndexReader::open(args_.index); reader && !args_.fields.empty()) {
      for (const std::string& field : args_.fields) {
        auto stats = reader->field_statistics(field);
        if (stats && stats->doc_count == 0 && field != schema_key()) {
          std::cerr << "trawl index: warning: no record has the field '" << field
                    << "' named by --fields\n";
        }
      }
    }
    if (progress_->documents() == 0) {
      // Indexing nothing of what was given is a failure, whatever the reason.
      const std::uint64_t dropped = progress_->skipped_count() + progress_->refused_count();
      if (dropped == 0) return fail("the inputs hold no records");
      return fail("nothing indexed: all " + std::to_string(dropped) +
                  " records were skipped or refused (" + first_skip_ + ")");
    }
    report();
    if (progress_->refused_count() > 0 && !args_.skip_refused) {
      std::cerr << "trawl index: " << progress_->refused_count()
                << " record(s) refused as too large (see above); the others are committed. "
                   "--skip-refused makes this a success\n";
      return kExitFailure;
    }
    return kExitOk;
  }

 private:
  int fail(const std::string& message) {
    std::cerr << "trawl index: " << message << "\n";
    return kExitFailure;
  }

  std::string schema_key() const { return schema_ ? schema_->unique_key() : ""; }

  // Why --lang or --fields, which shape a new index, cannot apply to the existing one; "" if
  // they agree with it (or were not given).
  std::string conflicts_with(const Schema& schema) const {
    std::vector<std::string> text_fields;
    std::string language;
    for (const FieldSpec& field : schema.fields()) {
      if (field.type != FieldType::kText) continue;
      text_fields.push_back(field.name);
      language = field.analyzer.language.empty() ? "none" : field.analyzer.language;
    }
    if (args_.language_given) {
      auto given = find_language(args_.language);
      auto existing = find_language(language);
      const bool same = args_.language == language ||
                        (given && existing && given->name == existing->name);
      if (!same) {
        return "the index at " + args_.index + " exists with language '" + language +
               "'; --lang " + args_.language + " only sets the language of a new index";
      }
    }
    if (!args_.fields.empty()) {
      std::vector<std::string> named;
      for (const std::string& field : args_.fields) {
        if (field != schema.unique_key()) named.push_back(field);
      }
      if (named != text_fields) {
        std::string existing;
        for (const std::string& field : text_fields) existing += (existing.empty() ? "" : ",") + field;
        return "the index at " + args_.index + " exists with the text fields " + existing +
               "; --fields only sets the fields of a new index";
      }
    }
    return "";
  }

  // Whether `field` is reported for the first time (each dropped field is said once per run;
  // the message is built only then).
  bool first_report(const std::string& field) { return reported_.insert(field).second; }

  // Says why a field of the input is not indexed.
  void not_indexed(const std::string& field, const std::string& why, const std::string& where) {
    progress_->finish_line();
    std::cerr << "trawl index: " << where << ": field '" << field << "' " << why
              << "; it is not indexed (said once per field)\n";
  }

  Status open_writer(const std::vector<std::string>& inferred_fields) {
    if (writer_) return {};
    // One odd first record must not make an index of thousands of fields, which every search
    // of the index would pay for: past a few, the fields are named on the command line.
    if (!schema_ && args_.fields.empty() && inferred_fields.size() > kMaxInferredFields) {
      return Status::invalid_argument(
          "the first record has " + std::to_string(inferred_fields.size()) +
          " string fields; a new index gets at most " + std::to_string(kMaxInferredFields) +
          " text fields from a record: name the ones to index with --fields");
    }
    if (!schema_) {
      const std::string id = args_.id_field.empty() ? "id" : args_.id_field;
      schema_ = new_schema(id, args_.fields.empty() ? inferred_fields : args_.fields,
                           args_.language);
    }
    IndexWriterOptions options;
    options.ram_budget_bytes = args_.ram_mb << 20;
    options.threads = args_.threads;
    options.max_document_bytes = max_document_bytes();
    options.wal = args_.wal;
    auto writer = IndexWriter::open(args_.index, *schema_, options);
    if (!writer) return writer.error();
    writer_ = std::make_unique<IndexWriter>(std::move(writer).value());
    // A run that died before its commit left a log: the writer replayed and committed it.
    const WalRecovery& recovery = writer_->wal_recovery();
    if (recovery.replayed > 0 || !recovery.damage.ok()) {
      progress_->finish_line();
      std::cerr << "trawl index: recovered " << recovery.replayed
                << " change(s) from the write-ahead log of an earlier run";
      if (!recovery.damage.ok()) std::cerr << " (" << recovery.damage.message() << ")";
      std::cerr << "\n";
    }
    return {};
  }

  // Adds (or replaces) a document; one over the size limit, which the writer refuses, is counted
  // as refused rather than ending the run.
  Status add(const Document& document, std::uint64_t bytes, const std::string& where) {
    const Status status = writer_->update(document);
    if (status.is_invalid_argument() && document.byte_size() > max_document_bytes()) {
      return refused(where, std::string(status.message()));
    }
    // A value the schema refuses (a date that is not one): the record is wrong, not the run.
    if (status.is_invalid_argument()) return bad_record(where, std::string(status.message()));
    TRAWL_RETURN_IF_ERROR(status);
    progress_->document(bytes);
    if (args_.wal && ++unsynced_ >= kWalSyncRecords) return sync_log();
    return {};
  }

  // --wal: makes every record added so far durable.
  Status sync_log() {
    unsynced_ = 0;
    return writer_->sync();
  }

  // A malformed record: reported, then skipped (or fatal with --strict).
  Status bad_record(const std::string& where, const std::string& what) {
    return drop_record(where, what, /*too_large=*/false);
  }

  // A record too large to index: reported and counted (the run then fails unless
  // --skip-refused), or fatal with --strict.
  Status refused(const std::string& where, const std::string& what) {
    return drop_record(where, what, /*too_large=*/true);
  }

  Status drop_record(const std::string& where, const std::string& what, bool too_large) {
    if (args_.strict) return Status::invalid_argument(where + ": " + what + " (--strict)");
    if (first_skip_.empty()) first_skip_ = "the first, " + where + ": " + what;
    progress_->finish_line();
    std::cerr << "trawl index: " << where << ": " << what
              << (too_large ? " (refused)\n" : " (skipped)\n");
    if (too_large) {
      progress_->refused();
    } else {
      progress_->skipped();
    }
    return {};
  }

  std::uint64_t max_document_bytes() const { return args_.max_document_mb << 20; }

  Status index_json_lines(const std::string& input) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (input != "-") {
      file.open(input, std::ios::binary);
      if (!file) return Status::io_error("cannot read " + input);
      in = &file;
    }
    const std::string name = input == "-" ? "<stdin>" : input;
    std::string line;
    std::uint64_t number = 0, length = 0;
    while (read_line(*in, line, max_document_bytes(), length)) {
      ++number;
      const std::string where = name + ":" + std::to_string(number);
      if (length > max_document_bytes()) {
        TRAWL_RETURN_IF_ERROR(refused(where, "a record of " + std::to_string(length) +
                                                 " bytes, more than --max-document-mb " +
                                                 std::to_string(args_.max_document_mb)));
        continue;
      }
      if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
      Result<JsonRecord> record = Status();
      try {
        record = parse_json_line(line);
      } catch (const std::bad_alloc&) {
        TRAWL_RETURN_IF_ERROR(refused(where, "out of memory parsing a record of " +
                                                 std::to_string(length) + " bytes"));
        continue;
      }
      if (!record) {
        TRAWL_RETURN_IF_ERROR(bad_record(where, std::string(record.error().message())));
        continue;
      }
      auto id = record_id(*record, id_field_);
      if (!id) {
        TRAWL_RETURN_IF_ERROR(bad_record(
            where, id_field_.empty() ? std::string("no 'id' or '_id' field")
                                     : "no '" + id_field_ + "' field (" +
                                           (args_.schema_file.empty() ? "--id-field" : "the schema's unique key") + ")"));
        continue;
      }
      if (!writer_) {  // the first record: its string fields may make the schema
        std::vector<std::string> inferred;
        for (const auto& [key, value] : record->strings) {
          if (key != "id" && key != "_id" && key != id_field_) inferred.push_back(key);
        }
        TRAWL_RETURN_IF_ERROR(open_writer(inferred));
      }
      Document document;
      document.add(schema_->unique_key(), id->value);
      if (std::string wrong = to_document(*record, id->field, where, document); !wrong.empty()) {
        TRAWL_RETURN_IF_ERROR(bad_record(where, wrong));
        continue;
      }
      TRAWL_RETURN_IF_ERROR(add(document, line.size() + 1, where));
    }
    if (in->bad()) return Status::io_error("reading " + name + " failed");
    return {};
  }

  // The record's values as the schema's fields take them: strings for text, keyword, stored
  // and date fields, integers for numeric fields (and milliseconds for dates), arrays of those
  // as several values. A value of the wrong type makes the record wrong: what is returned says
  // which field and why. Fields the schema lacks are reported once and left out.
  std::string to_document(const JsonRecord& record, const std::string& id_field,
                          const std::string& where, Document& document) {
    auto type_error = [](const std::string& key, FieldType type, std::string_view what) {
      return "field '" + key + "' is " + std::string(field_type_name(type)) + " and cannot hold " +
             std::string(what);
    };
    // What a field of the schema takes of one value; "" if it takes it.
    auto take = [&](const std::string& key, const FieldSpec& spec,
                    const JsonRecord::Scalar& value) -> std::string {
      if (const auto* text = std::get_if<std::string>(&value)) {
        if (spec.type == FieldType::kNumeric) return type_error(key, spec.type, "a string");
        document.add(key, *text);
      } else {
        const std::int64_t number = std::get<std::int64_t>(value);
        if (spec.type != FieldType::kNumeric && spec.type != FieldType::kDate) {
          return type_error(key, spec.type, "a number");
        }
        document.add(key, number);
      }
      return "";
    };
    auto spec_of = [&](const std::string& key) -> const FieldSpec* {
      auto field = schema_->find(key);
      return field ? &schema_->fields()[*field] : nullptr;
    };
    const std::string schema_text = " (schema: " + schema_->describe() + ")";
    for (const auto& [key, value] : record.strings) {
      if (key == id_field) continue;
      if (const FieldSpec* spec = spec_of(key)) {
        if (std::string wrong = take(key, *spec, value); !wrong.empty()) return wrong;
      } else if (first_report(key)) {
        not_indexed(key, "is not a field of the index" + schema_text, where);
      }
    }
    for (const auto& [key, value] : record.integers) {
      if (key == id_field) continue;
      if (const FieldSpec* spec = spec_of(key)) {
        if (std::string wrong = take(key, *spec, value); !wrong.empty()) return wrong;
      } else if (first_report(key)) {
        not_indexed(key, "holds a number, and the index has no such field" + schema_text +
                             "; --schema makes an index with numeric and date fields", where);
      }
    }
    for (const auto& [key, values] : record.arrays) {
      if (const FieldSpec* spec = spec_of(key)) {
        for (const auto& value : values) {
          if (std::string wrong = take(key, *spec, value); !wrong.empty()) return wrong + " (in an array)";
        }
      } else if (first_report(key)) {
        not_indexed(key, "holds an array, and the index has no such field" + schema_text, where);
      }
    }
    for (const auto& [key, kind] : record.others) {
      if (const FieldSpec* spec = spec_of(key)) return type_error(key, spec->type, kind);
      if (first_report(key)) not_indexed(key, "holds " + kind + ", which no field takes", where);
    }
    return "";
  }

  Status index_folder(const std::string& folder) {
    return read_text_folder(folder, [&](const TextFile& file) -> Status {
      TRAWL_RETURN_IF_ERROR(open_writer({"title", "body"}));
      Document document;
      document.add(schema_->unique_key(), file.id);
      if (schema_->find("title")) document.add("title", file.title);
      if (schema_->find("body")) document.add("body", file.body);
      return add(document, file.body.size(), folder + "/" + file.id);
    });
  }

  void report() const {
    const double seconds = progress_->seconds();
    const auto documents = progress_->documents();
    std::printf("indexed %llu documents (%.1f MB) in %.2f s: %.0f docs/s, %.2f MB/s",
                static_cast<unsigned long long>(documents), progress_->megabytes(), seconds,
                static_cast<double>(documents) / seconds, progress_->megabytes() / seconds);
    if (progress_->skipped_count() > 0) {
      std::printf("; %llu malformed records skipped",
                  static_cast<unsigned long long>(progress_->skipped_count()));
    }
    if (progress_->refused_count() > 0) {
      std::printf("; %llu records refused as too large",
                  static_cast<unsigned long long>(progress_->refused_count()));
    }
    auto reader = IndexReader::open(args_.index);
    if (reader) {
      std::printf("; the index holds %llu documents in %zu segment%s",
                  static_cast<unsigned long long>(reader->doc_count()), reader->segment_count(),
                  reader->segment_count() == 1 ? "" : "s");
    }
    std::printf("\n");
  }

  const IndexArgs& args_;
  std::string id_field_;               // --id-field, or the unique key --schema names
  std::set<std::string> reported_;     // fields already said not to be indexed
  std::string first_skip_;             // why the first skipped record was skipped
  std::uint64_t unsynced_ = 0;         // --wal: records added since the last sync
  std::optional<Schema> schema_;
  std::unique_ptr<IndexWriter> writer_;
  std::unique_ptr<Progress> progress_;
};

}  // namespace

std::function<int()> add_index_command(CLI::App& app) {
  auto args = std::make_shared<IndexArgs>();
  CLI::App* command = app.add_subcommand(
      "index", "Add JSON Lines files, '-' (standard input) or folders of .txt/.md files");
  command->add_option("--index,-i", args->index, "Index directory (created if missing)")
      ->required();
  CLI::Option* language = command->add_option(
      "--lang,-l", args->language,
      "Language of a new index's text fields (default: english), or 'none'");
  command->add_option("--id-field", args->id_field,
                      "JSON field holding the document id (default: id, then _id)");
  command->add_option("--fields", args->fields,
                      "Text fields of a new index (default: every string field of the first "
                      "record, at most 32; title,body for folders)")
      ->delimiter(',');
  command->add_option("--schema", args->schema_file,
                      "JSON schema of a new index: {\"unique_key\": FIELD, \"fields\": {NAME: "
                      "{\"type\": text|keyword|numeric|date|stored, \"language\", \"stored\"}}}");
  command->add_option("--ram-mb", args->ram_mb, "Memory for buffered documents (default: 256)")
      ->check(CLI::Range(std::size_t{1}, std::size_t{1} << 20));
  command->add_option("--threads", args->threads,
                      "Threads analysing documents (default: 1; the index is the same for any)")
      ->check(CLI::Range(1u, 256u));
  command->add_flag("--strict", args->strict, "Stop at the first malformed or refused record");
  command->add_option("--max-document-mb", args->max_document_mb,
                      "Largest record (JSON line) and document indexed; larger ones are refused "
                      "and make the run fail (default: 64)")
      ->check(CLI::Range(std::uint64_t{1}, std::uint64_t{1} << 20));
  command->add_flag("--wal", args->wal,
                    "Keep a write-ahead log, synced every " + std::to_string(kWalSyncRecords) +
                        " records and after each input: a run that dies loses at most those "
                        "since, and the next run recovers the rest");
  command->add_flag("--skip-refused", args->skip_refused,
                    "Exit 0 even if records were refused as too large (they are still reported)");
  command->add_option("inputs", args->inputs, "JSON Lines files, '-', or folders")->required();
  return [args, language] {
    args->language_given = language->count() > 0;
    return Indexer(*args).run();
  };
}

}  // namespace trawl::cli
