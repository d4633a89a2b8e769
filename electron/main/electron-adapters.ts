// The Electron implementations of the services' ports: safeStorage as the key cipher and
// the native dialogs. These and the files that import them are the only ones that need Electron.
import { BrowserWindow, dialog, safeStorage } from 'electron';

import type { Dialogs } from './services/dialogs';
import type { SecretCipher } from './storage/credentials';

/**
 * Electron's safeStorage: DPAPI on Windows, the Keychain on macOS, and libsecret or KWallet on
 * Linux. On Linux without a keyring Electron falls back to a fixed password (`basic_text`),
 * which protects nothing, so that counts as unavailable and keys last only for the session.
 */
export class SafeStorageCipher implements SecretCipher {
  isAvailable(): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
  }

  encrypt(plainText: string): Buffer {
    return safeStorage.encryptString(plainText);
  }

  decrypt(cipherText: Buffer): string {
    return safeStorage.decryptString(cipherText);
  }
}

export class ElectronDialogs implements Dialogs {
  async chooseSources(select: 'files' | 'folders'): Promise<string[]> {
    const properties: ('openFile' | 'openDirectory' | 'multiSelections')[] =
      select === 'files' ? ['openFile', 'multiSelections'] : ['openDirectory', 'multiSelections'];
    const result = await this.show((window) => dialog.showOpenDialog(window, { properties }));
    return result.canceled ? [] : result.filePaths;
  }

  async chooseFolder(defaultPath: string): Promise<string | null> {
    const result = await this.show((window) =>
      dialog.showOpenDialog(window, {
        defaultPath,
        properties: ['openDirectory', 'createDirectory'],
      }),
    );
    return result.canceled ? null : (result.filePaths[0] ?? null);
  }

  async chooseSavePath(defaultName: string, format: 'csv' | 'json'): Promise<string | null> {
    const filters = [{ name: format.toUpperCase(), extensions: [format] }];
    const result = await this.show((window) =>
      dialog.showSaveDialog(window, { defaultPath: defaultName, filters }),
    );
    return result.canceled ? null : (result.filePath ?? null);
  }

  private show<T>(open: (window: BrowserWindow) => Promise<T>): Promise<T> {
    const window = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
    if (!window) throw new Error('No window is open to attach the dialog to.');
    return open(window);
  }
}
