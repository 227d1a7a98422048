// Survey layouts (include/fsbo/layout.hpp): header parsing for long and wide
// exports, layout detection, header diagnostics and column maps.
//
// Operator indexes are those of the built-in registry (data/operateurs.csv):
// 0 DGFIP, 1 CAF, 2 FRANCE_TITRES, 3 LA_POSTE, 4 POINT_JUSTICE,
// 5 FRANCE_TRAVAIL, 6 MSA, 7 ASSURANCE_MALADIE, 8 ASSURANCE_RETRAITE,
// 9 FRANCE_RENOV, 10 CHEQUE_ENERGIE, 11 URSSAF.
#include <doctest/doctest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "fsbo/layout.hpp"

namespace {

using fsbo::Field;
using fsbo::Layout;

constexpr std::size_t k_dgfip = 0;
constexpr std::size_t k_caf = 1;
constexpr std::size_t k_point_justice = 4;
constexpr std::size_t k_france_travail = 5;
constexpr std::size_t k_france_renov = 9;
constexpr std::size_t k_cheque_energie = 10;
constexpr std::size_t k_urssaf = 11;

fsbo::HeaderMeaning parse(const std::string& header) {
  return fsbo::parse_header(header, fsbo::builtin_operators());
}

// Checks that `header` is the question `field` of operator `op`, written `text`.
void check_question(const std::string& header, Field field, std::size_t op,
                    const std::string& text) {
  INFO("header: " << header);
  const fsbo::HeaderMeaning m = parse(header);
  CHECK(m.field == std::optional<Field>(field));
  CHECK(m.op == std::optional<std::size_t>(op));
  CHECK(m.operator_text == text);
}

// Checks that `header` is no question: only `field` (or nothing), no operator.
void check_no_question(const std::string& header, std::optional<Field> field) {
  INFO("header: " << header);
  const fsbo::HeaderMeaning m = parse(header);
  CHECK(m.field == field);
  CHECK_FALSE(m.op);
  CHECK(m.operator_text.empty());
}

std::vector<std::string> texts(const fsbo::Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& d : diagnostics.kept()) lines.push_back(fsbo::format_text(d));
  return lines;
}

// A column map read from `text`, as if it were the file m.csv.
struct Map {
  fsbo::Diagnostics diagnostics;
  fsbo::ColumnMap map;
};

std::unique_ptr<Map> load(const std::string& text) {
  auto m = std::make_unique<Map>();
  const auto reader = fsbo::CsvReader::from_bytes("m.csv", text, {}, m->diagnostics);
  m->map = fsbo::load_map(*reader, fsbo::builtin_operators(), m->diagnostics);
  return m;
}

// The layout of a survey whose first line is `header`, read as the file t.csv.
struct Read {
  fsbo::SurveyLayout layout;
  std::vector<std::string> diagnostics;
};

Read layout_of(const std::string& header, const fsbo::ColumnMap* map = nullptr,
               std::optional<Layout> forced = std::nullopt) {
  fsbo::Diagnostics diagnostics;
  const auto reader = fsbo::CsvReader::from_bytes("t.csv", header + "\n", {}, diagnostics);
  fsbo::Record record;
  REQUIRE(reader->next(record));
  Read read;
  read.layout =
      fsbo::read_layout(*reader, record, fsbo::builtin_operators(), map, forced, diagnostics);
  read.diagnostics = texts(diagnostics);
  return read;
}

// The columns of a layout's fields, as {field, column} pairs for the fields present.
using Placed = std::vector<std::pair<Field, std::size_t>>;
Placed placed(const fsbo::FieldColumns& fields) {
  Placed found;
  for (std::size_t f = 0; f < fsbo::k_field_count; ++f) {
    if (fields[f]) found.emplace_back(static_cast<Field>(f), *fields[f]);
  }
  return found;
}

// A wide layout's operators as {operator, its placed fields}.
std::vector<std::pair<std::size_t, Placed>> operators_of(const fsbo::SurveyLayout& layout) {
  std::vector<std::pair<std::size_t, Placed>> found;
  for (const auto& columns : layout.operators)
    found.emplace_back(columns.op, placed(columns.fields));
  return found;
}

