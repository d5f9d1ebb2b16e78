// `larkbase crawl --catalog glue` into the local AWS emulator, read back with
// the official AWS SDK (@aws-sdk/client-glue) and checked against the
// documented shape (docs/crawler.md) and against the Lark fields as the
// official Lark SDK lists them; then `larkbase sql` over the Glue flow (reading
// Glue) answers what the direct control-table flow answers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { GlueClient, GetDatabasesCommand, GetTablesCommand } from '@aws-sdk/client-glue';
import { larkSdkClient } from './lark_sdk_client.mjs';
import { bin, startEmulator, runCli } from './support.mjs';

function startAwsEmulator(args) {
  const child = spawn(bin, ['aws-emulator', '--port', '0', ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    child.once('exit', (code) => reject(new Error(`aws-emulator exited early with ${code}`)));
    lines.once('line', (line) => resolve({ child, handshake: JSON.parse(line) }));
  });
}

// The Glue type of each scalar Lark ui_type (docs/types.md); complex ones are
// checked by their shape below.
const scalarGlueType = {
  Text: 'string', Barcode: 'string', Email: 'string', Phone: 'string', SingleSelect: 'string',
  GroupChat: 'string', AutoNumber: 'string', Formula: 'string',
  Number: 'double', Progress: 'double', Currency: 'double', Rating: 'int',
  DateTime: 'bigint', CreatedTime: 'bigint', ModifiedTime: 'bigint', Checkbox: 'boolean',
  MultiSelect: 'array<string>',
};
const complexPrefix = {
  User: 'array<struct<', CreatedUser: 'struct<', ModifiedUser: 'struct<', Url: 'struct<',
  Attachment: 'array<struct<', SingleLink: 'array<struct<', DuplexLink: 'array<struct<',
  Location: 'struct<', Lookup: 'array<',
};
const commentPattern =
  /^LarkBaseId=([^/]+)\/LarkBaseTableId=([^/]+)\/LarkBaseFieldId=([^/]+)\/LarkBaseFieldName=(.*)\/LarkBaseFieldType=([^/]+)$/;

let larkEmu;
let awsEmu;
let env;
let controlTable;
let crawlSummary;
const glueDatabases = new Map(); // name -> { database, tables }

before(async () => {
  larkEmu = await startEmulator(['--demo', '--rows', '150']);
  awsEmu = await startAwsEmulator([]);
  const { handshake: l } = larkEmu;
  const { handshake: a } = awsEmu;
  controlTable = `${l.control_table.app_token}:${l.control_table.table_id}`;
  env = {
    LARK_API_URL: l.url, LARK_APP_ID: l.app_id, LARK_APP_SECRET: l.app_secret,
    AWS_ENDPOINT_URL: a.url, AWS_REGION: a.region,
    AWS_ACCESS_KEY_ID: 'AKIDNODE', AWS_SECRET_ACCESS_KEY: 'node-secret-key',
  };
  const { stdout } = await runCli(
    ['crawl', '--control-table', controlTable, '--catalog', 'glue', '--format', 'json', '--quiet'], env);
  crawlSummary = JSON.parse(stdout);
  const glue = new GlueClient({
    region: a.region, endpoint: a.url,
    credentials: { accessKeyId: 'AKIDNODE', secretAccessKey: 'node-secret-key' },
  });
  const { DatabaseList } = await glue.send(new GetDatabasesCommand({}));
  for (const database of DatabaseList) {
    const tables = [];
    let NextToken;
    do {
      const page = await glue.send(new GetTablesCommand({ DatabaseName: database.Name, NextToken, MaxResults: 2 }));
      tables.push(...page.TableList);
      NextToken = page.NextToken;
    } while (NextToken);
    glueDatabases.set(database.Name, { database, tables });
  }
});

after(() => {
  larkEmu?.child.kill('SIGTERM');
  awsEmu?.child.kill('SIGTERM');
});

test('the crawl created one Glue database per base and one table per admitted Lark table', () => {
  assert.equal(crawlSummary.ok, true);
  const bases = larkEmu.handshake.bases.filter((b) => glueDatabases.has(b.name.toLowerCase()));
  assert.equal(bases.length, 3, `databases: ${[...glueDatabases.keys()]}`);
  assert.equal(glueDatabases.size, 3);
  let tables = 0;
  for (const base of bases) {
    const { tables: glueTables } = glueDatabases.get(base.name.toLowerCase());
    const reported = crawlSummary.databases.find((d) => d.name === base.name.toLowerCase());
    const ids = glueTables.map((t) => t.Parameters.larkTableId).sort();
    // What the summary says was created is exactly what Glue holds, all of it Lark's.
    assert.deepEqual(ids, reported.tables.filter((t) => t.status === 'created').map((t) => t.id).sort());
    const larkIds = new Set(base.tables.map((t) => t.table_id));
    assert.ok(ids.length >= 2 && ids.every((id) => larkIds.has(id)), `${base.name}: ${ids}`);
    tables += glueTables.length;
  }
  assert.equal(crawlSummary.totals.tables.created, tables);
});

