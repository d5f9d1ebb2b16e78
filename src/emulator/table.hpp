#pragma once
// One Bitable table: its fields and its records, kept compact. Each record is
// one string holding its quoted id and the serialised values of its non-empty
// cells, plus a 12-byte slice per cell (value range, field index). Values that
// repeat across records (person objects, options, links to a few records...)
// are stored once per table in a pool and the slice points there instead; a
// field whose values turn out mostly distinct stops being pooled. A page is
// then string concatenation (no JSON writer per request), a projection copies
// only the chosen cells, and filters/sorts parse only the cells they read.
//
// Thread safety: readers hold read_lock() while they touch records; append()
// takes the write lock. Records are appended, replaced in place (updates) or
// left as tombstones (deletes), never moved, so indexes stay valid.
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/json.hpp"

namespace larkbase::emulator {

struct CellSlice {
  uint32_t begin;  // value bytes in StoredRecord::body, or the pool index
  uint32_t end;
  uint16_t field;  // field index, or an automatic key; kPooled flag
};

struct StoredRecord {
  std::string body;  // body[0, id_end): the record id as a JSON string; then inline values
  uint32_t id_end = 0;
  std::vector<CellSlice> cells;  // table fields in field order, then automatic keys
  bool deleted = false;          // a tombstone: body and cells are empty
};

class Table {
 public:
  Table(std::string table_id, std::string name, common::Json fields);

  const std::string& id() const { return id_; }
  const std::string& name() const { return name_; }
  // Schema changes (the Bitable table/field update routes). The caller holds
  // the store's schema lock exclusively, so no request reads the table meanwhile.
  void set_name(std::string name) { name_ = std::move(name); }
  // Replaces field `index` with `field` (same field_id). A changed `type` or
  // `ui_type` empties that field's cells: the emulator does not convert values.
  void replace_field(uint16_t index, common::Json field);
  // The field objects as list-fields returns them, in table order.
  const common::Json& fields() const { return fields_; }
  std::optional<uint16_t> field_index(std::string_view field_name) const;
  const std::string& field_name(uint16_t index) const { return field_names_[index]; }

  // Adds `record` ({record_id, fields, created_by?, ...}). Throws ApiError
  // 1254045 when a cell names no field of this table; null, "" and [] cells are
  // empty and not stored.
  void append(const common::Json& record);

  std::shared_lock<std::shared_mutex> read_lock() const { return std::shared_lock(mutex_); }
  std::unique_lock<std::shared_mutex> write_lock() { return std::unique_lock(mutex_); }

  // The following require read_lock() (or the write lock) to be held.
  size_t size_locked() const { return records_.size(); }
  std::optional<uint32_t> find_locked(std::string_view record_id) const;
  bool contains_id_locked(std::string_view record_id) const;
  // Appends the search item of record `index` to `out`. `projection` (one flag
  // per field) limits the cells written; nullptr writes all.
  void write_item_locked(uint32_t index, const std::vector<bool>* projection, bool automatic,
                         std::string& out) const;
  // Record `index` as {"fields": {<the cells of `fields` (indexes)>}}, plus
  // created_by/created_time/last_modified_by/last_modified_time if `automatic`.
  common::Json record_locked(uint32_t index, const std::vector<uint16_t>& fields,
                             bool automatic) const;
  // As append(), for a caller that already holds the write lock.
  void append_locked(const common::Json& record);
  // Replaces record `index` by `record` (its record_id must stay the same);
  // the write lock must be held. Indexes stay valid: a record keeps its place.
  void replace_locked(uint32_t index, const common::Json& record);
  // Deletes record `index` (the write lock must be held): its id is no longer
  // found and readers skip it; the slot stays as a tombstone.
  void erase_locked(uint32_t index);
  bool is_deleted_locked(uint32_t index) const { return records_[index].deleted; }
  // Tombstones among size_locked() records.
  size_t deleted_count_locked() const { return deleted_count_; }
  // Distinct pooled values (for tests and the log).
  size_t pooled_values_locked() const { return pool_.size(); }

 private:
  struct PoolStats {
    uint32_t seen = 0;
    uint32_t added = 0;
    bool enabled = true;
  };
  void add_cell(StoredRecord& stored, uint16_t slot, const std::string& value);
  StoredRecord stored_from(const common::Json& record, const std::string& record_id);
  std::string_view value_of(const StoredRecord& record, const CellSlice& cell) const;

  std::string id_;
  std::string name_;
  common::Json fields_;
  std::vector<std::string> field_names_;
  std::vector<std::string> field_keys_;  // `"name":` ready to copy
  std::unordered_map<std::string, uint16_t> field_by_name_;
  mutable std::shared_mutex mutex_;
  std::vector<StoredRecord> records_;
  std::unordered_map<std::string, uint32_t> by_id_;
  size_t deleted_count_ = 0;
  std::deque<std::string> pool_;  // deque: growing it keeps the index's views valid
  std::unordered_map<std::string_view, uint32_t> pool_index_;
  std::vector<PoolStats> pool_stats_;  // per slot (fields, then automatic keys)
};

}  // namespace larkbase::emulator
