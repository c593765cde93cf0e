import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

// The intake server serves the built pane (dist/) and the API on one port, with a fresh
// SQLite file per run, or the (fresh) PostgreSQL database GUICHET_E2E_DB names (scripts/test.sh's
// second pass). Debian's Chromium; Playwright downloads no browser.
const port = Number(process.env.GUICHET_E2E_PORT ?? 8765);
export const dbPath = path.resolve(__dirname, 'target/e2e/e2e.db');
const pg = process.env.GUICHET_E2E_DB;
const resultsFile = pg ? 'target/e2e/results-postgres.json' : 'target/e2e/results.json';

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list'], ['json', { outputFile: resultsFile }]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    },
  },
  webServer: {
    // A fresh database per run: removed before the server opens it.
    command: pg
      ? `sh -c 'mkdir -p target/e2e/screens && exec target/debug/guichet-intake --addr 127.0.0.1:${port} --db "$GUICHET_E2E_DB" --static dist'`
      : `sh -c 'mkdir -p target/e2e/screens && rm -f ${dbPath} ${dbPath}-wal ${dbPath}-shm && exec target/debug/guichet-intake --addr 127.0.0.1:${port} --db ${dbPath} --static dist'`,
    url: `http://127.0.0.1:${port}/api/health`,
    env: { GUICHET_PROFILES: 'content/profile.toml,examples/acme/content/profile.toml', GUICHET_IDENTITY_SECRET: 'e2e-secret', GUICHET_AGENT_TOKEN: 'e2e-agent', GUICHET_LINK_SECRET: 'e2e-link', GUICHET_RATE_LIMIT: 'off', GUICHET_EVENTS_RATE: 'off', GUICHET_LOG: 'warn', ...(pg ? { GUICHET_E2E_DB: pg } : {}) },
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
