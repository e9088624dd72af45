import type { Capability } from '#app/contracts';
import {
  approvalElicitation,
  askForApproval,
  canElicit,
  type McpRequestExtra,
} from './mcp-approval.js';

const capability = {
  name: 'fs.write_file',
  description: 'Write a file',
  side_effects: 'reversible',
  risk_level: 'medium',
} as Capability;

function extraAnswering(answer: () => Promise<unknown>): McpRequestExtra {
  return { sendRequest: answer } as unknown as McpRequestExtra;
}

describe('MCP approval by elicitation (API.md 5.24)', () => {
  it.each([
    [undefined, false],
    [{}, false],
    [{ elicitation: {} }, true],
    [{ elicitation: { form: {} } }, true],
    [{ elicitation: { form: {}, url: {} } }, true],
    [{ elicitation: { url: {} } }, false],
  ])('should decide from the client capabilities %j that it can elicit: %s', (caps, expected) => {
    expect(canElicit(caps)).toBe(expected);
  });

  it('should show the tool and the exact arguments, and ask for one boolean', () => {
    const params = approvalElicitation(capability, 'fs.write_file', {
      path: 'a.txt',
      content: 'x',
    });
    expect(params.message).toContain('fs.write_file');
    expect(params.message).toContain('"path": "a.txt"');
    expect(params.requestedSchema).toEqual({
      type: 'object',
      properties: { approve: expect.objectContaining({ type: 'boolean' }) },
      required: ['approve'],
    });
    const long = approvalElicitation(capability, 'fs.write_file', { content: 'y'.repeat(10_000) });
    expect(long.message.length).toBeLessThan(5_000);
    expect(long.message).toContain('(truncated)');
  });

  it.each([
    [{ action: 'accept', content: { approve: true } }, true],
    [{ action: 'accept', content: { approve: false } }, false],
    [{ action: 'accept', content: { approve: 'yes' } }, false],
    [{ action: 'accept' }, false],
    [{ action: 'decline' }, false],
    [{ action: 'cancel' }, false],
  ])('should count %j as approval: %s', async (answer, expected) => {
    const params = approvalElicitation(capability, 'fs.write_file', {});
    expect(
      await askForApproval(
        extraAnswering(async () => answer),
        params,
      ),
    ).toBe(expected);
  });

  it('should fail closed when the client errors or times out', async () => {
    const params = approvalElicitation(capability, 'fs.write_file', {});
    const failing = extraAnswering(async () => {
      throw new Error('Request timed out');
    });
    expect(await askForApproval(failing, params)).toBe(false);
  });
});
