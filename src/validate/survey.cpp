#include "fsbo/survey.hpp"

#include <fmt/format.h>

#include "fsbo/text.hpp"

namespace fsbo {

namespace {

enum Column : std::size_t {
  annee,
  id_fs,
  operateur,
  referent_identifie,
  canal_dedie,
  delai_reponse_jours,
  satisfaction,
  nb_sollicitations,
  commentaire,
};

const std::vector<ColumnSpec> k_columns = {
    {{"annee", "year"}, false},        {{"id_fs"}, true},
    {{"operateur", "operator"}, true}, {{"referent_identifie"}, false},
    {{"canal_dedie"}, false},          {{"delai_reponse_jours", "delai_reponse"}, false},
    {{"satisfaction"}, false},         {{"nb_sollicitations"}, false},
    {{"commentaire"}, false},
};

}  // namespace

SurveyReader::SurveyReader(const StructureRegistry& structures, const OperatorRegistry& operators,
                           std::optional<int> default_year, Diagnostics& diagnostics)
    : m_structures(structures),
      m_operators(operators),
      m_default_year(default_year),
      m_diagnostics(diagnostics) {}

InputSummary SurveyReader::read(CsvReader& reader, const Sink& sink) {
  InputSummary summary{reader.name(), "enquete", reader.dialect(), reader.ok(), false, 0, 0};
  Record record;
  if (!reader.next(record)) return summary;
  m_files.push_back(reader.name());
  const Columns columns(reader, record, k_columns, true, m_diagnostics);
  if (!columns.complete()) return summary;
  summary.usable = true;
  Answer answer;
  while (reader.next(record)) {
    ++summary.rows;
    if (!columns.check_width(reader, record, m_diagnostics)) continue;
    if (!parse_keys(reader, columns, record, answer)) continue;
    if (!first_time(reader, record, answer)) continue;
    parse_cells(reader, columns, record, answer);
    ++summary.accepted;
    sink(answer);
  }
  return summary;
}

std::optional<std::size_t> SurveyReader::resolve_operator(const std::string& spelling) {
  const auto it = m_spellings.find(spelling);
  if (it != m_spellings.end()) return it->second;
  const std::optional<std::size_t> op = m_operators.resolve(spelling);
  // Unknown spellings are not kept: hostile input would grow the cache without bound.
  if (op) m_spellings.emplace(spelling, *op);
  return op;
}

bool SurveyReader::parse_keys(const CsvReader& reader, const Columns& columns, const Record& record,
                              Answer& answer) {
  const auto report = [&](const char* kind, Column column, std::string message,
                          std::string hint = {}) {
    return columns.report(m_diagnostics, reader, record, column, kind, std::move(message),
                          std::move(hint));
  };
  answer.year = m_default_year.value_or(0);
  const std::string_view year = trim(columns.cell(record, annee));
  if (!year.empty()) {
    const std::optional<int> parsed = parse_year(year);
    if (!parsed) {
      return report("invalid-number", annee,
                    fmt::format("'{}' is not a survey year ({} to {}): the row is left out", year,
                                k_first_year, k_last_year));
    }
    answer.year = *parsed;
  } else if (columns.index(annee) && !m_default_year) {
    // Filed under "no year", the row would be counted apart from its own year's answers.
    return report("missing-year", annee, "no survey year (give --year): the row is left out");
  }
  const std::string_view id = trim(columns.cell(record, id_fs));
  if (id.empty()) return report("missing-id", id_fs, "no structure id: the row is left out");
  const std::optional<std::size_t> structure = m_structures.find(id);
  if (!structure) {
    return report("unknown-structure", id_fs,
                  fmt::format("structure {} is not in the registry: the row is left out", id));
  }
  answer.structure = *structure;
  const std::string spelling(trim(columns.cell(record, operateur)));
  if (spelling.empty()) return report("missing-id", operateur, "no operator: the row is left out");
  const std::optional<std::size_t> op = resolve_operator(spelling);
  if (!op) {
    return report("unknown-operator", operateur,
                  fmt::format("unknown operator '{}': the row is left out", spelling),
                  m_operators.hint(spelling));
  }
  answer.op = *op;
  return true;
}

bool SurveyReader::first_time(const CsvReader& reader, const Record& record, const Answer& answer) {
  std::vector<FirstSeen>& seen = m_seen[answer.year];
  if (seen.empty()) seen.resize(m_structures.size() * m_operators.size());
  FirstSeen& first = seen[answer.structure * m_operators.size() + answer.op];
  if (first.line == 0) {
    first = {static_cast<std::uint32_t>(record.line),
             static_cast<std::uint32_t>(m_files.size() - 1)};
    return true;
  }
  const std::string where = first.file + 1 == m_files.size()
                                ? fmt::format("line {}", first.line)
                                : fmt::format("{}:{}", m_files[first.file], first.line);
  m_diagnostics.add(
      {Severity::error, "duplicate-answer", reader.name(), record.line, "", "",
       fmt::format("duplicate answer for structure {} / {}{}, first at {}: this "
                   "row is left out",
                   m_structures.all()[answer.structure].id, m_operators.all()[answer.op].label,
                   answer.year == 0 ? "" : fmt::format(" in {}", answer.year), where),
       ""});
  return false;
}

void SurveyReader::parse_cells(const CsvReader& reader, const Columns& columns,
                               const Record& record, Answer& answer) {
  const auto report = [&](const char* kind, Column column, const std::string& message) {
    columns.report(m_diagnostics, reader, record, column, kind,
                   message + ": the cell counts as no answer");
  };
  const auto yes_no = [&](Column column) -> std::optional<bool> {
    const std::string_view cell = trim(columns.cell(record, column));
    if (cell.empty()) return std::nullopt;
    const std::optional<bool> value = parse_yes_no(cell);
    if (!value) report("invalid-yes-no", column, fmt::format("'{}' is not yes or no", cell));
    return value;
  };
  // A number cell: blank is no answer; otherwise it must parse and lie in [low, high].
  const auto number = [&](Column column, double low, double high, bool whole,
                          const char* range) -> std::optional<double> {
    const std::string_view cell = trim(columns.cell(record, column));
    if (cell.empty()) return std::nullopt;
    const std::optional<double> value = parse_decimal(cell);
    if (!value) {
      report("invalid-number", column, fmt::format("'{}' is not a number", cell));
      return std::nullopt;
    }
    if (*value < low || *value > high ||
        (whole && *value != static_cast<double>(static_cast<long long>(*value)))) {
      report("out-of-range", column, fmt::format("{} is not {}", cell, range));
      return std::nullopt;
    }
    return value;
  };
  answer.referent = yes_no(referent_identifie);
  answer.channel = yes_no(canal_dedie);
  answer.delay_days = number(delai_reponse_jours, 0, 3650, false, "a delay from 0 to 3650 days");
  const auto score = number(satisfaction, 1, 5, true, "a whole score from 1 to 5");
  answer.satisfaction = score ? std::optional<int>(static_cast<int>(*score)) : std::nullopt;
  const auto requests = number(nb_sollicitations, 0, 1e9, true, "a whole count of 0 or more");
  answer.requests =
      requests ? std::optional<long long>(static_cast<long long>(*requests)) : std::nullopt;
}

}  // namespace fsbo
