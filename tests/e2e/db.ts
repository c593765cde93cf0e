import { execFileSync } from 'node:child_process';
import * as path from 'node:path';

const dbPath = path.resolve(__dirname, '../../target/e2e/e2e.db');

/** Runs a read-only SQL query on the intake's SQLite file (python3's sqlite3) and returns rows. */
export function query(sql: string, ...params: (string | number)[]): any[][] {
  const script = 'import sqlite3,sys,json\nc=sqlite3.connect("file:"+sys.argv[1]+"?mode=ro",uri=True)\nprint(json.dumps(c.execute(sys.argv[2],sys.argv[3:]).fetchall()))';
  const out = execFileSync('python3', ['-c', script, dbPath, sql, ...params.map(String)], { encoding: 'utf8' });
  return JSON.parse(out);
}
