// libFuzzer target: the whole validate, aggregate, compare and render path
// from bytes. Input: a structure registry and a survey export, split at the
// first line "----"; without it, the survey goes with a small fixed registry.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "fsbo/aggregate.hpp"
#include "fsbo/baseline.hpp"
#include "fsbo/render.hpp"
#include "fsbo/report.hpp"
#include "fsbo/survey.hpp"

namespace {

const char* k_registry =
    "id_fs,insee_dep,lib_fs,lib_com\n"
    "1,77,A,a\n2,77,B,b\n3,2A,C,c\n4,971,D,d\n5,23,E,e\n";

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const std::size_t cut = bytes.find("\n----\n");
  const std::string registry_text =
      cut == std::string_view::npos ? k_registry : std::string(bytes.substr(0, cut + 1));
  const std::string survey_text(cut == std::string_view::npos ? bytes : bytes.substr(cut + 6));
  fsbo::Diagnostics diagnostics;
  const auto registry_reader =
      fsbo::CsvReader::from_bytes("reg.csv", registry_text, {}, diagnostics);
  const fsbo::StructureRegistry structures = fsbo::load_structures(*registry_reader, diagnostics);
  const fsbo::OperatorRegistry& operators = fsbo::builtin_operators();
  fsbo::Aggregate aggregate(structures, operators.size());
  fsbo::SurveyReader surveys(structures, operators, {}, diagnostics);
  const auto survey_reader = fsbo::CsvReader::from_bytes("s.csv", survey_text, {}, diagnostics);
  std::vector<fsbo::Answer> answers;
  std::deque<std::string> comments;  // an answer's comment views its record: kept, as convert does
  surveys.read(*survey_reader, [&](const fsbo::Answer& a) {
    if (a.structure >= structures.size() || a.op >= operators.size()) __builtin_trap();
    aggregate.add(a);
    answers.push_back(a);
    answers.back().comment = comments.emplace_back(a.comment);
  });
  for (const fsbo::Baseline& baseline :
       {fsbo::builtin_baseline(operators), fsbo::computed_baseline(aggregate, operators)}) {
    const fsbo::Report report = fsbo::build_report(aggregate, operators, baseline, {});
    for (const auto format : {fsbo::Format::table, fsbo::Format::csv, fsbo::Format::json}) {
      (void)fsbo::render_report(report, format, {});
    }
    fsbo::report_rows(aggregate, operators, baseline, {},
                      [&](std::size_t part, const std::vector<fsbo::Row>& rows) {
                        (void)fsbo::render_rows(rows, part == 0, fsbo::Format::tsv, {});
                      });
  }
  for (const auto layout : {fsbo::Layout::long_form, fsbo::Layout::wide_form}) {
    (void)fsbo::render_answers(answers, layout, structures, operators, {});
  }
  return 0;
}
