#include <doctest/doctest.h>

#include "fsbo/survey.hpp"

namespace {

fsbo::StructureRegistry registry() {
  fsbo::StructureRegistry r;
  r.add({"454", "77", "FS Melun", "Melun", "Principal", "Fixe"}, 2);
  r.add({"12", "2A", "FS Ajaccio", "Ajaccio", "Principal", "Fixe"}, 3);
  return r;
}

struct Read {
  std::vector<fsbo::Answer> answers;
  fsbo::InputSummary summary;
};

Read read(fsbo::SurveyReader& surveys, const std::string& name, const std::string& text,
          fsbo::Diagnostics& diagnostics) {
  Read result;
  const auto reader = fsbo::CsvReader::from_bytes(name, text, {}, diagnostics);
  // A comment views its record, gone once read: kept answers keep none.
  result.summary = surveys.read(*reader, [&](const fsbo::Answer& a) {
    result.answers.push_back(a);
    result.answers.back().comment = {};
  });
  return result;
}

std::vector<std::string> texts(const fsbo::Diagnostics& diagnostics) {
  std::vector<std::string> lines;
  for (const auto& d : diagnostics.kept()) lines.push_back(fsbo::format_text(d));
  return lines;
}

}  // namespace

TEST_CASE("survey::SurveyReader valid rows") {
  const auto structures = registry();
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  const Read r = read(surveys, "s.csv",
                      "Année;ID FS;Opérateur;Référent identifié;Canal dédié;Délai réponse "
                      "(jours);Satisfaction;Nb sollicitations;Commentaire\n"
                      "2025;454;Pôle emploi;Oui;non;2,5;4;12;\"ok; merci\"\n"
                      "2025; 12 ;CPAM;;;;;;\n",
                      diagnostics);
  CHECK(texts(diagnostics).empty());
  CHECK(r.summary.rows == 2);
  CHECK(r.summary.accepted == 2);
  REQUIRE(r.answers.size() == 2);
  const fsbo::Answer& a = r.answers[0];
  CHECK(a.year == 2025);
  CHECK(a.structure == 0);
  CHECK(fsbo::builtin_operators().all()[a.op].code == "FRANCE_TRAVAIL");
  CHECK(a.referent == std::optional<bool>(true));
  CHECK(a.channel == std::optional<bool>(false));
  CHECK(a.delay_days == std::optional<double>(2.5));
  CHECK(a.satisfaction == std::optional<int>(4));
  CHECK(a.requests == std::optional<long long>(12));
  const fsbo::Answer& blank = r.answers[1];
  CHECK(blank.structure == 1);
  CHECK_FALSE(blank.referent);
  CHECK_FALSE(blank.delay_days);
  CHECK_FALSE(blank.satisfaction);
  CHECK_FALSE(blank.requests);
}

TEST_CASE("survey::SurveyReader diagnostics") {
  const auto structures = registry();
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {2025, nullptr, {}},
                             diagnostics);
  const Read r = read(surveys, "s.csv",
                      "id_fs,operateur,referent_identifie,delai_reponse_jours,satisfaction,"
                      "nb_sollicitations,remarque\n"
                      "454,DGFiP,peut-être,-1,6,2.5,x\n"    // 2: three bad cells, row kept
                      "999,Caf,oui,1,5,1,x\n"               // 3: unknown structure
                      ",Caf,oui,1,5,1,x\n"                  // 4: no id
                      "454,Pole emplo,oui,1,5,1,x\n"        // 5: unknown operator
                      "454,DDFIP,oui,abc,5,1,x\n"           // 6: duplicate of line 2
                      "12,\"La\nPoste\",oui,1,5,1,x\n"      // 7-8: a line break is punctuation
                      "12,MSA,oui,1,5,1,x,extra\n"          // 9: extra cell
                      "12,MSA,oui,1,5,1,x\n"                // 10: accepted
                      "12,Banque de France,oui,1,5,1,x\n",  // 11: nothing close
                      diagnostics);
  CHECK(texts(diagnostics) ==
        std::vector<std::string>{
            "s.csv:1: warning: column 'remarque': column 7 is not a known column and is ignored "
            "[unknown-column]",
            "s.csv:2: error: column 'referent_identifie': 'peut-être' is not yes or no: the cell "
            "counts as no answer [invalid-yes-no]",
            "s.csv:2: error: column 'delai_reponse_jours': -1 is not a delay from 0 to 3650 days: "
            "the cell counts as no answer [out-of-range]",
            "s.csv:2: error: column 'satisfaction': 6 is not a whole score from 1 to 5: the cell "
            "counts as no answer [out-of-range]",
            "s.csv:2: error: column 'nb_sollicitations': 2.5 is not a whole count of 0 or more: "
            "the cell counts as no answer [out-of-range]",
            "s.csv:3: error: column 'id_fs': structure 999 is not in the registry: the row is "
            "left out [unknown-structure]",
            "s.csv:4: error: column 'id_fs': no structure id: the row is left out [missing-id]",
            "s.csv:5: error: column 'operateur': unknown operator 'Pole emplo': the row is left "
            "out (did you mean 'Pôle emploi'?) [unknown-operator]",
            "s.csv:6: error: duplicate answer for structure 454 / DGFiP in 2025, first at line 2: "
            "this answer is left out [duplicate-answer]",
            "s.csv:9: error: column 'column 8': the row has 8 cells where the header has 7: the "
            "row is left out [extra-cell]",
            "s.csv:11: error: column 'operateur': unknown operator 'Banque de France': the row is "
            "left out (see `fsbo operators`) [unknown-operator]",
        });
  CHECK(r.summary.rows == 9);
  REQUIRE(r.answers.size() == 3);
  CHECK(r.answers[0].year == 2025);
  CHECK_FALSE(r.answers[0].referent);
  CHECK_FALSE(r.answers[0].delay_days);
  CHECK_FALSE(r.answers[0].satisfaction);
  CHECK_FALSE(r.answers[0].requests);
  CHECK(fsbo::builtin_operators().all()[r.answers[1].op].code == "LA_POSTE");
  CHECK(r.answers[2].structure == 1);
  CHECK(fsbo::builtin_operators().all()[r.answers[2].op].code == "MSA");
}

