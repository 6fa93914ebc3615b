import type { RestoreRecord } from '../api/types';
import { formatBytes } from '../common/format';

const STEPS = ['uploading', 'parsing', 'planning', 'committing', 'projecting', 'done'] as const;
type Step = (typeof STEPS)[number];

const LABEL: Record<Step, string> = {
  uploading: 'Upload',
  parsing: 'Read the backup',
  planning: 'Compare with the repository',
  committing: 'Write one batch',
  projecting: 'Update the views',
  done: 'Done',
};

/** The step of a server phase: receiving the file is shown as part of reading it. */
function stepOf(phase: string): Step {
  return STEPS.find((step) => step === phase) ?? 'parsing';
}

/** Where a full restore is: the upload (from the browser), then the server's phases. */
export function RestoreProgress({ uploaded, record }: { uploaded: number; record: RestoreRecord | null }) {
  const progress = record?.progress;
  const finished = record && record.status !== 'running';
  const step: Step = finished ? 'done' : progress ? stepOf(progress.phase) : uploaded < 1 ? 'uploading' : 'parsing';
  const index = STEPS.indexOf(step);
  const parsed = progress && progress.bytesTotal ? progress.bytesRead / progress.bytesTotal : 0;
  const overall = finished ? 1 : step === 'uploading' ? uploaded * 0.4 : step === 'parsing' ? 0.4 + parsed * 0.4 : 0.8 + (index - 2) * 0.06;
  const percent = Math.round(overall * 100);
  return (
    <div className="restore-progress">
      <label htmlFor="repository-progress">
        {finished ? (record.status === 'succeeded' ? 'Finished' : 'Failed') : LABEL[step]} — {percent}%
      </label>
      <progress id="repository-progress" max={100} value={percent} aria-valuetext={`${LABEL[step]}, ${percent}%`} />
      <ol className="steps">
        {STEPS.map((s, i) => (
          <li
            key={s}
            className={i < index || finished ? 'step done' : i === index ? 'step current' : 'step'}
            aria-current={i === index && !finished ? 'step' : undefined}
          >
            {LABEL[s]}
          </li>
        ))}
      </ol>
      {progress && (
        <p className="muted">
          {formatBytes(progress.bytesRead)} of {formatBytes(progress.bytesTotal)} read, {progress.itemsRead} items
        </p>
      )}
    </div>
  );
}
