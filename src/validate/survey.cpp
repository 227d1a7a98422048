#include "fsbo/survey.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include <fmt/format.h>

#include "fsbo/columns.hpp"
#include "fsbo/text.hpp"

namespace fsbo {

namespace {

std::size_t at(Field field) {
  return static_cast<std::size_t>(field);
}

std::string_view cell(const Record& record, const std::optional<std::size_t>& column) {
  if (!column || *column >= record.fields.size()) return {};
  return trim(record.fields[*column]);
}

// Whether every answer cell of `fields` is blank: the operator was not answered.
bool all_blank(const Record& record, const FieldColumns& fields) {
  return std::all_of(fields.begin() + at(k_first_answer_field), fields.end(),
                     [&](const auto& column) { return cell(record, column).empty(); });
}

std::string unknown_structure(std::string_view id) {
  return fmt::format("structure {} is not in the registry: the row is left out", quote(id));
}

// A cell that fsbo (or a careful spreadsheet user) guarded against formula
// injection, `'=…`, reads as the text it guards.
std::string_view unguarded(std::string_view text) {
  const bool guarded = text.size() > 1 && text[0] == '\'' && is_formula_start(text.substr(1));
  return guarded ? text.substr(1) : text;
}

// Where a pair was first seen is written for every answer and read back only
// for a duplicate. A table larger than a core's cache is written around it:
// its lines are not fetched, nor do they push out the tables that every row
// reads (a seventh of the time of the large case, a third of it shuffled). A
// smaller one stays in the cache, where stores cost less than stores to memory.
constexpr std::size_t k_cache_bytes = std::size_t{1} << 20;

void remember(std::uint32_t& where, std::uint32_t seen, bool around_cache) {
#if defined(__SSE2__)
  if (around_cache) {
    int bits = 0;
    std::memcpy(&bits, &seen, sizeof bits);
    _mm_stream_si32(reinterpret_cast<int*>(&where), bits);
    return;
  }
#endif
  static_cast<void>(around_cache);
  where = seen;
}

}  // namespace

bool has_value(const Answer& answer) {
  return answer.referent || answer.channel || answer.delay_days || answer.satisfaction ||
         answer.requests || !trim(answer.comment).empty();
}

SurveyReader::SurveyReader(const StructureRegistry& structures, const OperatorRegistry& operators,
                           SurveyOptions options, Diagnostics& diagnostics)
    : m_structures(structures),
      m_operators(operators),
      m_options(options),
      m_diagnostics(diagnostics) {}

InputSummary SurveyReader::read(CsvReader& reader, const Sink& sink, const Split* split) {
  // The dialect is asked for last: the reading thread may still be judging it.
  InputSummary summary{reader.name(), "enquete", {}, reader.ok(), false, 0, 0, {}};
  read_rows(reader, sink, split, summary);
  summary.dialect = reader.dialect();
  return summary;
}

void SurveyReader::read_rows(CsvReader& reader, const Sink& sink, const Split* split,
                             InputSummary& summary) {
  Record record;
  if (!reader.next(record)) return;
  m_files.push_back({reader.name(), m_files.empty() ? 0 : m_files.back().before + m_lines});
  m_lines = record.last_line;
  const SurveyLayout layout =
      read_layout(reader, record, m_operators, m_options.map, m_options.layout, m_diagnostics);
  summary.layout = layout.form;
  if (!layout.complete) return;
  summary.usable = true;
  const std::size_t header_line = record.line;
  if (split == nullptr || !read_in_parts(reader, layout, sink, *split, summary)) {
    read_records(reader, layout, sink, summary);
  }
  if (summary.rows == 0 && reader.read_to_end()) {
    m_diagnostics.add({Severity::warning, "no-rows", reader.name(), header_line, "", "",
                       "the export has its header and no row: no answer is read from it", ""});
  }
}

// Reads the records of `reader` in two parts at once when it can be split;
// false when the rest is to be read as usual: the file was not split, or its
// parts did not join, and what the second part gave was dropped.
bool SurveyReader::read_in_parts(CsvReader& reader, const SurveyLayout& layout, const Sink& sink,
                                 const Split& split, InputSummary& summary) {
  Diagnostics diagnostics(m_diagnostics.cap());
  SurveyReader part(m_structures, m_operators, m_options, diagnostics);
  part.m_files = m_files;
  InputSummary part_summary;
  return reader.read_in_parts(
      split.at_least, diagnostics,
      [&](CsvReader& part_reader, std::size_t index) {
        if (index == 0) {
          read_records(part_reader, layout, sink, summary);
        } else {
          part.read_records(part_reader, layout, split.second(), part_summary);
        }
      },
      // The second part numbers its lines from its start: what it made is
      // moved on by the lines before it.
      [&](const CsvReader& second) {
        if (second.misjudged() || seen_by_both(part)) return false;
        const std::size_t offset = reader.split_line() - 1;
        take_seen(part, offset);
        m_diagnostics.merge(diagnostics, offset);
        summary.rows += part_summary.rows;
        summary.accepted += part_summary.accepted;
        split.merge(offset);
        return true;
      });
}

void SurveyReader::read_records(CsvReader& reader, const SurveyLayout& layout, const Sink& sink,
                                InputSummary& summary) {
  Record record;
  Answer answer;
  const Row row{reader, record};
  const bool queues = !m_options.comments && layout.form == Layout::long_form;
  const std::size_t id_column = layout.fields[at(Field::id_fs)].value_or(0);
  // What reading reports goes through m_reading, to come after the rows
  // queued before it; the reader reports where it did once this returns.
  struct Reporting {
    CsvReader& reader;
    Diagnostics& to;
    ~Reporting() { reader.report_to(to); }
  } const reporting{reader, reader.reports_to()};
  m_reading = Diagnostics(reporting.to.cap());
  if (queues) reader.report_to(m_reading);
  for (;;) {
    const bool got = reader.next(record);
    if (!m_reading.kept().empty() || !m_reading.counts().empty()) {
      count_queued(reader, id_column, sink, summary);
      reporting.to.merge(m_reading);
      m_reading = Diagnostics(reporting.to.cap());
    }
    if (!got) break;
    ++summary.rows;
    m_lines = std::max(m_lines, record.last_line);
    // Rows are queued while most of the last 256 named another structure than
    // the row before: when a structure's rows come together, its look-ups
    // are cache hits, and queueing them would only cost.
    if (summary.rows % 256 == 0) {
      m_scattered = 2 * m_new_structures > 256;
      m_new_structures = 0;
    }
    if (queues && m_scattered && queue(row, layout)) {
      if (m_queued == k_queue) count_queued(reader, id_column, sink, summary);
      continue;
    }
    // The rows queued before this one are counted, and reported about, first.
    count_queued(reader, id_column, sink, summary);
    if (!check_width(reader, record, layout.width, m_diagnostics)) continue;
    if (!parse_keys(row, layout.fields, answer)) continue;
    if (layout.form == Layout::long_form) {
      read_long(row, layout, answer, sink, summary);
    } else {
      read_wide(row, layout, answer, sink, summary);
    }
  }
  count_queued(reader, id_column, sink, summary);
#if defined(__SSE2__)
  // Stores made around the cache are ordered with the others only past a fence.
  _mm_sfence();
#endif
}

void SurveyReader::read_long(const Row& row, const SurveyLayout& layout, Answer& answer,
                             const Sink& sink, InputSummary& summary) {
  if (!parse_operator(row, *layout.fields[at(Field::operateur)], answer, true)) return;
  // The cells are parsed while the pair's word of the seen table, fetched
  // when the structure was found, comes from memory: read first, it kept
  // the row waiting when rows come in no order. A duplicate's cells are not
  // reported, so they are reported only once the row counts.
  const bool valid = parse_cells(row, layout.fields, answer, false);
  if (!first_time(row.reader, answer)) return;
  if (!valid) parse_cells(row, layout.fields, answer, true);
  ++summary.accepted;
  sink(answer);
}

void SurveyReader::read_wide(const Row& row, const SurveyLayout& layout, Answer& answer,
                             const Sink& sink, InputSummary& summary) {
  for (const OperatorColumns& columns : layout.operators) {
    if (all_blank(row.record, columns.fields)) continue;
    answer.op = columns.op;
    if (!first_time(row.reader, answer)) continue;
    parse_cells(row, columns.fields, answer, true);
    ++summary.accepted;
    sink(answer);
  }
}

std::optional<std::size_t> SurveyReader::resolve_operator(std::string_view spelling) {
  const std::uint64_t hash = hash_text(spelling);
  std::size_t slot = spelling_slot(spelling, hash);
  if (m_spellings[slot].used) return m_spellings[slot].op;
  const std::optional<std::size_t> op = m_operators.resolve(spelling);
  // Unknown spellings are not kept: hostile input would grow the cache. An
  // export may write its operators in hundreds of ways (case, accents,
  // labels, aliases): the table grows, up to a bound, half full at most so
  // that a free slot ends every probe.
  // A long one (punctuation around a name normalizes away) is not kept
  // either: the bound is on bytes too.
  constexpr std::size_t k_max_spellings = 4096;
  constexpr std::size_t k_max_spelling_bytes = 64;
  if (!op || m_spelling_count == k_max_spellings || spelling.size() > k_max_spelling_bytes) {
    return op;
  }
  if (2 * (m_spelling_count + 1) > m_spellings.size()) {
    std::vector<Spelling> grown(2 * m_spellings.size());
    grown.swap(m_spellings);
    for (Spelling& kept : grown) {
      if (kept.used) m_spellings[spelling_slot(kept.text, hash_text(kept.text))] = std::move(kept);
    }
    slot = spelling_slot(spelling, hash);
  }
  m_spellings[slot] = {std::string(spelling), *op, true};
  ++m_spelling_count;
  return op;
}

// The slot of `spelling` in the table, or the free slot where it would go.
std::size_t SurveyReader::spelling_slot(std::string_view spelling, std::uint64_t hash) const {
  const std::size_t mask = m_spellings.size() - 1;
  std::size_t slot = static_cast<std::size_t>(hash) & mask;
  while (m_spellings[slot].used && m_spellings[slot].text != spelling) slot = (slot + 1) & mask;
  return slot;
}

// The row's line and year into `answer`; false, reported if `report`, when
// the row is left out for its year. Inlined in both callers: a call per row
// cost the large case 2 %.
[[gnu::always_inline]] inline bool SurveyReader::read_year(const Row& row,
                                                           const FieldColumns& fields,
                                                           Answer& answer, bool report) {
  const auto left_out = [&](const char* kind, const auto& message) {
    if (report) {
      report_cell(m_diagnostics, row.reader, row.record, *fields[at(Field::annee)], kind,
                  message());
    }
    return false;
  };
  answer.line = row.record.line;
  answer.year = m_options.year.value_or(0);
  const std::string_view year = cell(row.record, fields[at(Field::annee)]);
  if (!year.empty() && year == m_last_year.text) {
    answer.year = m_last_year.value;
  } else if (!year.empty()) {
    const std::optional<int> parsed = parse_year(year);
    if (!parsed) {
      return left_out("invalid-number", [&] {
        return fmt::format("'{}' is not a survey year ({} to {}): the row is left out", quote(year),
                           k_first_year, k_last_year);
      });
    }
    answer.year = *parsed;
    m_last_year = {std::string(year), *parsed};
  } else if (fields[at(Field::annee)] && !m_options.year) {
    // Filed under "no year", the row would be counted apart from its own year's answers.
    return left_out("missing-year", [] {
      return std::string("no survey year (give --year): the row is left out");
    });
  }
  return true;
}

bool SurveyReader::parse_keys(const Row& row, const FieldColumns& fields, Answer& answer) {
  const auto report = [&](const char* kind, Field field, std::string message) {
    return report_cell(m_diagnostics, row.reader, row.record, *fields[at(field)], kind,
                       std::move(message));
  };
  if (!read_year(row, fields, answer, true)) return false;
  const std::string_view id = cell(row.record, fields[at(Field::id_fs)]);
  if (id.empty()) return report("missing-id", Field::id_fs, "no structure id: the row is left out");
  if (id == m_last_id.text) {
    answer.structure = m_last_id.value;
    return true;
  }
  ++m_new_structures;
  const std::optional<std::size_t> structure = m_structures.find(id);
  if (!structure) return report("unknown-structure", Field::id_fs, unknown_structure(id));
  answer.structure = *structure;
  // The sink tallies the answer by department: its index, fetched now, is
  // there by then when answers come in no order (a twentieth of their time);
  // so is the structure's word of pairs seen, read once its cells are.
  fetch_ahead(*structure, answer.year);
  m_last_id = {std::string(id), *structure};
  return true;
}

bool SurveyReader::parse_operator(const Row& row, std::size_t column, Answer& answer, bool report) {
  const std::string_view spelling = cell(row.record, column);
  if (spelling.empty()) {
    if (report) {
      report_cell(m_diagnostics, row.reader, row.record, column, "missing-id",
                  "no operator: the row is left out");
    }
    return false;
  }
  const std::optional<std::size_t> op = resolve_operator(spelling);
  if (!op) {
    if (report) {
      report_cell(m_diagnostics, row.reader, row.record, column, "unknown-operator",
                  fmt::format("unknown operator '{}': the row is left out", quote(spelling)),
                  m_operators.hint(spelling));
    }
    return false;
  }
  answer.op = *op;
  return true;
}

// Queues the row if it is read whole but for its structure, with nothing to
// report otherwise; false, nothing reported, for the row to be read now. The
// checks are those of the one-by-one path (check_width, parse_keys,
// read_long), made silent: a row that would report anything goes that way.
bool SurveyReader::queue(const Row& row, const SurveyLayout& layout) {
  const FieldColumns& fields = layout.fields;
  const Record& record = row.record;
  Queued& queued = m_queue[m_queued];
  Answer& answer = queued.answer;
  if (record.cells_dropped != 0 || record.fields.size() != layout.width) return false;
  if (!read_year(row, fields, answer, false)) return false;
  const std::size_t id_column = *fields[at(Field::id_fs)];
  const std::string_view id = cell(record, id_column);
  // An unknown structure's id is reported as written: it must be the id.
  if (id.empty() || id.size() > queued.id.size() || id.size() != record.fields[id_column].size()) {
    return false;
  }
  if (!parse_operator(row, *fields[at(Field::operateur)], answer, false)) return false;
  if (!parse_cells(row, fields, answer, false)) return false;
  if (m_queued == 0 || id != m_queue[m_queued - 1].id_text()) ++m_new_structures;
  answer.comment = {};
  std::copy(id.begin(), id.end(), queued.id.begin());
  queued.id_size = static_cast<std::uint8_t>(id.size());
  ++m_queued;
  return true;
}

// Asks for the lines that counting an answer of `structure` in `year` will
// read: its department's index, and its word of pairs seen.
void SurveyReader::fetch_ahead(std::size_t structure, int year) const {
  __builtin_prefetch(&m_structures.department_indices()[structure]);
  if (m_seen_pairs != nullptr && m_seen_year == year) {
    __builtin_prefetch(&m_seen_pairs->seen[structure * m_operators.size() / 64]);
  }
}

void SurveyReader::count_queued(const CsvReader& reader, std::size_t id_column, const Sink& sink,
                                InputSummary& summary) {
  // Emptied first: a sink that throws leaves no row to be counted twice.
  const std::size_t queued = std::exchange(m_queued, 0);
  if (queued == 0) return;
  constexpr std::size_t unknown = SIZE_MAX;
  std::array<std::size_t, k_queue> found;  // each written before it is read
  for (std::size_t k = 0; k < queued; ++k) {
    found[k] = m_structures.find(m_queue[k].id_text()).value_or(unknown);
  }
  for (std::size_t k = 0; k < queued; ++k) {
    if (found[k] != unknown) fetch_ahead(found[k], m_queue[k].answer.year);
  }
  for (std::size_t k = 0; k < queued; ++k) {
    Answer& answer = m_queue[k].answer;
    if (found[k] == unknown) {
      const std::string_view id = m_queue[k].id_text();
      report_cell(m_diagnostics, reader, answer.line, id_column, std::string(id),
                  "unknown-structure", unknown_structure(id));
      continue;
    }
    answer.structure = found[k];
    if (!first_time(reader, answer)) continue;
    ++summary.accepted;
    sink(answer);
  }
}

SurveyReader::Pairs& SurveyReader::pairs_of(int year) {
  Pairs& pairs = m_seen[year];
  if (!pairs.first) {
    const std::size_t count = m_structures.size() * m_operators.size();
    pairs.seen.assign((count + 63) / 64, 0);
    // Not zeroed, as make_unique would, touching every page of it.
    // NOLINTNEXTLINE(modernize-make-unique)
    pairs.first.reset(new FirstSeen[std::max<std::size_t>(count, 1)]);
    pairs.around_cache = count * sizeof(FirstSeen) > k_cache_bytes;
  }
  return pairs;
}

bool SurveyReader::seen_by_both(const SurveyReader& other) const {
  for (const auto& [year, theirs] : other.m_seen) {
    const auto mine = m_seen.find(year);
    if (mine == m_seen.end()) continue;
    for (std::size_t w = 0; w < theirs.seen.size(); ++w) {
      if ((mine->second.seen[w] & theirs.seen[w]) != 0) return true;
    }
  }
  return false;
}

// Pairs seen by `other` only, and the lines it read, as if this reader had
// read its rows: its lines, numbered from the start of a part, moved on by
// `line_offset`.
void SurveyReader::take_seen(const SurveyReader& other, std::size_t line_offset) {
  m_lines = std::max(m_lines, other.m_lines + line_offset);
  for (const auto& [year, theirs] : other.m_seen) {
    Pairs& mine = pairs_of(year);
    for (std::size_t w = 0; w < theirs.seen.size(); ++w) {
      std::uint64_t bits = theirs.seen[w];
      mine.seen[w] |= bits;
      for (; bits != 0; bits &= bits - 1) {
        const std::size_t pair = w * 64 + static_cast<std::size_t>(__builtin_ctzll(bits));
        const std::uint64_t line = std::uint64_t{theirs.first[pair]} + line_offset;
        mine.first[pair] =
            theirs.first[pair] == 0 || line > UINT32_MAX ? 0 : static_cast<FirstSeen>(line);
      }
    }
  }
}

bool SurveyReader::first_time(const CsvReader& reader, const Answer& answer) {
  if (m_seen_pairs == nullptr || m_seen_year != answer.year) {
    m_seen_year = answer.year;
    m_seen_pairs = &pairs_of(answer.year);
  }
  const std::size_t pair = answer.structure * m_operators.size() + answer.op;
  std::uint64_t& word = m_seen_pairs->seen[pair / 64];
  const std::uint64_t bit = std::uint64_t{1} << (pair % 64);
  FirstSeen& first = m_seen_pairs->first[pair];
  if ((word & bit) == 0) {
    word |= bit;
    const std::uint64_t line = m_files.back().before + answer.line;
    remember(first, line <= UINT32_MAX ? static_cast<FirstSeen>(line) : 0,
             m_seen_pairs->around_cache);
    return true;
  }
  const std::string where = place(first, reader);
  m_diagnostics.add(
      {Severity::error, "duplicate-answer", reader.name(), answer.line, "", "",
       fmt::format("duplicate answer for structure {} / {}{}, first at {}: this "
                   "answer is left out",
                   m_structures.id(answer.structure), m_operators.all()[answer.op].label,
                   answer.year == 0 ? "" : fmt::format(" in {}", answer.year), where),
       ""});
  return false;
}

// `line N` in the file being read (`reader`'s, which may be a part of it
// numbering its lines from its start), `file:N` in another.
std::string SurveyReader::place(FirstSeen first, const CsvReader& reader) const {
  if (first == 0) return "an earlier line";
  // The last file whose lines start before it.
  const auto file =
      std::upper_bound(m_files.begin(), m_files.end(), std::uint64_t{first},
                       [](std::uint64_t line, const File& f) { return line <= f.before; }) -
      1;
  const std::uint64_t line = first - file->before;
  if (file + 1 == m_files.end()) return fmt::format("line {}", line + reader.lines_before());
  return fmt::format("{}:{}", file->name, line);
}

bool SurveyReader::parse_cells(const Row& row, const FieldColumns& fields, Answer& answer,
                               bool report_invalid) {
  bool valid = true;
  const auto report = [&](const char* kind, Field field, const auto& message) {
    valid = false;
    if (!report_invalid) return;
    report_cell(m_diagnostics, row.reader, row.record, *fields[at(field)], kind,
                message() + ": the cell counts as no answer");
  };
  const auto yes_no = [&](Field field) -> std::optional<bool> {
    const std::string_view text = cell(row.record, fields[at(field)]);
    if (text.empty()) return std::nullopt;
    const std::optional<bool> value = parse_yes_no(text);
    if (!value) {
      report("invalid-yes-no", field,
             [&] { return fmt::format("'{}' is not yes or no", quote(text)); });
    }
    return value;
  };
  // A number cell: blank is no answer; otherwise it must parse and lie in
  // [low, high]. Written into `value`, an optional only once valid.
  const auto number = [&](Field field, double low, double high, bool whole, const char* range,
                          auto& value) {
    value.reset();
    const std::string_view text = cell(row.record, fields[at(field)]);
    if (text.empty()) return;
    double parsed = 0;
    if (!parse_decimal(text, parsed)) {
      report("invalid-number", field,
             [&] { return fmt::format("'{}' is not a number", quote(text)); });
      return;
    }
    if (parsed < low || parsed > high ||
        (whole && parsed != static_cast<double>(static_cast<long long>(parsed)))) {
      report("out-of-range", field,
             [&] { return fmt::format("{} is not {}", quote(text), range); });
      return;
    }
    using Value = typename std::decay_t<decltype(value)>::value_type;
    value = static_cast<Value>(parsed);
  };
  answer.referent = yes_no(Field::referent_identifie);
  answer.channel = yes_no(Field::canal_dedie);
  number(Field::delai_reponse_jours, 0, 3650, false, "a delay from 0 to 3650 days",
         answer.delay_days);
  number(Field::satisfaction, 1, 5, true, "a whole score from 1 to 5", answer.satisfaction);
  number(Field::nb_sollicitations, 0, 1e9, true, "a whole count of 0 or more", answer.requests);
  const auto comment = fields[at(Field::commentaire)];
  answer.comment = comment ? unguarded(row.record.fields[*comment]) : std::string_view();
  return valid;
}

}  // namespace fsbo
