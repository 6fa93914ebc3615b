/**
 * One item body of a legacy XML backup, captured as a small element tree while streaming (an
 * item is small; the document is never built) and turned into Strata content when the item ends.
 */
export interface XmlElement {
  /** Element name as a rule-language kind: the local name, `gml:` + local name for GML. */
  name: string;
  ns: string;
  /** Attributes in document order (unprefixed names; `gml:`/`xml:` kept for those namespaces). */
  attributes: Record<string, string>;
  children: XmlElement[];
  /** All the element's own text (between and around its children), concatenated. */
  text: string;
  /** The text before the first child and the text after this element up to its next sibling (mixed content, kept in order). */
  head?: string;
  tail?: string;
  /** Namespace of attributes in a namespace other than GML's and XML's, by name (`p:name`). */
  attributeNs?: Record<string, string>;
}
