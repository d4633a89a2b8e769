// What a drop or a pick uploads into: a project, a collection of it, or a run of it.
export interface UploadTarget {
  entity: string;
  project: string;
  /** Set when the files were dropped on a collection: the upload can be its new version. */
  collection?: { name: string; type: string };
  /** Set when the files were dropped on a run: the upload can be its files. */
  run?: string;
}

export type UploadMode = 'artifact' | 'version' | 'run-files';

/** The dialog's first choice for this target. */
export function defaultMode(target: UploadTarget): UploadMode {
  if (target.collection) return 'version';
  if (target.run !== undefined) return 'run-files';
  return 'artifact';
}

/** Splits "latest, best model" into aliases, dropping blanks and repeats. */
export function parseAliases(text: string): string[] {
  const aliases = text
    .split(/[,\n]/)
    .map((alias) => alias.trim())
    .filter((alias) => alias !== '');
  return [...new Set(aliases)];
}
