// The conversions of the settings and create-team forms into requests.
import { describe, expect, it } from 'vitest';

import { DEFAULT_SETTINGS } from '../../shared/ipc/index';
import { EMPTY_TEAM_FORM, requestOf } from '../../renderer/src/screens/admin/team-form';
import { fromForm, toForm } from '../../renderer/src/screens/settings/settings-form';
import { parseAliases } from '../../renderer/src/screens/upload/upload-form';

describe('settings form', () => {
  it('round-trips the defaults', () => {
    expect(fromForm(toForm(DEFAULT_SETTINGS))).toEqual({
      concurrency: DEFAULT_SETTINGS.concurrency,
      partSize: DEFAULT_SETTINGS.partSize,
      bandwidthLimit: null,
      proxy: { mode: 'none', url: null, noProxy: null },
      downloadFolder: null,
    });
  });

  it('drops proxy fields outside the manual mode', () => {
    const form = {
      ...toForm(DEFAULT_SETTINGS),
      proxyMode: 'environment' as const,
      proxyUrl: 'http://p:1',
    };
    expect(fromForm(form).proxy).toEqual({ mode: 'environment', url: null, noProxy: null });
  });

  it('passes an unparsable number on for main to reject', () => {
    const form = { ...toForm(DEFAULT_SETTINGS), concurrency: 'many' };
    expect(Number.isNaN(fromForm(form).concurrency)).toBe(true);
  });
});

describe('team form', () => {
  it('sends only the GCS fields', () => {
    const form = {
      ...EMPTY_TEAM_FORM,
      teamName: ' t ',
      provider: 'gcs' as const,
      bucket: 'b',
      kmsKeyId: 'k',
      container: 'c',
    };
    expect(requestOf(form)).toEqual({
      teamName: 't',
      storage: { level: 'TEAM', provider: 'gcs', bucket: 'b' },
      members: [],
    });
  });
});

describe('parseAliases', () => {
  it('splits, trims and removes repeats', () => {
    expect(parseAliases(' latest,best ,, latest\nprod')).toEqual(['latest', 'best', 'prod']);
  });
});
