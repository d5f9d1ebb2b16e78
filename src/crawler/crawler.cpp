#include "crawler/crawler.hpp"

#include <fmt/format.h>

#include <map>
#include <memory>
#include <set>

#include "catalog/control_table_provider.hpp"
#include "catalog/drive_folder_provider.hpp"
#include "catalog/field_list_memo.hpp"
#include "catalog/glue_objects.hpp"
#include "catalog/name_rules.hpp"
#include "common/deadline.hpp"
#include "common/error.hpp"
#include "crawler/table_input.hpp"
#include "types/lookup_resolver.hpp"

namespace larkbase::crawler {
namespace {

// Lookup resolution degrades a target it cannot read to Lookup<NULL>, which is
// right for a query and for a target that is gone. But a target unreadable only
// because Lark kept failing (retries exhausted) must not shape what a crawl
// registers: the table would be written with a degraded column and "updated"
// back on the next crawl. This provider remembers such a failure so the crawl
// reports the table failed and writes nothing for it.
class TransientFailureWatch final : public types::FieldListProvider {
 public:
  explicit TransientFailureWatch(types::FieldListProvider& inner) : inner_(inner) {}

  const std::vector<types::LarkField>& fields(const std::string& app_token,
                                              const std::string& table_id) override {
    try {
      return inner_.fields(app_token, table_id);
    } catch (const common::Error& error) {
      if (error.retryable() && failure_.empty()) {
        failure_ = fmt::format("the fields of lookup target table {} could not be read: {}",
                               table_id, error.what());
      }
      throw;
    }
  }
  const std::string& failure() const { return failure_; }

 private:
  types::FieldListProvider& inner_;
  std::string failure_;
};

using catalog::StoredDatabase;
using catalog::StoredTable;

std::unique_ptr<catalog::SchemaProvider> source_provider(const CrawlRequest& request,
                                                         catalog::MetadataSource& lark) {
  if (request.kind == SourceKind::kLarkBase) {
    return std::make_unique<catalog::ControlTableProvider>(
        catalog::ControlTableSource{request.control_base, request.control_table}, lark);
  }
  return std::make_unique<catalog::DriveFolderProvider>(request.folder_token, lark);
}

// One crawl's state: the request, the store's databases, the summary being built.
class CrawlRun {
 public:
  CrawlRun(const CrawlRequest& request, catalog::MetadataSource& lark, catalog::CatalogStore& store,
           const ProgressFn& say)
      : request_(request), lark_(lark), store_(store), say_(say) {}

  CrawlSummary run() {
    summary_.source = request_.describe();
    summary_.catalog = store_.describe();
    summary_.dry_run = request_.dry_run;
    summary_.prune = request_.prune;
    auto listing = source_provider(request_, lark_)->list();
    summary_.warnings = listing.warnings;
    for (auto& database : store_.list_databases()) existing_[database.name] = database;
    std::set<std::string> wanted;
    for (size_t i = 0; i < listing.schemas.size(); ++i) {
      const auto& entry = listing.schemas[i];
      wanted.insert(entry.name);
      progress(fmt::format("database {}/{}: {} (base {})", i + 1, listing.schemas.size(),
                           entry.name, entry.app_token));
      summary_.databases.push_back(crawl_database(entry));
    }
    for (const auto& [name, database] : existing_) {
      if (wanted.count(name) == 0 && owns_database(request_, database)) {
        summary_.databases.push_back(stale_database(database));
      }
    }
    return std::move(summary_);
  }

 private:
  void progress(const std::string& line) const {
    if (say_) say_(line);
  }

  bool writing() const { return !request_.dry_run; }

  DatabaseReport crawl_database(const catalog::SchemaEntry& entry) {
    DatabaseReport report;
    report.database = {entry.name, entry.app_token, Status::kSkipped, {}, {}};
    auto found = existing_.find(entry.name);
    bool exists = found != existing_.end();
    if (exists && !owns_database(request_, found->second)) {
      report.database.status = Status::kFailed;
      report.database.reason = fmt::format(
          "a database named {} already exists and was not created by this crawl source "
          "(LocationUri '{}'); it is left untouched. Rename the schema in the source or remove "
          "that database",
          entry.name, found->second.location_uri);
      return report;
    }
    StoredDatabase wanted = database_input(request_, entry.name, entry.app_token);
    try {
      if (!exists) {
        if (writing()) store_.create_database(wanted);
        report.database.status = Status::kCreated;
      } else if (found->second.location_uri != wanted.location_uri) {
        if (writing()) store_.update_database(wanted);
        report.database.status = Status::kUpdated;
        report.database.changes.push_back(fmt::format(
            "LocationUri: '{}' → '{}'", found->second.location_uri, wanted.location_uri));
      }
    } catch (const common::DeadlineError&) {
      throw;  // past the deadline every call fails: the crawl stops
    } catch (const common::Error& error) {
      report.database.status = Status::kFailed;
      report.database.reason = error.what();
      return report;
    }
    crawl_tables(entry, exists, report);
    return report;
  }

