#include "index/write_ahead_log.h"

#include <charconv>
#include <variant>

#include "index/stored_record.h"
#include "util/checksum.h"
#include "util/varint.h"

namespace trawl::index_internal {
namespace {

constexpr std::string_view kLogMagic = "TRWLWAL1";
constexpr std::size_t kRecordHead = 12;  // fixed32 size, fixed64 checksum
// Past this many buffered bytes, records are written to the file before a sync asks.
constexpr std::size_t kBufferBytes = 256 << 10;

void put_string(std::string& out, std::string_view s) {
  util::put_varint(out, s.size());
  out += s;
}

// A reader of one payload; every get fails (false) rather than read past its end.
class Payload {
 public:
  explicit Payload(std::string_view bytes)
      : p_(reinterpret_cast<const std::uint8_t*>(bytes.data())), end_(p_ + bytes.size()) {}
  bool byte(std::uint8_t& out) {
    if (p_ == end_) return false;
    out = *p_++;
    return true;
  }
  bool varint(std::uint64_t& out) { return util::get_varint(p_, end_, out); }
  bool string(std::string& out) {
    std::uint64_t size = 0;
    if (!varint(size) || size > static_cast<std::uint64_t>(end_ - p_)) return false;
    out.assign(reinterpret_cast<const char*>(p_), static_cast<std::size_t>(size));
    p_ += size;
    return true;
  }
  bool value(Document::Value& out) { return read_value(p_, end_, out) == nullptr; }
  bool done() const { return p_ == end_; }
  std::size_t left() const { return static_cast<std::size_t>(end_ - p_); }

 private:
  const std::uint8_t* p_;
  const std::uint8_t* end_;
};

bool decode_payload(std::string_view bytes, LoggedChange& change) {
  Payload in(bytes);
  std::uint8_t kind = 0;
  if (!in.byte(kind)) return false;
  if (kind == static_cast<std::uint8_t>(LoggedChange::Kind::kRemove)) {
    change.kind = LoggedChange::Kind::kRemove;
    return in.string(change.key) && in.done();
  }
  if (kind != static_cast<std::uint8_t>(LoggedChange::Kind::kAdd) &&
      kind != static_cast<std::uint8_t>(LoggedChange::Kind::kUpdate)) {
    return false;
  }
  change.kind = static_cast<LoggedChange::Kind>(kind);
  std::uint64_t fields = 0;
  // Each field takes at least 3 bytes: a count beyond that is damage, not a huge allocation.
  if (!in.varint(fields) || fields > in.left() / 3) return false;
  for (std::uint64_t i = 0; i < fields; ++i) {
    std::string name;
    Document::Value value;
    if (!in.string(name) || !in.value(value)) return false;
    std::visit([&](auto& v) { change.document.add(std::move(name), std::move(v)); }, value);
  }
  return in.done();
}

}  // namespace

void append_log_record(std::string& out, LoggedChange::Kind kind, const Document* document,
                       std::string_view key) {
  // The payload goes straight after room for the head, which is filled in once it is known.
  const std::size_t head = out.size();
  out.append(kRecordHead, '\0');
  out += static_cast<char>(kind);
  if (kind == LoggedChange::Kind::kRemove) {
    put_string(out, key);
  } else {
    util::put_varint(out, document->fields().size());
    for (const Document::Field& field : document->fields()) {
      put_string(out, field.name);
      append_value(out, field.value);
    }
  }
  const std::size_t size = out.size() - head - kRecordHead;
  std::string fixed;
  util::put_fixed32(fixed, static_cast<std::uint32_t>(size));
  util::put_fixed64(fixed, util::checksum(out.data() + head + kRecordHead, size));
  out.replace(head, kRecordHead, fixed);
}

std::string log_name(std::uint64_t generation, std::uint64_t sequence) {
  return "wal_" + std::to_string(generation) + "_" + std::to_string(sequence) + ".log";
}

bool parse_log_name(std::string_view name, std::uint64_t& generation, std::uint64_t& sequence) {
  constexpr std::string_view kPrefix = "wal_", kSuffix = ".log";
  if (name.size() <= kPrefix.size() + kSuffix.size() || name.substr(0, 4) != kPrefix ||
      name.substr(name.size() - kSuffix.size()) != kSuffix) {
    return false;
  }
  const std::string_view middle =
      name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  const std::size_t cut = middle.find('_');
  if (cut == std::string_view::npos) return false;
  const auto number = [](std::string_view digits, std::uint64_t& out) {
    const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
    return !digits.empty() && error == std::errc() && end == digits.data() + digits.size();
  };
  return number(middle.substr(0, cut), generation) && number(middle.substr(cut + 1), sequence);
}

WriteAheadLog::WriteAheadLog(Directory& directory, std::uint64_t generation,
                             std::uint64_t last_sequence, std::chrono::milliseconds interval)
    : directory_(directory), generation_(generation), sequence_(last_sequence) {
  if (interval.count() <= 0) return;
  syncer_ = std::thread([this, interval] {
    std::unique_lock<std::mutex> lock(mutex_);
    while (!wake_.wait_for(lock, interval, [this] { return stopping_; })) {
      // A failure marks the logs broken, which the next sync() reports.
      if (synced_ != appended_ && !syncing_) (void)sync_group(lock);
    }
  });
}

WriteAheadLog::~WriteAheadLog() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (syncer_.joinable()) syncer_.join();
}

