#include "fsbo/aggregate.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <utility>

#include "fsbo/geography.hpp"

namespace fsbo {

namespace {

bool in_area(const Department& department, Level level, std::string_view code) {
  switch (level) {
    case Level::national: return true;
    case Level::region: return department.region == code;
    case Level::department: return department.code == code;
  }
  return false;
}

// The code and name of an area, from the geography table, which outlives
// every report.
std::pair<std::string_view, std::string_view> area_names(Level level, std::string_view code) {
  switch (level) {
    case Level::national: return {"FR", "France"};
    case Level::region: {
      const Region* region = find_region(code);
      return {region->code, region->name};
    }
    case Level::department: {
      const Department* department = find_department(code);
      return {department->code, department->name};
    }
  }
  return {};
}

}  // namespace

std::size_t ValueCounts::grid_index(std::size_t g, double value) {
  const auto per_day = static_cast<double>(k_grids[g].per_day);
  const double scaled = value * per_day;
  if (!(scaled >= 0 && scaled < static_cast<double>(k_grids[g].days) * per_day)) {
    return k_off_grid;
  }
  // A value is on the grid only if it is exactly a whole number of steps
  // (the double that a decimal text of so many hundredths parses to), so
  // that reading the grid back gives it again. Its product may fall just
  // below that number.
  const auto below = static_cast<std::size_t>(scaled);
  if (grid_value(g, below) == value) return below;
  return grid_value(g, below + 1) == value ? below + 1 : k_off_grid;
}

void ValueCounts::add(double value, std::size_t count) {
  if (value == 0) value = 0;  // -0 is 0, in one entry
  m_fresh = false;
  for (std::size_t g = 0; g < k_grids.size(); ++g) {
    std::vector<Count>& grid = m_grids[g];
    if (k_grids[g].on_demand && grid.empty()) continue;
    const std::size_t index = grid_index(g, value);
    if (index == k_off_grid) continue;
    if (grid.empty()) grid.assign(k_grids[g].days * k_grids[g].per_day, 0);
    Count& cell = grid[index];
    if (count <= k_most - cell) {
      cell = static_cast<Count>(cell + count);
      return;
    }
    count += std::exchange(cell, 0);
    break;
  }
  add_to_table(value, count);
}

// Makes grid `g`, and moves there the table's values it holds.
void ValueCounts::spread(std::size_t g) {
  m_grids[g].assign(k_grids[g].days * k_grids[g].per_day, 0);
  std::vector<Entry> slots;
  slots.swap(m_slots);
  m_size = 0;
  for (const Entry& entry : slots) {
    if (entry.second == 0) continue;
    const std::size_t index = grid_index(g, entry.first);
    if (index != k_off_grid && entry.second <= k_most) {
      m_grids[g][index] = static_cast<Count>(entry.second);
    } else {
      add_to_table(entry.first, entry.second);
    }
  }
}

void ValueCounts::add_to_table(double value, std::size_t count) {
  if (4 * (m_size + 1) > 3 * m_slots.size()) grow();
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  const std::size_t mask = m_slots.size() - 1;
  std::size_t slot = (bits * 0x9E3779B97F4A7C15ULL) >> 40 & mask;
  while (m_slots[slot].second != 0 && m_slots[slot].first != value) slot = (slot + 1) & mask;
  if (m_slots[slot].second == 0) {
    m_slots[slot].first = value;
    ++m_size;
  }
  m_slots[slot].second += count;
}

void ValueCounts::grow() {
  // A table of k_spread values or more, most of them on a grid made on
  // demand, spreads them there rather than grow.
  bool spread_some = false;
  for (std::size_t g = 0; g < k_grids.size() && m_size >= k_spread; ++g) {
    if (!k_grids[g].on_demand || !m_grids[g].empty()) continue;
    const auto on_grid = [&](const Entry& e) {
      return e.second != 0 && grid_index(g, e.first) != k_off_grid;
    };
    if (2 * static_cast<std::size_t>(std::count_if(m_slots.begin(), m_slots.end(), on_grid)) >=
        m_size) {
      spread(g);
      spread_some = true;
    }
  }
  if (spread_some && 4 * (m_size + 1) <= 3 * m_slots.size()) return;
  std::vector<Entry> slots(std::max<std::size_t>(16, 2 * m_slots.size()), Entry{0.0, 0});
  slots.swap(m_slots);
  m_size = 0;
  for (const Entry& entry : slots) {
    if (entry.second != 0) add_to_table(entry.first, entry.second);
  }
}

void ValueCounts::merge(const ValueCounts& other) {
  if (&other == this) {
    // The loops below would read what they write: they read a copy.
    merge(ValueCounts(other));
    return;
  }
  const auto empty = [](const std::vector<Count>& grid) { return grid.empty(); };
  if (m_size == 0 && std::all_of(m_grids.begin(), m_grids.end(), empty)) {
    *this = other;  // an area of one department, or the first of several
    return;
  }
  for (std::size_t g = 0; g < k_grids.size(); ++g) {
    const std::vector<Count>& theirs = other.m_grids[g];
    if (theirs.empty()) continue;
    std::vector<Count>& mine = m_grids[g];
    if (mine.empty()) mine.assign(theirs.size(), 0);
    m_fresh = false;
    for (std::size_t index = 0; index < theirs.size(); ++index) {
      const std::uint64_t sum = std::uint64_t{mine[index]} + theirs[index];
      if (sum <= k_most) {
        mine[index] = static_cast<Count>(sum);
      } else {
        mine[index] = 0;
        add_to_table(grid_value(g, index), sum);
      }
    }
  }
  while (4 * (m_size + other.m_size) > 3 * m_slots.size()) grow();
  for (const Entry& entry : other.m_slots) {
    if (entry.second != 0) add(entry.first, entry.second);
  }
}

const std::vector<ValueCounts::Entry>& ValueCounts::sorted() const {
  if (!m_fresh) {
    m_sorted.clear();
    for (const Entry& entry : m_slots) {
      if (entry.second != 0) m_sorted.push_back(entry);
    }
    std::sort(m_sorted.begin(), m_sorted.end());
    // Each grid's values, in order already, go among the others', a value
    // in a grid and the table (past 2^16 answers) once.
    for (std::size_t g = 0; g < k_grids.size(); ++g) {
      const auto before = static_cast<std::ptrdiff_t>(m_sorted.size());
      const std::vector<Count>& grid = m_grids[g];
      for (std::size_t index = 0; index < grid.size(); ++index) {
        if (grid[index] != 0) m_sorted.emplace_back(grid_value(g, index), grid[index]);
      }
      std::inplace_merge(m_sorted.begin(), m_sorted.begin() + before, m_sorted.end());
    }
    std::size_t kept = 0;
    for (const Entry& entry : m_sorted) {
      if (kept > 0 && m_sorted[kept - 1].first == entry.first) {
        m_sorted[kept - 1].second += entry.second;
      } else {
        m_sorted[kept++] = entry;
      }
    }
    m_sorted.resize(kept);
    m_fresh = true;
  }
  return m_sorted;
}

void Tally::add(const Answer& answer) {
  if (answer.referent) {
    ++referent_n;
    referent_yes += *answer.referent ? 1 : 0;
  }
  if (answer.channel) {
    ++channel_n;
    channel_yes += *answer.channel ? 1 : 0;
  }
  if (answer.delay_days) delays.add(*answer.delay_days);
  if (answer.satisfaction) ++satisfaction[static_cast<std::size_t>(*answer.satisfaction - 1)];
  if (answer.requests) {
    ++requests_n;
    requests_sum += *answer.requests;
  }
}

void Tally::merge(const Tally& other) {
  referent_yes += other.referent_yes;
  referent_n += other.referent_n;
  channel_yes += other.channel_yes;
  channel_n += other.channel_n;
  delays.merge(other.delays);
  for (std::size_t score = 0; score < satisfaction.size(); ++score) {
    satisfaction[score] += other.satisfaction[score];
  }
  requests_sum += other.requests_sum;
  requests_n += other.requests_n;
}

const char* level_name(Level level) {
  switch (level) {
    case Level::national: return "national";
    case Level::region: return "region";
    case Level::department: return "departement";
  }
  return "";
}

Aggregate::Aggregate(const StructureRegistry& structures, std::size_t operator_count)
    : m_structures(structures),
      m_operator_count(operator_count),
      m_department_of(structures.department_indices()) {
  m_registered.assign(fsbo::departments().size(), 0);
  for (const std::uint8_t department : m_department_of) ++m_registered[department];
}

Aggregate::Aggregate(const StructureRegistry& structures, std::size_t operator_count,
                     std::vector<std::size_t> registered)
    : m_structures(structures),
      m_operator_count(operator_count),
      m_department_of(structures.department_indices()),
      m_registered(std::move(registered)) {}

Aggregate Aggregate::empty_like() const {
  return {m_structures, m_operator_count, m_registered};
}

Aggregate::Year& Aggregate::year(int year) {
  const auto [it, inserted] = m_years.try_emplace(year);
  if (inserted) {
    it->second.responded.assign(m_structures.size(), 0);
    it->second.responded_by_department.assign(fsbo::departments().size(), 0);
    it->second.by_department.assign(fsbo::departments().size(),
                                    std::vector<Tally>(m_operator_count));
  }
  return it->second;
}

void Aggregate::add(const Answer& answer) {
  if (m_last_year == nullptr || m_last_year_value != answer.year) {
    m_last_year = &year(answer.year);
    m_last_year_value = answer.year;
  }
  Year& data = *m_last_year;
  const std::size_t department = m_department_of[answer.structure];
  if (data.responded[answer.structure] == 0) {
    data.responded[answer.structure] = 1;
    ++data.responded_by_department[department];
  }
  data.by_department[department][answer.op].add(answer);
}

void Aggregate::clear() {
  m_years.clear();
  m_last_year = nullptr;
}

void Aggregate::merge(const Aggregate& other) {
  for (const auto& [value, theirs] : other.m_years) {
    Year& mine = year(value);
    for (std::size_t s = 0; s < theirs.responded.size(); ++s) {
      if (theirs.responded[s] != 0 && mine.responded[s] == 0) {
        mine.responded[s] = 1;
        ++mine.responded_by_department[m_department_of[s]];
      }
    }
    for (std::size_t d = 0; d < mine.by_department.size(); ++d) {
      for (std::size_t op = 0; op < m_operator_count; ++op) {
        mine.by_department[d][op].merge(theirs.by_department[d][op]);
      }
    }
  }
}

std::vector<int> Aggregate::years() const {
  std::vector<int> years;
  for (const auto& entry : m_years) years.push_back(entry.first);
  return years;
}

Area Aggregate::area(int year, Level level, std::string_view code) const {
  const auto [canonical, label] = area_names(level, code);
  Area result{year, level, canonical, label, 0, 0, std::vector<Tally>(m_operator_count)};
  const auto found = m_years.find(year);
  const Year* data = found == m_years.end() ? nullptr : &found->second;
  const std::vector<Department>& all = fsbo::departments();
  for (std::size_t d = 0; d < all.size(); ++d) {
    if (m_registered[d] == 0 || !in_area(all[d], level, code)) continue;
    result.registered += m_registered[d];
    if (data == nullptr) continue;
    result.responded += data->responded_by_department[d];
    for (std::size_t op = 0; op < m_operator_count; ++op) {
      result.operators[op].merge(data->by_department[d][op]);
    }
  }
  return result;
}

std::vector<std::size_t> Aggregate::missing(int year,
                                            const std::vector<std::string>& departments) const {
  const auto found = m_years.find(year);
  std::vector<std::size_t> result;
  for (std::size_t s = 0; s < m_structures.size(); ++s) {
    const bool responded = found != m_years.end() && found->second.responded[s] != 0;
    if (!responded && in_scope(departments, m_structures.department(s))) {
      result.push_back(s);
    }
  }
  return result;
}

std::vector<std::string> Aggregate::departments() const {
  std::vector<std::string> codes;
  for (std::size_t d = 0; d < m_registered.size(); ++d) {
    if (m_registered[d] != 0) codes.emplace_back(fsbo::departments()[d].code);
  }
  return codes;
}

}  // namespace fsbo
