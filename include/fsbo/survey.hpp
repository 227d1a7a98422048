// Survey exports, long or wide: checks each row against the registries and
// turns the valid answers into Answers, reporting every problem at its line.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"
#include "fsbo/layout.hpp"
#include "fsbo/operators.hpp"
#include "fsbo/structures.hpp"

namespace fsbo {

/// One structure's answers about one operator's back-office.
struct Answer {
  int year = 0;               // 0 when neither the file nor --year gives it
  std::size_t structure = 0;  // index in the StructureRegistry
  std::size_t op = 0;         // index in the OperatorRegistry
  std::optional<bool> referent;
  std::optional<bool> channel;
  std::optional<double> delay_days;
  std::optional<int> satisfaction;  // 1 to 5
  std::optional<long long> requests;
  // Kept out of the figures, carried by `convert`. It views the record being
  // read: valid while the sink that is given the answer runs, as copying it
  // for every answer cost the figures a twentieth of their time.
  std::string_view comment;
  std::size_t line = 0;  // physical line of its row in the export
};

/// Whether an answer holds anything a wide export can show: a value or a comment.
bool has_value(const Answer& answer);

/// How to read survey exports.
struct SurveyOptions {
  std::optional<int> year;         // --year, for rows without one
  const ColumnMap* map = nullptr;  // --map
  std::optional<Layout> layout;    // --layout; detected when not set
  // Whether answers carry their comment, for a sink that keeps it. Without,
  // an answer's comment may be left empty and the answer reach the sink up
  // to 16 rows after its own was read: the structures of a batch of rows are
  // looked up together (SurveyReader::Queued).
  bool comments = true;
};

/// What one survey file held, for `validate` and the JSON output.
struct InputSummary {
  std::string file;
  std::string role;  // registre, operateurs, reference, enquete
  Dialect dialect;
  bool read = false;             // false when the file could not be read at all
  bool usable = false;           // it could give records: readable, with the required columns
  std::size_t rows = 0;          // data records, header excluded
  std::size_t accepted = 0;      // answers accepted (a wide row holds several)
  std::optional<Layout> layout;  // survey exports: the layout read
};

/// Reads survey exports one after the other; duplicates are detected across
/// all the files given to one SurveyReader.
class SurveyReader {
public:
  using Sink = std::function<void(const Answer&)>;

  /// Reading a large export in two parts at once, one per core: the answers
  /// of the second part go to a sink made for it in its thread, and are
  /// merged into the first sink's once the parts are known to join. When
  /// they do not (the split fell inside a quoted cell, or a structure ×
  /// operator pair is answered on both sides), the second sink is never
  /// merged and the first part is read on alone: the figures and the
  /// diagnostics are those of one reading, whatever happens. The second
  /// part's answers carry lines counted from its start: `merge` is given
  /// the lines of the file before it.
  struct Split {
    std::function<Sink()> second;
    std::function<void(std::size_t line_offset)> merge;
    std::uint64_t at_least = k_split_bytes;
  };

  SurveyReader(const StructureRegistry& structures, const OperatorRegistry& operators,
               SurveyOptions options, Diagnostics& diagnostics);

