#pragma once
// The local catalog file: one JSON document holding Glue-shaped databases and
// tables, so the Glue flow (crawler writes, connector reads) works on a laptop.
//
//   {"format": "larkbase-glue-catalog", "version": 1,
//    "DatabaseList": [{<DatabaseInput>, "TableList": [<TableInput>, ...]}, ...]}
//
// Every write rewrites the whole file atomically (a temporary file renamed over
// it), so a reader never sees a half-written table. A writer holds an exclusive
// lock on FILE.lock for its lifetime, so two crawls cannot interleave. A reader
// re-reads the file on every listing.
#include <map>
#include <string>

#include "catalog/catalog_store.hpp"

namespace larkbase::catalog {

class FileCatalogStore final : public CatalogStore {
 public:
  // `for_writing`: a missing file starts empty (created on the first write);
  // otherwise a missing file is a UserError naming the remedy.
  FileCatalogStore(std::string path, bool for_writing);
  ~FileCatalogStore() override;
  FileCatalogStore(const FileCatalogStore&) = delete;
  FileCatalogStore& operator=(const FileCatalogStore&) = delete;

  std::string describe() const override { return "local catalog file " + path_; }

  std::vector<StoredDatabase> list_databases() override;
  std::vector<StoredTable> list_tables(const std::string& database) override;
  std::optional<StoredTable> get_table(const std::string& database,
                                       const std::string& name) override;

  void create_database(const StoredDatabase& database) override;
  void update_database(const StoredDatabase& database) override;
  void delete_database(const std::string& name) override;
  void create_table(const StoredTable& table) override;
  void update_table(const StoredTable& table) override;
  std::map<std::string, std::string> delete_tables(const std::string& database,
                                                   const std::vector<std::string>& names) override;

  StoreCallCounts call_counts() const override { return counts_; }

 private:
  struct Entry {
    StoredDatabase database;
    std::map<std::string, StoredTable> tables;
  };

  void load();
  void save() const;
  Entry& entry(const std::string& database);

  std::string path_;
  bool for_writing_;
  int lock_fd_ = -1;
  std::map<std::string, Entry> databases_;
  StoreCallCounts counts_;
};

}  // namespace larkbase::catalog
