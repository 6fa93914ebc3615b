import type { ItemContent } from '../../repository/domain/item';
import { ACTION_MAP, DATA_STORE, SESSION } from '../../formats/legacy-xml/legacy-xml-layout';
import { LayoutWriter } from './legacy-xml-layout.writer';

/**
 * Bodies of action maps, data stores and sessions, as 1Integrate writes them (the layout and how
 * unmodelled content is kept are in legacy-xml-layout.ts). `uriOf` turns a referenced item id
 * into its `TYPE://path` URI.
 */
type UriOf = (id: string) => string;

export function actionMapBody(content: ItemContent, indent: string, uriOf: UriOf): string {
  return new LayoutWriter(uriOf).object(content, ACTION_MAP, 'ActionMap', indent);
}

/** A data store references nothing; a password param's value is never written. */
export function dataStoreBody(content: ItemContent, indent: string): string {
  return new LayoutWriter().object(content, DATA_STORE, 'DataStore', indent);
}

export function sessionBody(content: ItemContent, indent: string, uriOf: UriOf): string {
  return new LayoutWriter(uriOf).object(content, SESSION, 'Session', indent);
}