  void crawl_tables(const catalog::SchemaEntry& entry, bool exists, DatabaseReport& report) {
    std::vector<catalog::NamingInput> inputs;
    std::map<std::string, StoredTable> stored;
    try {
      for (const auto& table : lark_.list_tables(entry.app_token)) {
        if (entry.admits(table.table_id)) inputs.push_back({table.name, table.table_id});
      }
      if (exists) {
        for (auto& table : store_.list_tables(entry.name)) stored[table.name] = std::move(table);
      }
    } catch (const common::DeadlineError&) {
      throw;  // past the deadline every call fails: the crawl stops
    } catch (const common::Error& error) {
      // Nothing is pruned here: without the listing, nothing is known to be stale.
      report.database.status = Status::kFailed;
      report.database.reason = fmt::format("its tables cannot be listed: {}", error.what());
      return;
    }
    auto naming = catalog::assign_names(inputs, "table", "schema " + entry.name);
    summary_.warnings.insert(summary_.warnings.end(), naming.warnings.begin(),
                             naming.warnings.end());
    catalog::FieldListMemo fields(lark_, true);  // one field-list call per table
    std::set<std::string> wanted_names(naming.names.begin(), naming.names.end());
    auto renamed = renamed_tables(stored, wanted_names);
    std::set<std::string> renamed_away;
    for (size_t i = 0; i < inputs.size(); ++i) {
      progress(
          fmt::format("  table {}/{}: {}.{}", i + 1, inputs.size(), entry.name, naming.names[i]));
      auto it = stored.find(naming.names[i]);
      const StoredTable* current = it == stored.end() ? nullptr : &it->second;
      const StoredTable* old = nullptr;
      if (current == nullptr && renamed.count(inputs[i].id) != 0) {
        old = &stored.at(renamed.at(inputs[i].id));
        renamed_away.insert(old->name);
      }
      report.tables.push_back(crawl_table(entry, naming.names[i], inputs[i], current, old, fields));
    }
    std::vector<std::string> doomed;
    for (const auto& [name, table] : stored) {
      if (wanted_names.count(name) != 0 || renamed_away.count(name) != 0) continue;
      std::string id =
          table.parameters.count("larkTableId") ? table.parameters.at("larkTableId") : "";
      if (!owns_table(request_, table)) {
        report.tables.push_back({name,
                                 id,
                                 Status::kLeftAlone,
                                 {},
                                 "not created by this crawl source (no matching lark-base-flag "
                                 "markers); never changed or deleted"});
      } else if (!request_.prune) {
        report.tables.push_back(
            {name, id, Status::kStale, {}, "Lark no longer lists this table; --prune deletes it"});
      } else {
        report.tables.push_back({name, id, Status::kDeleted, {}, {}});
        doomed.push_back(name);
      }
    }
    delete_tables(entry.name, doomed, report);
  }

  // Our tables whose name Lark no longer wants, by Lark table id: when Lark
  // lists that id under a new name, the table was renamed (not new + stale).
  std::map<std::string, std::string> renamed_tables(
      const std::map<std::string, StoredTable>& stored, const std::set<std::string>& wanted_names) {
    std::map<std::string, std::string> by_id;
    for (const auto& [name, table] : stored) {
      auto id = table.parameters.find(std::string(catalog::kParamTableId));
      if (wanted_names.count(name) == 0 && owns_table(request_, table) &&
          id != table.parameters.end()) {
        by_id.emplace(id->second, name);
      }
    }
    return by_id;
  }

  // `current`: the stored table of this name; `old`: our table of the same
  // Lark table id under its previous name (a rename), when there is no current.
  ItemReport crawl_table(const catalog::SchemaEntry& entry, const std::string& name,
                         const catalog::NamingInput& input, const StoredTable* current,
                         const StoredTable* old, catalog::FieldListMemo& fields) {
    ItemReport item{name, input.id, Status::kSkipped, {}, {}};
    if (current != nullptr && !owns_table(request_, *current)) {
      item.status = Status::kFailed;
      item.reason = fmt::format(
          "a table named {} already exists in database {} and was not created by this crawl "
          "source; it is left untouched. Rename the Lark table or remove that table",
          name, entry.name);
      return item;
    }
    try {
      const auto& lark_fields = fields.fields(entry.app_token, input.id);
      TransientFailureWatch watch(fields);
      types::LookupResolver resolver(watch);
      auto schema = types::build_table_schema(entry.app_token, input.id, lark_fields, resolver);
      if (!watch.failure().empty()) throw common::ExternalError(watch.failure(), true);
      StoredTable wanted =
          table_input(request_, entry.name, name, input.lark_name, schema, lark_fields);
      if (auto problem = comment_limit_problem(wanted); !problem.empty()) {
        item.status = Status::kFailed;
        item.reason = std::move(problem);
      } else if (old != nullptr) {
        rename_table(*old, wanted, item);
      } else if (current == nullptr) {
        if (writing()) store_.create_table(wanted);
        item.status = Status::kCreated;
      } else if (auto changes = table_changes(*current, wanted); !changes.empty()) {
        if (writing()) store_.update_table(wanted);
        item.status = Status::kUpdated;
        item.changes = std::move(changes);
      }
    } catch (const common::DeadlineError&) {
      throw;  // past the deadline every call fails: the crawl stops
    } catch (const common::Error& error) {
      item.status = Status::kFailed;
      item.reason = error.what();
    }
    return item;
  }