  /// Reads every record of `reader`, passing each accepted answer to `sink`,
  /// in two parts at once when `split` allows it.
  InputSummary read(CsvReader& reader, const Sink& sink, const Split* split = nullptr);

private:
  // Where a pair was first seen: its line, numbered on through the files
  // read before (File::before), in four bytes, so that the table of a large
  // registry stays small; 0 past 2^32 lines.
  using FirstSeen = std::uint32_t;
  struct File {
    std::string name;
    std::uint64_t before;  // lines of the files read before it
  };
  // The structure × operator pairs of one year: a bit each says whether it
  // was seen, in a table small enough to stay in cache; where it was first
  // seen is only written, and read back for a duplicate. Left unset until
  // written, so that its memory is touched only where answers fall.
  struct Pairs {
    std::vector<std::uint64_t> seen;
    std::unique_ptr<FirstSeen[]> first;
    bool around_cache = false;  // `first` is written around the cache
  };
  // The record being read, to report about its cells.
  struct Row {
    const CsvReader& reader;
    const Record& record;
  };
  void read_rows(CsvReader& reader, const Sink& sink, const Split* split, InputSummary& summary);
  bool read_in_parts(CsvReader& reader, const SurveyLayout& layout, const Sink& sink,
                     const Split& split, InputSummary& summary);
  void read_records(CsvReader& reader, const SurveyLayout& layout, const Sink& sink,
                    InputSummary& summary);
  Pairs& pairs_of(int year);
  bool seen_by_both(const SurveyReader& other) const;
  void take_seen(const SurveyReader& other, std::size_t line_offset);
  void read_long(const Row& row, const SurveyLayout& layout, Answer& answer, const Sink& sink,
                 InputSummary& summary);
  void read_wide(const Row& row, const SurveyLayout& layout, Answer& answer, const Sink& sink,
                 InputSummary& summary);
  bool parse_keys(const Row& row, const FieldColumns& fields, Answer& answer);
  bool read_year(const Row& row, const FieldColumns& fields, Answer& answer, bool report);
  bool parse_operator(const Row& row, std::size_t column, Answer& answer, bool report);
  std::optional<std::size_t> resolve_operator(std::string_view spelling);
  std::size_t spelling_slot(std::string_view spelling, std::uint64_t hash) const;
  bool queue(const Row& row, const SurveyLayout& layout);
  void fetch_ahead(std::size_t structure, int year) const;
  void count_queued(const CsvReader& reader, std::size_t id_column, const Sink& sink,
                    InputSummary& summary);
  bool first_time(const CsvReader& reader, const Answer& answer);
  std::string place(FirstSeen first, const CsvReader& reader) const;
  // Reads the answer cells into `answer`, an invalid one counting as no
  // answer; false when one was invalid, which is reported if `report_invalid`.
  bool parse_cells(const Row& row, const FieldColumns& fields, Answer& answer, bool report_invalid);

  const StructureRegistry& m_structures;
  const OperatorRegistry& m_operators;
  SurveyOptions m_options;
  Diagnostics& m_diagnostics;
  std::vector<File> m_files;
  std::size_t m_lines = 0;  // lines of the last file, as far as read
  // Per year, the first row of each structure × operator pair: flat in the
  // number of rows read.
  std::map<int, Pairs> m_seen;
  // The operator spellings met, each resolved once, in an open-addressing
  // table (one look-up per row); bounded so that hostile input cannot grow it
  // without end.
  struct Spelling {
    std::string text;
    std::size_t op = 0;
    bool used = false;
  };
  std::vector<Spelling> m_spellings = std::vector<Spelling>(512);
  std::size_t m_spelling_count = 0;
  // The last year and id read, and what they gave: a structure's rows come
  // together, and a file holds one year, so most rows repeat them.
  template <typename Value>
  struct Last {
    std::string text;
    Value value{};
  };
  Last<int> m_last_year;
  Last<std::size_t> m_last_id;
  // The year of the last row and its pairs seen, found once per year met.
  int m_seen_year = 0;
  Pairs* m_seen_pairs = nullptr;
  // Rows read whole but for their structure. When rows come in no order,
  // finding a structure, then its pairs seen and its department, are three
  // cache misses one after the other, which kept each row waiting: the
  // structures of a batch of rows are looked up together, their misses
  // overlapping, then the rows are counted in their order (while rows are
  // found to come in no order: m_scattered). Only a row with nothing to
  // report but its structure or a duplicate is queued; any other is read
  // once the rows before it are counted, as is what reading reports
  // (m_reading), so that diagnostics stay in file order.
  struct Queued {
    Answer answer;  // all but its structure; no comment
    std::array<char, 23> id{};
    std::uint8_t id_size = 0;
    std::string_view id_text() const { return {id.data(), id_size}; }
  };
  static constexpr std::size_t k_queue = 16;
  std::array<Queued, k_queue> m_queue;
  std::size_t m_queued = 0;
  Diagnostics m_reading;
  std::size_t m_new_structures = 0;  // rows naming another structure than the row before
  bool m_scattered = false;
};

}  // namespace fsbo
