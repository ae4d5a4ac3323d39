/**
 * The row context menu (mouse, ContextMenu key or Shift+F10). A real
 * role="menu": focus moves into it, arrows move between items, Escape closes
 * it and gives focus back to the grid.
 */
import { memo, useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import { CONNECTION_COLUMNS, hasNoPeer } from '../../shared/columns';
import { filterTerm } from '../../shared/filter-assist';
import { useNetScope, useNetScopeStore } from '../store';
import { copyText } from './clipboard';
import { useFocusGrid } from './grid-focus';

const endpoint = (address: string, port: number): string =>
  address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;

export const ContextMenu = memo(function ContextMenu() {
  const store = useNetScopeStore();
  const focusGrid = useFocusGrid();
  const menu = useNetScope((s) => s.menu);
  const canEnd = useNetScope((s) => s.capabilities?.canEndProcess === true);
  const ref = useRef<HTMLDivElement>(null);
  // The menu's buttons in order, kept by ref: focus moves among the enabled ones.
  const itemRefs = useRef<(HTMLButtonElement | null)[]>([]);
  const enabledItems = (): HTMLButtonElement[] =>
    itemRefs.current.filter((b): b is HTMLButtonElement => b !== null && !b.disabled);
  const [pos, setPos] = useState<{ left: number; top: number } | null>(null);

  // Keep the menu inside the window: measure, then clamp.
  useLayoutEffect(() => {
    if (!menu || !ref.current) return;
    const r = ref.current.getBoundingClientRect();
    setPos({
      left: Math.max(0, Math.min(menu.x, window.innerWidth - r.width - 4)),
      top: Math.max(0, Math.min(menu.y, window.innerHeight - r.height - 4)),
    });
    enabledItems()[0]?.focus();
  }, [menu]);

  useEffect(() => {
    if (!menu) return;
    const close = (e: Event): void => {
      if (e.target instanceof Node && ref.current?.contains(e.target)) return;
      store.getState().openMenu(null);
    };
    window.addEventListener('mousedown', close, true);
    window.addEventListener('blur', close);
    window.addEventListener('resize', close);
    return () => {
      window.removeEventListener('mousedown', close, true);
      window.removeEventListener('blur', close);
      window.removeEventListener('resize', close);
    };
  }, [menu, store]);

  if (!menu) return null;
  const c = menu.connection;
  const actions = store.getState();

  const done = (): void => {
    actions.openMenu(null);
    focusGrid();
  };
  const copy = (text: string, what: string): void => {
    void copyText(text).then((ok) =>
      actions.setNotice(
        ok ? { kind: 'info', text: `Copied ${what}.` } : { kind: 'error', text: `Could not copy ${what}.` },
      ),
    );
    done();
  };
  const lookUp = (): void => {
    done();
    void actions.lookUpHost(c.remoteAddress);
  };

  // A listening or unconnected socket has no remote: nothing to copy, filter to or look up.
  const peer = !hasNoPeer(c);
  const items: { label: string; run: () => void; disabled?: boolean; hidden?: boolean }[] = [
    { label: 'Go to process', disabled: c.pid === null, run: () => actions.openProcess(c.pid) },
    { label: 'Copy row', run: () => copy(CONNECTION_COLUMNS.map((col) => col.text(c)).join('\t'), 'the row') },
    { label: 'Copy local address', run: () => copy(endpoint(c.localAddress, c.localPort), 'the local address') },
    {
      label: 'Copy remote address',
      hidden: !peer,
      run: () => copy(endpoint(c.remoteAddress, c.remotePort), 'the remote address'),
    },
    {
      label: 'Filter to this process',
      disabled: c.pid === null && !c.processName,
      run: () => {
        actions.setFilter(c.pid !== null ? filterTerm('pid', String(c.pid)) : filterTerm('proc', c.processName ?? ''));
        done();
      },
    },
    {
      label: 'Filter to this remote address',
      hidden: !peer,
      run: () => {
        actions.setFilter(filterTerm('raddr', `=${c.remoteAddress}`));
        done();
      },
    },
    { label: 'Look up remote host', hidden: !peer, run: lookUp },
    {
      label: 'End process...',
      disabled: !canEnd || c.pid === null,
      run: () => actions.openProcess(c.pid, true),
    },
  ];

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>): void => {
    const all = enabledItems();
    const at = all.findIndex((b) => b === document.activeElement);
    let next: HTMLElement | undefined;
    if (e.key === 'ArrowDown') next = all[(at + 1) % all.length];
    else if (e.key === 'ArrowUp') next = all[(at - 1 + all.length) % all.length];
    else if (e.key === 'Home') next = all[0];
    else if (e.key === 'End') next = all.at(-1);
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      done();
      return;
    } else return;
    e.preventDefault();
    next?.focus();
  };

  return (
    <div
      ref={ref}
      role="menu"
      aria-label="Connection actions"
      className="menu"
      style={{ left: pos?.left ?? menu.x, top: pos?.top ?? menu.y }}
      onKeyDown={onKeyDown}
      onContextMenu={(e) => e.preventDefault()}
    >
      {items
        .filter((item) => !item.hidden)
        .map((item, i) => (
          <button
            key={item.label}
            ref={(el) => {
              itemRefs.current[i] = el;
            }}
            type="button"
            role="menuitem"
            className="menu-item"
            disabled={item.disabled}
            onClick={item.run}
          >
            {item.label}
          </button>
        ))}
    </div>
  );
});
