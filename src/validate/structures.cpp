#include "fsbo/structures.hpp"

#include <stdexcept>

#include <fmt/format.h>

#include "fsbo/columns.hpp"
#include "fsbo/geography.hpp"
#include "fsbo/text.hpp"

namespace fsbo {

namespace {

// The columns fsbo uses of the official 24: the rest is not read.
enum Column : std::size_t { id_fs, insee_dep, lib_fs, lib_com, type_fs, format_fs };

const std::vector<ColumnSpec> k_columns = {
    {{"id_fs"}, true},    {{"insee_dep"}, true}, {{"lib_fs"}, false},
    {{"lib_com"}, false}, {{"type_fs"}, false},  {{"format_fs"}, false},
};

}  // namespace

namespace {

// `id` as a whole number written plainly (no sign, no leading zero), or
// nullopt; seven digits at most, so that the table by number stays under ten
// million entries.
std::optional<std::size_t> plain_number(std::string_view id) {
  if (id.empty() || id.size() > 7 || (id[0] == '0' && id.size() > 1)) return std::nullopt;
  std::size_t value = 0;
  for (const char c : id) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

std::uint32_t tag_of(std::uint64_t hash) {
  return static_cast<std::uint32_t>(hash >> 32);
}

}  // namespace

// The slot holding `id`, or the free slot where it would go.
std::size_t StructureRegistry::slot_of(std::string_view id, std::uint64_t hash) const {
  const std::size_t mask = m_by_text.size() - 1;
  for (std::size_t slot = static_cast<std::size_t>(hash) & mask;; slot = (slot + 1) & mask) {
    const Slot& at = m_by_text[slot];
    if (at.index == 0 || (at.tag == tag_of(hash) && m_ids[at.index - 1] == id)) return slot;
  }
}

// Doubles the table (at least 1,024 slots), keeping it at most half full so
// that a free slot ends every probe.
void StructureRegistry::grow() {
  std::vector<Slot> old = std::move(m_by_text);
  m_by_text.assign(std::max<std::size_t>(2 * old.size(), 1024), Slot{});
  for (const Slot& slot : old) {
    if (slot.index != 0) {
      m_by_text[slot_of(m_ids[slot.index - 1], hash_text(m_ids[slot.index - 1]))] = slot;
    }
  }
}

StructureRegistry::Slot& StructureRegistry::slot_to_fill(std::string_view id, std::uint64_t hash) {
  if (2 * (m_text_count + 1) > m_by_text.size()) grow();
  return m_by_text[slot_of(id, hash)];
}

std::string_view StructureRegistry::keep(std::string_view text) {
  constexpr std::size_t k_block = std::size_t{1} << 16;
  if (text.size() > m_free_size) {
    const std::size_t size = std::max(k_block, text.size());
    m_blocks.emplace_back(new char[size]);
    m_free = m_blocks.back().get();
    m_free_size = size;
  }
  std::copy(text.begin(), text.end(), m_free);
  const std::string_view kept(m_free, text.size());
  m_free += text.size();
  m_free_size -= text.size();
  return kept;
}

bool StructureRegistry::add(const Structure& structure, std::size_t line) {
  if (m_last_department.empty() || structure.department != m_last_department) {
    const Department* department = find_department(structure.department);
    if (department == nullptr) {
      throw std::invalid_argument("unknown department " + std::string(structure.department));
    }
    const auto index = static_cast<std::size_t>(department - departments().data());
    if (index > UINT8_MAX) throw std::length_error("too many departments");
    m_last_department = department->code;
    m_last_index = static_cast<std::uint8_t>(index);
  }
  const std::optional<std::size_t> number = plain_number(structure.id);
  if (number) {
    if (m_by_number.size() <= *number) m_by_number.resize(*number + 1, 0);
    if (m_by_number[*number] != 0) return false;
    m_by_number[*number] = static_cast<std::uint32_t>(m_ids.size() + 1);
  } else {
    const std::uint64_t hash = hash_text(structure.id);
    Slot& slot = slot_to_fill(structure.id, hash);
    if (slot.index != 0) return false;
    slot = {static_cast<std::uint32_t>(m_ids.size() + 1), tag_of(hash)};
    ++m_text_count;
  }
  const std::string_view id = keep(structure.id);
  m_ids.push_back(id);
  if (m_detail == Detail::all) {
    m_details.push_back({keep(structure.name), keep(structure.commune), keep(structure.type),
                         keep(structure.format)});
  }
  m_lines.push_back(line);
  m_department_indices.push_back(m_last_index);
  return true;
}

std::optional<std::size_t> StructureRegistry::find(std::string_view id) const {
  id = trim(id);
  if (const auto number = plain_number(id)) {
    if (*number >= m_by_number.size() || m_by_number[*number] == 0) return std::nullopt;
    return m_by_number[*number] - 1;
  }
  if (m_text_count == 0) return std::nullopt;
  const Slot& slot = m_by_text[slot_of(id, hash_text(id))];
  if (slot.index == 0) return std::nullopt;
  return slot.index - 1;
}

Structure StructureRegistry::at(std::size_t index) const {
  Structure structure{m_ids[index], department(index), {}, {}, {}, {}};
  if (m_detail == Detail::all) {
    const Details& details = m_details[index];
    structure.name = details.name;
    structure.commune = details.commune;
    structure.type = details.type;
    structure.format = details.format;
  }
  return structure;
}

std::string_view StructureRegistry::department(std::size_t index) const {
  return departments()[m_department_indices[index]].code;
}

namespace {

// Reads the rows of `reader` into `registry`, `record` left with the last.
void read_rows(CsvReader& reader, const Columns& columns, Record& record,
               StructureRegistry& registry, Diagnostics& diagnostics) {
  const auto report = [&](const char* kind, Column column, std::string message) {
    columns.report(diagnostics, reader, record, column, kind, std::move(message));
  };
  while (reader.next(record)) {
    if (!columns.check_width(reader, record, diagnostics)) continue;
    Structure structure;
    structure.id = trim(columns.cell(record, id_fs));
    if (structure.id.empty()) {
      report("missing-id", id_fs, "the structure has no id_fs: the row is left out");
      continue;
    }
    if (is_formula_start(structure.id)) {
      // Ids are written to CSV output as they are, to be read back.
      report("invalid-name", id_fs,
             "a spreadsheet would take this id for a formula: the row is left out");
      continue;
    }
    const std::optional<std::string> department =
        canonical_department(columns.cell(record, insee_dep));
    if (!department) {
      report("unknown-department", insee_dep,
             fmt::format("'{}' is not a French department code: structure {} is left out",
                         quote(columns.cell(record, insee_dep)), quote(structure.id)));
      continue;
    }
    // Canonical: the registry keeps the geography table's own code.
    structure.department = *department;
    if (registry.detail() == Detail::all) {
      structure.name = trim(columns.cell(record, lib_fs));
      structure.commune = trim(columns.cell(record, lib_com));
      structure.type = trim(columns.cell(record, type_fs));
      structure.format = trim(columns.cell(record, format_fs));
    }
    if (!registry.add(structure, record.line)) {
      // A part split off numbers its lines from its start: the text names
      // the file's line.
      report("duplicate-structure", id_fs,
             fmt::format("structure {} is already listed at line {}: this row is left out",
                         structure.id,
                         registry.line_of(*registry.find(structure.id)) + reader.lines_before()));
    }
  }
}

// Reads the rows in two parts at once when the file can be split; false when
// the rest is to be read as usual: not split, or the parts did not join and
// what the second part gave was dropped.
bool read_in_parts(CsvReader& reader, const Columns& columns, Record& record,
                   StructureRegistry& registry, Diagnostics& diagnostics, std::uint64_t at_least) {
  Diagnostics found(diagnostics.cap());
  StructureRegistry part(registry.detail());
  Record last;
  return reader.read_in_parts(
      at_least, found,
      [&](CsvReader& part_reader, std::size_t index) {
        if (index == 0) {
          read_rows(part_reader, columns, record, registry, diagnostics);
        } else {
          read_rows(part_reader, columns, last, part, found);
        }
      },
      // The second part numbers its lines from its start: its structures
      // and what it reported are moved on by the lines before it.
      [&](const CsvReader& second) {
        const std::size_t offset = reader.split_line() - 1;
        if (second.misjudged() || !registry.absorb(std::move(part), offset)) return false;
        diagnostics.merge(found, offset);
        return true;
      });
}

}  // namespace

bool StructureRegistry::absorb(StructureRegistry&& other, std::size_t line_offset) {
  // Checked whole first, so that a clash leaves this registry as it was.
  for (std::size_t number = 0; number < other.m_by_number.size(); ++number) {
    if (other.m_by_number[number] != 0 && number < m_by_number.size() && m_by_number[number] != 0) {
      return false;
    }
  }
  for (const Slot& slot : other.m_by_text) {
    if (slot.index != 0 && find(other.m_ids[slot.index - 1])) return false;
  }
  const std::size_t offset = m_ids.size();
  m_ids.insert(m_ids.end(), other.m_ids.begin(), other.m_ids.end());
  m_details.insert(m_details.end(), other.m_details.begin(), other.m_details.end());
  for (const std::size_t line : other.m_lines) m_lines.push_back(line + line_offset);
  m_department_indices.insert(m_department_indices.end(), other.m_department_indices.begin(),
                              other.m_department_indices.end());
  // The ids view these blocks, which do not move with their pointers.
  for (auto& block : other.m_blocks) m_blocks.push_back(std::move(block));
  if (m_by_number.size() < other.m_by_number.size()) m_by_number.resize(other.m_by_number.size());
  for (std::size_t number = 0; number < other.m_by_number.size(); ++number) {
    if (other.m_by_number[number] != 0) {
      m_by_number[number] = other.m_by_number[number] + static_cast<std::uint32_t>(offset);
    }
  }
  for (const Slot& slot : other.m_by_text) {
    if (slot.index == 0) continue;
    const std::string_view id = m_ids[offset + slot.index - 1];
    slot_to_fill(id, hash_text(id)) = {slot.index + static_cast<std::uint32_t>(offset), slot.tag};
    ++m_text_count;
  }
  other = StructureRegistry(other.m_detail);
  return true;
}

StructureRegistry load_structures(CsvReader& reader, Diagnostics& diagnostics, Detail detail,
                                  std::uint64_t split_at_least) {
  StructureRegistry registry(detail);
  Record record;
  if (!reader.next(record)) return registry;
  const Columns columns(reader, record, k_columns, false, diagnostics);
  if (!columns.complete()) return registry;
  if (!read_in_parts(reader, columns, record, registry, diagnostics, split_at_least)) {
    read_rows(reader, columns, record, registry, diagnostics);
  }
  if (registry.size() == 0) {
    diagnostics.add({Severity::error, "empty-registry", reader.name(), record.line, "", "",
                     "the registry lists no structure: nothing can be computed", ""});
  }
  return registry;
}

}  // namespace fsbo