const std::string k_no_row = "; no row of this file can be read [missing-column]";

}  // namespace

TEST_CASE("layout::field names and labels") {
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"annee", "Année"},
      {"id_fs", "ID FS"},
      {"operateur", "Opérateur"},
      {"referent_identifie", "Référent identifié"},
      {"canal_dedie", "Canal dédié"},
      {"delai_reponse_jours", "Délai réponse (jours)"},
      {"satisfaction", "Satisfaction"},
      {"nb_sollicitations", "Nb sollicitations"},
      {"commentaire", "Commentaire"}};
  REQUIRE(expected.size() == fsbo::k_field_count);
  for (std::size_t f = 0; f < fsbo::k_field_count; ++f) {
    const auto field = static_cast<Field>(f);
    CHECK(std::string(fsbo::field_name(field)) == expected[f].first);
    CHECK(std::string(fsbo::field_label(field)) == expected[f].second);
    // Each field is found again by its name and by its label.
    CHECK(fsbo::find_field(expected[f].first) == std::optional<Field>(field));
    CHECK(fsbo::find_field(expected[f].second) == std::optional<Field>(field));
  }
  CHECK(std::string(fsbo::layout_name(Layout::long_form)) == "long");
  CHECK(std::string(fsbo::layout_name(Layout::wide_form)) == "wide");
}

TEST_CASE("layout::find_field by normalized name, label or other spelling") {
  const auto found = [](const std::string& text) { return fsbo::find_field(text); };
  CHECK(found("DÉLAI RÉPONSE (JOURS)") == std::optional<Field>(Field::delai_reponse_jours));
  CHECK(found("Délai réponse") == std::optional<Field>(Field::delai_reponse_jours));
  CHECK(found("delai") == std::optional<Field>(Field::delai_reponse_jours));
  CHECK(found("  Référent identifié ?  ") == std::optional<Field>(Field::referent_identifie));
  CHECK(found("Référent") == std::optional<Field>(Field::referent_identifie));
  CHECK(found("canal") == std::optional<Field>(Field::canal_dedie));
  CHECK(found("Nombre de sollicitations") == std::optional<Field>(Field::nb_sollicitations));
  CHECK(found("Sollicitations") == std::optional<Field>(Field::nb_sollicitations));
  CHECK(found("Commentaires") == std::optional<Field>(Field::commentaire));
  CHECK(found("year") == std::optional<Field>(Field::annee));
  CHECK(found("Operator") == std::optional<Field>(Field::operateur));
  CHECK(found("ID-FS") == std::optional<Field>(Field::id_fs));
  CHECK_FALSE(found("Note globale"));
  CHECK_FALSE(found("Délai de réponse"));
  CHECK_FALSE(found("Satisfaction (1 à 5)"));
  CHECK_FALSE(found(""));
  CHECK_FALSE(found("ignore"));
}

