import { ReactNode } from 'react';
import { ErrorBox } from './ErrorBox';
import type { Download } from './useDownload';

interface Props {
  download: Download;
  /** The submit button's label. */
  label: string;
  /** The submit button is off while busy and while this is set. */
  disabled?: boolean;
  /** A dialog's form: a Cancel button (Done once the file is saved) before the submit button. */
  onClose?: () => void;
  children: ReactNode;
}

/** A form that downloads a file (see useDownload): its fields, the API's error, the saved file's name, its buttons. */
export function DownloadForm({ download: { busy, error, saved, submit }, label, disabled = false, onClose, children }: Props) {
  return (
    <form onSubmit={submit}>
      {children}
      <ErrorBox error={error} />
      {saved && (
        <p className="success" role="status">
          Downloaded {saved}.
        </p>
      )}
      <div className="actions">
        {onClose && (
          <button type="button" onClick={onClose}>
            {saved ? 'Done' : 'Cancel'}
          </button>
        )}
        <button type="submit" className="primary" disabled={busy || disabled}>
          {busy ? 'Preparing…' : label}
        </button>
      </div>
    </form>
  );
}
