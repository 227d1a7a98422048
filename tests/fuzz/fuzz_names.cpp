// libFuzzer target: header normalization, operator resolution and the
// parsing of header and cell text, on arbitrary bytes.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fsbo/layout.hpp"
#include "fsbo/operators.hpp"
#include "fsbo/text.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const fsbo::OperatorRegistry& operators = fsbo::builtin_operators();
  const std::string header = fsbo::normalize_header(text);
  if (!header.empty() && (header.front() == '_' || header.back() == '_')) __builtin_trap();
  (void)fsbo::normalize_name(text);
  if (const auto op = operators.resolve(text); op && *op >= operators.size()) __builtin_trap();
  (void)operators.suggest(text.substr(0, 256));
  const fsbo::HeaderMeaning meaning = fsbo::parse_header(text, operators);
  if (meaning.op && !meaning.field) __builtin_trap();
  (void)fsbo::find_field(text);
  (void)fsbo::parse_yes_no(text);
  (void)fsbo::parse_decimal(text);
  (void)fsbo::parse_integer(text);
  (void)fsbo::parse_year(text);
  (void)fsbo::json_quote(text);
  return 0;
}
