import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JsonBody } from './test-app.js';

/** One answer of the service, from inject or from a real socket. */
export interface ObservedResponse {
  status: number;
  contentType: string;
  text: string;
  /** Names of the response headers, lowercased. */
  headerNames: string[];
}

type MediaTypes = Record<string, { schema?: Record<string, unknown> }>;
type ResponseObject = {
  description: string;
  content?: MediaTypes;
  headers?: Record<string, unknown>;
};
type Operation = {
  requestBody?: { content: MediaTypes };
  responses: Record<string, ResponseObject>;
};

/**
 * Checks real answers against the OpenAPI document they claim to follow: the status must be one
 * the operation declares, the media type one of that status's, and a JSON body must validate
 * against that media type's schema (Ajv, with `nullable` as OpenAPI 3.0 means it). Records which
 * operation+status pairs were seen, so a test can require every operation to have been exercised.
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly validators = new Map<string, ValidateFunction>();
  readonly seen = new Set<string>();

  constructor(readonly document: JsonBody) {
    addFormats.default(this.ajv);
    // OpenAPI's own format for raw bytes; such bodies are never JSON-validated here.
    this.ajv.addFormat('binary', true);
  }

  /** Every `METHOD /path` of the document. */
  operations(): string[] {
    return Object.entries(
      this.document['paths'] as Record<string, Record<string, unknown>>,
    ).flatMap(([path, operations]) =>
      Object.keys(operations).map((m) => `${m.toUpperCase()} ${path}`),
    );
  }

  /** Problems of `response` as an answer of `METHOD template` (empty when it conforms). */
  problems(method: string, template: string, response: ObservedResponse): string[] {
    const operations = (this.document['paths'] as Record<string, Record<string, Operation>>)[
      template
    ];
    // A method the path does not serve has no operation of its own: its 405 is the path's (1.4).
    const operation =
      operations?.[method.toLowerCase()] ??
      (response.status === 405 && operations ? Object.values(operations)[0] : undefined);
    if (operation === undefined) {
      return [`${method} ${template} is not in the document`];
    }
    this.seen.add(`${method} ${template} ${response.status}`);
    const declared = operation.responses[String(response.status)];
    if (declared === undefined) {
      return [`${method} ${template}: status ${response.status} is not documented`];
    }
    const missingHeaders = Object.keys(declared.headers ?? {})
      .filter((name) => !response.headerNames.includes(name.toLowerCase()))
      .map((name) => `${method} ${template} ${response.status}: documented header ${name} absent`);
    if (missingHeaders.length > 0) {
      return missingHeaders;
    }
    if (declared.content === undefined) {
      return response.text === ''
        ? []
        : [`${method} ${template} ${response.status}: documented without a body, got one`];
    }
    const mediaType = response.contentType.split(';')[0].trim().toLowerCase();
    const media = declared.content[mediaType];
    if (media === undefined) {
      return declared.content['*/*'] !== undefined
        ? [] // raw bytes of any type (artifact downloads)
        : [`${method} ${template} ${response.status}: content type ${mediaType} is not documented`];
    }
    if (mediaType !== 'application/json' || media.schema === undefined) {
      return [];
    }
    const validate = this.validatorFor(`${method} ${template} ${response.status}`, media.schema);
    let body: unknown;
    try {
      body = JSON.parse(response.text);
    } catch {
      return [`${method} ${template} ${response.status}: body is not JSON`];
    }
    return validate(body)
      ? []
      : (validate.errors ?? []).map(
          (error) =>
            `${method} ${template} ${response.status}: ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`,
        );
  }

  /**
   * Problems of a request body the service accepted, against the operation's documented request
   * body: a body the service takes must be one the document allows (or a client generated from it
   * could not send it).
   */
  requestProblems(method: string, template: string, body: unknown): string[] {
    const operation = (this.document['paths'] as Record<string, Record<string, Operation>>)[
      template
    ]?.[method.toLowerCase()];
    const schema = operation?.requestBody?.content['application/json']?.schema;
    if (schema === undefined) {
      return [`${method} ${template}: accepted a body the document does not describe`];
    }
    const validate = this.validatorFor(`${method} ${template} request`, schema);
    return validate(body)
      ? []
      : (validate.errors ?? []).map(
          (error) =>
            `${method} ${template} request: ${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`,
        );
  }

  private validatorFor(key: string, schema: Record<string, unknown>): ValidateFunction {
    let validate = this.validators.get(key);
    if (validate === undefined) {
      // `#/components/schemas/…` resolves inside the schema itself: carry the components along.
      validate = this.ajv.compile({ ...schema, components: this.document['components'] });
      this.validators.set(key, validate);
    }
    return validate;
  }
}
