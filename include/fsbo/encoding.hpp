// Character encodings of input files: UTF-8 validation and Windows-1252
// decoding, so every later stage sees UTF-8 only.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace fsbo {

/// UTF-16 is only recognised, to say so: fsbo reads UTF-8 and Windows-1252.
enum class Encoding { utf8, windows1252, utf16 };

/// The UTF-8 byte order mark, read on input and written for French Excel.
constexpr std::string_view k_utf8_bom = "\xEF\xBB\xBF";

const char* encoding_name(Encoding encoding);

/// Whether every byte is 7-bit ASCII, which reads the same in UTF-8 and
/// Windows-1252.
bool is_ascii(std::string_view bytes);

/// The bytes of a UTF-8 sequence that starts with `first`, judged by it
/// alone (1 for ASCII and for a byte that starts none).
std::size_t utf8_sequence_size(char first);

/// Bytes at the end of `bytes` that start a UTF-8 sequence it cuts: they are
/// judged with the bytes that follow.
std::size_t cut_utf8_tail(std::string_view bytes);

/// Byte index of the first byte that is not part of valid UTF-8, or npos.
std::size_t find_invalid_utf8(std::string_view bytes);

/// Appends `bytes` decoded from Windows-1252 as UTF-8. The five bytes the
/// code page leaves undefined become U+FFFD; returns the index of the first
/// one, or npos.
std::size_t append_windows1252(std::string_view bytes, std::string& out);

/// Appends `bytes` as UTF-8, each invalid byte replaced by U+FFFD; returns
/// the index of the first invalid byte, or npos.
std::size_t append_utf8_checked(std::string_view bytes, std::string& out);

}  // namespace fsbo
