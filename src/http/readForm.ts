import type { Context } from 'hono';
import { BODY_TOO_LARGE, readRequestBody } from './readRequestBody.js';

/** The console's HTML forms: a campaign in four languages fits well under this; a sign-in, under LOGIN_FORM_LIMIT. */
export const FORM_LIMIT = 64 * 1024;
export const LOGIN_FORM_LIMIT = 4 * 1024;

export type FormFields = Record<string, string | string[]>;

const read = new WeakMap<Request, Promise<FormFields | typeof BODY_TOO_LARGE>>();

/**
 * A form's fields (a field sent twice: its values in order), read at most once per request and at
 * most `limit` bytes (streamed: past the limit nothing more is kept; BODY_TOO_LARGE). URL-encoded
 * or multipart; anything else has no fields. Hono's parseBody reads the whole body first.
 */
export function readForm(c: Context, limit = FORM_LIMIT): Promise<FormFields | typeof BODY_TOO_LARGE> {
  const known = read.get(c.req.raw);
  if (known) return known;
  const reading = parse(c, limit);
  read.set(c.req.raw, reading);
  return reading;
}

async function parse(c: Context, limit: number): Promise<FormFields | typeof BODY_TOO_LARGE> {
  const body = await readRequestBody(c, limit);
  if (body === BODY_TOO_LARGE) return body;
  const type = (c.req.header('content-type') ?? '').toLowerCase();
  const fields: FormFields = {};
  const add = (k: string, v: string) => {
    const seen = fields[k];
    fields[k] = seen === undefined ? v : Array.isArray(seen) ? [...seen, v] : [seen, v];
  };
  if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [k, v] of new URLSearchParams(new TextDecoder().decode(body))) add(k, v);
  } else if (type.startsWith('multipart/form-data')) {
    try {
      const data = await new Response(body, { headers: { 'content-type': type } }).formData();
      for (const [k, v] of data) if (typeof v === 'string') add(k, v);
    } catch {
      // a malformed multipart body has no fields
    }
  }
  return fields;
}

/** One field as text: '' when missing or sent twice. */
export const field = (f: FormFields, name: string): string => {
  const v = f[name];
  return typeof v === 'string' ? v : '';
};
/** A field that may be sent several times (checkboxes). */
export const fieldList = (f: FormFields, name: string): string[] => {
  const v = f[name];
  return Array.isArray(v) ? v : typeof v === 'string' && v ? [v] : [];
};