TEST_CASE("layout::parse_header every operator-question form") {
  SUBCASE("each separator of <operator> <sep> <question>") {
    check_question("Caf - Référent identifié", Field::referent_identifie, k_caf, "Caf");
    check_question("Caf – Canal dédié", Field::canal_dedie, k_caf, "Caf");  // en dash
    check_question("Caf — Délai réponse (jours)", Field::delai_reponse_jours, k_caf, "Caf");  // em
    check_question("Caf: Satisfaction", Field::satisfaction, k_caf, "Caf");
    check_question("Caf : Satisfaction", Field::satisfaction, k_caf, "Caf");
    check_question("Caf/Nb sollicitations", Field::nb_sollicitations, k_caf, "Caf");
    check_question("Caf / Nb sollicitations", Field::nb_sollicitations, k_caf, "Caf");
    check_question("Caf|Commentaire", Field::commentaire, k_caf, "Caf");
    check_question("Caf | Commentaire", Field::commentaire, k_caf, "Caf");
    check_question("  Caf  -  Satisfaction  ", Field::satisfaction, k_caf, "Caf");
    // A hyphen inside the operator's name is not the separator.
    check_question("Point-Justice - Satisfaction", Field::satisfaction, k_point_justice,
                   "Point-Justice");
  }
  SUBCASE("the bracket form <question> [<operator>]") {
    check_question("Satisfaction [Caf]", Field::satisfaction, k_caf, "Caf");
    check_question("Délai réponse (jours) [Pôle emploi]", Field::delai_reponse_jours,
                   k_france_travail, "Pôle emploi");
    check_question("Référent identifié[ Urssaf ]", Field::referent_identifie, k_urssaf, "Urssaf");
  }
  SUBCASE("accents and case in the operator and the question") {
    check_question("CHEQUE ENERGIE - referent_identifie", Field::referent_identifie,
                   k_cheque_energie, "CHEQUE ENERGIE");
    check_question("france renov' / DÉLAI RÉPONSE (JOURS)", Field::delai_reponse_jours,
                   k_france_renov, "france renov'");
    check_question("France Rénov’ – satisfaction", Field::satisfaction, k_france_renov,
                   "France Rénov’");
    check_question("Nb Sollicitations [pole emploi]", Field::nb_sollicitations, k_france_travail,
                   "pole emploi");
    check_question("Point d’accès au droit: Commentaires", Field::commentaire, k_point_justice,
                   "Point d’accès au droit");
  }
  SUBCASE("labels, canonical names and other spellings of the question") {
    check_question("DGFiP - Nb sollicitations", Field::nb_sollicitations, k_dgfip, "DGFiP");
    check_question("DGFiP - nb_sollicitations", Field::nb_sollicitations, k_dgfip, "DGFiP");
    check_question("DGFiP - delai", Field::delai_reponse_jours, k_dgfip, "DGFiP");
    check_question("DGFiP - canal", Field::canal_dedie, k_dgfip, "DGFiP");
    // The operator by code, label and alias.
    check_question("DGFIP - Satisfaction", Field::satisfaction, k_dgfip, "DGFIP");
    check_question("Finances publiques - Satisfaction", Field::satisfaction, k_dgfip,
                   "Finances publiques");
    check_question("CNAF - Satisfaction", Field::satisfaction, k_caf, "CNAF");
  }
}

TEST_CASE("layout::parse_header headers that are no question") {
  SUBCASE("a field by itself") {
    check_no_question("Référent identifié", Field::referent_identifie);
    check_no_question("ID FS", Field::id_fs);
    check_no_question("Année", Field::annee);
    check_no_question("operateur", Field::operateur);
    // The whole header names a field before any separator is looked for.
    check_no_question("Délai - réponse (jours)", Field::delai_reponse_jours);
  }
  SUBCASE("Date - heure and other unknown columns") {
    check_no_question("Date - heure", std::nullopt);
    check_no_question("Date/heure", std::nullopt);
    check_no_question("Nom du répondant", std::nullopt);
    check_no_question("Caf - Note globale", std::nullopt);
    check_no_question("Q12_SQ003", std::nullopt);
    check_no_question("G3Q2[5]", std::nullopt);
    check_no_question("", std::nullopt);
  }
  SUBCASE("a key field with an operator is no question") {
    check_no_question("Caf - ID FS", std::nullopt);
    check_no_question("Année [Caf]", std::nullopt);
    check_no_question("DGFiP: Opérateur", std::nullopt);
  }
  SUBCASE("an unknown operator keeps its text and gets no index") {
    const fsbo::HeaderMeaning m = parse("Caff - Satisfaction");
    CHECK(m.field == std::optional<Field>(Field::satisfaction));
    CHECK_FALSE(m.op);
    CHECK(m.operator_text == "Caff");
    const fsbo::HeaderMeaning b = parse("Référent identifié [Impôts locaux]");
    CHECK(b.field == std::optional<Field>(Field::referent_identifie));
    CHECK_FALSE(b.op);
    CHECK(b.operator_text == "Impôts locaux");
  }
}

