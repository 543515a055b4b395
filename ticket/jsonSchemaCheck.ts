// A small JSON Schema check, for the ticket workflow's update validators (issue #10). The
// workflow bundle is evaluated once per cached ticket, and zod in it was most of an open ticket's
// memory; the schemas this checks are generated from the zod contracts, so the contract is still
// written once (ticket/actions.ts → ticket/actionArguments.generated.ts).
//
// It knows the keywords zod's JSON Schema output uses for the contracts (a unit test fails on any
// other), plus three of ours that carry what JSON Schema cannot say: `notBlank` (zod's
// `trim().min(1)`), `mailAddress` (an address in the desk's normal form) and `problem` (the
// contract's own words for a failed `pattern` or `anyOf`). No I/O, no zod.
import { normaliseAddress } from '../mail/address';

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  default?: unknown;
  notBlank?: boolean;
  mailAddress?: boolean;
  problem?: string;
}

/** Every keyword `checkJsonSchema` acts on or may safely ignore (`default`, `format`: the pattern says it). */
export const KNOWN_KEYWORDS = new Set([
  'type', 'properties', 'required', 'additionalProperties', 'enum', 'anyOf', 'items', 'minLength', 'maxLength',
  'pattern', 'format', 'minimum', 'maximum', 'minItems', 'maxItems', 'default', 'notBlank', 'mailAddress', 'problem',
]);

export interface SchemaProblem {
  path: string;
  message: string;
}

const patterns = new Map<string, RegExp>();
function regexOf(pattern: string): RegExp {
  let found = patterns.get(pattern);
  if (!found) {
    try {
      found = new RegExp(pattern, 'u');
    } catch {
      found = new RegExp(pattern); // a pattern written for the non-unicode syntax
    }
    patterns.set(pattern, found);
  }
  return found;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(expected: string, actual: string): boolean {
  return expected === actual || (expected === 'number' && actual === 'integer');
}

const join = (path: string, key: string | number) => (path ? `${path}.${key}` : String(key));

/** The problems of `value` against `schema`, in document order; [] when it conforms. */
export function checkJsonSchema(schema: JsonSchema, value: unknown, path = ''): SchemaProblem[] {
  const problems: SchemaProblem[] = [];
  const fail = (message: string, at = path) => problems.push({ path: at, message });
  const actual = typeOf(value);

  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (!types.some((t) => typeMatches(t, actual))) {
      fail(`expected ${types.join(' or ')}, got ${actual}`);
      return problems;
    }
  }
  if (schema.enum && !schema.enum.some((option) => option === value))
    fail(`expected one of ${schema.enum.map((o) => JSON.stringify(o)).join(', ')}`);

  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) fail(schema.minLength === 1 ? 'must not be empty' : `at least ${schema.minLength} characters`);
    if (schema.maxLength !== undefined && length > schema.maxLength) fail(`at most ${schema.maxLength} characters`);
    if (schema.notBlank && !value.trim()) fail('must not be blank');
    if (schema.pattern !== undefined && !regexOf(schema.pattern).test(value)) fail(schema.problem ?? `does not match ${schema.pattern}`);
    if (schema.mailAddress && normaliseAddress(value) === null) fail('not a usable mail address');
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) fail(`at least ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) fail(`at most ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) fail(`at least ${schema.minItems} item(s)`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) fail(`at most ${schema.maxItems} item(s)`);
    if (schema.items) value.forEach((item, i) => problems.push(...checkJsonSchema(schema.items!, item, join(path, i))));
  }
  if (actual === 'object') {
    const object = value as Record<string, unknown>;
    const properties = schema.properties ?? {};
    for (const key of schema.required ?? []) if (!Object.prototype.hasOwnProperty.call(object, key) || object[key] === undefined) fail('required', join(path, key));
    for (const [key, child] of Object.entries(object)) {
      if (child === undefined) continue;
      if (Object.prototype.hasOwnProperty.call(properties, key)) problems.push(...checkJsonSchema(properties[key]!, child, join(path, key)));
      else if (schema.additionalProperties === false) fail('unknown field', join(path, key));
    }
  }
  if (schema.anyOf) {
    const outcomes = schema.anyOf.map((option) => checkJsonSchema(option, value, path));
    if (!outcomes.some((found) => found.length === 0)) {
      // The contract's words if it has them, else what the closest option found.
      if (schema.problem) fail(schema.problem);
      else problems.push(...outcomes.reduce((best, found) => (found.length < best.length ? found : best)));
    }
  }
  return problems;
}
