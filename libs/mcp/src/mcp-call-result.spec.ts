import type { Invocation } from '#app/contracts';
import { AppException } from '#app/errors';
import { errorResult, successResult } from './mcp-call-result.js';

const record = (overrides: Partial<Invocation> = {}): Invocation =>
  ({
    id: 'inv-0123456789abcdef',
    session_id: 'session-0123456789abcdef',
    tool_name: 'fs.read_file',
    status: 'succeeded',
    logs: [],
    artifacts: [],
    ...overrides,
  }) as Invocation;

describe('MCP tools/call results (API.md 5.24)', () => {
  it('should answer an object output as structuredContent and its JSON as text', () => {
    const result = successResult(record({ output: { content: 'hola' } }));
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"content":"hola"}' }],
      structuredContent: { content: 'hola' },
      _meta: { 'workspace/invocation_id': 'inv-0123456789abcdef' },
    });
  });

  it('should wrap an output that is not an object', () => {
    expect(successResult(record({ output: [1, 2] })).structuredContent).toEqual({ output: [1, 2] });
    expect(successResult(record({})).structuredContent).toEqual({ output: null });
  });

  it('should answer a denial as a tool error with the envelope, the code and the record id', () => {
    const denied = record({ status: 'denied' });
    const result = errorResult(
      new AppException('approval_required', 'tool requires explicit approval', {
        invocation: denied,
      }),
    );
    expect(result).toEqual({
      isError: true,
      content: [
        {
          type: 'text',
          text: JSON.stringify({
            error: {
              code: 'approval_required',
              message: 'tool requires explicit approval',
              retryable: false,
            },
            invocation_id: 'inv-0123456789abcdef',
          }),
        },
      ],
      _meta: {
        'workspace/error_code': 'approval_required',
        'workspace/invocation_id': 'inv-0123456789abcdef',
      },
    });
    expect(result).not.toHaveProperty('structuredContent');
  });

  it('should copy the approval request the pipeline puts among the error-body members (request mode)', () => {
    const request = { id: 'approval-0123456789abcdef', status: 'pending' };
    const result = errorResult(
      new AppException('approval_required', 'tool requires explicit approval', {
        invocation: record({ status: 'denied' }),
        details: { approval_request: request },
      }),
    );
    expect(result._meta).toEqual({
      'workspace/error_code': 'approval_required',
      'workspace/invocation_id': 'inv-0123456789abcdef',
      'workspace/approval_request': request,
    });
    expect(JSON.parse((result.content[0] as { text: string }).text)).toEqual({
      error: {
        code: 'approval_required',
        message: 'tool requires explicit approval',
        retryable: false,
      },
      invocation_id: 'inv-0123456789abcdef',
      approval_request: request,
    });
  });

  it('should not copy a member that is not an approval request object', () => {
    const result = errorResult(
      new AppException('approval_required', 'x', { details: { approval_request: 'approval-1' } }),
    );
    expect(result._meta).toEqual({ 'workspace/error_code': 'approval_required' });
  });

  it('should answer a refusal before any record without an invocation id', () => {
    const result = errorResult(new AppException('not_found', 'tool not found'));
    expect(result._meta).toEqual({ 'workspace/error_code': 'not_found' });
  });
});
