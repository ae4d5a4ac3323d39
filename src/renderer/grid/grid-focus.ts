/**
 * The grid's element, shared by ref with the components that hand focus back
 * to it (the filter box on ArrowDown/Enter, the context menu when it closes),
 * so none of them looks the grid up in the document.
 */
import { createContext, useContext, type RefObject } from 'react';

export const GridRefContext = createContext<RefObject<HTMLDivElement | null> | null>(null);

/** Focuses the grid, when one is on screen. */
export function useFocusGrid(): () => void {
  const ref = useContext(GridRefContext);
  return () => ref?.current?.focus();
}
