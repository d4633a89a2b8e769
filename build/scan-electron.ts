// Scans the Electron app's sources with Doyensec's Electronegativity (npm run scan:electron)
// and exits with status 1 when a finding of high or critical severity remains.
//
// The package's command line does not start with the commander version installed here, so
// this script calls its documented programmatic API. That API fetches translations and a list
// of Electron releases from the internet; both requests are answered locally with an error
// (see offlineGot), so the scan sends nothing off this machine, and the release check
// (AvailableSecurityFixesGlobalCheck) is excluded because it has nothing to read without them.
import { cpSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const root = fileURLToPath(new URL('..', import.meta.url));

/** The app's own code; global checks (navigation limits, CSP) look at all of it together. */
const SOURCES = ['electron/main', 'electron/preload', 'renderer/src', 'renderer/index.html'];
const FAILING_SEVERITIES = new Set(['HIGH', 'CRITICAL']);

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  severity: { name: string };
  confidence: { name: string };
  manualReview: boolean;
  description: string;
}

interface ScanResult {
  globalChecks: number;
  atomicChecks: number;
  errors: unknown[];
  issues: Finding[];
}

/** Stands in for the `got` HTTP client inside the scanner, so no request leaves the machine. */
function offlineGot(): Promise<never> {
  return Promise.reject(new Error('network access is disabled for this scan'));
}
offlineGot.head = offlineGot;

function keepScannerOffline(): void {
  const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  const gotPath = require.resolve('got', { paths: [scannerDir] });
  const stub = new Module(gotPath);
  stub.exports = offlineGot;
  stub.loaded = true;
  require.cache[gotPath] = stub;
}

/** Copies the sources into one folder without bundles, so the scan sees only the app's code. */
function stageSources(): string {
  const stage = join(root, 'test-output', 'electronegativity');
  rmSync(stage, { recursive: true, force: true });
  for (const source of SOURCES) {
    mkdirSync(dirname(join(stage, source)), { recursive: true });
    cpSync(join(root, source), join(stage, source), {
      recursive: true,
      filter: (path) => !path.split(/[\\/]/).includes('dist'),
    });
  }
  return stage;
}

async function main(): Promise<void> {
  keepScannerOffline();
  const run = require('@doyensec/electronegativity') as (options: object) => Promise<ScanResult>;
  const electronVersion = (
    JSON.parse(readFileSync(join(root, 'node_modules/electron/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

  const result = await run({
    input: stageSources(),
    isRelative: true,
    severitySet: 'informational',
    confidenceSet: 'tentative',
    electronVersionOverride: electronVersion,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
  });

  process.stdout.write(
    `Electronegativity: ${result.globalChecks + result.atomicChecks} checks on Electron ${electronVersion}, ${result.issues.length} findings, ${result.errors.length} files it could not parse.\n`,
  );
  for (const finding of result.issues) {
    const review = finding.manualReview ? ' (manual review)' : '';
    process.stdout.write(
      `  ${finding.severity.name.padEnd(13)} ${finding.confidence.name.padEnd(9)} ${finding.id} ${finding.file}:${finding.location.line}${review}\n`,
    );
  }
  for (const error of result.errors)
    process.stdout.write(`  could not parse: ${JSON.stringify(error)}\n`);

  const failing = result.issues.filter((finding) => FAILING_SEVERITIES.has(finding.severity.name));
  if (failing.length > 0 || result.errors.length > 0) {
    process.stderr.write(
      `Electronegativity: ${failing.length} high or critical findings and ${result.errors.length} unparsed files; fix them, or mark a reviewed false positive with an "/* eng-disable CHECK_ID */" comment.\n`,
    );
    process.exitCode = 1;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(
    `Electronegativity scan failed: ${error instanceof Error ? error.stack : String(error)}\n`,
  );
  process.exitCode = 1;
});
