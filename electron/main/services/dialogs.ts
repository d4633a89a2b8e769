// Native open and save dialogs behind a port, so the transfers service runs in plain Node.
// The app implements it with Electron's `dialog`; tests and the browser test bridge return
// fixed paths. The renderer never names a file that main writes: main asks the user.
export interface Dialogs {
  /** Files or folders to upload; an empty list when the user closed the dialog. */
  chooseSources(select: 'files' | 'folders'): Promise<string[]>;
  /** A folder to download into, or null. */
  chooseFolder(defaultPath: string): Promise<string | null>;
  /** The path to save an export to, or null. */
  chooseSavePath(defaultName: string, format: 'csv' | 'json'): Promise<string | null>;
}