test('databases and tables have the documented markers and locations', () => {
  const [controlBase, controlTableId] = controlTable.split(':');
  for (const base of larkEmu.handshake.bases) {
    const entry = glueDatabases.get(base.name.toLowerCase());
    if (!entry) continue;
    const location = `lark-base-flag/CrawlingMethod=LarkBase/DataSource=${controlTable}/Base=${base.app_token}`;
    assert.equal(entry.database.LocationUri, location);
    for (const table of entry.tables) {
      assert.equal(table.TableType, 'LARK_BASE_TABLE');
      assert.equal(table.Parameters.classification, 'lark-base-flag');
      assert.equal(table.Parameters.crawlingMethod, 'LarkBase');
      assert.equal(table.Parameters.larkBaseId, base.app_token);
      assert.equal(table.Parameters.larkBaseDataSourceId, controlBase);
      assert.equal(table.Parameters.larkTableDataSourceId, controlTableId);
      assert.equal(table.StorageDescriptor.Location, `${location}/Table=${table.Parameters.larkTableId}`);
      assert.deepEqual(table.PartitionKeys ?? [], []);
      const larkTable = base.tables.find((t) => t.table_id === table.Parameters.larkTableId);
      assert.equal(table.Parameters.larkTableName, larkTable.name);
    }
  }
});

test('columns carry Glue types and field mappings matching the Lark fields (official Lark SDK)', async () => {
  const client = larkSdkClient(larkEmu.handshake);
  let checked = 0;
  for (const { tables } of glueDatabases.values()) {
    for (const table of tables) {
      const { larkBaseId, larkTableId } = table.Parameters;
      const res = await client.bitable.appTableField.list({
        path: { app_token: larkBaseId, table_id: larkTableId }, params: { page_size: 100 },
      });
      assert.equal(res.code, 0, res.msg);
      const fields = res.data.items.filter((f) => f.ui_type !== 'Stage' && f.ui_type !== 'Button');
      const columns = table.StorageDescriptor.Columns;
      assert.equal(columns.length, fields.length, `${table.Name}: one column per field`);
      const byId = new Map(fields.map((f) => [f.field_id, f]));
      for (const column of columns) {
        const match = commentPattern.exec(column.Comment);
        assert.ok(match, `${table.Name}.${column.Name}: comment ${column.Comment}`);
        const [, baseId, tableId, fieldId, fieldName, fieldType] = match;
        const field = byId.get(fieldId);
        assert.ok(field, `${table.Name}.${column.Name}: field ${fieldId} is not in Lark`);
        byId.delete(fieldId);
        assert.equal(baseId, larkBaseId);
        assert.equal(tableId, larkTableId);
        assert.equal(fieldId, field.field_id);
        assert.equal(decodeURIComponent(fieldName), field.field_name);
        assert.ok(column.Comment.length <= 255, 'Glue limits comments to 255 characters');
        const uiType = field.ui_type;
        if (uiType === 'Formula' || uiType === 'Lookup') {
          assert.ok(fieldType.startsWith(uiType), `${column.Name}: ${fieldType}`);
        } else {
          assert.equal(fieldType, uiType);
        }
        if (field.field_name === '$reserved_split_key') {
          assert.equal(column.Type, 'bigint', 'the split key column is Int64');
        } else if (uiType in scalarGlueType && uiType !== 'Formula') {
          assert.equal(column.Type, scalarGlueType[uiType], `${table.Name}.${column.Name} (${uiType})`);
        } else if (uiType in complexPrefix) {
          assert.ok(column.Type.startsWith(complexPrefix[uiType]), `${column.Name}: ${column.Type}`);
        }
        assert.match(column.Name, /^(\$reserved_[a-z_]+|[a-z_][a-z0-9_]*)$/);
        checked += 1;
      }
      assert.deepEqual([...byId.keys()], [], `${table.Name}: fields without a column`);
    }
  }
  assert.ok(checked > 20, `only ${checked} columns checked`);
});

test('a second crawl skips everything', async () => {
  const { stdout } = await runCli(
    ['crawl', '--control-table', controlTable, '--catalog', 'glue', '--format', 'json', '--quiet'], env);
  const again = JSON.parse(stdout);
  assert.equal(again.totals.tables.skipped, crawlSummary.totals.tables.created);
  assert.equal(again.totals.tables.created + again.totals.tables.updated, 0);
});

test('larkbase sql over the Glue flow (reading Glue) answers like the direct control-table flow', async () => {
  const sql = async (source, query) => {
    const { stdout } = await runCli(['sql', ...source, '--format', 'json', query], env);
    return JSON.parse(stdout);
  };
  const glueFlow = ['--glue-catalog', 'glue'];
  const direct = ['--control-table', controlTable];
  let compared = 0;
  for (const [schema, { tables }] of glueDatabases) {
    for (const table of tables) {
      const query = `SELECT * FROM ${schema}.${table.Name} ORDER BY "$reserved_record_id"`;
      const fromGlue = await sql(glueFlow, query);
      assert.deepEqual(fromGlue, await sql(direct, query), query);
      assert.ok(fromGlue.rows.length > 0 && fromGlue.columns.length > 3, query);
      compared += 1;
    }
  }
  assert.ok(compared >= 6);
  const aggregate = 'SELECT count(*) AS n, sum(quantity) AS q FROM sales.orders WHERE quantity > 2';
  const viaGlue = await sql(glueFlow, aggregate);
  assert.deepEqual(viaGlue, await sql(direct, aggregate));
  assert.ok(viaGlue.rows[0].n > 0 && viaGlue.rows[0].n < 150, JSON.stringify(viaGlue));
});
