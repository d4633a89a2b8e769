// A folder tree over the `/`-separated paths of a version's or a run's files. Pages of files
// are added as they arrive, and only the rows of expanded folders are listed, so a version of
// 100,000 files costs work in proportion to what is on screen and what was loaded.
import type { RemoteFileItem } from '../../../../shared/ipc/index';

interface FolderNode {
  name: string;
  /** Path with a trailing `/`, the form a download selection uses for folders. */
  path: string;
  folders: Map<string, FolderNode>;
  /** Child folders by name; null after a folder was added, until the next listing. */
  sortedFolders: FolderNode[] | null;
  /** Files directly in this folder, by name. */
  files: RemoteFileItem[];
  /** Files added since the last listing, merged into `files` then. */
  added: RemoteFileItem[];
  /** Bytes and files under this folder among the files loaded so far. */
  size: number;
  fileCount: number;
}

export type TreeRow =
  | { kind: 'folder'; path: string; name: string; depth: number; size: number; fileCount: number }
  | { kind: 'file'; path: string; name: string; depth: number; file: RemoteFileItem };

const byName = new Intl.Collator(undefined, { numeric: true });

function folder(name: string, path: string): FolderNode {
  return {
    name,
    path,
    folders: new Map(),
    sortedFolders: [],
    files: [],
    added: [],
    size: 0,
    fileCount: 0,
  };
}

// Sorts a page's worth of new files and merges them into the sorted list, so each page
// costs O(files in the folder) instead of a full sort.
function mergeSorted(sorted: RemoteFileItem[], added: RemoteFileItem[]): RemoteFileItem[] {
  const batch = [...added].sort((a, b) => byName.compare(a.path, b.path));
  const merged: RemoteFileItem[] = [];
  let i = 0;
  let j = 0;
  while (i < sorted.length && j < batch.length) {
    merged.push(byName.compare(sorted[i]!.path, batch[j]!.path) <= 0 ? sorted[i++]! : batch[j++]!);
  }
  while (i < sorted.length) merged.push(sorted[i++]!);
  while (j < batch.length) merged.push(batch[j++]!);
  return merged;
}

/** Keeps the tree in step with a growing list of files. */
export class FileTreeIndex {
  private root = folder('', '');
  private source: readonly RemoteFileItem[] = [];

  /** Adds the files of `items` not added yet; starts over when `items` is a different list. */
  sync(items: readonly RemoteFileItem[]): void {
    const continues = items.length >= this.source.length && items[0] === this.source[0];
    const from = continues ? this.source.length : 0;
    if (!continues) this.root = folder('', '');
    for (let index = from; index < items.length; index += 1) this.add(items[index]!);
    this.source = items;
  }

  private add(file: RemoteFileItem): void {
    const segments = file.path.split('/').filter((segment) => segment !== '');
    let node = this.root;
    node.size += file.size;
    node.fileCount += 1;

    for (const segment of segments.slice(0, -1)) {
      let child = node.folders.get(segment);
      if (child === undefined) {
        child = folder(segment, `${node.path}${segment}/`);
        node.folders.set(segment, child);
        node.sortedFolders = null;
      }
      node = child;
      node.size += file.size;
      node.fileCount += 1;
    }
    node.added.push(file);
  }

  /** Lists the rows to show: every top-level entry and the contents of expanded folders. */
  rows(expanded: ReadonlySet<string>): TreeRow[] {
    const rows: TreeRow[] = [];
    this.list(this.root, 0, expanded, rows);
    return rows;
  }

  private list(node: FolderNode, depth: number, expanded: ReadonlySet<string>, rows: TreeRow[]) {
    node.sortedFolders ??= [...node.folders.values()].sort((a, b) =>
      byName.compare(a.name, b.name),
    );
    if (node.added.length > 0) {
      node.files = mergeSorted(node.files, node.added);
      node.added = [];
    }

    for (const child of node.sortedFolders) {
      const { name, path, size, fileCount } = child;
      rows.push({ kind: 'folder', path, name, depth, size, fileCount });
      if (expanded.has(path)) this.list(child, depth + 1, expanded, rows);
    }
    for (const file of node.files) {
      const name = file.path.slice(file.path.lastIndexOf('/') + 1);
      rows.push({ kind: 'file', path: file.path, name, depth, file });
    }
  }
}

/** True when `path` or one of its folders is in `selection`. */
export function isSelected(selection: ReadonlySet<string>, path: string): boolean {
  if (selection.has(path)) return true;
  return ancestorSelected(selection, path);
}

/** True when a folder above `path` is in `selection`. */
export function ancestorSelected(selection: ReadonlySet<string>, path: string): boolean {
  const trimmed = path.endsWith('/') ? path.slice(0, -1) : path;
  for (let cut = trimmed.lastIndexOf('/'); cut > 0; cut = trimmed.lastIndexOf('/', cut - 1)) {
    if (selection.has(trimmed.slice(0, cut + 1))) return true;
  }
  return false;
}

/** Adds or removes `path`; selecting a folder drops the entries under it, which it covers. */
export function toggleSelection(selection: ReadonlySet<string>, path: string): Set<string> {
  const next = new Set(selection);
  if (next.has(path)) {
    next.delete(path);
    return next;
  }
  if (path.endsWith('/')) {
    for (const entry of selection) if (entry.startsWith(path)) next.delete(entry);
  }
  next.add(path);
  return next;
}
