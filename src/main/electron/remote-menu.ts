/** The File menu's remote-agent items: connect, the recent agents (host switcher), back to this computer. */
import { dialog, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import type { EngineStatus } from '../../shared/api';
import type { Backend } from '../engine/backend-types';
import type { RecentAgent, RemoteAgents } from './remote-agents';

export interface RemoteMenuOptions {
  agents: RemoteAgents;
  backend: Backend;
  getWindow: () => BrowserWindow | null;
}

async function showError(win: BrowserWindow | null, message: string): Promise<void> {
  const box = {
    type: 'warning' as const,
    title: 'Cannot connect to the agent',
    message: 'NetScope could not connect to the remote agent',
    detail: message,
    buttons: ['OK'],
  };
  if (win) await dialog.showMessageBox(win, box);
  else await dialog.showMessageBox(box);
}

function openRecent(options: RemoteMenuOptions, agent: RecentAgent): void {
  const url = options.agents.urlOf(agent);
  // Its token was not kept (no safeStorage here): the dialog asks for the URL again.
  if (url === null) return options.backend.sendCommand('connect-remote');
  void options.agents.connect(url).then((result) => {
    if (!result.ok) void showError(options.getWindow(), result.error.message);
  });
}

export function remoteMenuItems(options: RemoteMenuOptions, status: EngineStatus | null): MenuItemConstructorOptions[] {
  const recent = options.agents.recent;
  return [
    {
      label: 'Connect to Remote Agent…',
      accelerator: 'CmdOrCtrl+Shift+O',
      click: () => options.backend.sendCommand('connect-remote'),
    },
    ...(recent.length > 0
      ? [
          {
            label: 'Recent Agents',
            submenu: recent.map((agent) => ({
              label: `${agent.title} (${agent.origin.replace(/^https?:\/\//, '')})`,
              click: () => openRecent(options, agent),
            })),
          },
        ]
      : []),
    ...(status?.remote
      ? [
          {
            label: 'Back to This Computer',
            accelerator: 'CmdOrCtrl+Shift+L',
            click: () => void options.agents.showLocal(),
          },
        ]
      : []),
  ];
}
