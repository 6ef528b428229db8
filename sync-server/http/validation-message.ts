// Turns Fastify/ajv validation errors into a sentence for people: "lines, row 1: qty must be
// greater than 0" instead of "FST_ERR_VALIDATION body/lines/0/qty must be > 0".
import { counted } from '../../shared/text/count.ts';

export interface AjvIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
  /** With ajv's `verbose` (server.ts): the failing schema, whose `description` says what is expected. */
  parentSchema?: { description?: unknown };
}

function where(instancePath: string, extra?: unknown): string {
  const parts = instancePath.split('/').filter(Boolean);
  if (typeof extra === 'string') parts.push(extra);
  const out: string[] = [];
  for (const p of parts) {
    if (/^[0-9]+$/.test(p)) out.push(`row ${Number(p) + 1}`);
    else out.push(p.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  return out.join(', ');
}

function describe(issue: AjvIssue): { field: string; text: string } {
  const p = issue.params;
  const field = where(issue.instancePath);
  switch (issue.keyword) {
    case 'required':
      return { field: where(issue.instancePath, p.missingProperty), text: 'is required' };
    case 'additionalProperties':
      return { field: where(issue.instancePath, p.additionalProperty), text: 'is not a known field' };
    case 'minLength':
      return { field, text: p.limit === 1 ? 'must not be empty' : `must have at least ${String(p.limit)} characters` };
    case 'maxLength':
      return { field, text: `must have at most ${String(p.limit)} characters` };
    case 'minimum':
      return { field, text: `must be at least ${String(p.limit)}` };
    case 'maximum':
      return { field, text: `must be at most ${String(p.limit)}` };
    case 'exclusiveMinimum':
      return { field, text: `must be greater than ${String(p.limit)}` };
    case 'exclusiveMaximum':
      return { field, text: `must be less than ${String(p.limit)}` };
    case 'minItems':
      return { field, text: `needs at least ${counted(Number(p.limit), 'item')}` };
    case 'maxItems':
      return { field, text: `takes at most ${counted(Number(p.limit), 'item')}` };
    case 'uniqueItems':
      return { field, text: 'names the same item twice' };
    case 'minProperties':
      return { field, text: 'must change at least one thing' };
    case 'type':
      return { field, text: `must be ${p.type === 'integer' ? 'a whole number' : `a ${String(p.type)}`}` };
    case 'enum':
      return { field, text: `must be one of ${(p.allowedValues as unknown[]).map(String).join(', ')}` };
    case 'const':
      return { field, text: `must be ${String(p.allowedValue)}` };
    case 'multipleOf': {
      const expected = issue.parentSchema?.description;
      return { field, text: typeof expected === 'string' ? `must be ${expected}` : `must be a multiple of ${String(p.multipleOf)}` };
    }
    case 'pattern':
    case 'format': {
      const expected = issue.parentSchema?.description;
      return { field, text: typeof expected === 'string' ? `must be ${expected}` : 'has the wrong format' };
    }
    default:
      return { field, text: issue.message ?? 'is not valid' };
  }
}

/** One readable sentence for a failed request validation. `context` is body, querystring, params or headers. */
export function validationMessage(context: string | undefined, issues: readonly AjvIssue[]): string {
  // A union of literals fails once per branch (`const`) and then as `anyOf`: say "one of …" once.
  const byPath = new Map<string, AjvIssue[]>();
  for (const i of issues) byPath.set(i.instancePath, [...(byPath.get(i.instancePath) ?? []), i]);
  const sentences: string[] = [];
  for (const [path, list] of byPath) {
    const consts = list.filter((i) => i.keyword === 'const').map((i) => String(i.params.allowedValue));
    if (consts.length > 1 || list.some((i) => i.keyword === 'anyOf')) {
      // A value or null (`pin: "12ab"`): the branch of the right type says what is wrong with it.
      const telling = consts.length ? undefined : list.find((i) => !['anyOf', 'type', 'const'].includes(i.keyword));
      if (telling) {
        const d = describe(telling);
        sentences.push(`${d.field || 'the request'} ${d.text}`);
      } else sentences.push(`${where(path) || 'the request'} must be ${consts.length ? `one of ${consts.join(', ')}` : 'of an accepted kind'}`);
      continue;
    }
    for (const i of list) {
      const d = describe(i);
      sentences.push(`${d.field || (context === 'querystring' ? 'the query' : 'the request')} ${d.text}`);
    }
  }
  const prefix = context === 'querystring' ? 'Query: ' : context === 'params' ? 'Address: ' : '';
  const text = sentences.join('; ');
  return prefix + text.charAt(0).toUpperCase() + text.slice(1) + '.';
}
