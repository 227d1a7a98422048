// Survey exports (long layout): checks each row against the registries and
// turns the valid ones into Answers, reporting every problem at its line.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "fsbo/columns.hpp"
#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "fsbo/operators.hpp"
#include "fsbo/structures.hpp"

namespace fsbo {

/// One structure's answers about one operator's back-office.
struct Answer {
  int year = 0;               // 0 when neither the file nor --year gives it
  std::size_t structure = 0;  // index in the StructureRegistry
  std::size_t op = 0;         // index in the OperatorRegistry
  std::optional<bool> referent;
  std::optional<bool> channel;
  std::optional<double> delay_days;
  std::optional<int> satisfaction;  // 1 to 5
  std::optional<long long> requests;
};

/// What one survey file held, for `validate` and the JSON output.
struct InputSummary {
  std::string file;
  std::string role;  // registre, operateurs, reference, enquete
  Dialect dialect;
  bool read = false;         // false when the file could not be read at all
  bool usable = false;       // it could give records: readable, with the required columns
  std::size_t rows = 0;      // data records, header excluded
  std::size_t accepted = 0;  // rows that became answers
};

/// Reads survey exports one after the other; duplicates are detected across
/// all the files given to one SurveyReader.
class SurveyReader {
public:
  using Sink = std::function<void(const Answer&)>;

  SurveyReader(const StructureRegistry& structures, const OperatorRegistry& operators,
               std::optional<int> default_year, Diagnostics& diagnostics);

  /// Reads every record of `reader`, passing each accepted answer to `sink`.
  InputSummary read(CsvReader& reader, const Sink& sink);

private:
  struct FirstSeen {
    std::uint32_t line = 0;  // 0: not seen yet
    std::uint32_t file = 0;
  };
  bool parse_keys(const CsvReader& reader, const Columns& columns, const Record& record,
                  Answer& answer);
  std::optional<std::size_t> resolve_operator(const std::string& spelling);
  bool first_time(const CsvReader& reader, const Record& record, const Answer& answer);
  void parse_cells(const CsvReader& reader, const Columns& columns, const Record& record,
                   Answer& answer);

  const StructureRegistry& m_structures;
  const OperatorRegistry& m_operators;
  std::optional<int> m_default_year;
  Diagnostics& m_diagnostics;
  std::vector<std::string> m_files;
  // Per year, the first row of each structure × operator pair: flat in the
  // number of rows read.
  std::map<int, std::vector<FirstSeen>> m_seen;
  // Each distinct operator spelling is resolved once.
  std::unordered_map<std::string, std::size_t> m_spellings;
};

}  // namespace fsbo