void WriteAheadLog::wait_idle_locked(std::unique_lock<std::mutex>& lock) {
  wake_.wait(lock, [this] { return !syncing_; });
}

Status WriteAheadLog::open_log_locked(std::uint64_t generation) {
  auto log = std::make_unique<Log>();
  log->name = log_name(generation, ++sequence_);
  TRAWL_ASSIGN_OR_RETURN(log->file, directory_.create(log->name));
  std::lock_guard<std::mutex> io(io_mutex_);
  TRAWL_RETURN_IF_ERROR(log->file->append(kLogMagic));
  logs_.push_back(std::move(log));
  return {};
}

Status WriteAheadLog::ensure_log_locked() {
  if (!logs_.empty()) return {};
  return open_log_locked(generation_);
}

Status WriteAheadLog::start(std::uint64_t generation, bool durable) {
  std::unique_lock<std::mutex> lock(mutex_);
  wait_idle_locked(lock);
  {
    std::lock_guard<std::mutex> io(io_mutex_);
    logs_.clear();
  }
  synced_ = appended_;  // what was appended is discarded, not pending
  generation_ = generation;
  TRAWL_RETURN_IF_ERROR(open_log_locked(generation));
  if (durable) TRAWL_RETURN_IF_ERROR(directory_.sync());
  logs_.back()->name_durable = durable;
  remove_logs(directory_, logs_.back()->name);
  return {};
}

Status WriteAheadLog::rotate(std::uint64_t generation) {
  std::unique_lock<std::mutex> lock(mutex_);
  generation_ = generation;
  return open_log_locked(generation);
}

void WriteAheadLog::retire() {
  std::unique_lock<std::mutex> lock(mutex_);
  wait_idle_locked(lock);
  if (logs_.size() < 2) return;
  std::unique_ptr<Log> current = std::move(logs_.back());
  {
    std::lock_guard<std::mutex> io(io_mutex_);
    logs_.clear();
  }
  logs_.push_back(std::move(current));
  remove_logs(directory_, logs_.back()->name);
}

Status WriteAheadLog::append(LoggedChange::Kind kind, const Document* document,
                             std::string_view key) {
  std::unique_lock<std::mutex> lock(mutex_);
  TRAWL_RETURN_IF_ERROR(ensure_log_locked());
  Log& log = *logs_.back();
  append_log_record(log.buffer, kind, document, key);
  log.unsynced = true;
  ++appended_;
  if (log.buffer.size() < kBufferBytes || syncing_) return {};
  // The log outlives the write: only retire() and start() drop logs, and they wait for the I/O.
  std::string bytes = std::move(log.buffer);
  log.buffer.clear();
  std::lock_guard<std::mutex> io(io_mutex_);
  lock.unlock();
  Status status = log.file->append(bytes);
  if (!status.ok()) {
    // Records of other threads were in the buffer: their sync() must fail too.
    lock.lock();
    log.broken = status;
  }
  return status;
}

