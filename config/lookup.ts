// Look-ups by a name that came from outside (a URL, a request body, a mail, a YAML file) in a
// record parsed from config or JSON. Own keys only: in a plain object `constructor`, `toString`
// or `__proto__` would otherwise find Object.prototype's members and pass for a known name.

/** The value under `key` when the record itself has that key; otherwise undefined. */
export function ownValue<V>(record: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** True when the record itself (not its prototype) has `key`. */
export function hasOwnKey(record: object, key: string): boolean {
  return Object.hasOwn(record, key);
}