TEST_CASE("layout::read_layout detects a long export") {
  SUBCASE("canonical names") {
    const Read r = layout_of(
        "annee,id_fs,operateur,referent_identifie,canal_dedie,delai_reponse_jours,satisfaction,"
        "nb_sollicitations,commentaire");
    CHECK(r.diagnostics.empty());
    CHECK(r.layout.form == Layout::long_form);
    CHECK(r.layout.complete);
    CHECK(r.layout.width == 9);
    CHECK(r.layout.operators.empty());
    for (std::size_t f = 0; f < fsbo::k_field_count; ++f) {
      CHECK(r.layout.fields[f] == std::optional<std::size_t>(f));
    }
  }
  SUBCASE("labels, another order, a column missing") {
    const Read r = layout_of("Opérateur;ID FS;Satisfaction;Année;Commentaires");
    CHECK(r.diagnostics.empty());
    CHECK(r.layout.form == Layout::long_form);
    CHECK(r.layout.complete);
    CHECK(r.layout.width == 5);
    CHECK(placed(r.layout.fields) == Placed{{Field::annee, 3},
                                            {Field::id_fs, 1},
                                            {Field::operateur, 0},
                                            {Field::satisfaction, 2},
                                            {Field::commentaire, 4}});
  }
  SUBCASE("an operator column makes it long even beside a question column") {
    const Read r = layout_of("id_fs,operateur,satisfaction,Caf - Satisfaction");
    CHECK(r.layout.form == Layout::long_form);
    CHECK(r.layout.complete);
    CHECK(r.layout.operators.empty());
    CHECK(placed(r.layout.fields) ==
          Placed{{Field::id_fs, 0}, {Field::operateur, 1}, {Field::satisfaction, 2}});
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              "t.csv:1: warning: column 'Caf - Satisfaction': column 4 is an operator's question, "
              "which a long export does not have and is ignored [unknown-column]"});
  }
  SUBCASE("no operator column and no question: a long export without its operator") {
    const Read r = layout_of("annee,id_fs,satisfaction");
    CHECK(r.layout.form == Layout::long_form);
    CHECK_FALSE(r.layout.complete);
    CHECK(r.diagnostics ==
          std::vector<std::string>{"t.csv:1: error: column 'operateur': the required column "
                                   "'operateur' is not in the header" +
                                   k_no_row});
  }
}

TEST_CASE("layout::read_layout detects a wide export") {
  const Read r = layout_of(
      "id_fs,Année,Nom du répondant,Caf - Satisfaction,Satisfaction [DGFiP],DGFiP - Référent "
      "identifié,Délai réponse (jours) [Pôle emploi],Caf: Commentaire");
  CHECK(r.layout.form == Layout::wide_form);
  CHECK(r.layout.complete);
  CHECK(r.layout.width == 8);
  CHECK(placed(r.layout.fields) == Placed{{Field::annee, 1}, {Field::id_fs, 0}});
  // By operator, in registry order, whatever the order of the columns.
  CHECK(operators_of(r.layout) ==
        std::vector<std::pair<std::size_t, Placed>>{
            {k_dgfip, {{Field::referent_identifie, 5}, {Field::satisfaction, 4}}},
            {k_caf, {{Field::satisfaction, 3}, {Field::commentaire, 7}}},
            {k_france_travail, {{Field::delai_reponse_jours, 6}}}});
  CHECK(r.diagnostics ==
        std::vector<std::string>{"t.csv:1: warning: column 'Nom du répondant': column 3 is not a "
                                 "known column and is ignored [unknown-column]"});
}

