import type { ArgFieldRule, JsonObject } from '#app/contracts';
import { buildPolicyInput } from '../testing/policy-input.fixture.js';
import { argFieldsRule } from './arg-fields.rule.js';

const SHELL_DENY = [';', '|', '&', '`', '$(', '>', '<', '\n', '\r'];

const evaluate = (rules: ArgFieldRule[], args: JsonObject) =>
  argFieldsRule(buildPolicyInput({ policy: { arg_fields: rules }, args }));

const denied = (message: string) => ({ allowed: false, code: 'policy_denied', message });

describe('argFieldsRule', () => {
  it('should skip the field when it is absent or null', async () => {
    const rules = [{ field: 'ref', max_length: 3 }];
    expect(await evaluate(rules, {})).toBeNull();
    expect(await evaluate(rules, { ref: null })).toBeNull();
  });

  it('should deny with invalid args field payload when a single field is not a string', async () => {
    expect(await evaluate([{ field: 'ref' }], { ref: 42 })).toEqual(
      denied('invalid args field payload'),
    );
    expect(await evaluate([{ field: 'ref' }], { ref: ['main'] })).toEqual(
      denied('invalid args field payload'),
    );
  });

  it('should deny with invalid args field payload when a multi field is not an array of strings', async () => {
    const rules = [{ field: 'extra_args', multi: true }];
    expect(await evaluate(rules, { extra_args: '-v' })).toEqual(
      denied('invalid args field payload'),
    );
    expect(await evaluate(rules, { extra_args: ['-v', 3] })).toEqual(
      denied('invalid args field payload'),
    );
  });

  it('should deny when a multi field has more items than max_items', async () => {
    const rules = [{ field: 'extra_args', multi: true, max_items: 2 }];
    expect(await evaluate(rules, { extra_args: ['-v', '-q', '-race'] })).toEqual(
      denied('argument list exceeds allowed length'),
    );
    expect(await evaluate(rules, { extra_args: ['-v', '-q'] })).toBeNull();
  });

  it('should check the item count before the item contents', async () => {
    const rules = [{ field: 'extra_args', multi: true, max_items: 1, deny_characters: [';'] }];
    expect(await evaluate(rules, { extra_args: ['a;b', 'c'] })).toEqual(
      denied('argument list exceeds allowed length'),
    );
  });

  it('should deny when a value is empty after trimming', async () => {
    expect(await evaluate([{ field: 'ref' }], { ref: '   ' })).toEqual(
      denied('argument not allowed by policy'),
    );
    expect(await evaluate([{ field: 'ref' }], { ref: '' })).toEqual(
      denied('argument not allowed by policy'),
    );
    expect(await evaluate([{ field: 'args', multi: true }], { args: ['-v', ''] })).toEqual(
      denied('argument not allowed by policy'),
    );
  });

  it('should deny when the trimmed value is longer than max_length characters', async () => {
    const rules = [{ field: 'ref', max_length: 4 }];
    expect(await evaluate(rules, { ref: 'mains' })).toEqual(
      denied('argument not allowed by policy'),
    );
    expect(await evaluate(rules, { ref: '  main  ' })).toBeNull();
  });

  it('should count characters rather than UTF-16 units when checking max_length', async () => {
    expect(await evaluate([{ field: 'name', max_length: 2 }], { name: '😀😀' })).toBeNull();
  });

  it.each(SHELL_DENY)(
    'should deny when the value contains the denied substring %j',
    async (deniedText) => {
      const rules = [{ field: 'ref', max_length: 256, deny_characters: SHELL_DENY }];
      expect(await evaluate(rules, { ref: `main${deniedText}x` })).toEqual(
        denied('argument not allowed by policy'),
      );
    },
  );

  it('should allow when the value contains only a character of a two-character deny entry', async () => {
    const rules = [{ field: 'ref', deny_characters: ['$('] }];
    expect(await evaluate(rules, { ref: 'price$5(x' })).toBeNull();
  });

  it('should deny when the value starts with a denied prefix', async () => {
    const rules = [{ field: 'args', multi: true, denied_prefix: ['-exec', '-f'] }];
    expect(await evaluate(rules, { args: ['-v', '-exec=sh'] })).toEqual(
      denied('argument not allowed by policy'),
    );
    expect(await evaluate(rules, { args: ['  -f'] })).toEqual(
      denied('argument not allowed by policy'),
    );
  });

  it('should check the denied prefix before the allowed prefix', async () => {
    const rules = [{ field: 'arg', allowed_prefix: ['-f'], denied_prefix: ['-file'] }];
    expect(await evaluate(rules, { arg: '-file=x' })).toEqual(
      denied('argument not allowed by policy'),
    );
    expect(await evaluate(rules, { arg: '-fast' })).toBeNull();
  });

  it('should require one of allowed_values when it is non-empty and ignore allowed_prefix then', async () => {
    const rules = [{ field: 'mode', allowed_values: ['fast', 'slow'], allowed_prefix: ['f'] }];
    expect(await evaluate(rules, { mode: ' slow ' })).toBeNull();
    expect(await evaluate(rules, { mode: 'fastest' })).toEqual(
      denied('argument not allowed by policy'),
    );
  });

  it('should require an allowed prefix when allowed_prefix is non-empty', async () => {
    const rules = [
      { field: 'request.path', allowed_prefix: ['/'], denied_prefix: ['http://', 'https://'] },
    ];
    expect(await evaluate(rules, { request: { path: '/health' } })).toBeNull();
    expect(await evaluate(rules, { request: { path: 'health' } })).toEqual(
      denied('argument not allowed by policy'),
    );
  });

  it('should ignore empty deny entries when they would otherwise match every value', async () => {
    const rules = [{ field: 'ref', deny_characters: [''], denied_prefix: [''] }];
    expect(await evaluate(rules, { ref: 'main' })).toBeNull();
  });

  it('should deny when allowed_prefix holds only empty entries', async () => {
    const rules = [{ field: 'ref', allowed_prefix: [''] }];
    expect(await evaluate(rules, { ref: 'main' })).toEqual(
      denied('argument not allowed by policy'),
    );
  });

  it('should stop at the first failing field in declaration order', async () => {
    const rules = [
      { field: 'remote', max_length: 3 },
      { field: 'refspec', multi: true },
    ];
    expect(await evaluate(rules, { remote: 'origin', refspec: 'main' })).toEqual(
      denied('argument not allowed by policy'),
    );
  });

  it('should allow when every field passes', async () => {
    const rules = [
      { field: 'remote', max_length: 128, deny_characters: [...SHELL_DENY, ' '] },
      {
        field: 'extra_args',
        multi: true,
        max_items: 8,
        max_length: 64,
        allowed_prefix: ['-v', '-run='],
      },
    ];
    expect(
      await evaluate(rules, { remote: 'origin', extra_args: ['-v', '-run=TestX'] }),
    ).toBeNull();
  });
});
