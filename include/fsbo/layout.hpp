// Survey layouts: which column of an export holds which field and, in a wide
// export, which operator; read from the header itself or from a column map.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "fsbo/operators.hpp"

namespace fsbo {

/// The fields of a survey export: three keys, then the answer fields.
enum class Field : std::size_t {
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
constexpr std::size_t k_field_count = 9;
constexpr Field k_first_answer_field = Field::referent_identifie;

/// `referent_identifie`…: the canonical column name.
std::string_view field_name(Field field);
/// `Référent identifié`…: the label of the question.
std::string_view field_label(Field field);
/// The field a header or question names, by its normalized name or label;
/// nullopt when it names none.
std::optional<Field> find_field(std::string_view text);

enum class Layout { long_form, wide_form };

/// `long` or `wide`.
const char* layout_name(Layout layout);

/// The columns of each field; nullopt where the export has none.
using FieldColumns = std::array<std::optional<std::size_t>, k_field_count>;

/// The answer columns of one operator in a wide export.
struct OperatorColumns {
  std::size_t op = 0;
  FieldColumns fields;
};

/// Where everything sits in one export's header.
struct SurveyLayout {
  Layout form = Layout::long_form;
  FieldColumns fields;                     // keys; in a long export, the answer fields too
  std::vector<OperatorColumns> operators;  // wide export: by operator, registry order
  std::size_t width = 0;                   // cells of the header
  bool complete = false;                   // every required column is there
};

/// What one header says by itself.
struct HeaderMeaning {
  std::optional<Field> field;
  std::optional<std::size_t> op;
  std::string operator_text;  // the operator part as written; empty if none
};

/// Reads `header` as a field (`Référent identifié`), or as an operator's
/// question (`Caf - Référent identifié`, `Caf: …`, `Caf / …`, `Caf | …`,
/// `Référent identifié [Caf]`).
HeaderMeaning parse_header(std::string_view header, const OperatorRegistry& operators);

/// One line of a column map: an exported header, its field (nullopt:
/// `ignore`) and, for a wide export, its operator.
struct MapEntry {
  std::string column;
  std::optional<Field> field;
  std::optional<std::size_t> op;
  std::size_t line = 0;
};

/// A column map (`--map`), read from a CSV `colonne,champ,operateur`.
struct ColumnMap {
  std::string file;
  std::vector<MapEntry> entries;
};

/// Reads a column map. An unknown field or operator is an `invalid-map`
/// error, which commands treat as a usage error.
ColumnMap load_map(CsvReader& reader, const OperatorRegistry& operators, Diagnostics& diagnostics);

/// Reads a survey header: the layout (detected unless `forced`: a long export
/// has an operator column) and every column's place. Reports unknown and
/// duplicate columns, unknown operators in headers, missing required columns,
/// and map lines naming a header the file does not have.
SurveyLayout read_layout(const CsvReader& reader, const Record& header,
                         const OperatorRegistry& operators, const ColumnMap* map,
                         std::optional<Layout> forced, Diagnostics& diagnostics);

}  // namespace fsbo
