import { AppException } from '#app/errors';
import { lastEventIdOf } from './last-event-id.js';

describe('lastEventIdOf', () => {
  it('should read the header first, then the query, and null when neither is set', () => {
    expect(lastEventIdOf({ 'last-event-id': '17-2' }, { last_event_id: '5-0' })).toBe('17-2');
    expect(lastEventIdOf({}, { last_event_id: '5-0' })).toBe('5-0');
    expect(lastEventIdOf({}, {})).toBeNull();
    expect(lastEventIdOf({ 'last-event-id': '' }, undefined)).toBeNull();
  });

  it('should refuse an id that is not <ms>-<seq> with 400 invalid_argument', () => {
    for (const bad of ['abc', '1', '1-2-3', '-1-0', '0-x']) {
      expect(() => lastEventIdOf({ 'last-event-id': bad }, {})).toThrow(AppException);
    }
    expect(() => lastEventIdOf({}, { last_event_id: ['1-0', '2-0'] })).toThrow(
      'invalid last event id: expected <ms>-<seq>',
    );
  });
});