  // Glue cannot rename a table: the new one is created, then the old one
  // deleted. If that delete fails, the old table stays (stale, --prune removes it).
  void rename_table(const StoredTable& old, const StoredTable& wanted, ItemReport& item) {
    item.status = Status::kUpdated;
    item.changes.push_back(fmt::format("table renamed: {} → {}", old.name, wanted.name));
    StoredTable renamed = old;
    renamed.name = wanted.name;
    for (auto& change : table_changes(renamed, wanted)) {
      if (change != "table attributes changed") item.changes.push_back(std::move(change));
    }
    if (!writing()) return;
    store_.create_table(wanted);
    auto errors = store_.delete_tables(wanted.database, {old.name});
    if (auto it = errors.find(old.name); it != errors.end()) {
      item.status = Status::kFailed;
      item.reason = fmt::format(
          "renamed: {} was created, but the old table {} could not be deleted ({}); it is "
          "now stale and --prune removes it",
          wanted.name, old.name, it->second);
    }
  }

  void delete_tables(const std::string& database, const std::vector<std::string>& names,
                     DatabaseReport& report) {
    if (names.empty() || !writing()) return;
    std::map<std::string, std::string> errors;
    try {
      errors = store_.delete_tables(database, names);
    } catch (const common::DeadlineError&) {
      throw;  // past the deadline every call fails: the crawl stops
    } catch (const common::Error& error) {
      for (const auto& name : names) errors[name] = error.what();
    }
    for (auto& table : report.tables) {
      auto it = errors.find(table.name);
      if (table.status == Status::kDeleted && it != errors.end()) {
        table.status = Status::kFailed;
        table.reason = "cannot be deleted: " + it->second;
      }
    }
  }

  // A database of this source whose base the source no longer names.
  DatabaseReport stale_database(const StoredDatabase& database) {
    DatabaseReport report;
    auto location = catalog::parse_location(database.location_uri);
    report.database = {database.name, location ? location->base : "", Status::kStale, {}, {}};
    std::vector<StoredTable> tables;
    try {
      tables = store_.list_tables(database.name);
    } catch (const common::DeadlineError&) {
      throw;  // past the deadline every call fails: the crawl stops
    } catch (const common::Error& error) {
      report.database.status = Status::kFailed;
      report.database.reason = fmt::format("its tables cannot be listed: {}", error.what());
      return report;
    }
    std::vector<std::string> doomed;
    bool foreign = false;
    for (const auto& table : tables) {
      std::string id =
          table.parameters.count("larkTableId") ? table.parameters.at("larkTableId") : "";
      if (!owns_table(request_, table)) {
        foreign = true;
        report.tables.push_back({table.name,
                                 id,
                                 Status::kLeftAlone,
                                 {},
                                 "not created by this crawl source; never changed or deleted"});
      } else if (request_.prune) {
        report.tables.push_back({table.name, id, Status::kDeleted, {}, {}});
        doomed.push_back(table.name);
      } else {
        report.tables.push_back({table.name,
                                 id,
                                 Status::kStale,
                                 {},
                                 "its database is no longer named by the source; --prune "
                                 "deletes it"});
      }
    }
    if (!request_.prune) {
      report.database.reason = "the source no longer names this base; --prune deletes it";
      return report;
    }
    delete_tables(database.name, doomed, report);
    bool all_deleted = true;
    for (const auto& table : report.tables) all_deleted &= table.status == Status::kDeleted;
    if (foreign || !all_deleted) {
      report.database.reason = "kept: it still holds tables this crawl did not delete";
      return report;
    }
    try {
      if (writing()) store_.delete_database(database.name);
      report.database.status = Status::kDeleted;
    } catch (const common::DeadlineError&) {
      throw;  // past the deadline every call fails: the crawl stops
    } catch (const common::Error& error) {
      report.database.status = Status::kFailed;
      report.database.reason = fmt::format("cannot be deleted: {}", error.what());
    }
    return report;
  }

  const CrawlRequest& request_;
  catalog::MetadataSource& lark_;
  catalog::CatalogStore& store_;
  const ProgressFn& say_;
  CrawlSummary summary_;
  std::map<std::string, StoredDatabase> existing_;
};

}  // namespace

CrawlSummary Crawler::run(const CrawlRequest& request) {
  request.validate();
  return CrawlRun(request, lark_, store_, progress_).run();
}

}  // namespace larkbase::crawler
