// Registers one ipcMain.handle per invoke channel of the contract, each going through
// createHandlers (sender check, schema validation, result envelope), and forwards service
// events to the app's windows.
import { BrowserWindow, ipcMain, type IpcMainInvokeEvent } from 'electron';

import type { IpcHandler, SenderInfo } from './services/handlers';
import type { IpcEventBus } from './services/event-bus';

export function registerIpc(
  handlers: ReadonlyMap<string, IpcHandler>,
  events: IpcEventBus,
): () => void {
  for (const [channel, handler] of handlers) {
    ipcMain.handle(channel, (event: IpcMainInvokeEvent, payload: unknown) =>
      handler(payload, senderOf(event)),
    );
  }

  const unsubscribe = events.subscribe((channel, payload) => {
    for (const window of BrowserWindow.getAllWindows()) {
      if (!window.isDestroyed()) window.webContents.send(channel, payload);
    }
  });

  return () => {
    unsubscribe();
    for (const channel of handlers.keys()) ipcMain.removeHandler(channel);
  };
}

/** Reads what createHandlers needs to know about the frame that sent a request. */
function senderOf(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  // A frame that navigated away or was destroyed reports null: such a request is rejected.
  if (!frame) return { url: null, isMainFrame: false };
  return { url: frame.url, isMainFrame: frame === event.sender.mainFrame };
}
