#include "fsbo/layout.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "fsbo/columns.hpp"
#include "fsbo/text.hpp"

namespace fsbo {

namespace {

struct FieldInfo {
  std::string_view name;
  std::string_view label;
  std::vector<std::string_view> spellings;  // normalized, the name first
};

// By Field, in order.
const std::array<FieldInfo, k_field_count> k_fields = {{
    {"annee", "Année", {"annee", "year"}},
    {"id_fs", "ID FS", {"id_fs"}},
    {"operateur", "Opérateur", {"operateur", "operator"}},
    {"referent_identifie", "Référent identifié", {"referent_identifie", "referent"}},
    {"canal_dedie", "Canal dédié", {"canal_dedie", "canal"}},
    {"delai_reponse_jours",
     "Délai réponse (jours)",
     {"delai_reponse_jours", "delai_reponse", "delai"}},
    {"satisfaction", "Satisfaction", {"satisfaction"}},
    {"nb_sollicitations",
     "Nb sollicitations",
     {"nb_sollicitations", "sollicitations", "nombre_de_sollicitations"}},
    {"commentaire", "Commentaire", {"commentaire", "commentaires"}},
}};

const FieldInfo& info(Field field) {
  return k_fields[static_cast<std::size_t>(field)];
}

bool is_answer(Field field) {
  return field >= k_first_answer_field;
}

// The separators of `<operator> - <question>` headers, dashes as typed by
// people and by word processors.
const std::array<std::string_view, 6> k_separators = {" - ", " – ", " — ", ":", "/", "|"};

using Split = std::pair<std::string_view, std::string_view>;  // operator, question

// Every way to read a header as `<operator> <separator> <question>` or
// `<question> [<operator>]`, in order of preference: an operator's label may
// hold a separator itself ("Impôts - DGFiP - Satisfaction").
std::vector<Split> question_splits(std::string_view text) {
  std::vector<Split> splits;
  const std::size_t open = text.rfind('[');
  if (!text.empty() && text.back() == ']' && open != std::string_view::npos) {
    splits.emplace_back(trim(text.substr(open + 1, text.size() - open - 2)),
                        trim(text.substr(0, open)));
  }
  for (const std::string_view separator : k_separators) {
    for (std::size_t at = text.find(separator); at != std::string_view::npos;
         at = text.find(separator, at + 1)) {
      splits.emplace_back(trim(text.substr(0, at)), trim(text.substr(at + separator.size())));
    }
  }
  return splits;
}

// The map line naming `header`: written the same, or else the same once
// normalized (distinct codes such as `G3Q2[1]` and `G3Q2_1` stay distinct
// when the map names both).
const MapEntry* find_entry(const ColumnMap* map, std::string_view header) {
  if (map == nullptr) return nullptr;
  const auto exact = std::find_if(map->entries.begin(), map->entries.end(),
                                  [&](const MapEntry& e) { return e.column == trim(header); });
  if (exact != map->entries.end()) return &*exact;
  const std::string key = normalize_header(header);
  const auto close = std::find_if(map->entries.begin(), map->entries.end(), [&](const MapEntry& e) {
    return normalize_header(e.column) == key;
  });
  return close == map->entries.end() ? nullptr : &*close;
}

// Reads a header's columns one by one, with the diagnostics of each.
class HeaderReader {
public:
  HeaderReader(const CsvReader& reader, const Record& header, const OperatorRegistry& operators,
               const ColumnMap* map, Diagnostics& diagnostics)
      : m_reader(reader),
        m_header(header),
        m_operators(operators),
        m_map(map),
        m_diagnostics(diagnostics),
        m_map_used(map == nullptr ? 0 : map->entries.size(), false) {}

  void read_all() {
    for (std::size_t column = 0; column < m_header.fields.size(); ++column) place(column);
  }
  FieldColumns& keys() { return m_keys; }
  std::map<std::size_t, FieldColumns>& wide() { return m_wide; }
  void unused_map_lines() const;
  void warn(std::size_t column, std::string message) const {
    add(Severity::warning, "unknown-column", column, std::move(message), "");
  }
  void missing(std::string_view name, const std::string& why) const {
    m_diagnostics.add({Severity::error, "missing-column", m_reader.name(), m_header.line,
                       std::string(name), "", why, ""});
  }

private:
  void place(std::size_t column);
  HeaderMeaning meaning(std::size_t column, bool& ignored);
  void add(Severity severity, const char* kind, std::size_t column, std::string message,
           std::string hint) const {
    m_diagnostics.add({severity, kind, m_reader.name(), m_header.line, m_reader.column_name(column),
                       std::string(m_header.fields[column]), std::move(message), std::move(hint)});
  }