Status WriteAheadLog::sync() {
  std::unique_lock<std::mutex> lock(mutex_);
  TRAWL_RETURN_IF_ERROR(ensure_log_locked());
  const std::uint64_t target = appended_;
  for (;;) {
    // A broken log's lost records were counted as synced by a later group of the other logs.
    for (const auto& log : logs_) TRAWL_RETURN_IF_ERROR(log->broken);
    if (synced_ >= target) return {};
    if (syncing_) {
      wake_.wait(lock);
      continue;
    }
    TRAWL_RETURN_IF_ERROR(sync_group(lock));
  }
}

// Leads one group sync: takes every log's buffered records, then writes and fsyncs them with
// mutex_ released (appends go on meanwhile). Every change appended before it began is then
// durable.
Status WriteAheadLog::sync_group(std::unique_lock<std::mutex>& lock) {
  syncing_ = true;
  const std::uint64_t covered = appended_;
  struct Work {
    Log* log;
    std::string bytes;
    bool sync_name;
  };
  std::vector<Work> work;
  bool sync_directory = false;
  for (const auto& log : logs_) {
    if (!log->unsynced && log->name_durable) continue;
    work.push_back({log.get(), std::move(log->buffer), !log->name_durable});
    log->buffer.clear();
    log->unsynced = false;
    sync_directory = sync_directory || !log->name_durable;
  }
  Status status;
  {
    std::lock_guard<std::mutex> io(io_mutex_);
    lock.unlock();
    for (Work& item : work) {
      if (status.ok() && !item.bytes.empty()) status = item.log->file->append(item.bytes);
      if (status.ok()) status = item.log->file->sync();
    }
    // The name of a log started without a directory sync becomes durable with its first sync.
    if (status.ok() && sync_directory) status = directory_.sync();
  }
  lock.lock();
  syncing_ = false;
  if (status.ok()) {
    synced_ = std::max(synced_, covered);
    for (Work& item : work) {
      if (item.sync_name) item.log->name_durable = true;
    }
  } else {
    // Records may be lost, and after a failed fsync the file's state is unknown: no later sync
    // may claim them durable. A commit (which makes them durable in the index) or a rollback
    // (which discards them) ends the broken log.
    for (Work& item : work) item.log->broken = status;
  }
  wake_.notify_all();
  return status;
}

void remove_logs(Directory& directory, std::string_view keep) {
  auto names = directory.list();
  if (!names) return;
  std::uint64_t generation = 0, sequence = 0;
  for (const std::string& name : *names) {
    if (name != keep && parse_log_name(name, generation, sequence)) (void)directory.remove(name);
  }
}

Result<LogContents> read_log(Directory& directory, std::string_view name) {
  TRAWL_ASSIGN_OR_RETURN(auto file, directory.open(name));
  const std::string_view bytes = file->bytes();
  LogContents contents;
  const auto cut = [&](std::size_t at, std::string what) {
    contents.dropped_bytes = bytes.size() - at;
    contents.damage = Status::corruption(
        "write-ahead log " + std::string(name) + ": " + what + " at byte " + std::to_string(at) +
        "; the " + std::to_string(bytes.size() - at) + " bytes from there on were dropped");
  };
  if (bytes.size() < kLogMagic.size() || bytes.substr(0, kLogMagic.size()) != kLogMagic) {
    // A log whose header never reached the disk holds nothing that was synced.
    if (!bytes.empty()) cut(0, "no log header");
    return contents;
  }
  std::size_t at = kLogMagic.size();
  while (at < bytes.size()) {
    if (bytes.size() - at < kRecordHead) {
      cut(at, "a record cut short");
      break;
    }
    const auto* head = reinterpret_cast<const std::uint8_t*>(bytes.data() + at);
    const std::uint32_t size = util::load_fixed32(head);
    const std::uint64_t sum = util::load_fixed64(head + 4);
    if (size > bytes.size() - at - kRecordHead) {
      cut(at, "a record cut short");
      break;
    }
    const std::string_view payload = bytes.substr(at + kRecordHead, size);
    LoggedChange change;
    if (util::checksum(payload.data(), payload.size()) != sum) {
      cut(at, "a record failing its checksum");
      break;
    }
    if (!decode_payload(payload, change)) {
      cut(at, "a malformed record");
      break;
    }
    contents.changes.push_back(std::move(change));
    at += kRecordHead + size;
  }
  return contents;
}

}  // namespace trawl::index_internal
