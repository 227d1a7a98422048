#include "fsbo/aggregate.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <stdexcept>

#include "fsbo/geography.hpp"

namespace fsbo {

namespace {

std::size_t department_index(std::string_view code) {
  const Department* department = find_department(code);
  // load_structures admits only known departments; a registry built otherwise is a bug.
  if (department == nullptr) throw std::invalid_argument("unknown department " + std::string(code));
  return static_cast<std::size_t>(department - fsbo::departments().data());
}

bool in_area(const Department& department, Level level, std::string_view code) {
  switch (level) {
    case Level::national: return true;
    case Level::region: return department.region == code;
    case Level::department: return department.code == code;
  }
  return false;
}

std::string area_label(Level level, std::string_view code) {
  switch (level) {
    case Level::national: return "France";
    case Level::region: return std::string(find_region(code)->name);
    case Level::department: return std::string(find_department(code)->name);
  }
  return {};
}

}  // namespace

void ValueCounts::add(double value, std::size_t count) {
  if (value == 0) value = 0;  // -0 is 0, in one entry
  if (2 * (m_entries.size() + 1) > m_slots.size())
    rehash(std::max<std::size_t>(64, 4 * m_entries.size()));
  std::uint64_t bits = 0;
  std::memcpy(&bits, &value, sizeof bits);
  const std::size_t mask = m_slots.size() - 1;
  for (std::size_t slot = (bits * 0x9E3779B97F4A7C15ULL) >> 40 & mask;; slot = (slot + 1) & mask) {
    if (m_slots[slot] == 0) {
      m_entries.emplace_back(value, count);
      m_slots[slot] = static_cast<std::uint32_t>(m_entries.size());
      m_sorted =
          m_sorted && (m_entries.size() == 1 || m_entries[m_entries.size() - 2].first < value);
      return;
    }
    Entry& entry = m_entries[m_slots[slot] - 1];
    if (entry.first == value) {
      entry.second += count;
      return;
    }
  }
}

// Places every entry in a table of `slots` (a power of two, or made one).
void ValueCounts::rehash(std::size_t slots) {
  std::size_t size = 1;
  while (size < slots) size *= 2;
  m_slots.assign(size, 0);
  std::vector<Entry> entries;
  entries.swap(m_entries);
  m_sorted = true;
  for (const Entry& entry : entries) add(entry.first, entry.second);
}

// Areas are rolled up from departments a whole table at a time: a linear
// merge of the two sorted lists beats one look-up per value.
void ValueCounts::merge(const ValueCounts& other) {
  const std::vector<Entry>& mine = sorted();
  const std::vector<Entry>& theirs = other.sorted();
  std::vector<Entry> merged;
  merged.reserve(mine.size() + theirs.size());
  auto a = mine.begin();
  auto b = theirs.begin();
  while (a != mine.end() || b != theirs.end()) {
    if (b == theirs.end() || (a != mine.end() && a->first < b->first)) {
      merged.push_back(*a++);
    } else if (a == mine.end() || b->first < a->first) {
      merged.push_back(*b++);
    } else {
      merged.emplace_back(a->first, a->second + b->second);
      ++a;
      ++b;
    }
  }
  m_entries = std::move(merged);
  m_slots.clear();  // rebuilt on the next add
}

const std::vector<ValueCounts::Entry>& ValueCounts::sorted() const {
  if (!m_sorted) {
    std::sort(m_entries.begin(), m_entries.end());
    m_sorted = true;
    m_slots.clear();  // the table points at the old order: rebuilt on the next add
  }
  return m_entries;
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
    : m_structures(structures), m_operator_count(operator_count) {
  m_department_of.reserve(structures.size());
  m_registered.assign(fsbo::departments().size(), 0);
  for (const Structure& structure : structures.all()) {
    m_department_of.push_back(department_index(structure.department));
    ++m_registered[m_department_of.back()];
  }
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
  Year& data = year(answer.year);
  const std::size_t department = m_department_of[answer.structure];
  if (data.responded[answer.structure] == 0) {
    data.responded[answer.structure] = 1;
    ++data.responded_by_department[department];
  }
  data.by_department[department][answer.op].add(answer);
}

std::vector<int> Aggregate::years() const {
  std::vector<int> years;
  for (const auto& entry : m_years) years.push_back(entry.first);
  return years;
}

Area Aggregate::area(int year, Level level, std::string_view code) const {
  Area result{year,
              level,
              level == Level::national ? "FR" : std::string(code),
              area_label(level, code),
              0,
              0,
              std::vector<Tally>(m_operator_count)};
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
    if (!responded && in_scope(departments, m_structures.all()[s].department)) {
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
