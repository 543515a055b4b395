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
  const namespace = settings.connection.namespace;
  const existing = await client.connection.operatorService.listSearchAttributes({ namespace });
  const known = new Set(Object.keys(existing.customAttributes ?? {}));
  const missing = Object.entries(settings.searchAttributes).filter(([name]) => !known.has(name));
  if (!missing.length) return [];
  await client.connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map(([name, type]) => [name, TYPE[type]])),
  });
  return missing.map(([name]) => name);
}
