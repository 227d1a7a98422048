#include <doctest/doctest.h>

#include "fsbo/operators.hpp"
#include "run.hpp"

namespace {

std::string code_of(const fsbo::OperatorRegistry& registry, const std::string& name) {
  const auto index = registry.resolve(name);
  return index ? registry.all()[*index].code : "(none)";
}

}  // namespace

TEST_CASE("operators::builtin_operators") {
  const fsbo::OperatorRegistry& registry = fsbo::builtin_operators();
  REQUIRE(registry.size() == 12);
  CHECK(registry.all()[0].code == "DGFIP");
  CHECK(registry.all()[9].label == "France Rénov'");
  SUBCASE("codes, labels and aliases resolve, ignoring case, accents and punctuation") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"DGFiP", "DGFIP"},
        {"DDFIP", "DGFIP"},
        {"finances publiques", "DGFIP"},
        {"Cnaf", "CAF"},
        {"ANTS", "FRANCE_TITRES"},
        {"france_titres", "FRANCE_TITRES"},
        {"La Poste", "LA_POSTE"},
        {"Point Justice", "POINT_JUSTICE"},
        {"point-justice", "POINT_JUSTICE"},
        {"Justice", "POINT_JUSTICE"},
        {"pole emploi", "FRANCE_TRAVAIL"},
        {"Pôle Emploi", "FRANCE_TRAVAIL"},
        {"Mutualité sociale agricole", "MSA"},
        {"CPAM", "ASSURANCE_MALADIE"},
        {"Cnam", "ASSURANCE_MALADIE"},
        {"Carsat", "ASSURANCE_RETRAITE"},
        {"CNAV", "ASSURANCE_RETRAITE"},
        {"France Renov", "FRANCE_RENOV"},
        {"France Rénov’", "FRANCE_RENOV"},
        {"Anah", "FRANCE_RENOV"},
        {"CHEQUE ENERGIE", "CHEQUE_ENERGIE"},
        {"  Urssaf ", "URSSAF"},
    };
    for (const auto& [name, code] : cases) {
      INFO(name);
      CHECK(code_of(registry, name) == code);
    }
    CHECK_FALSE(registry.resolve("Banque de France"));
    CHECK_FALSE(registry.resolve(""));
  }
  SUBCASE("suggest finds the closest label or alias") {
    CHECK(registry.suggest("Pole emplo") == "Pôle emploi");
    CHECK(registry.suggest("Urssafe") == "Urssaf");
    CHECK(registry.suggest("Carsatt") == "Carsat");
    CHECK(registry.suggest("Banque de France") == "");
  }
}

TEST_CASE("operators::load_operators") {
  fsbo::Diagnostics diagnostics;
  SUBCASE("the built-in list is data/operateurs.csv and reads without a diagnostic") {
    fsbo::CsvReader reader(fsbo::test::project_file("data/operateurs.csv"), {}, diagnostics);
    const auto registry = fsbo::load_operators(reader, diagnostics);
    CHECK(diagnostics.kept().empty());
    CHECK(registry.size() == fsbo::builtin_operators().size());
  }
  SUBCASE("a custom registry with a shared alias") {
    const auto reader = fsbo::CsvReader::from_bytes(
        "ops.csv", "code;libelle;alias\r\nA;Alpha;Al|AA\r\nB;Beta;al\r\nC;;x\r\n", {}, diagnostics);
    const auto registry = fsbo::load_operators(*reader, diagnostics);
    CHECK(registry.size() == 1);
    CHECK(registry.all()[0].aliases == std::vector<std::string>{"Al", "AA"});
    REQUIRE(diagnostics.kept().size() == 2);
    CHECK(fsbo::format_text(diagnostics.kept()[0]) ==
          "ops.csv:3: error: column 'alias': 'al' already names operator A: operator B is left "
          "out [duplicate-alias]");
    CHECK(diagnostics.kept()[1].kind == "missing-id");
    CHECK(diagnostics.kept()[1].line == 4);
  }
}

TEST_CASE("operators::OperatorRegistry spellings of punctuation only") {
  fsbo::OperatorRegistry registry;
  CHECK(registry.add({"A", "Alpha", {"-", "'"}}).empty());
  CHECK(code_of(registry, "Alpha") == "A");
  CHECK_FALSE(registry.resolve("-"));
  CHECK_FALSE(registry.resolve("?"));
  CHECK_FALSE(registry.resolve(""));
}

TEST_CASE("operators::load_operators names a spreadsheet would run") {
  fsbo::Diagnostics diagnostics;
  const auto reader = fsbo::CsvReader::from_bytes(
      "ops.csv", "code,libelle,alias\n=X,Formule,\nA,@Alpha,\nB,Beta,\n", {}, diagnostics);
  const auto registry = fsbo::load_operators(*reader, diagnostics);
  CHECK(registry.size() == 1);
  REQUIRE(diagnostics.kept().size() == 2);
  CHECK(fsbo::format_text(diagnostics.kept()[0]) ==
        "ops.csv:2: error: column 'code': a spreadsheet would take this name for a formula: the "
        "operator is left out [invalid-name]");
  CHECK(diagnostics.kept()[1].column == "libelle");
}
