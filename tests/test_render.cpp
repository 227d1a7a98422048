#include <doctest/doctest.h>

#include "fsbo/render.hpp"
#include "render/formats.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

fsbo::Report sample() {
  fsbo::Report report;
  report.years = {2025};
  report.scope = {"77"};
  report.registry = "reg.csv";
  report.baseline = "built-in";
  fsbo::Row participation;
  participation.year = 2025;
  participation.level = fsbo::Level::department;
  participation.code = "77";
  participation.label = "Seine-et-Marne";
  participation.indicator = &fsbo::participation_def();
  participation.value = 1.0;
  participation.n = 35;
  participation.responded = 35;
  participation.reference = 0.87;
  participation.difference = 1.0 - 0.87;
  report.rows.push_back(participation);
  fsbo::Row delay = participation;
  delay.op_code = "DGFIP";
  delay.op_label = "DGFiP";
  delay.indicator = fsbo::find_indicator("delai_moyen");
  delay.value = 12.25;
  delay.n = 32;
  delay.responded.reset();
  delay.reference = 11.5;
  delay.difference = 0.75;
  delay.low = 10.0;
  delay.high = 14.5;
  delay.significance = fsbo::Significance::no;
  report.rows.push_back(delay);
  return report;
}

}  // namespace

TEST_CASE("render::render_report csv") {
  const std::string expected =
      "annee,niveau,code,libelle,operateur,indicateur,valeur,n,reference,ecart,ic_bas,ic_haut,"
      "significatif\n"
      "2025,departement,77,Seine-et-Marne,,participation,1,35,0.87,0.13,,,\n"
      "2025,departement,77,Seine-et-Marne,DGFIP,delai_moyen,12.25,32,11.5,0.75,10,14.5,non\n";
  CHECK(fsbo::render_report(sample(), fsbo::Format::csv, {}) == expected);
  SUBCASE("French Excel: BOM, semicolon, decimal comma, CRLF") {
    const std::string excel = fsbo::render_report(sample(), fsbo::Format::csv, {true, false});
    CHECK(excel.rfind("\xEF\xBB\xBF"
                      "annee;niveau;",
                      0) == 0);
    CHECK(excel.find("2025;departement;77;Seine-et-Marne;;participation;1;35;0,87;0,13;;;\r\n") !=
          std::string::npos);
  }
  SUBCASE("TSV") {
    const std::string tsv = fsbo::render_report(sample(), fsbo::Format::tsv, {});
    CHECK(tsv.find("2025\tdepartement\t77\tSeine-et-Marne\tDGFIP\tdelai_moyen\t12.25\t32") !=
          std::string::npos);
  }
}

TEST_CASE("render::render_report json") {
  const std::string json = fsbo::render_report(sample(), fsbo::Format::json, {});
  CHECK(json.rfind("{\n  \"schema\": \"fsbo.report/1\",", 0) == 0);
  CHECK(json.find("\"scope\": [\n    \"77\"\n  ]") != std::string::npos);
  CHECK(json.find("{\"annee\": 2025, \"niveau\": \"departement\", \"code\": \"77\", \"libelle\": "
                  "\"Seine-et-Marne\", \"operateur\": null, \"indicateur\": \"participation\", "
                  "\"valeur\": 1, \"n\": 35, \"repondantes\": 35, \"reference\": 0.87, \"ecart\": "
                  "0.13, \"ic_bas\": null, \"ic_haut\": null, \"significatif\": null, "
                  "\"petit_echantillon\": false}") != std::string::npos);
  CHECK(json.find("\"significatif\": false") != std::string::npos);
}

TEST_CASE("render::render_report table") {
  const std::string table = fsbo::render_report(sample(), fsbo::Format::table, {});
  CHECK(table.find("Participation à l'enquête back-office, 2025") != std::string::npos);
  CHECK(table.find("Département  77    Seine-et-Marne         35           35  100,0 %     "
                   "87,0 %  +13,0 pts") != std::string::npos);
  CHECK(table.find("DGFiP      Délai moyen  12,3 j  32     11,5 j  +0,8 j  [10,0 ; 14,5]  non") !=
        std::string::npos);
  CHECK(table.find('\x1b') == std::string::npos);
  CHECK(fsbo::render_report(sample(), fsbo::Format::table, {false, true}).find("\x1b[1m") !=
        std::string::npos);
  SUBCASE("markdown") {
    const std::string md = fsbo::render_report(sample(), fsbo::Format::markdown, {});
    CHECK(
        md.find("| Département | 77 | Seine-et-Marne | 35 | 35 | 100,0 % | 87,0 % | +13,0 pts |") !=
        std::string::npos);
  }
}

