// The structure registry: the official list of France Services, loaded from
// the ANCT's CSV and indexed by `id_fs`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "fsbo/csv.hpp"
#include "fsbo/diagnostic.hpp"

namespace fsbo {

struct Structure {
  std::string id;          // id_fs
  std::string department;  // insee_dep, canonical (`01`, `2A`, `971`)
  std::string name;        // lib_fs
  std::string commune;     // lib_com
  std::string type;        // type_fs: Principal, Antenne
  std::string format;      // format_fs: Fixe, Itinérante…
};

class StructureRegistry {
public:
  /// Adds a structure; false when its id is already there.
  bool add(Structure structure, std::size_t line);
  /// Index of the structure `id` (surrounding spaces ignored).
  std::optional<std::size_t> find(std::string_view id) const;
  /// Line of the registry where the structure at `index` was read.
  std::size_t line_of(std::size_t index) const { return m_lines[index]; }
  const std::vector<Structure>& all() const { return m_structures; }
  std::size_t size() const { return m_structures.size(); }

private:
  std::vector<Structure> m_structures;
  std::vector<std::size_t> m_lines;
  // Official ids are small whole numbers: those are found by position, 1 +
  // index (0 for none); other ids go through the map.
  std::vector<std::uint32_t> m_by_number;
  std::unordered_map<std::string, std::size_t> m_by_id;
};

/// Reads the registry from `reader`. A row with no id, a duplicate id or an
/// unknown department is reported and left out.
StructureRegistry load_structures(CsvReader& reader, Diagnostics& diagnostics);

}  // namespace fsbo
