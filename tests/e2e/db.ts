import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

/**
 * The intake's database under test: the SQLite file the server opens by default, or the
 * PostgreSQL database named by `GUICHET_E2E_DB` (scripts/test.sh's second browser pass). Tests
 * write SQL both read: `?` placeholders, `json_extract(payload, '$.a.b')`, and booleans read
 * through `CAST(x AS INTEGER)`; the PostgreSQL side rewrites the first two.
 */
export const postgresUrl = process.env.GUICHET_E2E_DB;
export const sqlitePath = path.resolve(__dirname, '../../target/e2e/e2e.db');

const script = `
import json, re, sys
mode, target, sql, params = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
if target.startswith("host=") or target.startswith("postgres"):
    import psycopg
    sql = re.sub(r"""json_extract\\(payload, ['"]\\$\\.([a-z_.]+)['"]\\)""",
                 lambda m: "(payload::json #>> '{" + m.group(1).replace(".", ",") + "}')", sql)
    sql = sql.replace("?", "%s")
    with psycopg.connect(target, autocommit=True) as c:
        cur = c.execute(sql, params)
        rows = cur.fetchall() if mode == "query" else []
else:
    import sqlite3
    c = sqlite3.connect(("file:" + target + "?mode=ro") if mode == "query" else target, uri=mode == "query")
    if mode == "query":
        rows = c.execute(sql, params).fetchall()
    else:
        c.executescript(sql); c.commit(); rows = []
print(json.dumps([list(r) for r in rows], default=str))
`;

function run(mode: 'query' | 'exec', sql: string, params: (string | number)[]): any[][] {
  const out = execFileSync('python3', ['-c', script, mode, postgresUrl ?? sqlitePath, sql, ...params.map(String)], { encoding: 'utf8' });
  return JSON.parse(out);
}

/** Runs a read-only SQL query on the intake's database and returns its rows. */
export function query(sql: string, ...params: (string | number)[]): any[][] {
  return run('query', sql, params);
}

/** Runs write statements on the intake's database (e.g. moving closing dates back in time). */
export function exec(statements: string) {
  run('exec', statements, []);
}