TEST_CASE("render::render_listing") {
  const fsbo::Listing listing{
      "Opérateurs", "operateurs", {"code", "libelle"}, {{"A", "=cmd|' /C calc'!A0"}, {"B", "x;y"}}};
  SUBCASE("text from input is guarded against spreadsheet formulas") {
    CHECK(fsbo::render_listing(listing, fsbo::Format::csv, {}) ==
          "code,libelle\nA,'=cmd|' /C calc'!A0\nB,x;y\n");
    CHECK(fsbo::render_listing(listing, fsbo::Format::csv, {true, false}) ==
          "\xEF\xBB\xBF"
          "code;libelle\r\nA;'=cmd|' /C calc'!A0\r\nB;\"x;y\"\r\n");
  }
  SUBCASE("json") {
    CHECK(fsbo::render_listing(listing, fsbo::Format::json, {}) ==
          "{\n  \"schema\": \"fsbo.operateurs/1\",\n  \"operateurs\": [\n"
          "    {\"code\": \"A\", \"libelle\": \"=cmd|' /C calc'!A0\"},\n"
          "    {\"code\": \"B\", \"libelle\": \"x;y\"}\n  ]\n}\n");
  }
}

TEST_CASE("render::parse_format") {
  CHECK(fsbo::parse_format("csv") == fsbo::Format::csv);
  CHECK(fsbo::parse_format("markdown") == fsbo::Format::markdown);
  CHECK_FALSE(fsbo::parse_format("xml"));
}

// The reference: std::to_chars with a precision of 12 is printf's %.12g.
std::string percent_12g(double value) {
  if (std::fabs(value) < 1e-12) value = 0;
  std::array<char, 40> text{};
  const auto written =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::general, 12);
  return std::string(text.data(), written.ptr);
}

TEST_CASE("render::append_number writes %.12g, shortest digits or not") {
  std::vector<double> values = {
      0.0, -0.0, 1.0, -1.0, 0.87, 2845.0, 1e-5, 1e-4, 0.0001234, 1.5e-12, 9e-13, 123456789012.0,
      1234567890123.0, 1e11, 1e12, -5.27240773286e-05, 0.1 + 0.2, 1.0 / 3, 2.0 / 3, 99999999999.95,
      999999999999.5, 1e300, -1e300, 5e-324, 0.5, 100.0, 1e15, 0.000099999,
      // 13 digits ending in 5, and carries through every digit
      0.1234567890125, 1.0000000000005, 9999999999995.0, 2.0000000000015e-3, 99999999999.96,
      0.99999999999951, 9.9999999999996e20, -9.99999999999951};
  std::mt19937_64 random(2025);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int> small(1, 400);
  std::uniform_int_distribution<int> power(-20, 20);
  for (int k = 0; k < 20000; ++k) {
    values.push_back(unit(random));                                        // 17 digits
    values.push_back(static_cast<double>(small(random)) / small(random));  // shares
    values.push_back(static_cast<double>(small(random)) / 100.0);          // delays
    values.push_back(-static_cast<double>(small(random)) / 1000.0);        // differences
    values.push_back(unit(random) * std::pow(10.0, power(random)));
  }
  // Around the powers of ten, where log10 may miss by one, and around the
  // 12-digit rounding boundaries, where one product cannot tell.
  std::uniform_int_distribution<long long> twelve(100'000'000'000, 999'999'999'999);
  std::uniform_int_distribution<int> shift(-4, 16);
  for (int p = -6; p <= 16; ++p) {
    const double power_of_ten = std::pow(10.0, p);
    for (const double v : {power_of_ten, std::nextafter(power_of_ten, 0.0),
                           std::nextafter(power_of_ten, HUGE_VAL)}) {
      values.push_back(v);
      values.push_back(-v);
    }
  }
  for (int k = 0; k < 5000; ++k) {
    const double tie = (static_cast<double>(twelve(random)) + 0.5) / std::pow(10.0, shift(random));
    values.push_back(tie);
    values.push_back(std::nextafter(tie, 0.0));
    values.push_back(std::nextafter(tie, HUGE_VAL));
  }
  for (const double value : values) {
    std::string got;
    fsbo::render::append_number(got, value);
    INFO("value ", value);
    CHECK(got == percent_12g(value));
  }
}
