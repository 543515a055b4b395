// Parses one YAML file while keeping node positions, so every schema error can point at
// `file:line:col` of the node that caused it (or of the closest parent that exists).
import { isMap, isSeq, isScalar, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';

export interface ConfigIssue {
  file: string;
  line: number;
  col: number;
  path: string;
  message: string;
  severity: 'error' | 'warning';
}

export function formatIssue(issue: ConfigIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.col}`;
  const prefix = issue.severity === 'warning' ? 'warning: ' : '';
  return `${where}: ${issue.path || '(root)'}: ${prefix}${issue.message}`;
}

export class ConfigError extends Error {
  constructor(readonly issues: ConfigIssue[]) {
    super(issues.filter((i) => i.severity === 'error').map(formatIssue).join('\n'));
    this.name = 'ConfigError';
  }
}

export interface YamlSource {
  file: string;
  data: unknown;
  /** Position of the node at `path`, falling back to the deepest existing ancestor. */
  positionOf(path: ReadonlyArray<PropertyKey>): { line: number; col: number };
  /** Builds an issue located at `path` in this file. */
  issueAt(path: ReadonlyArray<PropertyKey>, message: string, severity?: 'error' | 'warning'): ConfigIssue;
  /** YAML syntax errors; when non-empty, `data` must not be trusted. */
  syntaxIssues: ConfigIssue[];
  /** Nothing but blanks and comments: `data` is then `{}`. */
  empty: boolean;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number | undefined) => {
    const { line, col } = lineCounter.linePos(offset ?? 0);
    return { line, col };
  };
  const positionOf = (path: ReadonlyArray<PropertyKey>) => at(findNodeOffset(doc, path));
  const issueAt = (path: ReadonlyArray<PropertyKey>, message: string, severity: 'error' | 'warning' = 'error') => ({
    file,
    ...positionOf(path),
    path: formatPath(path),
    message,
    severity,
  });
  const syntaxIssues: ConfigIssue[] = doc.errors.map((e) => ({
    file,
    ...at(e.pos[0]),
    path: '',
    // The parser's own words do not say which key: name it, as the desk's own messages do.
    message: e.code === 'DUPLICATE_KEY' ? duplicateKeyMessage(text, e.pos[0]) ?? e.message : e.message.split('\n')[0],
    severity: 'error' as const,
  }));
  let data: unknown;
  if (!doc.errors.length) {
    try {
      data = doc.toJS() ?? {};
    } catch (err) {
      // yaml refuses to expand aliases past a limit (a "billion laughs" file) by throwing: report
      // it like any other mistake in this file instead of failing without naming the file.
      const excessive = /alias/i.test((err as Error).message);
      syntaxIssues.push({
        file,
        ...at(firstAliasOffset(doc)),
        path: '',
        message: excessive ? 'too many alias expansions (a YAML alias bomb?): write the values out instead of nesting aliases' : (err as Error).message,
        severity: 'error',
      });
    }
  }
  return { file, data, positionOf, issueAt, syntaxIssues, empty: doc.contents === null };
}

/** The parser reports where a duplicate key starts; the key is the text up to its colon. */
function duplicateKeyMessage(text: string, offset: number): string | null {
  const key = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:,{}[\]\n]+?)\s*:/.exec(text.slice(offset))?.[1];
  return key ? `duplicate key '${key}': a key may appear only once in a map` : null;
}

function firstAliasOffset(doc: Document): number {
  let offset = 0;
  visit(doc, {
    Alias(_key, node) {
      offset = node.range?.[0] ?? 0;
      return visit.BREAK;
    },
  });
  return offset;
}

// Walks the document along `path`; for a key that exists it points at the key itself
// (that is where an admin looks), for a missing one at the deepest parent found.
function findNodeOffset(doc: Document, path: ReadonlyArray<PropertyKey>): number {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0] ?? 0;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(key));
      if (!pair) return offset;
      const keyNode = pair.key as Node | null;
      offset = keyNode?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof key === 'number') {
      const item = node.items[key] as Node | undefined;
      if (!item) return offset;
      offset = item.range?.[0] ?? offset;
      node = item;
    } else {
      return offset;
    }
  }
  return offset;
}
