// Parses one YAML file while keeping node positions, so every schema error can point at
// `file:line:col` of the node that caused it (or of the closest parent that exists).
import { isMap, isSeq, isScalar, LineCounter, parseDocument, type Document, type Node } from 'yaml';

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
    message: e.message.split('\n')[0],
    severity: 'error' as const,
  }));
  return { file, data: doc.errors.length ? undefined : (doc.toJS() ?? {}), positionOf, issueAt, syntaxIssues };
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
