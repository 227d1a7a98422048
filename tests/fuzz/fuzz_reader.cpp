// libFuzzer target: the record reader, dialect and encoding detection
// included, on arbitrary bytes. The first byte picks the overrides.
#include <cstddef>
#include <cstdint>
#include <string>

#include "fsbo/csv.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  fsbo::DialectOverride how;
  if ((data[0] & 1U) != 0) how.separator = ";,\t|"[(data[0] >> 1U) & 3U];
  if ((data[0] & 8U) != 0) {
    how.encoding = (data[0] & 16U) != 0 ? fsbo::Encoding::utf8 : fsbo::Encoding::windows1252;
  }
  fsbo::Diagnostics diagnostics(0);
  const auto reader = fsbo::CsvReader::from_bytes(
      "fuzz.csv", std::string(reinterpret_cast<const char*>(data) + 1, size - 1), how, diagnostics);
  fsbo::Record record;
  while (reader->next(record)) {
    if (record.line == 0 || record.last_line < record.line) __builtin_trap();
  }
  for (const fsbo::Diagnostic& d : diagnostics.kept()) (void)fsbo::format_text(d);
  (void)fsbo::format_json(diagnostics);
  return 0;
}
