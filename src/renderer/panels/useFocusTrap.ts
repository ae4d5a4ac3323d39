/**
 * Keeps keyboard focus inside a modal dialog while it is open (Tab and
 * Shift+Tab cycle its controls) and gives focus back to where it was when the
 * dialog closes, through focus-trap. Escape is the dialog's own (useEscape),
 * so React state stays the one truth about what is open.
 */
import { useEffect, type RefObject } from 'react';
import { createFocusTrap } from 'focus-trap';

export function useFocusTrap(
  container: RefObject<HTMLElement | null>,
  initialFocus?: RefObject<HTMLElement | null>,
): void {
  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const trap = createFocusTrap(el, {
      escapeDeactivates: false,
      // Let clicks through: the backdrop already stops the pointer, and the browser-mode export downloads by
      // clicking a link it adds to <body> (outside the dialog), which a blocking trap would cancel.
      allowOutsideClick: true,
      initialFocus: () => initialFocus?.current ?? undefined,
      fallbackFocus: el,
      returnFocusOnDeactivate: true,
      // Without layout (tests' DOM), every control would look hidden; the dialog shows only what it renders.
      tabbableOptions: { displayCheck: 'none' },
    });
    trap.activate();
    return () => {
      trap.deactivate();
    };
  }, [container, initialFocus]);
}
