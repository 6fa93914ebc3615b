import { useState } from 'react';

/** Copies `text` to the clipboard and says so (or says it could not: the clipboard needs a secure context). */
export function CopyButton({ text, label }: { text: string; label: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle');
  const copy = () =>
    (navigator.clipboard?.writeText(text) ?? Promise.reject(new Error('no clipboard'))).then(
      () => setState('copied'),
      () => setState('failed'),
    );
  return (
    <>
      <button type="button" className="link" onClick={copy}>
        {label}
      </button>
      <span role="status" className="muted">
        {state === 'copied' ? ' Copied.' : state === 'failed' ? ' Could not copy: select it and copy.' : ''}
      </span>
    </>
  );
}
