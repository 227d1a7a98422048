// A national export built on the official registry, in the clean and the
// French-Excel form: every figure fsbo prints is checked against a direct
// computation written here, independently of the aggregate stage.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "fsbo/geography.hpp"
#include "fsbo/structures.hpp"
#include "run.hpp"

namespace {

const char* k_official = "liste-fs-20240801.csv";

struct Row {
  std::string id;
  std::string op;  // operator code
  std::string spelling;
  int referent = -1;  // -1 blank, 0 no, 1 yes
  double delay = -1;  // -1 blank
  int score = 0;      // 0 blank
  long long requests = -1;
};

// Deterministic pseudo-random numbers (a plain LCG), so the export is the same on every run.
struct Dice {
  unsigned long long state = 20250601;
  unsigned roll(unsigned sides) {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<unsigned>((state >> 33) % sides);
  }
};

const std::vector<std::pair<std::string, std::vector<std::string>>> k_spellings = {
    {"DGFIP", {"DGFiP", "DDFIP", "Finances publiques"}},
    {"CAF", {"Caf", "CAF", "Cnaf"}},
    {"FRANCE_TITRES", {"France Titres", "ANTS"}},
    {"LA_POSTE", {"La Poste", "LA POSTE"}},
    {"POINT_JUSTICE", {"Point-Justice", "Point Justice"}},
    {"FRANCE_TRAVAIL", {"France Travail", "Pôle emploi", "pole emploi"}},
    {"MSA", {"MSA", "Mutualité sociale agricole"}},
    {"ASSURANCE_MALADIE", {"Assurance maladie", "CPAM"}},
    {"ASSURANCE_RETRAITE", {"Carsat", "Cnav"}},
    {"FRANCE_RENOV", {"France Rénov'", "France Renov"}},
    {"CHEQUE_ENERGIE", {"Chèque énergie", "CHEQUE ENERGIE"}},
    {"URSSAF", {"Urssaf", "URSSAF"}},
};

std::vector<Row> make_answers(const fsbo::StructureRegistry& registry) {
  Dice dice;
  std::vector<Row> rows;
  for (std::size_t index = 0; index < registry.size(); ++index) {
    const fsbo::Structure s = registry.at(index);
    if (dice.roll(100) < 13) continue;  // about 87 % respond
    for (const auto& [code, spellings] : k_spellings) {
      if (dice.roll(10) == 0) continue;
      Row row{std::string(s.id), code,
              spellings[dice.roll(static_cast<unsigned>(spellings.size()))]};
      row.referent = static_cast<int>(dice.roll(3)) - 1;
      row.delay = dice.roll(5) == 0 ? -1 : dice.roll(300) / 4.0;
      row.score = static_cast<int>(dice.roll(6));
      row.requests = dice.roll(6) == 0 ? -1 : static_cast<long long>(dice.roll(250));
      rows.push_back(row);
    }
  }
  return rows;
}

std::string number(double value, bool comma) {
  std::ostringstream text;
  text << value;
  std::string s = text.str();
  if (comma) std::replace(s.begin(), s.end(), '.', ',');
  return s;
}

// UTF-8 text of the Latin-1 range as Windows-1252 bytes.
std::string to_cp1252(const std::string& utf8) {
  std::string out;
  for (std::size_t i = 0; i < utf8.size(); ++i) {
    const auto c = static_cast<unsigned char>(utf8[i]);
    if (c == 0xC3) {
      out.push_back(static_cast<char>(0xC0 | (static_cast<unsigned char>(utf8[++i]) & 0x3F)));
    } else {
      out.push_back(static_cast<char>(c));
    }
  }
  return out;
}

std::string export_text(const std::vector<Row>& rows, bool excel) {
  const char* sep = excel ? ";" : ",";
  const char* eol = excel ? "\r\n" : "\n";
  std::string text = excel ? "Année;ID FS;Opérateur;Référent identifié;Canal dédié;Délai "
                             "réponse (jours);Satisfaction;Nb sollicitations;Commentaire"
                           : "annee,id_fs,operateur,referent_identifie,canal_dedie,"
                             "delai_reponse_jours,satisfaction,nb_sollicitations,commentaire";
  text += eol;
  for (const Row& r : rows) {
    const std::vector<std::string> cells = {"2025",
                                            r.id,
                                            r.spelling,
                                            r.referent < 0    ? ""
                                            : r.referent == 1 ? "Oui"
                                                              : "Non",
                                            "",
                                            r.delay < 0 ? "" : number(r.delay, excel),
                                            r.score == 0 ? "" : std::to_string(r.score),
                                            r.requests < 0 ? "" : std::to_string(r.requests),
                                            "\"vu, \"\"ok\"\"\nmerci\""};
    for (std::size_t k = 0; k < cells.size(); ++k) text += (k ? sep : "") + cells[k];
    text += eol;
  }
  return excel ? to_cp1252(text) : text;
}

// fsbo's tidy CSV output, keyed by "niveau:code|operateur|indicateur" → (valeur, n).
std::map<std::string, std::pair<std::string, std::string>> parse_output(const std::string& csv) {
  std::map<std::string, std::pair<std::string, std::string>> rows;
  std::istringstream lines(csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::string cell;
    std::istringstream fields(line);
    while (std::getline(fields, cell, ',')) cells.push_back(cell);
    cells.resize(13);
    rows[cells[1] + ":" + cells[2] + "|" + cells[4] + "|" + cells[5]] = {cells[6], cells[7]};
  }
  return rows;
}

// Region and department codes overlap ("11" is both): areas are keyed with their level.
std::vector<std::string> areas_of(const std::string& department) {
  return {"national:FR", "departement:" + department,
          "region:" + std::string(fsbo::find_department(department)->region)};
}

struct Expected {
  std::map<std::string, std::size_t> registered;
  std::map<std::string, std::set<std::string>> responded;
  std::map<std::string, std::vector<const Row*>> answers;  // "area|op"
};

Expected expect(const fsbo::StructureRegistry& registry, const std::vector<Row>& rows) {
  Expected e;
  std::map<std::string, std::string> department_of;
  for (std::size_t index = 0; index < registry.size(); ++index) {
    const fsbo::Structure s = registry.at(index);
    department_of[std::string(s.id)] = s.department;
    for (const std::string& area : areas_of(std::string(s.department))) ++e.registered[area];
  }
  for (const Row& r : rows) {
    const std::string dep = department_of[r.id];
    for (const std::string& area : areas_of(dep)) {
      e.responded[area].insert(r.id);
      e.answers[area + "|" + r.op].push_back(&r);
    }
  }
  return e;
}

void check_value(const std::pair<std::string, std::string>& printed, double value, std::size_t n) {
  CHECK(printed.second == std::to_string(n));
  if (n == 0) {
    CHECK(printed.first.empty());
  } else {
    CHECK(std::stod(printed.first) == doctest::Approx(value).epsilon(1e-10));
  }
}

void check_indicators(const std::map<std::string, std::pair<std::string, std::string>>& printed,
                      const std::string& key, const std::vector<const Row*>& answers) {
  std::vector<double> delays;
  std::vector<double> scores;
  std::size_t yes = 0, referent_n = 0, satisfied = 0, requests_n = 0;
  double requests = 0;
  for (const Row* r : answers) {
    if (r->referent >= 0) ++referent_n, yes += static_cast<std::size_t>(r->referent);
    if (r->delay >= 0) delays.push_back(r->delay);
    if (r->score > 0) scores.push_back(r->score), satisfied += r->score >= 4;
    if (r->requests >= 0) ++requests_n, requests += static_cast<double>(r->requests);
  }
  std::sort(delays.begin(), delays.end());
  const auto mean = [](const std::vector<double>& v) {
    return v.empty() ? 0 : std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  };
  const std::size_t d = delays.size();
  const double median = d == 0  ? 0
                        : d % 2 ? delays[d / 2]
                                : (delays[d / 2 - 1] + delays[d / 2]) / 2;
  INFO(key);
  check_value(printed.at(key + "|referent"), referent_n ? double(yes) / double(referent_n) : 0,
              referent_n);
  check_value(printed.at(key + "|delai_median"), median, d);
  check_value(printed.at(key + "|delai_moyen"), mean(delays), d);
  check_value(printed.at(key + "|satisfaction_moyenne"), mean(scores), scores.size());
  check_value(printed.at(key + "|taux_satisfaits"),
              scores.empty() ? 0 : double(satisfied) / double(scores.size()), scores.size());
  check_value(printed.at(key + "|sollicitations"), requests, requests_n);
  check_value(printed.at(key + "|canal_dedie"), 0, 0);
}

}  // namespace

