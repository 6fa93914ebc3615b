/**
 * The limits of SPEC §3, the same at every entrance: the API's validation, the readers in the
 * workers, the item restore's planner and the full restore all take them from here (DESIGN.md
 * invariant 10). Whatever the API accepts fits them, so every backup Strata writes restores.
 */
export const LIMITS = {
  /** Characters (Unicode code points) in an item's name. */
  nameLength: 255,
  /** Folders nest at most this deep: a top-level folder is at depth 1, an item's folder path has at most this many names. */
  folderDepth: 100,
  /** Levels of JSON arrays and objects in an item's content (the content object itself is level 1). */
  contentDepth: 256,
  /** Characters in a description or a comment. */
  textLength: 1_000_000,
} as const;

/**
 * How deep a file being restored may nest before it is refused as a whole (422) rather than item
 * by item: well past anything a backup of items within LIMITS holds (a legacy XML item sits under
 * the root, a type-root folder and at most LIMITS.folderDepth folders; its body nests at most
 * LIMITS.contentDepth), so that only hostile or broken files reach it, before they can exhaust a
 * stack or memory.
 */
export const FILE_NESTING_CEILING = 2 * LIMITS.contentDepth;

/**
 * Whether a JSON value nests arrays and objects deeper than `max` levels (the value itself is
 * level 1; scalars add none). Iterative, so a value of any depth is measured without recursion.
 */
export function valueNestsDeeperThan(value: unknown, max: number): boolean {
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > max) return true;
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}

/** Why `content` breaks the content depth limit (null: it does not). */
export function contentDepthProblem(content: unknown): string | null {
  return valueNestsDeeperThan(content, LIMITS.contentDepth) ? `nested deeper than ${LIMITS.contentDepth} levels of arrays and objects` : null;
}

/**
 * Why an item of `type` in the folder at `folderPath` (`/a/b`, `/` for the root) would be too deep
 * (null: it would not). A folder counts itself: a folder at `/a` is at depth 2.
 */
export function folderDepthProblem(folderPath: string, type: string): string | null {
  const depth = folderPath.split('/').filter((name) => name !== '').length + (type === 'folder' ? 1 : 0);
  if (depth <= LIMITS.folderDepth) return null;
  return `folders nest at most ${LIMITS.folderDepth} deep; ${type === 'folder' ? 'this folder' : 'its folder'} would be ${depth} deep (in "${abbreviate(folderPath)}")`;
}

/**
 * Why a description or comments text cannot be kept (null: it can, or it is not text): longer
 * than LIMITS.textLength, or holding an unpaired surrogate, which UTF-8 (SQLite, files) cannot
 * carry unchanged.
 */
export function textProblem(field: 'description' | 'comments', text: unknown): string | null {
  if (typeof text !== 'string') return null;
  if (text.length > LIMITS.textLength) return `${field} must be at most ${LIMITS.textLength} characters`;
  if (!isWellFormedText(text)) return `${field} must be Unicode text (no unpaired surrogates)`;
  return null;
}

/** No unpaired UTF-16 surrogate: text that survives UTF-8 (SQLite, files) unchanged. */
export function isWellFormedText(text: string): boolean {
  return !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

function abbreviate(path: string): string {
  return path.length > 120 ? `${path.slice(0, 58)}…${path.slice(-58)}` : path;
}
