/**
 * The stand-in's Menu: keeps the template the main process built, and clicks
 * an item by its path of labels ("File", "Export CSV…") the way a native menu
 * would: disabled items cannot be clicked, checkboxes toggle and radio items
 * select themselves before `click` runs. Native rendering and accelerators are
 * not emulated (see electron-stand-in.ts).
 */
import type { MenuItemConstructorOptions } from 'electron';

type ClickHandler = (item: StandInMenuItem, window: unknown, event: { triggeredByAccelerator: boolean }) => void;

/** What Electron shows for an item that has a role and no label. */
const ROLE_LABELS: Readonly<Record<string, string>> = {
  quit: 'Quit',
  close: 'Close',
  reload: 'Reload',
  toggledevtools: 'Toggle Developer Tools',
  resetzoom: 'Actual Size',
  zoomin: 'Zoom In',
  zoomout: 'Zoom Out',
  togglefullscreen: 'Toggle Full Screen',
  editmenu: 'Edit',
  help: 'Help',
  appmenu: 'NetScope',
};

export class StandInMenuItem {
  label: string;
  role: string | null;
  type: string;
  checked: boolean;
  enabled: boolean;
  visible: boolean;
  id: string | null;
  submenu: StandInMenu | null;
  readonly click: ClickHandler | null;

  constructor(options: MenuItemConstructorOptions) {
    this.role = options.role ? options.role.toLowerCase() : null;
    this.label = options.label ?? (this.role ? (ROLE_LABELS[this.role] ?? this.role) : '');
    this.type = options.type ?? (options.submenu ? 'submenu' : 'normal');
    this.checked = options.checked ?? false;
    this.enabled = options.enabled ?? true;
    this.visible = options.visible ?? true;
    this.id = options.id ?? null;
    this.click = (options.click as ClickHandler | undefined) ?? null;
    const sub = options.submenu;
    this.submenu = Array.isArray(sub) ? new StandInMenu(sub) : null;
  }
}

export class StandInMenu {
  readonly items: StandInMenuItem[];
  constructor(template: MenuItemConstructorOptions[]) {
    this.items = template.map((options) => new StandInMenuItem(options));
  }

  /** The visible item at this path of labels, or an error naming what the menu has instead. */
  find(path: readonly string[]): StandInMenuItem {
    const [label, ...rest] = path;
    if (label === undefined) throw new Error('menu: empty path');
    const item = this.items.find((i) => i.visible && i.type !== 'separator' && i.label === label);
    if (!item) {
      const labels = this.items.filter((i) => i.type !== 'separator').map((i) => i.label);
      throw new Error(`menu: no "${label}" in [${labels.join(', ')}]`);
    }
    if (rest.length === 0) return item;
    if (!item.submenu) throw new Error(`menu: "${label}" has no submenu`);
    return item.submenu.find(rest);
  }

  /**
   * Clicks like a user: refuses a disabled item, updates checkbox and radio
   * state first (Electron does), then runs click or the role's action.
   */
  click(path: readonly string[], focusedWindow: unknown, runRole: (role: string) => void): void {
    const item = this.find(path);
    if (!item.enabled) throw new Error(`menu: "${path.join(' > ')}" is disabled`);
    if (item.type === 'checkbox') item.checked = !item.checked;
    if (item.type === 'radio') {
      const parent = path.length > 1 ? this.find(path.slice(0, -1)).submenu : this;
      for (const sibling of parent?.items ?? []) if (sibling.type === 'radio') sibling.checked = sibling === item;
    }
    if (item.click) item.click(item, focusedWindow, { triggeredByAccelerator: false });
    else if (item.role) runRole(item.role);
    else throw new Error(`menu: "${path.join(' > ')}" does nothing`);
  }
}
