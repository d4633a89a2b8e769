// Parsing of the names users type: ENTITY/PROJECT, ENTITY/PROJECT/NAME[:ALIAS] and
// ENTITY/PROJECT/RUN_ID. Names are checked only for shape here (no empty segment, no space or
// control character); the platform decides whether they exist.

import { usageError } from './errors';

export interface ProjectPath {
  entity: string;
  project: string;
}

export interface ArtifactPath extends ProjectPath {
  name: string;
  /** Version (`v3`) or alias (`latest`) after the colon, when one was given. */
  alias?: string;
}

export interface RunPath extends ProjectPath {
  run: string;
}

// Letters of any script are allowed; whitespace, control characters, `/` and `:` are not.
const SEGMENT = /^[^\s/:\p{Cc}]+$/u;

/** Splits `text` at `/` into `min` to `max` checked segments, or throws a usage error. */
function segments(text: string, what: string, form: string, min: number, max: number): string[] {
  const parts = text.split('/');
  if (parts.length < min || parts.length > max || !parts.every((part) => SEGMENT.test(part))) {
    throw usageError(
      `Invalid ${what} ${JSON.stringify(text)}: expected ${form} with no empty part, space or ":" inside a part.`,
    );
  }
  return parts;
}

/** Parses `ENTITY/PROJECT`. */
export function parseProjectPath(text: string): ProjectPath {
  const [entity, project] = segments(text, 'project', 'ENTITY/PROJECT, such as demo/mnist', 2, 2);
  return { entity: entity!, project: project! };
}

/** Parses `ENTITY` or `ENTITY/PROJECT`, for `byob ls`. */
export function parseEntityOrProject(text: string): { entity: string; project?: string } {
  const [entity, project] = segments(
    text,
    'path',
    'ENTITY or ENTITY/PROJECT, such as demo or demo/mnist',
    1,
    2,
  );
  return project === undefined ? { entity: entity! } : { entity: entity!, project };
}

/**
 * Parses `ENTITY/PROJECT/NAME[:ALIAS]`. With `requireAlias`, the `:ALIAS` part (a version
 * such as `v3` or an alias such as `latest`) must be present.
 */
export function parseArtifactPath(text: string, requireAlias = false): ArtifactPath {
  const form = requireAlias
    ? 'ENTITY/PROJECT/NAME:VERSION or ENTITY/PROJECT/NAME:ALIAS, such as demo/mnist/images:v0'
    : 'ENTITY/PROJECT/NAME[:ALIAS], such as demo/mnist/images or demo/mnist/images:best';
  const colon = text.lastIndexOf(':');
  const slash = text.lastIndexOf('/');
  const hasAlias = colon > slash;
  const pathText = hasAlias ? text.slice(0, colon) : text;
  const alias = hasAlias ? text.slice(colon + 1) : undefined;

  const [entity, project, name] = segments(pathText, 'artifact name', form, 3, 3);
  if (alias !== undefined && !SEGMENT.test(alias)) {
    throw usageError(
      `Invalid artifact alias ${JSON.stringify(alias)} in ${JSON.stringify(text)}: expected ${form}.`,
    );
  }
  if (requireAlias && alias === undefined) {
    throw usageError(`Missing version in artifact name ${JSON.stringify(text)}: expected ${form}.`);
  }
  const parsed: ArtifactPath = { entity: entity!, project: project!, name: name! };
  if (alias !== undefined) parsed.alias = alias;
  return parsed;
}

/** Parses `ENTITY/PROJECT/RUN_ID`. */
export function parseRunPath(text: string): RunPath {
  const [entity, project, run] = segments(
    text,
    'run',
    'ENTITY/PROJECT/RUN_ID, such as demo/mnist/3x8k2p1q',
    3,
    3,
  );
  return { entity: entity!, project: project!, run: run! };
}

/** Parses `ENTITY/PROJECT` or `ENTITY/PROJECT/LAST`, where LAST is a collection or run id. */
export function parseProjectOrChild(text: string, child: string): ProjectPath & { child?: string } {
  const [entity, project, last] = segments(
    text,
    'path',
    `ENTITY/PROJECT or ENTITY/PROJECT/${child}, such as demo/mnist`,
    2,
    3,
  );
  return last === undefined
    ? { entity: entity!, project: project! }
    : { entity: entity!, project: project!, child: last };
}

/** Checks one alias given with `--alias`. */
export function checkAlias(alias: string): string {
  if (!SEGMENT.test(alias)) {
    throw usageError(
      `Invalid alias ${JSON.stringify(alias)}: an alias has no space, "/" or ":", such as best or production.`,
    );
  }
  return alias;
}
