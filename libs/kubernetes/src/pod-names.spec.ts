import { podNameFor, sanitiseLabelValue } from './pod-names.js';
import { buildPodExecCommand, quoteShellWord } from './shell-quote.js';

describe('pod names and labels (API.md 8.1)', () => {
  it('should lowercase, replace, trim and cut label values when they are not label-safe', () => {
    expect(sanitiseLabelValue('Acme Corp/EU')).toBe('acme-corp-eu');
    expect(sanitiseLabelValue('..__x--')).toBe('x');
    expect(sanitiseLabelValue('***')).toBe('unknown');
    expect(sanitiseLabelValue('a'.repeat(70))).toHaveLength(63);
  });

  it('should normalise the session id into a prefixed DNS name of at most 63 characters', () => {
    expect(podNameFor('ws', 'My_Session.1')).toBe('ws-my-session-1');
    expect(podNameFor('ws', '---')).toBe('ws-session');
    const long = podNameFor('ws', `${'a'.repeat(59)}-b`);
    expect(long).toBe(`ws-${'a'.repeat(59)}`);
    expect(long.length).toBeLessThanOrEqual(63);
  });
});

describe('pod exec quoting (API.md 8.4)', () => {
  it('should single-quote every word and escape embedded quotes when building the exec argv', () => {
    expect(quoteShellWord("it's")).toBe(`'it'\\''s'`);
    expect(buildPodExecCommand('/workspace/repo', 'git', ['log', '--format=%H $(x)'])).toEqual([
      'sh',
      '-c',
      `cd '/workspace/repo' && exec 'git' 'log' '--format=%H $(x)'`,
    ]);
  });
});
