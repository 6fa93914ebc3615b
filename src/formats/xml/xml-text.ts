/**
 * Escaping for the XML writers. Output is UTF-8 XML 1.0: non-ASCII characters are written as
 * they are; markup characters are escaped; characters XML 1.0 cannot carry at all (C0 controls
 * other than tab/LF/CR, U+FFFE, U+FFFF, unpaired surrogates — not even as `&#…;`) are replaced by
 * U+FFFD, so the document is always well-formed and the loss is visible.
 */

// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** C1 controls and DEL are legal but invisible: written as character references. */
const DISCOURAGED = /[\u007F-\u009F]/g;

function clean(value: string): string {
  return value.replace(FORBIDDEN, '\uFFFD').replace(DISCOURAGED, (c) => `&#${c.charCodeAt(0)};`);
}

/** Element text: `&`, `<`, `>` escaped; CR as `&#13;` so it survives line-end normalisation. */
export function escapeText(value: string): string {
  return clean(value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')).replace(/\r/g, '&#13;');
}

/** Attribute value (in double quotes): also `"`, and TAB/LF/CR as references (attribute normalisation). */
export function escapeAttr(value: string): string {
  return clean(value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')).replace(
    /[\t\n\r]/g,
    (c) => `&#${c.charCodeAt(0)};`,
  );
}

/** Unprefixed XML 1.0 name (NCName), ASCII-centred but accepting letters of any script. */
const NCNAME =
  // eslint-disable-next-line no-misleading-character-class -- the ranges of the XML spec's NameStartChar and NameChar, combining marks included
  /^[A-Za-z_\u00C0-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD][A-Za-z0-9_.\-\u00B7\u00C0-\u02FF\u0300-\u036F\u0370-\u037D\u037F-\u1FFF\u200C\u200D\u203F\u2040\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD]*$/;

/** Whether `name` is an unprefixed XML name (NCName). */
export function isNcName(name: string): boolean {
  return NCNAME.test(name);
}

/**
 * Whether `name` can be written as an element or attribute name of our documents: an NCName, or
 * `gml:`/`xml:` + NCName (the only prefixes declared); never a namespace declaration.
 */
export function isXmlName(name: string): boolean {
  if (name === 'xmlns' || name.startsWith('xmlns:')) return false;
  const colon = name.indexOf(':');
  if (colon < 0) return NCNAME.test(name);
  const prefix = name.slice(0, colon);
  return (prefix === 'gml' || prefix === 'xml') && NCNAME.test(name.slice(colon + 1));
}

/** ` a="1" b="2"` from [name, value] pairs (names must already be valid). */
export function attrs(pairs: Iterable<[string, string]>): string {
  let out = '';
  for (const [name, value] of pairs) out += ` ${name}="${escapeAttr(value)}"`;
  return out;
}

/** `<Name>text</Name>` on one line. */
export function textElement(indent: string, name: string, text: string): string {
  return `${indent}<${name}>${escapeText(text)}</${name}>\n`;
}
