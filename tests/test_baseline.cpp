#include <doctest/doctest.h>

#include "fsbo/baseline.hpp"
#include "run.hpp"

namespace {

fsbo::Baseline load(const std::string& text, fsbo::Diagnostics& diagnostics) {
  const auto reader = fsbo::CsvReader::from_bytes("ref.csv", text, {}, diagnostics);
  return fsbo::load_baseline(*reader, fsbo::builtin_operators(), diagnostics);
}

}  // namespace

TEST_CASE("baseline::builtin_baseline") {
  const fsbo::Baseline baseline = fsbo::builtin_baseline(fsbo::builtin_operators());
  CHECK(baseline.get(2025, "participation", "") == std::optional<double>(0.87));
  CHECK(baseline.get(2031, "participation", "") == std::optional<double>(0.87));
  CHECK(baseline.get(2025, "referent", "DGFIP") == std::optional<double>(0.82));
  CHECK_FALSE(baseline.get(2025, "sollicitations", "DGFIP"));
  SUBCASE("it is data/reference-nationale.csv, read without a diagnostic") {
    fsbo::Diagnostics diagnostics;
    fsbo::CsvReader reader(fsbo::test::project_file("data/reference-nationale.csv"), {},
                           diagnostics);
    const fsbo::Baseline file = fsbo::load_baseline(reader, fsbo::builtin_operators(), diagnostics);
    CHECK(diagnostics.kept().empty());
    CHECK(file.get(0, "taux_satisfaits", "URSSAF") == baseline.get(0, "taux_satisfaits", "URSSAF"));
  }
}

TEST_CASE("baseline::load_baseline") {
  fsbo::Diagnostics diagnostics;
  const fsbo::Baseline baseline = load(
      "indicateur;operateur;valeur;annee\n"
      "participation;;0,9;\n"
      "participation;;0,8;2024\n"
      "referent;Pôle emploi;0.7;\n"
      "referent;Banque;0.5;\n"
      "taux;CAF;0.5;\n"
      "referent;CAF;1.5;\n"
      "satisfaction_moyenne;CAF;6;\n"
      "delai_moyen;CAF;abc;\n",
      diagnostics);
  CHECK(baseline.get(2025, "participation", "") == std::optional<double>(0.9));
  CHECK(baseline.get(2024, "participation", "") == std::optional<double>(0.8));
  CHECK(baseline.get(2025, "referent", "FRANCE_TRAVAIL") == std::optional<double>(0.7));
  std::vector<std::string> kinds;
  for (const auto& d : diagnostics.kept()) kinds.push_back(d.kind + "@" + std::to_string(d.line));
  CHECK(kinds == std::vector<std::string>{"unknown-operator@5", "unknown-indicator@6",
                                          "out-of-range@7", "out-of-range@8", "invalid-number@9"});
  CHECK(fsbo::format_text(diagnostics.kept()[2]) ==
        "ref.csv:7: error: column 'valeur': 1.5 is not a rate from 0 to 1 for referent "
        "[out-of-range]");
}

TEST_CASE("baseline::computed_baseline") {
  fsbo::StructureRegistry structures;
  structures.add({"1", "77", "A", "a", "", ""}, 2);
  structures.add({"2", "23", "B", "b", "", ""}, 3);
  fsbo::Aggregate aggregate(structures, fsbo::builtin_operators().size());
  fsbo::Answer a;
  a.year = 2025;
  a.op = 1;
  a.referent = true;
  aggregate.add(a);
  const fsbo::Baseline baseline = fsbo::computed_baseline(aggregate, fsbo::builtin_operators());
  CHECK(baseline.get(2025, "participation", "") == std::optional<double>(0.5));
  CHECK(baseline.get(2025, "referent", "CAF") == std::optional<double>(1.0));
  CHECK_FALSE(baseline.get(2025, "referent", "DGFIP"));
  CHECK_FALSE(baseline.get(2024, "participation", ""));
}

TEST_CASE("baseline::load_baseline repeated references") {
  fsbo::Diagnostics diagnostics;
  const fsbo::Baseline baseline = load(
      "indicateur,operateur,valeur\nparticipation,,0.9\nparticipation,,0.8\n"
      "referent,CAF,0.5\nreferent,Cnaf,0.6\nsollicitations,CAF,10\n",
      diagnostics);
  CHECK(baseline.get(2025, "participation", "") == std::optional<double>(0.9));
  CHECK(baseline.get(2025, "referent", "CAF") == std::optional<double>(0.5));
  std::vector<std::string> texts;
  for (const auto& d : diagnostics.kept()) texts.push_back(fsbo::format_text(d));
  CHECK(texts == std::vector<std::string>{
                     "ref.csv:3: error: column 'indicateur': a reference for participation is "
                     "already given: this line is ignored [duplicate-reference]",
                     "ref.csv:5: error: column 'indicateur': a reference for referent / CAF is "
                     "already given: this line is ignored [duplicate-reference]",
                     "ref.csv:6: error: column 'indicateur': 'sollicitations' is a total, which a "
                     "national reference cannot be compared with [unknown-indicator]"});
}
