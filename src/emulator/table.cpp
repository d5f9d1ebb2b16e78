#include "emulator/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>

#include "emulator/api_error.hpp"
#include "emulator/json_fragment.hpp"

namespace larkbase::emulator {
namespace {

constexpr std::array<const char*, 4> kAutomaticKeys = {"created_by", "created_time",
                                                       "last_modified_by", "last_modified_time"};
constexpr std::array<std::string_view, 4> kAutomaticJsonKeys = {
    "\"created_by\":", "\"created_time\":", "\"last_modified_by\":", "\"last_modified_time\":"};
// Cell slots at or above this index hold automatic keys (fields are at most 300).
constexpr uint16_t kAutomaticBase = 0x7000;
constexpr uint16_t kPooled = 0x8000;
constexpr uint16_t kSlotMask = 0x7FFF;
// Values shorter than this stay inline (a pool entry costs more than it saves).
constexpr size_t kPoolMinBytes = 24;
// After this many values a slot keeps pooling only if at most half were new.
constexpr uint32_t kPoolProbe = 2048;

bool is_empty_cell(const common::Json& value) {
  return value.is_null() || (value.is_string() && value.get_ref<const std::string&>().empty()) ||
         (value.is_array() && value.empty());
}

}  // namespace

Table::Table(std::string table_id, std::string name, common::Json fields)
    : id_(std::move(table_id)), name_(std::move(name)), fields_(std::move(fields)) {
  if (!fields_.is_array()) fields_ = common::Json::array();
  for (const auto& field : fields_) {
    auto field_name = field.value("field_name", std::string());
    field_by_name_.emplace(field_name, uint16_t(field_names_.size()));
    field_keys_.push_back(common::Json(field_name).dump() + ":");
    field_names_.push_back(std::move(field_name));
  }
  pool_stats_.resize(field_names_.size() + kAutomaticKeys.size());
}

std::optional<uint16_t> Table::field_index(std::string_view field_name) const {
  auto found = field_by_name_.find(std::string(field_name));
  if (found == field_by_name_.end()) return std::nullopt;
  return found->second;
}

void Table::replace_field(uint16_t index, common::Json field) {
  auto lock = write_lock();
  common::Json& old = fields_.at(index);
  bool retyped = old.value("type", 0) != field.value("type", 0) ||
                 old.value("ui_type", std::string()) != field.value("ui_type", std::string());
  auto new_name = field.value("field_name", std::string());
  field_by_name_.erase(field_names_[index]);
  field_by_name_.emplace(new_name, index);
  field_keys_[index] = common::Json(new_name).dump() + ":";
  field_names_[index] = std::move(new_name);
  old = std::move(field);
  if (!retyped) return;
  for (auto& record : records_) {
    std::erase_if(record.cells,
                  [index](const CellSlice& cell) { return (cell.field & kSlotMask) == index; });
  }
}

void Table::append(const common::Json& record) {
  auto lock = write_lock();
  append_locked(record);
}

void Table::add_cell(StoredRecord& stored, uint16_t slot, const std::string& value) {
  size_t stats_index =
      slot >= kAutomaticBase ? field_names_.size() + (slot - kAutomaticBase) : slot;
  PoolStats& stats = pool_stats_[stats_index];
  if (stats.enabled && value.size() >= kPoolMinBytes) {
    ++stats.seen;
    auto found = pool_index_.find(value);
    if (found == pool_index_.end()) {
      ++stats.added;
      pool_.push_back(value);
      found = pool_index_.emplace(pool_.back(), uint32_t(pool_.size() - 1)).first;
    }
    stored.cells.push_back(CellSlice{found->second, 0, uint16_t(slot | kPooled)});
    if (stats.seen >= kPoolProbe && stats.added * 2 > stats.seen) stats.enabled = false;
    return;
  }
  auto begin = uint32_t(stored.body.size());
  stored.body += value;
  stored.cells.push_back(CellSlice{begin, uint32_t(stored.body.size()), slot});
}

StoredRecord Table::stored_from(const common::Json& record, const std::string& record_id) {
  const common::Json empty = common::Json::object();
  const auto& cells = record.contains("fields") ? record.at("fields") : empty;
  for (const auto& [key, value] : cells.items()) {
    if (!field_by_name_.contains(key)) {
      throw ApiError(200, codes::kFieldNameNotFound,
                     fmt::format("FieldNameNotFound: table {} has no field '{}'", id_, key));
    }
  }
  StoredRecord stored;
  stored.body = common::Json(record_id).dump();
  stored.id_end = uint32_t(stored.body.size());
  // Field order, not the record's key order, so every record reads the same.
  for (uint16_t i = 0; i < field_names_.size(); ++i) {
    auto found = cells.find(field_names_[i]);
    if (found == cells.end() || is_empty_cell(*found)) continue;
    add_cell(stored, i, found->dump());
  }
  for (uint16_t k = 0; k < kAutomaticKeys.size(); ++k) {
    auto found = record.find(kAutomaticKeys[k]);
    if (found == record.end() || found->is_null()) continue;
    add_cell(stored, uint16_t(kAutomaticBase + k), found->dump());
  }
  stored.body.shrink_to_fit();
  stored.cells.shrink_to_fit();
  return stored;
}

void Table::append_locked(const common::Json& record) {
  std::string record_id = record.at("record_id").get<std::string>();
  if (by_id_.contains(record_id)) {
    throw ApiError(200, codes::kFail,
                   fmt::format("record id {} appears twice in table {}", record_id, id_));
  }
  StoredRecord stored = stored_from(record, record_id);
  by_id_.emplace(std::move(record_id), uint32_t(records_.size()));
  records_.push_back(std::move(stored));
}

void Table::replace_locked(uint32_t index, const common::Json& record) {
  StoredRecord& old = records_.at(index);
  std::string record_id = record.at("record_id").get<std::string>();
  if (std::string_view(old.body).substr(0, old.id_end) != common::Json(record_id).dump()) {
    throw ApiError(
        200, codes::kFail,
        fmt::format("record {} cannot replace another record of table {}", record_id, id_));
  }
  old = stored_from(record, record_id);
}

void Table::erase_locked(uint32_t index) {
  StoredRecord& record = records_.at(index);
  if (record.deleted) return;
  by_id_.erase(common::Json::parse(std::string_view(record.body).substr(0, record.id_end))
                   .get<std::string>());
  record = StoredRecord{};
  record.deleted = true;
  ++deleted_count_;
}

std::string_view Table::value_of(const StoredRecord& record, const CellSlice& cell) const {
  if (cell.field & kPooled) return pool_[cell.begin];
  return std::string_view(record.body).substr(cell.begin, cell.end - cell.begin);
}

std::optional<uint32_t> Table::find_locked(std::string_view record_id) const {
  auto found = by_id_.find(std::string(record_id));
  if (found == by_id_.end()) return std::nullopt;
  return found->second;
}

bool Table::contains_id_locked(std::string_view record_id) const {
  return by_id_.contains(std::string(record_id));
}

void Table::write_item_locked(uint32_t index, const std::vector<bool>* projection, bool automatic,
                              std::string& out) const {
  const StoredRecord& record = records_[index];
  out += "{\"record_id\":";
  out += std::string_view(record.body).substr(0, record.id_end);
  out += ",\"fields\":{";
  bool first = true;
  bool closed = false;
  for (const CellSlice& cell : record.cells) {
    uint16_t slot = cell.field & kSlotMask;
    if (slot >= kAutomaticBase) {
      if (!closed) out += '}';
      closed = true;
      if (!automatic) break;
      out += ',';
      out += kAutomaticJsonKeys[slot - kAutomaticBase];
      out += value_of(record, cell);
      continue;
    }
    if (projection != nullptr && !(*projection)[slot]) continue;
    if (!first) out += ',';
    first = false;
    out += field_keys_[slot];
    out += value_of(record, cell);
  }
  if (!closed) out += '}';
  out += '}';
}

common::Json Table::record_locked(uint32_t index, const std::vector<uint16_t>& fields,
                                  bool automatic) const {
  const StoredRecord& record = records_[index];
  common::Json out = common::Json::object();
  common::Json& cells = out["fields"] = common::Json::object();
  for (const CellSlice& cell : record.cells) {
    uint16_t slot = cell.field & kSlotMask;
    if (slot >= kAutomaticBase) {
      if (!automatic) break;
      out[kAutomaticKeys[slot - kAutomaticBase]] = parse_fragment(value_of(record, cell));
      continue;
    }
    if (std::find(fields.begin(), fields.end(), slot) == fields.end()) continue;
    cells[field_names_[slot]] = parse_fragment(value_of(record, cell));
  }
  return out;
}

}  // namespace larkbase::emulator
