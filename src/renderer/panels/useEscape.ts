import { useEffect, useRef } from 'react';

/**
 * Calls onEscape when Escape is pressed anywhere: a dialog must close even
 * when focus has left it (e.g. its focused button became disabled). In the
 * capture phase, and marked handled (preventDefault), so that the innermost
 * thing open closes first: a confirmation closes before the panel under it,
 * which listens with useEscapeUnlessHandled.
 */
export function useEscape(onEscape: () => void): void {
  const ref = useRef(onEscape);
  useEffect(() => {
    ref.current = onEscape;
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape') {
        e.preventDefault();
        ref.current();
      }
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, []);
}

/**
 * Calls onEscape for an Escape nothing else handled (a dialog, the filter box,
 * a menu): for panels and popovers that close when nothing inside them did.
 */
export function useEscapeUnlessHandled(onEscape: () => void, active = true): void {
  const ref = useRef(onEscape);
  useEffect(() => {
    ref.current = onEscape;
  });
  useEffect(() => {
    if (!active) return;
    const onKey = (e: KeyboardEvent): void => {
      if (e.key === 'Escape' && !e.defaultPrevented) {
        e.preventDefault();
        ref.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [active]);
}
