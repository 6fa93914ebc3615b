import { DragEvent, useId, useRef, useState } from 'react';
import { formatBytes } from '../common/format';

interface Props {
  files: File[];
  onFiles: (files: File[]) => void;
  multiple?: boolean;
  accept?: string;
  label: string;
}

/** Drop files here, or browse: the file input is the real control, the zone is its label. */
export function DropZone({ files, onFiles, multiple = true, accept = '.json,.xml,.rules,application/json,application/xml,text/xml', label }: Props) {
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const id = useId();

  const add = (list: FileList | null) => {
    const added = [...(list ?? [])];
    if (added.length === 0) return;
    if (!multiple) return onFiles(added.slice(0, 1));
    const known = new Set(files.map((f) => `${f.name}|${f.size}`));
    onFiles([...files, ...added.filter((f) => !known.has(`${f.name}|${f.size}`))]);
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    add(e.dataTransfer.files);
  };

  return (
    <div>
      <div
        className={over ? 'drop-zone over' : 'drop-zone'}
        data-testid="drop-zone"
        onDragEnter={(e) => (e.preventDefault(), setOver(true))}
        onDragOver={(e) => (e.preventDefault(), (e.dataTransfer.dropEffect = 'copy'))}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
      >
        <p>
          <strong>{label}</strong>
        </p>
        <p className="muted">Drag and drop {multiple ? 'files' : 'a file'} here, or</p>
        <label htmlFor={id} className="button">
          Browse…
        </label>
        <input
          ref={input}
          id={id}
          className="visually-hidden-input"
          type="file"
          multiple={multiple}
          accept={accept}
          onChange={(e) => {
            add(e.target.files);
            e.target.value = '';
          }}
        />
      </div>
      {files.length > 0 && (
        <ul className="file-list" aria-label="Chosen files">
          {files.map((file) => (
            <li key={`${file.name}|${file.size}`}>
              <span className="path">{file.name}</span> <span className="muted">{formatBytes(file.size)}</span>
              <button type="button" className="link" aria-label={`Remove ${file.name}`} onClick={() => onFiles(files.filter((f) => f !== file))}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
