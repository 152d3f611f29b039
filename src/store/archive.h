// Boost.Serialization glue: the only place trawl includes Boost archives. Versioned metadata
// (manifest, schema, segment metadata, dictionary index) is saved as a binary archive inside a
// framed file (store/file_format.h), so the frame's checksum is verified before Boost parses a
// byte. Class versions (BOOST_CLASS_VERSION) let later releases read older metadata; a class
// version newer than the code's is rejected as NotSupported by the serialize() functions, via
// throw_if_newer().
#ifndef TRAWL_SRC_STORE_ARCHIVE_H_
#define TRAWL_SRC_STORE_ARCHIVE_H_

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/serialization/array_optimization.hpp>
#include <boost/serialization/collection_size_type.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <exception>
#include <sstream>
#include <string>
#include <string_view>

#include "trawl/result.h"

namespace trawl::store_internal {

/// Thrown inside serialize() when a stored class version is newer than the code knows.
struct NewerVersionError : std::exception {
  const char* what() const noexcept override { return "newer class version"; }
};

/// Call at the top of every load path: `throw_if_newer(version, kCurrentVersion)`.
inline void throw_if_newer(unsigned stored, unsigned current) {
  if (stored > current) throw NewerVersionError();
}

template <class T>
std::string save_archive(const T& value) {
  std::ostringstream out(std::ios::binary);
  {
    boost::archive::binary_oarchive archive(out);
    archive << value;
  }
  return std::move(out).str();
}

/// Boost's binary input archive, but a string or collection may not claim more elements than
/// bytes remain: a checksum-valid file with a damaged or crafted length would otherwise make
/// Boost allocate (and fill) whatever the length says before reading fails.
class BoundedInputArchive
    : public boost::archive::binary_iarchive_impl<BoundedInputArchive, char, std::char_traits<char>> {
  using Base = boost::archive::binary_iarchive_impl<BoundedInputArchive, char, std::char_traits<char>>;
  friend class boost::archive::detail::interface_iarchive<BoundedInputArchive>;
  friend class boost::archive::basic_binary_iarchive<BoundedInputArchive>;
  friend class boost::archive::basic_binary_iprimitive<BoundedInputArchive, char, std::char_traits<char>>;
  friend class boost::archive::load_access;

 public:
  // The header is read once in_ is set (the base would read it in its constructor).
  explicit BoundedInputArchive(std::istream& in) : Base(in, boost::archive::no_header), in_(in) {
    init(0);
  }

 private:
  using Base::load;
  using Base::load_override;
  void load(std::string& s) {
    std::size_t length = 0;
    Base::load(length);
    require(length);
    s.resize(length);
    if (length > 0) load_binary(s.data(), length);
  }
  // A bool is one byte; any value but 0 and 1 would be undefined behaviour to load as a bool.
  void load(bool& b) {
    unsigned char byte = 0;
    load_binary(&byte, 1);
    if (byte > 1) {
      throw boost::archive::archive_exception(boost::archive::archive_exception::input_stream_error,
                                              "a boolean is neither 0 nor 1");
    }
    b = byte == 1;
  }
  void load_override(boost::serialization::collection_size_type& count) {
    Base::load_override(count);
    const boost::serialization::collection_size_type& loaded = count;  // the const conversion
    require(static_cast<std::uint64_t>(loaded));
  }
  void require(std::uint64_t elements) {
    const std::streamsize left = in_.rdbuf()->in_avail();
    if (left < 0 || elements > static_cast<std::uint64_t>(left)) {
      throw boost::archive::archive_exception(boost::archive::archive_exception::input_stream_error,
                                              "a length exceeds the bytes left");
    }
  }

  std::istream& in_;
};

}  // namespace trawl::store_internal

// As for binary_iarchive: vectors of numbers are read as one array, the way binary_oarchive wrote
// them.
BOOST_SERIALIZATION_USE_ARRAY_OPTIMIZATION(trawl::store_internal::BoundedInputArchive)

namespace trawl::store_internal {

/// Parses `bytes` into `value`. Corruption (naming `what`) on malformed data, NotSupported on a
/// newer class version.
template <class T>
Status load_archive(std::string_view bytes, std::string_view what, T& value) {
  try {
    std::istringstream in(std::string(bytes), std::ios::binary);
    BoundedInputArchive archive(in);
    archive >> value;
    return {};
  } catch (const NewerVersionError&) {
    return Status::not_supported(std::string(what) +
                                 ": written by a newer trawl; upgrade to read it");
  } catch (const boost::archive::archive_exception& e) {
    return Status::corruption(std::string(what) + ": malformed metadata (" + e.what() + ")");
  } catch (const std::exception& e) {
    // A corrupt length can ask for absurd allocations; the checksum normally catches it first.
    return Status::corruption(std::string(what) + ": malformed metadata (" + e.what() + ")");
  }
}

}  // namespace trawl::store_internal

#endif  // TRAWL_SRC_STORE_ARCHIVE_H_