  const CsvReader& m_reader;
  const Record& m_header;
  const OperatorRegistry& m_operators;
  const ColumnMap* m_map;
  Diagnostics& m_diagnostics;
  std::vector<bool> m_map_used;
  FieldColumns m_keys{};
  std::map<std::size_t, FieldColumns> m_wide;
};

HeaderMeaning HeaderReader::meaning(std::size_t column, bool& ignored) {
  const std::string_view written = m_header.fields[column];
  if (const MapEntry* entry = find_entry(m_map, written)) {
    m_map_used[static_cast<std::size_t>(entry - m_map->entries.data())] = true;
    ignored = !entry->field;
    return {entry->field, entry->op, ""};
  }
  return parse_header(written, m_operators);
}

void HeaderReader::place(std::size_t column) {
  bool ignored = false;
  const HeaderMeaning m = meaning(column, ignored);
  if (ignored) return;
  if (!m.field) {
    warn(column, fmt::format("column {} is not a known column and is ignored", column + 1));
    return;
  }
  if (!m.op && !m.operator_text.empty()) {
    add(Severity::error, "unknown-operator", column,
        fmt::format("column {} names an unknown operator '{}': the column is ignored", column + 1,
                    quote(m.operator_text)),
        m_operators.hint(m.operator_text));
    return;
  }
  FieldColumns& fields = m.op ? m_wide[*m.op] : m_keys;
  std::optional<std::size_t>& slot = fields[static_cast<std::size_t>(*m.field)];
  if (slot) {
    add(Severity::error, "duplicate-column", column,
        fmt::format("column {} repeats column {}; only the first is read", column + 1, *slot + 1),
        "");
    return;
  }
  slot = column;
}

void HeaderReader::unused_map_lines() const {
  for (std::size_t k = 0; k < m_map_used.size(); ++k) {
    if (m_map_used[k]) continue;
    const MapEntry& entry = m_map->entries[k];
    m_diagnostics.add({Severity::error, "invalid-map", m_map->file, entry.line, "colonne",
                       entry.column,
                       fmt::format("the map names column '{}', which {} does not have",
                                   entry.column, m_reader.name()),
                       ""});
  }
}

}  // namespace

const char* layout_name(Layout layout) {
  return layout == Layout::wide_form ? "wide" : "long";
}

std::string_view field_name(Field field) {
  return info(field).name;
}
std::string_view field_label(Field field) {
  return info(field).label;
}

std::optional<Field> find_field(std::string_view text) {
  const std::string key = normalize_header(text);
  for (std::size_t k = 0; k < k_fields.size(); ++k) {
    const auto& spellings = k_fields[k].spellings;
    if (std::find(spellings.begin(), spellings.end(), key) != spellings.end()) {
      return static_cast<Field>(k);
    }
  }
  return std::nullopt;
}

HeaderMeaning parse_header(std::string_view header, const OperatorRegistry& operators) {
  HeaderMeaning meaning;
  meaning.field = find_field(header);
  if (meaning.field) return meaning;
  // The first split naming a question and a known operator wins; failing
  // that, the first naming a question, whose operator is then unknown.
  // Only an operator's question is one: "Date - heure" stays an unknown column.
  for (const auto& [op_text, question] : question_splits(trim(header))) {
    const std::optional<Field> field = op_text.empty() ? std::nullopt : find_field(question);
    if (!field || !is_answer(*field)) continue;
    const std::optional<std::size_t> op = operators.resolve(op_text);
    if (!meaning.field || op) {
      meaning.field = field;
      meaning.operator_text = std::string(op_text);
      meaning.op = op;
    }
    if (op) break;
  }
  return meaning;
}

SurveyLayout read_layout(const CsvReader& reader, const Record& header,
                         const OperatorRegistry& operators, const ColumnMap* map,
                         std::optional<Layout> forced, Diagnostics& diagnostics) {
  HeaderReader columns(reader, header, operators, map, diagnostics);
  columns.read_all();
  columns.unused_map_lines();
  SurveyLayout layout;
  layout.width = header.fields.size() + header.cells_dropped;
  layout.fields = columns.keys();
  const auto has = [&](Field f) { return layout.fields[static_cast<std::size_t>(f)].has_value(); };
  const bool wide =
      forced ? *forced == Layout::wide_form : !has(Field::operateur) && !columns.wide().empty();
  layout.form = wide ? Layout::wide_form : Layout::long_form;
  const auto wrong_form = [&](std::size_t column, const char* why) {
    columns.warn(column, fmt::format("column {} {} and is ignored", column + 1, why));
  };
  if (wide) {
    for (auto f = static_cast<std::size_t>(Field::operateur); f < k_field_count; ++f) {
      if (const auto column = layout.fields[f]) {
        wrong_form(*column, "names no operator, which a wide export needs");
        layout.fields[f].reset();
      }
    }
    for (const auto& [op, fields] : columns.wide()) layout.operators.push_back({op, fields});
  } else {
    for (const auto& entry : columns.wide()) {
      for (const auto& column : entry.second) {
        if (column)
          wrong_form(*column, "is an operator's question, which a long export does not have");
      }
    }
  }
  layout.complete = has(Field::id_fs);
  if (!has(Field::id_fs)) {
    columns.missing("id_fs",
                    "the required column 'id_fs' is not in the header; no row of this "
                    "file can be read");
  }
  if (!wide && !has(Field::operateur)) {
    layout.complete = false;
    columns.missing("operateur",
                    "the required column 'operateur' is not in the header; no row of "
                    "this file can be read");
  }
  if (wide && layout.operators.empty()) {
    layout.complete = false;
    columns.missing("operateur",
                    "no column names an operator's question (`Caf - Satisfaction`, "
                    "`Satisfaction [Caf]`); no row of this file can be read");
  }
  return layout;
}

ColumnMap load_map(CsvReader& reader, const OperatorRegistry& operators, Diagnostics& diagnostics) {
  enum Column : std::size_t { colonne, champ, operateur };
  static const std::vector<ColumnSpec> k_columns = {{{"colonne", "column"}, true},
                                                    {{"champ", "field"}, true},
                                                    {{"operateur", "operator"}, false}};
  ColumnMap map;
  map.file = reader.name();
  Record record;
  if (!reader.next(record)) return map;
  const Columns columns(reader, record, k_columns, true, diagnostics);
  if (!columns.complete()) return map;
  const auto invalid = [&](Column column, std::string message, std::string hint = {}) {
    columns.report(diagnostics, reader, record, column, "invalid-map", std::move(message),
                   std::move(hint));
  };
  while (reader.next(record)) {
    if (!columns.check_width(reader, record, diagnostics)) continue;
    MapEntry entry{std::string(trim(columns.cell(record, colonne))), std::nullopt, std::nullopt,
                   record.line};
    const std::string_view field = trim(columns.cell(record, champ));
    const std::string_view op = trim(columns.cell(record, operateur));
    if (entry.column.empty()) {
      invalid(colonne, "the line names no column");
      continue;
    }
    const auto first = std::find_if(map.entries.begin(), map.entries.end(),
                                    [&](const MapEntry& e) { return e.column == entry.column; });
    if (first != map.entries.end()) {
      invalid(colonne,
              fmt::format("column '{}' is already mapped at line {}", entry.column, first->line));
      continue;
    }
    if (field.empty()) {
      invalid(champ, "the line names no field (a field name, or ignore)");
      continue;
    }
    if (field != "ignore") {
      entry.field = find_field(field);
      if (!entry.field) {
        invalid(champ, fmt::format("unknown field '{}'", field),
                "id_fs, annee, operateur, referent_identifie, canal_dedie, delai_reponse_jours, "
                "satisfaction, nb_sollicitations, commentaire or ignore");
        continue;
      }
    }
    if (!op.empty()) {
      entry.op = operators.resolve(op);
      if (!entry.op) {
        invalid(operateur, fmt::format("unknown operator '{}'", quote(op)), operators.hint(op));
        continue;
      }
      if (!entry.field || !is_answer(*entry.field)) {
        invalid(operateur, fmt::format("'{}' takes no operator", quote(field)));
        continue;
      }
    }
    map.entries.push_back(std::move(entry));
  }
  return map;
}

}  // namespace fsbo
