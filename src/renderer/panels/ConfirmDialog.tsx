/** A small modal yes/no dialog; the confirm button gets focus and keeps it inside, Escape cancels. */
import { useRef } from 'react';
import { useEscape } from './useEscape';
import { useFocusTrap } from './useFocusTrap';

interface ConfirmDialogProps {
  message: string;
  confirmLabel: string;
  onConfirm(): void;
  onCancel(): void;
  busy?: boolean;
}

export function ConfirmDialog({ message, confirmLabel, onConfirm, onCancel, busy = false }: ConfirmDialogProps) {
  const confirmRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  useFocusTrap(dialogRef, confirmRef);
  useEscape(onCancel);
  return (
    <div className="modal-backdrop">
      <div
        ref={dialogRef}
        className="modal"
        role="alertdialog"
        aria-modal="true"
        aria-label={message}
        data-testid="confirm-dialog"
      >
        <p className="modal-message">{message}</p>
        <div className="modal-buttons">
          <button type="button" className="btn" onClick={onCancel}>
            Cancel
          </button>
          <button
            ref={confirmRef}
            type="button"
            className="btn danger"
            data-testid="confirm-ok"
            disabled={busy}
            onClick={onConfirm}
          >
            {confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
