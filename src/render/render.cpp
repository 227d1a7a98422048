#include "fsbo/render.hpp"

#include "render/formats.hpp"

namespace fsbo {

std::optional<Format> parse_format(std::string_view name) {
  if (name == "table") return Format::table;
  if (name == "csv") return Format::csv;
  if (name == "tsv") return Format::tsv;
  if (name == "json") return Format::json;
  if (name == "markdown") return Format::markdown;
  return std::nullopt;
}

const std::vector<std::string_view>& tidy_columns() {
  static const std::vector<std::string_view> columns = {
      "annee", "niveau",    "code",  "libelle", "operateur", "indicateur",  "valeur",
      "n",     "reference", "ecart", "ic_bas",  "ic_haut",   "significatif"};
  return columns;
}

std::string render_report(const Report& report, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::json: return render::json_report(report);
    case Format::csv:
    case Format::tsv: return render::delimited_report(report, format, options);
    case Format::table:
    case Format::markdown: return render::table_report(report, format, options.colour);
  }
  return {};
}

bool renders_rows(Format format) {
  return format == Format::csv || format == Format::tsv;
}

std::string render_rows(const std::vector<Row>& rows, bool first, Format format,
                        const RenderOptions& options) {
  return render::delimited_rows(rows, first, format, options);
}

std::string render_listing(const Listing& listing, Format format, const RenderOptions& options) {
  switch (format) {
    case Format::json: return render::json_listing(listing);
    case Format::csv:
    case Format::tsv: return render::delimited_listing(listing, format, options);
    case Format::table:
    case Format::markdown: return render::table_listing(listing, format, options.colour);
  }
  return {};
}

}  // namespace fsbo
