// The folder layout and ceph.conf of one throwaway cluster: one monitor, one memstore OSD and
// one RADOS Gateway, everything on 127.0.0.1 and under one temporary folder.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Daemon names as Ceph spells them (`$name` in ceph.conf). */
export const MONITOR_ID = 'a';
export const GATEWAY_NAME = 'client.rgw.gateway';

/** Where everything of one cluster lives; all below `root`, which stop() removes. */
export interface CephLayout {
  root: string;
  conf: string;
  monmap: string;
  runDir: string;
  logDir: string;
  monDataDir: string;
  osdDataRoot: string;
  gatewayDataDir: string;
  crashDir: string;
}

export function cephLayout(root: string): CephLayout {
  return {
    root,
    conf: join(root, 'ceph.conf'),
    monmap: join(root, 'monmap'),
    runDir: join(root, 'run'),
    logDir: join(root, 'log'),
    monDataDir: join(root, 'mon'),
    osdDataRoot: join(root, 'osd'),
    gatewayDataDir: join(root, 'rgw'),
    crashDir: join(root, 'crash'),
  };
}

/** Ceph's own log file of a daemon or command, as `log_file` below names it. */
export function cephLogPath(layout: CephLayout, name: string): string {
  return join(layout.logDir, `${name}.log`);
}

export interface CephConfSettings {
  fsid: string;
  monitorPort: number;
  gatewayPort: number;
  kmsKeyId: string;
  /** Base64 of 32 bytes: the AES-256 key the `testing` KMS backend hands out for kmsKeyId. */
  kmsKeyBase64: string;
  /** `memstore_device_bytes`; Ceph's default (1 GiB) when absent. */
  memoryBytes?: number;
}

/**
 * The ceph.conf text. Why the settings that are not obvious are there (measured on Debian 12,
 * Ceph 16.2.15):
 * - auth `none` plus `ms_mon_client_mode = crc`: otherwise radosgw waits 300 s on cephx.
 * - every address and network on 127.0.0.1: otherwise the OSD binds 0.0.0.0.
 * - pool size 1 with `mon_allow_pool_size_one` and chooseleaf type 0 (osd): one OSD holds all.
 * - 8 placement groups per pool: radosgw makes about seven pools and no manager runs to shrink
 *   them, so the default 32 would come close to `mon_max_pg_per_osd` (250).
 */
export function renderCephConf(layout: CephLayout, settings: CephConfSettings): string {
  const global: Record<string, string | number | boolean> = {
    fsid: settings.fsid,
    mon_host: `v2:127.0.0.1:${settings.monitorPort}`,
    mon_initial_members: MONITOR_ID,
    auth_cluster_required: 'none',
    auth_service_required: 'none',
    auth_client_required: 'none',
    ms_mon_client_mode: 'crc',
    ms_bind_msgr1: false,
    public_addr: '127.0.0.1',
    cluster_addr: '127.0.0.1',
    public_network: '127.0.0.1/32',
    cluster_network: '127.0.0.1/32',
    osd_pool_default_size: 1,
    osd_pool_default_min_size: 1,
    osd_pool_default_pg_num: 8,
    osd_pool_default_pgp_num: 8,
    mon_allow_pool_size_one: true,
    osd_crush_chooseleaf_type: 0,
    osd_objectstore: 'memstore',
    ...(settings.memoryBytes === undefined ? {} : { memstore_device_bytes: settings.memoryBytes }),
    run_dir: layout.runDir,
    admin_socket: join(layout.runDir, '$name.asok'),
    log_file: cephLogPath(layout, '$name'),
    crash_dir: layout.crashDir,
    mon_data: join(layout.monDataDir, '$id'),
    osd_data: join(layout.osdDataRoot, '$id'),
  };
  const gateway: Record<string, string | number | boolean> = {
    rgw_frontends: `beast endpoint=127.0.0.1:${settings.gatewayPort}`,
    rgw_data: layout.gatewayDataDir,
    rgw_crypt_s3_kms_backend: 'testing',
    rgw_crypt_s3_kms_encryption_keys: `${settings.kmsKeyId}=${settings.kmsKeyBase64}`,
    rgw_crypt_require_ssl: false,
  };
  return [section('global', global), section(GATEWAY_NAME, gateway)].join('\n');
}

function section(name: string, values: Record<string, string | number | boolean>): string {
  const lines = Object.entries(values).map(([key, value]) => `${key} = ${String(value)}`);
  return `[${name}]\n${lines.join('\n')}\n`;
}

/** Creates the folders and writes ceph.conf. */
export async function writeCephConf(layout: CephLayout, settings: CephConfSettings): Promise<void> {
  const { runDir, logDir, monDataDir, osdDataRoot, gatewayDataDir, crashDir } = layout;
  const folders = [runDir, logDir, monDataDir, osdDataRoot, gatewayDataDir, crashDir];
  await Promise.all(folders.map((dir) => mkdir(dir, { recursive: true })));
  await writeFile(layout.conf, renderCephConf(layout, settings));
}