TEST_CASE("layout::read_layout forced layouts") {
  SUBCASE("--layout long on a wide header") {
    const Read r =
        layout_of("id_fs,Caf - Satisfaction,Satisfaction [DGFiP]", nullptr, Layout::long_form);
    CHECK(r.layout.form == Layout::long_form);
    CHECK_FALSE(r.layout.complete);
    CHECK(r.layout.operators.empty());
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              // Reported by operator, in registry order.
              "t.csv:1: warning: column 'Satisfaction [DGFiP]': column 3 is an operator's "
              "question, which a long export does not have and is ignored [unknown-column]",
              "t.csv:1: warning: column 'Caf - Satisfaction': column 2 is an operator's question, "
              "which a long export does not have and is ignored [unknown-column]",
              "t.csv:1: error: column 'operateur': the required column 'operateur' is not in the "
              "header" +
                  k_no_row});
  }
  SUBCASE("--layout wide on a long header with a question column") {
    const Read r = layout_of("annee,id_fs,operateur,satisfaction,Caf - Canal dédié", nullptr,
                             Layout::wide_form);
    CHECK(r.layout.form == Layout::wide_form);
    CHECK(r.layout.complete);
    CHECK(placed(r.layout.fields) == Placed{{Field::annee, 0}, {Field::id_fs, 1}});
    CHECK(operators_of(r.layout) ==
          std::vector<std::pair<std::size_t, Placed>>{{k_caf, {{Field::canal_dedie, 4}}}});
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              "t.csv:1: warning: column 'operateur': column 3 names no operator, which a wide "
              "export needs and is ignored [unknown-column]",
              "t.csv:1: warning: column 'satisfaction': column 4 names no operator, which a wide "
              "export needs and is ignored [unknown-column]"});
  }
  SUBCASE("--layout wide on a header with no operator's question") {
    const Read r = layout_of("id_fs,annee,satisfaction", nullptr, Layout::wide_form);
    CHECK(r.layout.form == Layout::wide_form);
    CHECK_FALSE(r.layout.complete);
    CHECK(r.layout.operators.empty());
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              "t.csv:1: warning: column 'satisfaction': column 3 names no operator, which a wide "
              "export needs and is ignored [unknown-column]",
              "t.csv:1: error: column 'operateur': no column names an operator's question "
              "(`Caf - Satisfaction`, `Satisfaction [Caf]`)" +
                  k_no_row});
  }
  SUBCASE("--layout long on a long header changes nothing") {
    const Read r = layout_of("id_fs,operateur,satisfaction", nullptr, Layout::long_form);
    CHECK(r.layout.form == Layout::long_form);
    CHECK(r.layout.complete);
    CHECK(r.diagnostics.empty());
  }
}

