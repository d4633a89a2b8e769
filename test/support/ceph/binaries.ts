// Finds the Ceph programs the launcher runs, so a machine without them fails with one line
// that says what to install instead of a spawn ENOENT halfway through a start.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

/** Absolute paths of the programs a cluster start runs. */
export interface CephBinaries {
  monmaptool: string;
  cephMon: string;
  cephOsd: string;
  radosgw: string;
  radosgwAdmin: string;
  /** The `ceph` command line (Debian `ceph-common`, a dependency of the three packages). */
  ceph: string;
  /** util-linux `setpriv`, used for a parent-death signal; optional. */
  setpriv: string | null;
}

const INSTALL_COMMAND = 'apt-get install -y --no-install-recommends ceph-mon ceph-osd radosgw';

/** The first executable called `name` on PATH, or null. */
export function findOnPath(name: string): string | null {
  for (const folder of (process.env.PATH ?? '').split(delimiter)) {
    if (folder === '') continue;
    const candidate = join(folder, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this folder; try the next one.
    }
  }
  return null;
}

/** Resolves every required program, or throws one line naming the missing ones and the fix. */
export function requireCephBinaries(): CephBinaries {
  const names = ['monmaptool', 'ceph-mon', 'ceph-osd', 'radosgw', 'radosgw-admin', 'ceph'];
  const found = new Map(names.map((name) => [name, findOnPath(name)]));
  const missing = names.filter((name) => found.get(name) === null);
  if (missing.length > 0) {
    throw new Error(
      `Ceph binaries not found on PATH: ${missing.join(', ')}. Install them with ` +
        `\`${INSTALL_COMMAND}\` (as root; .ci/run installs them from .ci/debian-packages.txt).`,
    );
  }

  const path = (name: string): string => found.get(name) as string;
  return {
    monmaptool: path('monmaptool'),
    cephMon: path('ceph-mon'),
    cephOsd: path('ceph-osd'),
    radosgw: path('radosgw'),
    radosgwAdmin: path('radosgw-admin'),
    ceph: path('ceph'),
    setpriv: findOnPath('setpriv'),
  };
}
