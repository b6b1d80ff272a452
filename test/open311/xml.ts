import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The lists of GeoReport v2 XML and the element each repeats. */
const LISTS: Readonly<Record<string, string>> = {
  services: 'service',
  service_requests: 'request',
  attributes: 'attribute',
  values: 'value',
  endpoints: 'endpoint',
  formats: 'format',
  errors: 'error',
};

const parser = new XMLParser({
  ignoreDeclaration: true,
  parseTagValue: false,
  trimValues: false,
  isArray: (_name, jpath) => {
    const parts = String(jpath).split('.');
    const parent = parts[parts.length - 2];
    return parent !== undefined && LISTS[parent] === parts[parts.length - 1];
  },
});

type Tree = string | null | Tree[] | { [key: string]: Tree };

function unwrap(name: string, value: unknown): Tree {
  const item = LISTS[name];
  if (item !== undefined) {
    if (value === '' || value === undefined) return [];
    const children = (value as Record<string, unknown>)[item];
    return ((children as unknown[]) ?? []).map((child) => unwrap(item, child));
  }
  if (value === '') return null;
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, unwrap(key, child)]));
  }
  return String(value);
}

/** A GeoReport v2 XML document as the same tree its JSON gives, every value a string or null. */
export function parseGeoReportXml(xml: string): { root: string; data: Tree } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  if (!xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')) throw new Error('no UTF-8 XML declaration');
  const parsed = parser.parse(xml) as Record<string, unknown>;
  const [root, value] = Object.entries(parsed)[0]!;
  return { root, data: unwrap(root, value) };
}

/** JSON's numbers and booleans as the strings XML carries, so the two can be compared. */
export function asXmlStrings(value: unknown): Tree {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map(asXmlStrings);
  if (typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, child]) => [key, asXmlStrings(child)]));
  }
  // An empty element reads back as null, whichever it was written from.
  return value === '' ? null : String(value);
}