TEST_CASE("survey::SurveyReader duplicates across files and years") {
  const auto structures = registry();
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  read(surveys, "a.csv", "annee,id_fs,operateur\n2025,454,Caf\n2024,454,Caf\n", diagnostics);
  const Read b =
      read(surveys, "b.csv", "annee,id_fs,operateur\n2024,454,CAF\n,12,Caf\n", diagnostics);
  CHECK(texts(diagnostics) ==
        std::vector<std::string>{
            "b.csv:2: error: duplicate answer for structure 454 / Caf in 2024, first at a.csv:3: "
            "this answer is left out [duplicate-answer]",
            "b.csv:3: error: column 'annee': no survey year (give --year): the row is left out "
            "[missing-year]"});
  CHECK(b.answers.empty());
  SUBCASE("a file without an annee column has no year, and that is no error") {
    const Read c = read(surveys, "c.csv", "id_fs,operateur\n12,Caf\n", diagnostics);
    REQUIRE(c.answers.size() == 1);
    CHECK(c.answers[0].year == 0);
  }
}

TEST_CASE("survey::SurveyReader duplicates in a registry whose pair table passes the cache") {
  // 20,000 structures × 12 operators: where each pair was first seen takes
  // 1.9 MB, written around the cache; it still reads back for a duplicate.
  fsbo::StructureRegistry structures;
  for (int id = 1; id <= 20'000; ++id) {
    const std::string text = std::to_string(id);
    structures.add({text, "77", "FS", "Melun", "Principal", "Fixe"}, static_cast<std::size_t>(id));
  }
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  read(surveys, "a.csv", "annee,id_fs,operateur\n2025,19999,Caf\n2025,7,Urssaf\n", diagnostics);
  const Read b =
      read(surveys, "b.csv", "annee,id_fs,operateur\n2025,7,DGFIP\n2025,7,URSSAF\n2025,19999,CAF\n",
           diagnostics);
  CHECK(texts(diagnostics) ==
        std::vector<std::string>{
            "b.csv:3: error: duplicate answer for structure 7 / Urssaf in 2025, first at a.csv:3: "
            "this answer is left out [duplicate-answer]",
            "b.csv:4: error: duplicate answer for structure 19999 / Caf in 2025, first at "
            "a.csv:2: this answer is left out [duplicate-answer]"});
  CHECK(b.answers.size() == 1);
}

TEST_CASE("survey::SurveyReader missing required column") {
  const auto structures = registry();
  fsbo::Diagnostics diagnostics;
  fsbo::SurveyReader surveys(structures, fsbo::builtin_operators(), {}, diagnostics);
  const Read r = read(surveys, "s.csv", "id_fs,satisfaction\n454,5\n", diagnostics);
  CHECK(r.answers.empty());
  CHECK(texts(diagnostics) ==
        std::vector<std::string>{"s.csv:1: error: column 'operateur': the required column "
                                 "'operateur' is not in the header; no row of this file can be "
                                 "read [missing-column]"});
}
