// Registers the desk's custom search attributes on an existing cluster (`itdesk temporal setup`).
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import type { TemporalSettings } from './settings';

const { temporal } = proto;

const TYPE: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  Text: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  Keyword: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  Int: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_INT,
  Double: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  Bool: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  Datetime: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KeywordList: temporal.api.enums.v1.IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

/** Adds the attributes the namespace lacks; returns the names it added. */
export async function registerSearchAttributes(client: Client, settings: TemporalSettings): Promise<string[]> {
  return addMissingSearchAttributes(client.connection.operatorService, settings.connection.namespace, settings.searchAttributes);
}

/** The same through any connection's operator service (the embedded dev server uses it at start). */
export async function addMissingSearchAttributes(
  operatorService: Pick<Client['connection']['operatorService'], 'listSearchAttributes' | 'addSearchAttributes'>,
  namespace: string,
  attributes: Record<string, string>,
): Promise<string[]> {
  const existing = await operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.entries(attributes).filter(([name]) => !known.has(name));
  if (!missing.length) return [];
  await operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, TYPE[type]])),
  });
  return missing.map(([name]) => name);
}
