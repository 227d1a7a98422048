// The structure registry: the official list of France Services, loaded from
// the ANCT's CSV and indexed by `id_fs`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"

namespace fsbo {

/// A France Services structure. Its text is the registry's: 250,000 of them
/// take a few megabytes, not a string allocation per field.
struct Structure {
  std::string_view id;          // id_fs
  std::string_view department;  // insee_dep, canonical (`01`, `2A`, `971`)
  std::string_view name;        // lib_fs
  std::string_view commune;     // lib_com
  std::string_view type;        // type_fs: Principal, Antenne
  std::string_view format;      // format_fs: Fixe, Itinérante…
};

/// What a registry keeps of each structure besides its id and department:
/// a listing of structures shows their name, commune, type and format;
/// figures do not need them, and a large registry then takes a fraction of
/// the memory (and of the time) to load.
enum class Detail { ids, all };

class StructureRegistry {
public:
  explicit StructureRegistry(Detail detail = Detail::all) : m_detail(detail) {}
  StructureRegistry(StructureRegistry&&) = default;
  StructureRegistry& operator=(StructureRegistry&&) = default;
  // A copy would view the text of the registry it was copied from.
  StructureRegistry(const StructureRegistry&) = delete;
  StructureRegistry& operator=(const StructureRegistry&) = delete;
  ~StructureRegistry() = default;

  /// Adds a structure, copying its text (its department is kept as the
  /// geography table's code; its name, commune, type and format only with
  /// Detail::all); false when its id is already there. Throws
  /// std::invalid_argument for a department not in the table.
  bool add(const Structure& structure, std::size_t line);
  /// Adds the structures of `other` (made with the same Detail, left empty),
  /// read after these, their lines moved by `line_offset`, if none of their
  /// ids is here already: false, and nothing changed, otherwise.
  bool absorb(StructureRegistry&& other, std::size_t line_offset);
  /// Index of the structure `id` (surrounding spaces ignored).
  std::optional<std::size_t> find(std::string_view id) const;
  /// The structure at `index`; with Detail::ids, its name, commune, type and
  /// format are empty.
  Structure at(std::size_t index) const;
  std::string_view id(std::size_t index) const { return m_ids[index]; }
  std::string_view department(std::size_t index) const;
  /// Line of the registry where the structure at `index` was read.
  std::size_t line_of(std::size_t index) const { return m_lines[index]; }
  std::size_t size() const { return m_ids.size(); }
  Detail detail() const { return m_detail; }
  /// Each structure's department as its index in departments(), in 8 bits:
  /// figures are tallied by department, and every answer reads this.
  const std::vector<std::uint8_t>& department_indices() const { return m_department_indices; }

private:
  std::string_view keep(std::string_view text);

  // Kept apart rather than as Structures: a large registry read for its
  // figures holds an id, a line and a department byte per structure, a
  // third of the memory.
  struct Details {
    std::string_view name, commune, type, format;
  };
  Detail m_detail;
  std::vector<std::string_view> m_ids;
  std::vector<Details> m_details;  // with Detail::all
  // The structures' text, in blocks that never move.
  std::vector<std::unique_ptr<char[]>> m_blocks;
  char* m_free = nullptr;
  std::size_t m_free_size = 0;
  std::vector<std::size_t> m_lines;
  std::vector<std::uint8_t> m_department_indices;
  // The last department looked up (the geography table's code) and its
  // index: a registry lists its structures department by department.
  std::string_view m_last_department;
  std::uint8_t m_last_index = 0;
  // Official ids are small whole numbers: those are found by position, 1 +
  // index (0 for none).
  std::vector<std::uint32_t> m_by_number;
  // Other ids, in an open-addressing table rather than a map of nodes: no
  // allocation per structure, and one cache line per look-up. A slot holds
  // 1 + index (0 when free) and the high half of the id's hash, so that ids
  // are compared only when that matches.
  struct Slot {
    std::uint32_t index = 0;
    std::uint32_t tag = 0;
  };
  std::size_t slot_of(std::string_view id, std::uint64_t hash) const;
  // The slot of `id` for adding it, the table grown first if it would pass
  // half full: free, or holding `id` already.
  Slot& slot_to_fill(std::string_view id, std::uint64_t hash);
  void grow();
  std::vector<Slot> m_by_text;
  std::size_t m_text_count = 0;
};

/// Reads the registry from `reader`. A row with no id, a duplicate id or an
/// unknown department is reported and left out. A file of `split_at_least`
/// bytes or more is read in two parts at once (CsvReader::split), with the
/// same structures and diagnostics.
StructureRegistry load_structures(CsvReader& reader, Diagnostics& diagnostics,
                                  Detail detail = Detail::all,
                                  std::uint64_t split_at_least = k_split_bytes);

}  // namespace fsbo
