import { Readable } from 'node:stream';
import { summarizeRestoreReport, topReasons } from './report-summary';

/** A report as send-report.ts writes it: the summary's fields, then `items`, in small chunks. */
function reportStream(report: object, chunkSize = 7): Readable {
  const text = JSON.stringify(report);
  const chunks: Buffer[] = [];
  for (let at = 0; at < text.length; at += chunkSize) chunks.push(Buffer.from(text.slice(at, at + chunkSize)));
  return Readable.from(chunks);
}

const entry = (status: string, extra: object = {}) => ({ file: 'b.json', sourcePath: '/F/x', type: 'rule', status, warnings: [], ...extra });

describe('summarizeRestoreReport', () => {
  it('takes the counts as sent and counts entries, warnings and failure reasons from the items', async () => {
    const report = {
      restoreId: 'r1',
      dryRun: false,
      counts: { ok: 3, failed: 3, skipped: 0 },
      items: [
        entry('ok', { warnings: ['needs a file'] }),
        entry('failed', { reason: 'broken reference' }),
        entry('ok'),
        entry('failed', { reason: 'invalid name' }),
        entry('ok', { warnings: ['a', 'b'] }),
        entry('failed', { reason: 'broken reference' }),
      ],
    };
    const summary = await summarizeRestoreReport(reportStream(report));
    expect(summary.counts).toEqual({ ok: 3, failed: 3, skipped: 0 });
    expect(summary.listed).toBe(6);
    expect(summary.warned).toBe(2);
    expect(topReasons(summary)).toEqual(['2 × failed: broken reference', '1 × failed: invalid name']);
  });

  it('reads an empty report and one without counts', async () => {
    expect(await summarizeRestoreReport(reportStream({ counts: {}, items: [] }))).toEqual({ counts: {}, listed: 0, warned: 0, failures: new Map() });
    expect((await summarizeRestoreReport(reportStream({ items: [entry('ok')] }))).counts).toBeNull();
  });

  it('rejects a report cut short', async () => {
    const text = JSON.stringify({ counts: { ok: 2 }, items: [entry('ok'), entry('ok')] });
    await expect(summarizeRestoreReport(Readable.from([Buffer.from(text.slice(0, -20))]))).rejects.toThrow();
  });
});