TEST_CASE("layout::read_layout header errors") {
  SUBCASE("unknown operator: an error at line 1 with a hint, the column ignored") {
    const Read r = layout_of(
        "id_fs,Caf - Satisfaction,Caff - Satisfaction,Référent identifié [Urssaff],Impots locaux "
        "/ Canal dédié");
    CHECK(r.layout.form == Layout::wide_form);
    CHECK(r.layout.complete);
    CHECK(operators_of(r.layout) ==
          std::vector<std::pair<std::size_t, Placed>>{{k_caf, {{Field::satisfaction, 1}}}});
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              "t.csv:1: error: column 'Caff - Satisfaction': column 3 names an unknown operator "
              "'Caff': the column is ignored (did you mean 'Caf'?) [unknown-operator]",
              "t.csv:1: error: column 'Référent identifié [Urssaff]': column 4 names an unknown "
              "operator 'Urssaff': the column is ignored (did you mean 'Urssaf'?) "
              "[unknown-operator]",
              "t.csv:1: error: column 'Impots locaux / Canal dédié': column 5 names an unknown "
              "operator 'Impots locaux': the column is ignored (see `fsbo operators`) "
              "[unknown-operator]"});
  }
  SUBCASE("a question that matches no field: a warning") {
    const Read r = layout_of("id_fs,Caf - Note globale,Date - heure,Caf - Satisfaction");
    CHECK(r.layout.form == Layout::wide_form);
    CHECK(r.layout.complete);
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              "t.csv:1: warning: column 'Caf - Note globale': column 2 is not a known column and "
              "is ignored [unknown-column]",
              "t.csv:1: warning: column 'Date - heure': column 3 is not a known column and is "
              "ignored [unknown-column]"});
  }
  SUBCASE("two columns for the same operator and field: the first is read") {
    const Read r = layout_of(
        "id_fs,Caf - Satisfaction,Satisfaction [CNAF],Allocations familiales: satisfaction");
    CHECK(r.layout.complete);
    CHECK(operators_of(r.layout) ==
          std::vector<std::pair<std::size_t, Placed>>{{k_caf, {{Field::satisfaction, 1}}}});
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              "t.csv:1: error: column 'Satisfaction [CNAF]': column 3 repeats column 2; only the "
              "first is read [duplicate-column]",
              "t.csv:1: error: column 'Allocations familiales: satisfaction': column 4 repeats "
              "column 2; only the first is read [duplicate-column]"});
  }
  SUBCASE("the same field for two operators is no duplicate") {
    const Read r = layout_of("id_fs,Caf - Satisfaction,DGFiP - Satisfaction");
    CHECK(r.diagnostics.empty());
    CHECK(r.layout.operators.size() == 2);
  }
  SUBCASE("a key field given twice") {
    const Read r = layout_of("id_fs,ID FS,Caf - Satisfaction");
    CHECK(placed(r.layout.fields) == Placed{{Field::id_fs, 0}});
    CHECK(r.diagnostics == std::vector<std::string>{
                               "t.csv:1: error: column 'ID FS': column 2 repeats column 1; only "
                               "the first is read [duplicate-column]"});
  }
  SUBCASE("no id_fs: a wide export that cannot be read") {
    const Read r = layout_of("annee,Caf - Satisfaction");
    CHECK(r.layout.form == Layout::wide_form);
    CHECK_FALSE(r.layout.complete);
    CHECK(r.diagnostics == std::vector<std::string>{"t.csv:1: error: column 'id_fs': the required "
                                                    "column 'id_fs' is not in the header" +
                                                    k_no_row});
  }
  SUBCASE("no id_fs: a long export that cannot be read") {
    const Read r = layout_of("annee,operateur,satisfaction");
    CHECK(r.layout.form == Layout::long_form);
    CHECK_FALSE(r.layout.complete);
    CHECK(r.diagnostics == std::vector<std::string>{"t.csv:1: error: column 'id_fs': the required "
                                                    "column 'id_fs' is not in the header" +
                                                    k_no_row});
  }
  SUBCASE("a wide header whose only question names an unknown operator") {
    // Nothing makes it wide: it reads as a long export without its operator column.
    const Read r = layout_of("id_fs,Caff - Satisfaction");
    CHECK(r.layout.form == Layout::long_form);
    CHECK_FALSE(r.layout.complete);
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              "t.csv:1: error: column 'Caff - Satisfaction': column 2 names an unknown operator "
              "'Caff': the column is ignored (did you mean 'Caf'?) [unknown-operator]",
              "t.csv:1: error: column 'operateur': the required column 'operateur' is not in the "
              "header" +
                  k_no_row});
  }
}

TEST_CASE("layout::load_map reads colonne,champ,operateur") {
  const auto m = load(
      "colonne,champ,operateur\n"
      "Q0,ignore,\n"                            // 2
      "Q1, id_fs ,\n"                           // 3
      "Q2_SQ003,satisfaction,Caf\n"             // 4
      "\"G3Q2[5]\",referent_identifie,anah\n"   // 5
      "Q7,Délai réponse (jours),Pôle emploi\n"  // 6: a label is a field too
      "Q8,annee,\n");                           // 7
  CHECK(texts(m->diagnostics).empty());
  CHECK(m->map.file == "m.csv");
  REQUIRE(m->map.entries.size() == 6);
  const auto& e = m->map.entries;
  CHECK(e[0].column == "Q0");
  CHECK_FALSE(e[0].field);
  CHECK_FALSE(e[0].op);
  CHECK(e[0].line == 2);
  CHECK(e[1].column == "Q1");
  CHECK(e[1].field == std::optional<Field>(Field::id_fs));
  CHECK_FALSE(e[1].op);
  CHECK(e[1].line == 3);
  CHECK(e[2].column == "Q2_SQ003");
  CHECK(e[2].field == std::optional<Field>(Field::satisfaction));
  CHECK(e[2].op == std::optional<std::size_t>(k_caf));
  CHECK(e[3].column == "G3Q2[5]");
  CHECK(e[3].field == std::optional<Field>(Field::referent_identifie));
  CHECK(e[3].op == std::optional<std::size_t>(k_france_renov));
  CHECK(e[3].line == 5);
  CHECK(e[4].field == std::optional<Field>(Field::delai_reponse_jours));
  CHECK(e[4].op == std::optional<std::size_t>(k_france_travail));
  CHECK(e[5].field == std::optional<Field>(Field::annee));
  CHECK(e[5].line == 7);

  SUBCASE("English header names, no operateur column, ';'") {
    const auto english = load("column;field\nQ1;id_fs\nQ2;ignore\n");
    CHECK(texts(english->diagnostics).empty());
    CHECK(english->map.entries.size() == 2);
  }
}

