// Reading and updating the netrc file where W&B keeps API keys, in the form W&B's SDK writes:
//
//   machine api.wandb.ai
//     login user
//     password <key>
//
// The machine is the platform URL's host with its port when the URL has one. The parser
// follows the format of ftp(1) and Python's netrc module: whitespace-separated tokens, double
// quotes with backslash escapes, `#` comments and `macdef` bodies that end at a blank line.
// Errors never quote the file's text, because it contains passwords.

import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';

export interface NetrcEntry {
  /** Host name, or null for the `default` entry. */
  machine: string | null;
  login?: string;
  password?: string;
  account?: string;
}

/** A netrc file that cannot be parsed; the message names the line but never its text. */
export class NetrcError extends Error {
  override readonly name = 'NetrcError';
}

/**
 * Returns the netrc file to use, in W&B's order: `NETRC` when set (with `~` expanded), else
 * `~/.netrc` or `~/_netrc`, whichever exists, else the platform's usual name.
 */
export function netrcPath(
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
  platform: NodeJS.Platform = process.platform,
): string {
  const fromEnv = env.NETRC;
  if (fromEnv) return fromEnv.startsWith('~') ? path.join(home, fromEnv.slice(1)) : fromEnv;

  const unix = path.join(home, '.netrc');
  const windows = path.join(home, '_netrc');
  if (existsSync(unix)) return unix;
  if (existsSync(windows)) return windows;
  return platform === 'win32' ? windows : unix;
}

/** Returns the netrc machine name for a platform URL: `host` or `host:port`. */
export function machineFor(platformHost: string): string {
  return new URL(platformHost).host;
}

interface Token {
  text: string;
  line: number;
}

/** Splits netrc text into tokens, dropping comments and macro bodies. */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const lines = text.split(/\r?\n/);

  for (let index = 0; index < lines.length; index += 1) {
    const lineTokens = splitLine(lines[index]!, index + 1);
    for (let t = 0; t < lineTokens.length; t += 1) {
      tokens.push(lineTokens[t]!);
      // A macro body runs from the next line to the first blank line and contains no tokens.
      if (lineTokens[t]!.text === 'macdef') {
        tokens.push(...lineTokens.slice(t + 1));
        while (index + 1 < lines.length && lines[index + 1]!.trim() !== '') index += 1;
        break;
      }
    }
  }
  return tokens;
}

function splitLine(line: string, lineNumber: number): Token[] {
  const tokens: Token[] = [];
  let position = 0;

  while (position < line.length) {
    while (position < line.length && /\s/.test(line[position]!)) position += 1;
    if (position >= line.length || line[position] === '#') break;

    let text = '';
    if (line[position] === '"') {
      position += 1;
      while (position < line.length && line[position] !== '"') {
        if (line[position] === '\\' && position + 1 < line.length) position += 1;
        text += line[position];
        position += 1;
      }
      if (position >= line.length) {
        throw new NetrcError(`unterminated quote on line ${lineNumber}`);
      }
      position += 1;
    } else {
      while (position < line.length && !/\s/.test(line[position]!)) {
        if (line[position] === '\\' && position + 1 < line.length) position += 1;
        text += line[position];
        position += 1;
      }
    }
    tokens.push({ text, line: lineNumber });
  }
  return tokens;
}

/** Parses netrc text into its entries, in file order. */
export function parseNetrc(text: string): NetrcEntry[] {
  const tokens = tokenize(text);
  const entries: NetrcEntry[] = [];
  let current: NetrcEntry | null = null;

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index]!;
    const value = (): string => {
      const next = tokens[index + 1];
      if (next === undefined)
        throw new NetrcError(`"${token.text}" on line ${token.line} has no value`);
      index += 1;
      return next.text;
    };

    switch (token.text) {
      case 'machine':
        current = { machine: value() };
        entries.push(current);
        break;
      case 'default':
        current = { machine: null };
        entries.push(current);
        break;
      case 'login':
      case 'user':
      case 'password':
      case 'account': {
        if (current === null) {
          throw new NetrcError(`"${token.text}" on line ${token.line} comes before any machine`);
        }
        const field = token.text === 'user' ? 'login' : token.text;
        current[field] = value();
        break;
      }
      case 'macdef':
        value();
        break;
      default:
        throw new NetrcError(`unexpected word on line ${token.line}`);
    }
  }
  return entries;
}

/** Returns the entry for `machine`, else the `default` entry, else undefined. */
export function findNetrcEntry(
  entries: readonly NetrcEntry[],
  machine: string,
): NetrcEntry | undefined {
  return (
    entries.find((entry) => entry.machine === machine) ??
    entries.find((entry) => entry.machine === null)
  );
}

/** Reads the password for `machine` from the file at `file`; undefined when either is missing. */
export function readNetrcPassword(file: string, machine: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new NetrcError(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  return findNetrcEntry(parseNetrc(text), machine)?.password;
}

/** Quotes a token when it contains whitespace, quotes, backslashes or `#`. */
function quote(token: string): string {
  if (token !== '' && !/[\s"\\#]/.test(token)) return token;
  return `"${token.replace(/["\\]/g, (character) => `\\${character}`)}"`;
}

/**
 * Returns `text` with the entry of `machine` replaced by a new one at the end. Lines of the
 * old entry (from its `machine` line to the next `machine` or `default` line) are dropped and
 * every other line is kept as it was, comments included.
 */
export function replaceNetrcEntry(
  text: string,
  machine: string,
  login: string,
  password: string,
): string {
  const kept: string[] = [];
  let inOldEntry = false;

  for (const line of text === '' ? [] : text.split(/\r?\n/)) {
    let words: string[];
    try {
      words = splitLine(line, 0).map((token) => token.text);
    } catch {
      words = line.trim().split(/\s+/);
    }
    if (words[0] === 'machine' && words[1] === machine) inOldEntry = true;
    else if (words[0] === 'machine' || words[0] === 'default') inOldEntry = false;
    if (!inOldEntry) kept.push(line);
  }

  while (kept.length > 0 && kept[kept.length - 1]!.trim() === '') kept.pop();
  const entry = [
    `machine ${quote(machine)}`,
    `  login ${quote(login)}`,
    `  password ${quote(password)}`,
  ];
  return [...kept, ...(kept.length > 0 ? [''] : []), ...entry, ''].join('\n');
}

/**
 * Stores `password` for `machine` in the file at `file`, readable and writable only by the
 * user (mode 0600). The new text goes to a temporary file beside it first, so a crash leaves
 * either the old or the new file.
 */
export function writeNetrcEntry(
  file: string,
  machine: string,
  login: string,
  password: string,
): void {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new NetrcError(
        `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
      );
    }
  }

  const next = replaceNetrcEntry(text, machine, login, password);
  const temporary = path.join(
    path.dirname(file),
    `.${path.basename(file)}.${randomBytes(6).toString('hex')}`,
  );
  try {
    writeFileSync(temporary, next, { mode: 0o600, flag: 'wx' });
    chmodSync(temporary, 0o600);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new NetrcError(
      `cannot write ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}