TEST_CASE("national export on the official registry, clean and French-Excel forms") {
  if (!fsbo::test::have_shared(k_official)) {
    MESSAGE("skipped: ../shared/data/liste-fs-20240801.csv is not there");
    return;
  }
  const std::string official = fsbo::test::shared_file(k_official);
  fsbo::Diagnostics diagnostics;
  fsbo::CsvReader reader(official, {}, diagnostics);
  const fsbo::StructureRegistry registry = fsbo::load_structures(reader, diagnostics);
  REQUIRE(registry.size() == 2845);
  const std::vector<Row> rows = make_answers(registry);
  const std::string dir = fsbo::test::temp_dir();
  fsbo::test::write_file(dir + "/clean.csv", export_text(rows, false));
  fsbo::test::write_file(dir + "/excel.csv", export_text(rows, true));

  const auto clean = fsbo::test::fsbo({"report", "-r", official, dir + "/clean.csv", "-f", "csv"});
  const auto excel = fsbo::test::fsbo({"report", "-r", official, dir + "/excel.csv", "-f", "csv"});
  INFO(clean.err);
  INFO(excel.err);
  REQUIRE(clean.code == 0);
  REQUIRE(excel.code == 0);
  CHECK(clean.err.empty());
  CHECK(clean.out == excel.out);

  const auto printed = parse_output(clean.out);
  const Expected expected = expect(registry, rows);
  CHECK(expected.responded.at("national:FR").size() > 2400);
  for (const auto& [area, registered] : expected.registered) {
    INFO(area);
    const auto it = expected.responded.find(area);
    const std::size_t responded = it == expected.responded.end() ? 0 : it->second.size();
    check_value(printed.at(area + "||participation"), double(responded) / double(registered),
                registered);
  }
  for (const auto& [key, answers] : expected.answers) check_indicators(printed, key, answers);
  // France, 18 regions and the COM group (978), 102 departments: 1 + 12 × 7 rows each.
  CHECK(printed.size() == (1 + 19 + 102) * (1 + 12 * 7));

  SUBCASE("a departmental export: only Seine-et-Marne answered") {
    std::vector<Row> only_77;
    for (const Row& r : rows) {
      if (registry.department(*registry.find(r.id)) == "77") only_77.push_back(r);
    }
    fsbo::test::write_file(dir + "/77.csv", export_text(only_77, true));
    const auto run =
        fsbo::test::fsbo({"report", "-r", official, dir + "/77.csv", "-f", "csv", "--dep", "77"});
    REQUIRE(run.code == 0);
    const auto figures = parse_output(run.out);
    CHECK(figures.size() == 3 * (1 + 12 * 7));
    Expected e = expect(registry, only_77);
    const double responded = static_cast<double>(e.responded.at("departement:77").size());
    check_value(figures.at("departement:77||participation"), responded / 34.0, 34);
    check_value(figures.at("region:11||participation"), responded / e.registered.at("region:11"),
                e.registered.at("region:11"));
    check_value(figures.at("national:FR||participation"), responded / 2845.0, 2845);
    for (const auto& [code, spellings] : k_spellings) {
      check_indicators(figures, "departement:77|" + code, e.answers["departement:77|" + code]);
    }
  }
}
