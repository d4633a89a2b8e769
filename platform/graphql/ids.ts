import { PlatformError } from '../core/errors';

// Object ids are opaque to clients, as on W&B: base64 of "<Type>:<row id>". Decoding
// checks the type, so an id of one kind never reaches another kind's table.

export type IdKind =
  | 'User'
  | 'Entity'
  | 'Project'
  | 'Run'
  | 'File'
  | 'ArtifactType'
  | 'ArtifactCollection'
  | 'Artifact'
  | 'ArtifactManifest'
  | 'ArtifactAlias'
  | 'ArtifactCollectionMembership';

export function encodeId(kind: IdKind, id: number | string): string {
  return Buffer.from(`${kind}:${id}`, 'utf8').toString('base64');
}

export function decodeId(kind: IdKind, id: string): number {
  const text = Buffer.from(id, 'base64').toString('utf8');
  const [prefix, value] = text.split(':', 2);
  const number = Number(value);

  if (prefix !== kind || !Number.isSafeInteger(number) || number <= 0) {
    throw new PlatformError(
      'BAD_USER_INPUT',
      `Invalid ${kind} id "${id}": it is not an id this server issued.`,
    );
  }
  return number;
}
