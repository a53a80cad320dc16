/**
 * Malformed values generated from an OpenAPI (JSON Schema) description: wrong types, huge
 * strings, NUL bytes, invalid UTF-8, negative and enormous numbers, bad JSON. Used by the
 * contract test to prove that no operation answers bad input with a 5xx.
 */

/** The part of a JSON Schema this generator reads. */
export interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  enum?: unknown[];
  example?: unknown;
  default?: unknown;
  format?: string;
  anyOf?: Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  const?: unknown;
}

const huge = 'x'.repeat(100_000);

function typeOf(s: Schema): string | undefined {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== 'null');
  if (s.type) return s.type;
  const alt = s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0];
  if (alt) return typeOf(alt);
  if (s.properties) return 'object';
  return undefined;
}

const plainOf = (s: Schema): Schema => s.anyOf?.[0] ?? s.oneOf?.[0] ?? s.allOf?.[0] ?? s;

/** A plausible value of the schema (its example, default or first enum value, else by type). */
export function sampleOf(s: Schema, name = ''): unknown {
  if (s.example !== undefined) return s.example;
  if (s.default !== undefined) return s.default;
  if (s.const !== undefined) return s.const;
  if (s.enum?.length) return s.enum[0];
  const plain = plainOf(s);
  if (plain !== s) return sampleOf(plain, name);
  switch (typeOf(s)) {
    case 'integer':
    case 'number':
      return name === 'year' ? 2026 : 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sampleOf(v, k);
      return out;
    }
    default:
      return name.includes('date') || s.format === 'date' ? '2024-12-31' : 'x';
  }
}

/** Bad values of one field, by its type: each a wrong type, an out-of-range number or bad text. */
export function badFieldValues(s: Schema): unknown[] {
  const common: unknown[] = [null, 'a\u0000b', huge, '\ud800', { nested: [1] }];
  switch (typeOf(s)) {
    case 'integer':
    case 'number':
      return [...common, 'abc', -1, -1e308, 1e308, 1.5, 2 ** 53 + 1, '12', true, []];
    case 'boolean':
      return [...common, 'yes', 0, []];
    case 'array':
      return [...common, 'x', {}, [null], [huge], ['a\u0000'], Array.from({ length: 5000 }, () => ({}))];
    case 'object':
      return [...common, [], 'x', 1];
    default:
      return [...common, 123, -1, true, [], '', ' ', '2024-13-45', '../../etc/passwd', '%00'];
  }
}

/** Whole JSON bodies built from `s`: the body replaced by wrong types, then each field spoiled in turn. */
export function badValuesFor(s: Schema): unknown[] {
  const out: unknown[] = [[], 'x', 0, null, {}];
  const good = sampleOf(s);
  const props = plainOf(s).properties ?? {};
  if (good && typeof good === 'object' && !Array.isArray(good))
    for (const [name, field] of Object.entries(props)) {
      for (const bad of badFieldValues(field)) out.push({ ...(good as object), [name]: bad });
      // One level down: objects and arrays of objects.
      const inner = typeOf(field) === 'array' ? field.items : field;
      const innerProps = inner ? plainOf(inner).properties : undefined;
      if (inner && innerProps) {
        const innerGood = sampleOf(inner) as Record<string, unknown>;
        for (const [k, f] of Object.entries(innerProps))
          for (const bad of badFieldValues(f)) {
            const spoiled = { ...innerGood, [k]: bad };
            out.push({ ...(good as object), [name]: typeOf(field) === 'array' ? [spoiled] : spoiled });
          }
      }
    }
  return out;
}

/** Bodies that are not JSON, or JSON of the wrong kind. */
export function badJsonBodies(): string[] {
  return ['{', '', 'null', '[]', '"x"', '{"a":1', '{"a":"\u0000"}', `{"a":"${huge}"}`, '\u00ff\u00fe', '{}'];
}

/** Bad path or query values (already percent-encoded): wrong types, huge, NUL, invalid UTF-8. */
export function badParamValues(s: Schema): string[] {
  const out = [
    'abc',
    '-1',
    '0',
    '1.5',
    '99999999999999999999999',
    'x'.repeat(4000),
    '%00',
    '%FF%FE',
    '',
    '%20',
  ];
  if (typeOf(s) === 'string') out.push('2024-13-45', '..%2F..%2Fetc', '%E2%80%AE', "'%3B--");
  return out;
}
