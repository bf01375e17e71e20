import { describe, expect, it } from 'vitest';
import { parseDurationSec, parseRate, readDuration, SHORT_UNITS } from '../../src/spec/index.js';

describe('readDuration', () => {
  it('reads <count><unit> with the unit in seconds', () => {
    expect(readDuration('15m', { units: SHORT_UNITS })).toEqual({ count: 15, unit: 'm', seconds: 900 });
    expect(readDuration(' 2 h ', { units: SHORT_UNITS })).toEqual({ count: 2, unit: 'h', seconds: 7200 });
    expect(readDuration('0s', { units: SHORT_UNITS })).toEqual({ count: 0, unit: 's', seconds: 0 });
  });

  it('applies each rule', () => {
    expect(readDuration('900', { units: SHORT_UNITS })).toBeUndefined();
    expect(readDuration('900', { units: SHORT_UNITS, bareUnit: 's' })?.seconds).toBe(900);
    expect(readDuration('min', { units: ['min'] })).toBeUndefined();
    expect(readDuration('min', { units: ['min'], countOptional: true })?.seconds).toBe(60);
    expect(readDuration('1234567890s', { units: SHORT_UNITS, maxDigits: 9 })).toBeUndefined();
    expect(readDuration('15M', { units: SHORT_UNITS })).toBeUndefined();
    expect(readDuration('15M', { units: SHORT_UNITS, ignoreCase: true })?.seconds).toBe(900);
    expect(readDuration('2hours', { units: ['hour'] })).toBeUndefined();
    expect(readDuration('2hours', { units: ['hour'], plural: true })?.seconds).toBe(7200);
    expect(readDuration('7 d', { units: ['d'], unitSpace: false })).toBeUndefined();
    expect(readDuration('7d', { units: ['d'], unitSpace: false })?.count).toBe(7);
  });

  it.each(['', 'h', '-1h', '1.5h', '5w', '1 2h', 'h1'])('refuses %j', (text) => {
    expect(readDuration(text, { units: SHORT_UNITS, bareUnit: 's' })).toBeUndefined();
  });
});

describe('parseDurationSec (config durations)', () => {
  it.each([
    ['900', 900],
    ['90s', 90],
    [' 15m ', 900],
    ['12h', 43_200],
    ['30d', 2_592_000],
  ])('reads %j as %i seconds', (text, sec) => {
    expect(parseDurationSec(text)).toBe(sec);
  });

  it.each(['0', '0s', '1w', '15M', '15min', '1234567890', 'm'])('refuses %j', (text) => {
    expect(parseDurationSec(text)).toBeUndefined();
  });
});

describe('parseRate', () => {
  it.each([
    ['120/min', 120, 60],
    ['10/s', 10, 1],
    ['5000/hour', 5000, 3600],
    ['10000/day', 10_000, 86_400],
    ['5/15min', 5, 900],
    [' 3 / 2 Hours ', 3, 7200],
  ])('reads %j as %i per %i s', (text, points, durationSec) => {
    expect(parseRate(text)).toEqual({ points, durationSec, text: text.trim() });
  });

  it.each(['0/min', '5/0min', '5/', '5/w', 'min', '5 per min', '-1/min', '1.5/min'])('refuses %j', (text) => {
    expect(parseRate(text)).toBeUndefined();
  });
});
