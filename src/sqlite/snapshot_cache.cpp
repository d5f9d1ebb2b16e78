#include "sqlite/snapshot_cache.hpp"

#include <algorithm>

namespace larkbase::sqlite {
namespace {

std::string key_of(const connector::Split& split) {
  std::string key = split.app_token() + "/" + split.table_id();
  for (const auto& name : split.normalised_columns()) key += "\n" + name;
  return key;
}

}  // namespace

std::unique_ptr<connector::BatchReader> SnapshotCache::reader_for(const connector::Split& split,
                                                                  connector::Connector& connector,
                                                                  connector::ReadStats& spent) {
  if (!enabled_ || !connector::TableSnapshot::could_serve(split)) return nullptr;
  Entry& entry = entries_[key_of(split)];
  entry.scans += 1;
  if (!entry.snapshot && entry.scans >= entry.next_attempt) {
    entry.snapshot =
        connector::TableSnapshot::load(connector, split, std::min(entry.scans, kMaxPages), spent);
    if (!entry.snapshot) entry.next_attempt = entry.scans * 4;
  }
  if (!entry.snapshot || !entry.snapshot->serves(split)) return nullptr;
  return entry.snapshot->read(split);
}

}  // namespace larkbase::sqlite
