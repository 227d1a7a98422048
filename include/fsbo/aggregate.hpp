// The aggregate stage: counts responding structures and tallies answers per
// year, department and operator, then rolls them up to regions and France.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fsbo/structures.hpp"
#include "fsbo/survey.hpp"

namespace fsbo {

/// How many times each value was given, iterated in value order: exact
/// medians and sums, whatever the order of the answers. The usual delays,
/// whole, quarter, tenths or hundredths of days under 64 days, are counted in
/// flat arrays; other values in a hash table holding value and count side by
/// side. The arrays of whole and quarter days, the most used, are small, so
/// that the thousand areas' tables, which answers reach at random, mostly
/// stay in cache; the table stays small too. Sorted when read.
class ValueCounts {
public:
  using Entry = std::pair<double, std::size_t>;

  void add(double value, std::size_t count = 1);
  void merge(const ValueCounts& other);
  std::vector<Entry>::const_iterator begin() const { return sorted().begin(); }
  std::vector<Entry>::const_iterator end() const { return sorted().end(); }
  bool operator==(const std::vector<Entry>& entries) const { return sorted() == entries; }

private:
  const std::vector<Entry>& sorted() const;
  void grow();

  void add_to_table(double value, std::size_t count);
  // The grids: values that are a whole number of steps of 1/per_day day
  // under `days` days, counted by that number. A value goes to the first
  // grid that holds it exactly: a quarter day to the first, a tenth that is
  // no quarter to the second. Each is empty until one is counted, in 16 bits
  // to stay small: a count that would pass 2^16 goes to the table, which may
  // then hold a grid value too. A grid `on_demand`, of hundredths (12.8 KB),
  // is made only once the table, about to grow, holds k_spread values, most
  // of them on the grid: a few hundredths among quarter days stay in a small
  // table. Without it, 3 million delays in hundredths of days took 0.92 s
  // and 156 MB (tables of 64 KB an area).
  struct Grid {
    std::size_t per_day;
    std::size_t days;
    bool on_demand;
  };
  static constexpr std::array<Grid, 3> k_grids = {
      {{4, 64, false}, {10, 64, false}, {100, 64, true}}};
  static constexpr std::size_t k_spread = 256;
  void spread(std::size_t g);
  using Count = std::uint16_t;
  static constexpr std::size_t k_most = UINT16_MAX;
  static constexpr std::size_t k_off_grid = SIZE_MAX;
  // Where `value` goes in grid `g`, or k_off_grid.
  static std::size_t grid_index(std::size_t g, double value);
  static double grid_value(std::size_t g, std::size_t index) {
    return static_cast<double>(index) / static_cast<double>(k_grids[g].per_day);
  }
  std::array<std::vector<Count>, k_grids.size()> m_grids;
  std::vector<Entry> m_slots;  // open addressing; a count of 0 marks a free slot
  std::size_t m_size = 0;
  // The entries in order, made on first read after a change.
  mutable std::vector<Entry> m_sorted;
  mutable bool m_fresh = true;
};

/// Everything the indicators need about one operator's answers in one area.
/// Values are kept as exact counts, so figures do not depend on row order.
struct Tally {
  std::size_t referent_yes = 0;
  std::size_t referent_n = 0;
  std::size_t channel_yes = 0;
  std::size_t channel_n = 0;
  ValueCounts delays;                         // delay in days → answers
  std::array<std::size_t, 5> satisfaction{};  // answers per score 1…5
  long long requests_sum = 0;
  std::size_t requests_n = 0;

  void add(const Answer& answer);
  void merge(const Tally& other);
};

enum class Level { national, region, department };

/// `national`, `region`, `departement`: the `niveau` column.
const char* level_name(Level level);

/// The figures of one area (France, a region or a department) in one year.
struct Area {
  int year = 0;
  Level level = Level::national;
  std::string_view code;   // FR, region code or department code (the geography table's)
  std::string_view label;  // France, region or department name
  std::size_t registered = 0;
  std::size_t responded = 0;
  std::vector<Tally> operators;  // by operator index
};

class Aggregate {
public:
  Aggregate(const StructureRegistry& structures, std::size_t operator_count);
  // A copy's last year would point into the original's years.
  Aggregate(const Aggregate&) = delete;
  Aggregate& operator=(const Aggregate&) = delete;
  Aggregate(Aggregate&&) = default;
  Aggregate& operator=(Aggregate&&) = delete;
  ~Aggregate() = default;

  /// A new aggregate of the same structures and operators, without answers
  /// (for a part of the answers counted apart, then merged): the
  /// structures' departments are not looked up again.
  Aggregate empty_like() const;
  void add(const Answer& answer);
  /// Forgets every answer given, as if none had been.
  void clear();
  /// Adds the answers `other` was given, as if given here: `other` counts
  /// the same structures and operators.
  void merge(const Aggregate& other);
  /// Years with at least one accepted answer, in order.
  std::vector<int> years() const;
  /// The figures of France (`code` ignored), a region or a department.
  Area area(int year, Level level, std::string_view code) const;
  /// Indices of the structures of `departments` (all when empty) with no
  /// accepted answer in `year`, in registry order.
  std::vector<std::size_t> missing(int year, const std::vector<std::string>& departments) const;
  /// Department codes that have at least one registered structure, in order.
  std::vector<std::string> departments() const;

private:
  Aggregate(const StructureRegistry& structures, std::size_t operator_count,
            std::vector<std::size_t> registered);
  struct Year {
    std::vector<char> responded;                       // by structure
    std::vector<std::size_t> responded_by_department;  // by department index
    std::vector<std::vector<Tally>> by_department;     // [department][operator]
  };
  Year& year(int year);

  const StructureRegistry& m_structures;
  std::size_t m_operator_count;
  const std::vector<std::uint8_t>& m_department_of;  // the registry's
  std::vector<std::size_t> m_registered;             // department index → structures
  std::map<int, Year> m_years;
  // The year of the last answer: found once per year met, not per answer.
  Year* m_last_year = nullptr;
  int m_last_year_value = 0;
};

}  // namespace fsbo
