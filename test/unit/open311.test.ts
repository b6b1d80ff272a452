import { parseW3cDatetime, w3cChinaTime } from '../../src/domain/china-time';
import { SUBMISSION_STATUSES } from '../../src/domain/lifecycle/status';
import { findService, open311Services, serviceDefinition } from '../../src/domain/open311/services';
import { open311Status, statusesFor } from '../../src/domain/open311/status';
import { escapeXml, toXml } from '../../src/domain/open311/xml';
import { CATEGORIES } from '../../src/domain/taxonomy';
import { parseForm, readNewRequest, readRequestQuery } from '../../src/http/open311-form';
import { ValidationFailed } from '../../src/errors';
import { crossCheck } from '../../src/services/submit-report';
import type { Classification } from '../../src/domain/classification/types';

describe('Open311 services', () => {
  it('are the subcategories, each with a stable code, its category as group and a definition', () => {
    const services = open311Services();
    expect(services).toHaveLength(CATEGORIES.reduce((n, c) => n + c.subcategories.length, 0));
    for (const category of CATEGORIES) {
      for (const sub of category.subcategories) {
        expect(findService(sub.code)).toMatchObject({ service_name: sub.name, group: category.name, metadata: true });
        expect(serviceDefinition(sub.code)!.attributes[0]!.code).toBe('in_compound');
      }
    }
    expect(serviceDefinition('practice_station_closed')!.attributes.map((a) => a.code)).toEqual([
      'in_compound',
      'station_name',
    ]);
    expect(findService('pothole')).toBeUndefined();
    expect(serviceDefinition('pothole')).toBeUndefined();
  });

  it('have Chinese keywords from the classifier, without its English terms', () => {
    const parking = findService('random_parking')!.keywords.split(',');
    expect(parking.length).toBeGreaterThan(1);
    expect(parking.every((word) => !/[a-z]/i.test(word))).toBe(true);
  });
});

describe('Open311 status', () => {
  it('is open while someone owes work, closed once resolved or finished otherwise', () => {
    const open = SUBMISSION_STATUSES.filter((s) => open311Status(s) === 'open');
    expect(open).toEqual(['submitted', 'assigned', 'accepted', 'in_progress', 'returned', 'reopened']);
    expect(statusesFor('closed', SUBMISSION_STATUSES)).toEqual([
      'resolved',
      'closed',
      'rejected',
      'duplicate',
      'withdrawn',
    ]);
  });
});

describe('GeoReport XML', () => {
  it('repeats the singular element of each list and writes null as an empty element', () => {
    expect(toXml('services', [{ service_code: 'a', metadata: true, keywords: null }])).toBe(
      '<?xml version="1.0" encoding="UTF-8"?>\n<services><service><service_code>a</service_code><metadata>true</metadata><keywords/></service></services>\n',
    );
    expect(toXml('errors', [{ code: 400, description: 'x' }])).toContain('<errors><error><code>400</code>');
    expect(() => toXml('things', [1])).toThrow('no XML item name for list things');
  });

  it('escapes markup and drops characters XML cannot carry', () => {
    expect(escapeXml('a<b>&"c"')).toBe('a&lt;b&gt;&amp;&quot;c&quot;');
    expect(escapeXml('垃圾\u0000桶\u0008满\ud800了\n')).toBe('垃圾桶满了\n');
    expect(escapeXml('表情😀')).toBe('表情😀');
  });
});

describe('W3C datetimes', () => {
  it('are written in Beijing time with +08:00', () => {
    expect(w3cChinaTime(new Date('2026-12-04T16:30:05.123Z'))).toBe('2026-12-05T00:30:05+08:00');
  });

  it('are read with any offset; a bare date is that Beijing day', () => {
    expect(parseW3cDatetime('2026-12-05T00:30:05+08:00')?.toISOString()).toBe('2026-12-04T16:30:05.000Z');
    expect(parseW3cDatetime('2026-12-04T16:30:05Z')?.toISOString()).toBe('2026-12-04T16:30:05.000Z');
    expect(parseW3cDatetime('2026-12-05')?.toISOString()).toBe('2026-12-04T16:00:00.000Z');
    for (const bad of [
      '2026-12-05T00:30:05',
      'yesterday',
      '2026-13-01',
      '2026-02-30T00:00:00Z',
      '2026-12-05 00:30:05+08:00',
    ]) {
      expect(parseW3cDatetime(bad)).toBeUndefined();
    }
  });
});

