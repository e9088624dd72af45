import type { OpenAPIObject, OperationObject, ResponseObject } from '@nestjs/swagger';

/**
 * What the route decorators left out of a generated document, one line per gap (empty when every
 * operation is fully described). A route registered without its `@Api…` decorators still appears
 * (routing metadata alone puts it there) but with `@nestjs/swagger`'s default answer
 * (`{description: ''}`, no content), no summary and no error answers: this finds exactly that.
 *
 * Expected error answers follow API.md 4.3: 405 on every path; 401 on authenticated operations; 404
 * where the path names a resource; 403 on the authenticated ones of those (ownership), except the
 * approval routes, whose 403 is the approver role and is declared on each; 400 and 413 where there
 * is a request body.
 */
export function documentGaps(document: OpenAPIObject): string[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    (['get', 'put', 'post', 'delete', 'patch'] as const)
      .filter((method) => item[method] !== undefined)
      .flatMap((method) => operationGaps(`${method.toUpperCase()} ${path}`, path, item[method]!)),
  );
}

function operationGaps(route: string, path: string, operation: OperationObject): string[] {
  const responses = operation.responses as Record<string, ResponseObject>;
  const statuses = Object.keys(responses);
  const successes = statuses.filter((status) => status.startsWith('2'));
  const authenticated = operation.security === undefined;
  const hasResource = path.includes('{');
  const expectedErrors = [
    '405',
    ...(authenticated ? ['401'] : []),
    ...(hasResource ? ['404'] : []),
    ...(authenticated && hasResource && !path.startsWith('/v1/approvals') ? ['403'] : []),
    ...(operation.requestBody !== undefined ? ['400', '413'] : []),
  ];
  const pathParams = [...path.matchAll(/\{([a-z_]+)\}/g)].map((match) => match[1]);
  const documentedParams = (operation.parameters ?? []).flatMap((parameter) =>
    'in' in parameter && parameter.in === 'path' ? [parameter.name] : [],
  );
  return [
    ...(operation.summary ? [] : [`${route}: no @ApiSummary`]),
    ...(successes.length > 0 ? [] : [`${route}: no success response`]),
    ...successes
      .filter((status) => responses[status].description === '')
      .map((status) => `${route}: ${status} undocumented (no @Api…Response)`),
    ...expectedErrors
      .filter((status) => !statuses.includes(status))
      .map((status) => `${route}: no ${status} response`),
    ...statuses
      .filter((status) => !status.startsWith('2') && responses[status].content === undefined)
      .map((status) => `${route}: ${status} without a body schema`),
    ...pathParams
      .filter((name) => !documentedParams.includes(name))
      .map((name) => `${route}: path parameter ${name} undocumented`),
  ];
}