TEST_CASE("layout::load_map errors") {
  const auto m = load(
      "colonne,champ,operateur\n"
      "Q1,identifiant,\n"                // 2: unknown field
      "Q2,satisfaction,Caff\n"           // 3: unknown operator
      "Q3,id_fs,Caf\n"                   // 4: a key takes no operator
      ",satisfaction,Caf\n"              // 5: no column
      "Q5,ignore,DGFiP\n"                // 6: ignore takes no operator
      "Q6,satisfaction,Impots locaux\n"  // 7: unknown, nothing close
      "Q7,canal_dedie,Urssaf\n");        // 8: fine
  CHECK(texts(m->diagnostics) ==
        std::vector<std::string>{
            "m.csv:2: error: column 'champ': unknown field 'identifiant' (id_fs, annee, operateur, "
            "referent_identifie, canal_dedie, delai_reponse_jours, satisfaction, "
            "nb_sollicitations, commentaire or ignore) [invalid-map]",
            "m.csv:3: error: column 'operateur': unknown operator 'Caff' (did you mean 'Caf'?) "
            "[invalid-map]",
            "m.csv:4: error: column 'operateur': 'id_fs' takes no operator [invalid-map]",
            "m.csv:5: error: column 'colonne': the line names no column [invalid-map]",
            "m.csv:6: error: column 'operateur': 'ignore' takes no operator [invalid-map]",
            "m.csv:7: error: column 'operateur': unknown operator 'Impots locaux' (see `fsbo "
            "operators`) [invalid-map]"});
  CHECK(m->diagnostics.counts().at("invalid-map") == 6);
  // The lines in error are left out; the others are kept.
  REQUIRE(m->map.entries.size() == 1);
  CHECK(m->map.entries[0].column == "Q7");
  CHECK(m->map.entries[0].op == std::optional<std::size_t>(k_urssaf));
  CHECK(m->map.entries[0].line == 8);
}

TEST_CASE("layout::load_map without its colonne column reads nothing") {
  const auto m = load("col,champ,operateur\nQ1,id_fs,\n");
  CHECK(m->map.entries.empty());
  CHECK(texts(m->diagnostics) ==
        std::vector<std::string>{"m.csv:1: warning: column 'col': column 1 is not a known "
                                 "column and is ignored [unknown-column]",
                                 "m.csv:1: error: column 'colonne': the required column "
                                 "'colonne' is not in the header" +
                                     k_no_row});
}

TEST_CASE("layout::load_map a blank champ says the line names no field") {
  const auto m = load("colonne,champ,operateur\nQ1,,\n");
  CHECK(m->map.entries.empty());
  CHECK(texts(m->diagnostics) ==
        std::vector<std::string>{"m.csv:2: error: column 'champ': the line names no field (a "
                                 "field name, or ignore) [invalid-map]"});
}