describe('Open311 forms', () => {
  it('read repeated and [] names as lists', () => {
    expect(parseForm('a=1&b%5B%5D=x&b%5B%5D=y&c=2&c=3&attribute%5Bin_compound%5D=yes')).toEqual({
      a: '1',
      b: ['x', 'y'],
      c: ['2', '3'],
      'attribute[in_compound]': 'yes',
    });
  });

  it('give every problem of a POST at once, by field', () => {
    try {
      readNewRequest({ service_code: 'litter', lat: 'north', description: '<p>垃圾</p>', phone: '123' });
      throw new Error('expected a ValidationFailed');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationFailed);
      expect((error as ValidationFailed).fields.map((f) => f.field)).toEqual(['lat', 'description', 'phone']);
    }
  });

  it('put the family name first', () => {
    const read = readNewRequest({
      service_code: 'litter',
      address_string: '幸福路',
      first_name: '小明',
      last_name: '王',
    });
    expect(read.name).toBe('王小明');
  });

  const now = new Date('2026-12-05T04:00:00Z');
  const day = 86_400_000;

  it('default GET to the last 90 days, and count 90 days on from a start or back from an end', () => {
    const none = readRequestQuery({}, now);
    expect(none.to.getTime() - none.from.getTime()).toBe(90 * day);
    expect(none.to.getTime()).toBe(now.getTime() + 1);

    const fromStart = readRequestQuery({ start_date: '2026-10-01T00:00:00+08:00' }, now);
    expect(fromStart.from.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    expect(fromStart.to.getTime() - fromStart.from.getTime()).toBe(90 * day);

    const toEnd = readRequestQuery({ end_date: '2026-10-01T00:00:00+08:00' }, now);
    expect(toEnd.to.toISOString()).toBe('2026-09-30T16:00:00.001Z');
    expect(toEnd.to.getTime() - toEnd.from.getTime()).toBe(90 * day);

    // Exactly 90 days is allowed; a moment more is not.
    expect(() =>
      readRequestQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:00Z' }, now),
    ).not.toThrow();
    expect(() =>
      readRequestQuery({ start_date: '2026-01-01T00:00:00Z', end_date: '2026-04-01T00:00:01Z' }, now),
    ).toThrow(ValidationFailed);
  });

  it('ignore the other filters when ids are given', () => {
    const query = readRequestQuery({ service_request_id: '3,1', status: 'bogus', start_date: 'bad' }, now);
    expect(query.ids).toEqual([3, 1]);
  });
});

describe('a client-chosen service against the classifier', () => {
  const classified = (
    category: Classification['category'],
    subcategory: string,
    needsReview = false,
  ): Classification => ({
    category,
    subcategory,
    confidence: 0.9,
    needsReview,
    ranking: [
      { category, score: 0.9 },
      { category: 'disorder', score: 0.05 },
    ],
    signals: [],
  });

  it('keeps the choice, and agrees when both name the same category', () => {
    const check = crossCheck(classified('dirty', 'garbage_overflow'), 'litter');
    expect(check.classification).toMatchObject({
      category: 'dirty',
      subcategory: 'litter',
      confidence: 0.9,
      needsReview: false,
    });
    expect(check.record.agrees).toBe(true);
  });

  it('sends a confident disagreement to a dispatcher, with both opinions on record', () => {
    const check = crossCheck(classified('dirty', 'garbage_overflow'), 'random_parking');
    expect(check.classification).toMatchObject({
      category: 'disorder',
      subcategory: 'random_parking',
      confidence: 0.05,
      needsReview: true,
    });
    expect(check.record).toEqual({
      category: 'disorder',
      subcategory: 'random_parking',
      agrees: false,
      classifier: { category: 'dirty', subcategory: 'garbage_overflow', confidence: 0.9 },
    });
  });

  it('trusts the person when the classifier is unsure', () => {
    const check = crossCheck(classified('other', 'unrelated', true), 'random_parking');
    expect(check.classification.needsReview).toBe(false);
    expect(check.record.agrees).toBe(false);
  });
});
