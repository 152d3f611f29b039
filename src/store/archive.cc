// The instantiations a derived Boost archive needs (as Boost's own binary_iarchive.cpp makes for
// binary_iarchive): BoundedInputArchive is an archive class of its own to Boost.
#include "store/archive.h"

#include <boost/archive/impl/archive_serializer_map.ipp>
#include <boost/archive/impl/basic_binary_iarchive.ipp>
#include <boost/archive/impl/basic_binary_iprimitive.ipp>

namespace boost::archive {
template class detail::archive_serializer_map<trawl::store_internal::BoundedInputArchive>;
template class basic_binary_iprimitive<trawl::store_internal::BoundedInputArchive, char,
                                       std::char_traits<char>>;
template class basic_binary_iarchive<trawl::store_internal::BoundedInputArchive>;
}  // namespace boost::archive
