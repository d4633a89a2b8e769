// The application menu: the standard roles Electron translates, with the app's name on macOS.
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function applicationMenu(appName: string): Menu {
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ label: appName, role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
  ];
  return Menu.buildFromTemplate(template);
}
