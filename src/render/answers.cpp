// Accepted answers written back in a canonical layout, long or wide, so that
// other tools can take over from fsbo (`convert`).
#include <algorithm>
#include <map>
#include <tuple>

#include <fmt/format.h>

#include "render/formats.hpp"

namespace fsbo {

namespace {

using render::Cell;

// The answer fields in column order, as the layout module names them.
std::vector<Field> answer_fields() {
  std::vector<Field> fields;
  for (auto f = static_cast<std::size_t>(k_first_answer_field); f < k_field_count; ++f) {
    fields.push_back(static_cast<Field>(f));
  }
  return fields;
}

std::vector<Cell> answer_cells(const Answer& a, bool excel) {
  const auto yes_no = [](const std::optional<bool>& v) {
    return v ? std::string(*v ? "oui" : "non") : std::string();
  };
  const auto whole = [](const auto& v) { return v ? std::to_string(*v) : std::string(); };
  return {{yes_no(a.referent), false},
          {yes_no(a.channel), false},
          {a.delay_days ? render::machine_number(*a.delay_days, excel) : "", false},
          {whole(a.satisfaction), false},
          {whole(a.requests), false},
          // Guarded against spreadsheet formulas; fsbo reads the guard back off.
          {std::string(a.comment), true}};
}

bool before(const Answer& a, const Answer& b) {
  return std::tie(a.year, a.structure, a.op) < std::tie(b.year, b.structure, b.op);
}

std::string year_text(int year) {
  return year == 0 ? std::string() : std::to_string(year);
}

// An export read without any year is written without an annee column, so
// that it reads back as it was rather than as rows missing their year.
bool any_year(const std::vector<Answer>& answers) {
  return std::any_of(answers.begin(), answers.end(), [](const Answer& a) { return a.year != 0; });
}

std::string long_answers(const std::vector<Answer>& answers, const StructureRegistry& structures,
                         const OperatorRegistry& operators, const RenderOptions& options) {
  const bool years = any_year(answers);
  std::vector<std::string> columns;
  for (std::size_t f = years ? 0 : 1; f < k_field_count; ++f) {
    columns.emplace_back(field_name(static_cast<Field>(f)));
  }
  std::vector<std::vector<Cell>> rows;
  for (const Answer& a : answers) {
    std::vector<Cell> row = {{std::string(structures.id(a.structure)), false},
                             {operators.all()[a.op].code, false}};
    if (years) row.insert(row.begin(), {year_text(a.year), false});
    const std::vector<Cell> cells = answer_cells(a, options.excel);
    row.insert(row.end(), cells.begin(), cells.end());
    rows.push_back(std::move(row));
  }
  return render::delimited(columns, rows, Format::csv, options);
}

std::string wide_answers(const std::vector<Answer>& answers, const StructureRegistry& structures,
                         const OperatorRegistry& operators, const RenderOptions& options) {
  const bool years = any_year(answers);
  std::vector<std::string> columns = {std::string(field_name(Field::id_fs))};
  if (years) columns.insert(columns.begin(), std::string(field_name(Field::annee)));
  const std::size_t keys = columns.size();
  const std::vector<Field> fields = answer_fields();
  for (const Operator& op : operators.all()) {
    for (const Field f : fields)
      columns.push_back(fmt::format("{} - {}", op.label, field_label(f)));
  }
  std::vector<std::vector<Cell>> rows;
  for (std::size_t k = 0; k < answers.size();) {
    const Answer& first = answers[k];
    std::vector<Cell> row(columns.size());
    if (years) row[0] = {year_text(first.year), false};
    row[keys - 1] = {std::string(structures.id(first.structure)), false};
    for (; k < answers.size() && answers[k].year == first.year &&
           answers[k].structure == first.structure;
         ++k) {
      const std::vector<Cell> cells = answer_cells(answers[k], options.excel);
      std::copy(cells.begin(), cells.end(),
                row.begin() + static_cast<std::ptrdiff_t>(keys + answers[k].op * fields.size()));
    }
    rows.push_back(std::move(row));
  }
  return render::delimited(columns, rows, Format::csv, options);
}

}  // namespace

std::string render_answers(std::vector<Answer> answers, Layout layout,
                           const StructureRegistry& structures, const OperatorRegistry& operators,
                           const RenderOptions& options) {
  // A canonical order, whatever the order of the input rows.
  std::sort(answers.begin(), answers.end(), before);
  return layout == Layout::wide_form ? wide_answers(answers, structures, operators, options)
                                     : long_answers(answers, structures, operators, options);
}

}  // namespace fsbo
