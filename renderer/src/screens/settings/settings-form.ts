// Conversion between stored settings (bytes, bytes per second) and the form's text fields
// (MiB, MiB/s). Main validates the result, so out-of-range values come back as its errors.
import type { Settings } from '../../../../shared/ipc/index';

const MIB = 1024 * 1024;

export interface SettingsFormValues {
  concurrency: string;
  partSizeMiB: string;
  /** Empty for no limit. */
  bandwidthMiBps: string;
  proxyMode: Settings['proxy']['mode'];
  proxyUrl: string;
  noProxy: string;
  /** Empty for the OS's Downloads folder. */
  downloadFolder: string;
}

export function toForm(settings: Settings): SettingsFormValues {
  return {
    concurrency: String(settings.concurrency),
    partSizeMiB: String(settings.partSize / MIB),
    bandwidthMiBps: settings.bandwidthLimit === null ? '' : String(settings.bandwidthLimit / MIB),
    proxyMode: settings.proxy.mode,
    proxyUrl: settings.proxy.url ?? '',
    noProxy: settings.proxy.noProxy ?? '',
    downloadFolder: settings.downloadFolder ?? '',
  };
}

/** The settings the form describes; numbers that do not parse become NaN for main to reject. */
export function fromForm(form: SettingsFormValues): Partial<Settings> {
  const bandwidth = form.bandwidthMiBps.trim();
  const url = form.proxyUrl.trim();
  const noProxy = form.noProxy.trim();
  return {
    concurrency: Number(form.concurrency),
    partSize: Math.round(Number(form.partSizeMiB) * MIB),
    bandwidthLimit: bandwidth === '' ? null : Math.round(Number(bandwidth) * MIB),
    proxy: {
      mode: form.proxyMode,
      url: form.proxyMode === 'manual' && url !== '' ? url : null,
      noProxy: form.proxyMode === 'manual' && noProxy !== '' ? noProxy : null,
    },
    downloadFolder: form.downloadFolder === '' ? null : form.downloadFolder,
  };
}
