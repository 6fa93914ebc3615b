/**
 * The SQL condition "this item version was live at position `at`" — the current version when
 * `at` is undefined (the partial indexes on `to_pos IS NULL` serve that case). A version is live
 * in [from_pos, to_pos). `at` is a bigint the service produced, so it is inlined as a number.
 */
export function liveAt(at: bigint | undefined, alias = ''): string {
  const v = alias ? `${alias}.` : '';
  if (at === undefined) return `${v}to_pos IS NULL`;
  const p = at.toString();
  return `(${v}from_pos <= ${p} AND (${v}to_pos IS NULL OR ${v}to_pos > ${p}))`;
}
