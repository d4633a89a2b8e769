// The `settings` namespace. Every change is stored, pushed to the renderer and passed to the
// listeners in main (the transfer runner and the platform client factory).
import {
  languageForLocale,
  type IpcContract,
  type RequestOf,
  type Settings,
  type SettingsView,
} from '../../../shared/ipc/index';
import type { SettingsStore } from '../storage/settings-store';
import type { EventSink, NamespaceService } from './types';

export interface SettingsServiceDeps {
  store: SettingsStore;
  events: EventSink;
  /** The OS locale, such as `ja-JP` (Electron's `app.getLocale()`). */
  systemLocale: () => string;
  /** The OS Downloads folder (Electron's `app.getPath('downloads')`). */
  defaultDownloadFolder: () => string;
}

export class SettingsService implements NamespaceService<IpcContract['settings']> {
  private readonly listeners = new Set<(settings: Settings) => void>();

  constructor(private readonly deps: SettingsServiceDeps) {}

  async get(): Promise<SettingsView> {
    return this.view();
  }

  async update(changes: RequestOf<IpcContract['settings']['update']>): Promise<SettingsView> {
    const next = this.deps.store.update(changes);
    for (const listener of this.listeners) listener(next);

    const view = this.view();
    this.deps.events.emit('settings.onChanged', view);
    return view;
  }

  /** The stored settings, for services in main. */
  current(): Settings {
    return this.deps.store.get();
  }

  /** Returns the download folder to use: the setting, or the OS Downloads folder. */
  downloadFolder(): string {
    return this.deps.store.get().downloadFolder ?? this.deps.defaultDownloadFolder();
  }

  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private view(): SettingsView {
    return {
      settings: this.deps.store.get(),
      systemLanguage: languageForLocale(this.deps.systemLocale()),
      defaultDownloadFolder: this.deps.defaultDownloadFolder(),
    };
  }
}