TEST_CASE("layout::read_layout with a column map") {
  const auto m = load(
      "colonne,champ,operateur\n"
      "Q0,ignore,\n"
      "Q1,id_fs,\n"
      "Q2_SQ003,satisfaction,Caf\n"
      "G3Q2[5],referent_identifie,Chèque énergie\n"
      "q2 sq004,satisfaction,DGFIP\n"  // matches Q2_SQ004 by its normalized name
      "Caf - Commentaire,ignore,\n"    // the map wins over what the header says
      "Q9,nb_sollicitations,Caf\n");
  REQUIRE(texts(m->diagnostics).empty());
  SUBCASE("coded headers mapped to fields and operators; headers not in the map read as usual") {
    const Read r = layout_of("Q0,Q1,Q2_SQ003,G3Q2[5],Q2_SQ004,annee,Caf - Commentaire,Q9", &m->map);
    CHECK(r.diagnostics.empty());
    CHECK(r.layout.form == Layout::wide_form);
    CHECK(r.layout.complete);
    CHECK(placed(r.layout.fields) == Placed{{Field::annee, 5}, {Field::id_fs, 1}});
    CHECK(operators_of(r.layout) ==
          std::vector<std::pair<std::size_t, Placed>>{
              {k_dgfip, {{Field::satisfaction, 4}}},
              {k_caf, {{Field::satisfaction, 2}, {Field::nb_sollicitations, 7}}},
              {k_cheque_energie, {{Field::referent_identifie, 3}}}});
  }
  SUBCASE("a map line naming a header the export lacks: invalid-map at the map's line") {
    const Read r = layout_of("Q0,Q1,Q2_SQ003,G3Q2[5],Q2_SQ004,annee,Caf - Commentaire", &m->map);
    CHECK(r.layout.complete);
    CHECK(r.diagnostics ==
          std::vector<std::string>{"m.csv:8: error: column 'colonne': the map names column 'Q9', "
                                   "which t.csv does not have [invalid-map]"});
  }
  SUBCASE("without the map the coded headers are unknown columns") {
    const Read r = layout_of("Q1,Q2_SQ003,G3Q2[5]");
    CHECK_FALSE(r.layout.complete);
    CHECK(r.diagnostics ==
          std::vector<std::string>{
              "t.csv:1: warning: column 'Q1': column 1 is not a known column and is ignored "
              "[unknown-column]",
              "t.csv:1: warning: column 'Q2_SQ003': column 2 is not a known column and is ignored "
              "[unknown-column]",
              "t.csv:1: warning: column 'G3Q2[5]': column 3 is not a known column and is ignored "
              "[unknown-column]",
              "t.csv:1: error: column 'id_fs': the required column 'id_fs' is not in the header" +
                  k_no_row,
              "t.csv:1: error: column 'operateur': the required column 'operateur' is not in the "
              "header" +
                  k_no_row});
  }
}

TEST_CASE("layout::read_layout a map for a long export") {
  const auto m = load(
      "colonne,champ,operateur\nCode structure,id_fs,\nOrganisme,operateur,\nNote,satisfaction,\n");
  REQUIRE(texts(m->diagnostics).empty());
  const Read r = layout_of("Code structure,Organisme,Note,annee", &m->map);
  CHECK(r.diagnostics.empty());
  CHECK(r.layout.form == Layout::long_form);
  CHECK(r.layout.complete);
  CHECK(placed(r.layout.fields) ==
        Placed{
            {Field::annee, 3}, {Field::id_fs, 0}, {Field::operateur, 1}, {Field::satisfaction, 2}});
}

TEST_CASE("layout::load_map a header named twice") {
  const auto m = load("colonne,champ,operateur\nQ1,id_fs,\nQ2,satisfaction,Caf\nQ1,id_fs,\n");
  CHECK(m->map.entries.size() == 2);
  CHECK(texts(m->diagnostics) ==
        std::vector<std::string>{"m.csv:4: error: column 'colonne': column 'Q1' is already mapped "
                                 "at line 2 [invalid-map]"});
}

TEST_CASE("layout::load_map headers that only normalize alike stay distinct") {
  const auto m = load(
      "colonne,champ,operateur\nID,id_fs,\nG3Q2[1],satisfaction,Caf\nG3Q2_1,satisfaction,DGFIP\n");
  CHECK(texts(m->diagnostics).empty());
  const Read r = layout_of("ID,operateur,G3Q2_1,G3Q2[1]", &m->map, Layout::wide_form);
  REQUIRE(r.layout.operators.size() == 2);
  // DGFiP (operator 0) is column 2, Caf (operator 1) column 3: each header its own line.
  CHECK(r.layout.operators[0].op == 0);
  CHECK(r.layout.operators[0].fields[static_cast<std::size_t>(Field::satisfaction)] ==
        std::optional<std::size_t>(2));
  CHECK(r.layout.operators[1].fields[static_cast<std::size_t>(Field::satisfaction)] ==
        std::optional<std::size_t>(3));
}
