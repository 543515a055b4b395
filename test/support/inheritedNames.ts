// Names every plain object inherits from Object.prototype: what a hostile caller tries first
// as an action, a category, a group or a member id.
export const INHERITED_NAMES = ['constructor', '__proto__', 'toString', 'valueOf', 'hasOwnProperty', 'isPrototypeOf', 'propertyIsEnumerable', 'toLocaleString', '__defineGetter__'] as const;

/** The ones that also pass the id patterns of config (lower-case letters, digits, dashes). */
export const INHERITED_ID_NAMES = INHERITED_NAMES.filter((name) => /^[a-z][a-z0-9-]*$/.test(name));
