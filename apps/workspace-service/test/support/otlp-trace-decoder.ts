/**
 * Decodes an OTLP `ExportTraceServiceRequest` protobuf body (opentelemetry-proto trace/v1) into the
 * few fields the tests assert. `@opentelemetry/otlp-transformer` only ships the request *encoder*
 * and a response decoder, so this is a minimal wire-format reader.
 */

export type AttributeValue =
  string | boolean | number | bigint | AttributeValue[] | Uint8Array | null;

export interface DecodedEvent {
  name: string;
  attributes: Record<string, AttributeValue>;
}

export interface DecodedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, AttributeValue>;
  events: DecodedEvent[];
  /** OTLP StatusCode: 0 unset, 1 ok, 2 error. */
  status: { code: number; message: string };
  scope: { name: string; version: string };
  resource: Record<string, AttributeValue>;
}

const VARINT = 0;
const FIXED64 = 1;
const LENGTH_DELIMITED = 2;
const FIXED32 = 5;

interface Field {
  number: number;
  wireType: number;
  varint?: bigint;
  bytes?: Uint8Array;
  fixed?: Uint8Array;
}

class WireReader {
  private offset = 0;

  constructor(private readonly buffer: Uint8Array) {}

  *fields(): Generator<Field> {
    while (this.offset < this.buffer.length) {
      const key = Number(this.varint());
      const number = key >>> 3;
      const wireType = key & 7;
      switch (wireType) {
        case VARINT:
          yield { number, wireType, varint: this.varint() };
          break;
        case FIXED64:
          yield { number, wireType, fixed: this.take(8) };
          break;
        case LENGTH_DELIMITED:
          yield { number, wireType, bytes: this.take(Number(this.varint())) };
          break;
        case FIXED32:
          yield { number, wireType, fixed: this.take(4) };
          break;
        default:
          throw new Error(`unsupported protobuf wire type ${wireType} at offset ${this.offset}`);
      }
    }
  }

  private varint(): bigint {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = this.buffer[this.offset++];
      if (byte === undefined) {
        throw new Error('truncated varint');
      }
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) {
        return result;
      }
      shift += 7n;
    }
  }

  private take(length: number): Uint8Array {
    if (this.offset + length > this.buffer.length) {
      throw new Error('truncated field');
    }
    const slice = this.buffer.subarray(this.offset, this.offset + length);
    this.offset += length;
    return slice;
  }
}

const text = new TextDecoder();

function fieldsOf(bytes: Uint8Array | undefined): Field[] {
  return bytes ? [...new WireReader(bytes).fields()] : [];
}

function str(field: Field): string {
  return text.decode(field.bytes ?? new Uint8Array());
}

function hex(field: Field): string {
  return Buffer.from(field.bytes ?? new Uint8Array()).toString('hex');
}

function int64(varint: bigint): number | bigint {
  const signed = BigInt.asIntN(64, varint);
  return signed >= BigInt(Number.MIN_SAFE_INTEGER) && signed <= BigInt(Number.MAX_SAFE_INTEGER)
    ? Number(signed)
    : signed;
}

// AnyValue: 1 string, 2 bool, 3 int64, 4 double, 5 ArrayValue, 6 KeyValueList, 7 bytes.
function anyValue(bytes: Uint8Array | undefined): AttributeValue {
  let value: AttributeValue = null;
  for (const field of fieldsOf(bytes)) {
    switch (field.number) {
      case 1:
        value = str(field);
        break;
      case 2:
        value = field.varint === 1n;
        break;
      case 3:
        value = int64(field.varint ?? 0n);
        break;
      case 4:
        value = Buffer.from(field.fixed ?? new Uint8Array(8)).readDoubleLE(0);
        break;
      case 5:
        value = fieldsOf(field.bytes)
          .filter((item) => item.number === 1)
          .map((item) => anyValue(item.bytes));
        break;
      case 7:
        value = field.bytes ?? new Uint8Array();
        break;
      default:
        break;
    }
  }
  return value;
}

// KeyValue: 1 key, 2 AnyValue.
function keyValues(fields: Field[], number: number): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const field of fields.filter((item) => item.number === number)) {
    let key = '';
    let value: AttributeValue = null;
    for (const member of fieldsOf(field.bytes)) {
      if (member.number === 1) {
        key = str(member);
      } else if (member.number === 2) {
        value = anyValue(member.bytes);
      }
    }
    result[key] = value;
  }
  return result;
}

// Span: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes, 11 events, 15 status.
function span(
  bytes: Uint8Array | undefined,
  scope: DecodedSpan['scope'],
  resource: DecodedSpan['resource'],
): DecodedSpan {
  const fields = fieldsOf(bytes);
  const decoded: DecodedSpan = {
    traceId: '',
    spanId: '',
    parentSpanId: '',
    name: '',
    kind: 0,
    attributes: keyValues(fields, 9),
    events: [],
    status: { code: 0, message: '' },
    scope,
    resource,
  };
  for (const field of fields) {
    switch (field.number) {
      case 1:
        decoded.traceId = hex(field);
        break;
      case 2:
        decoded.spanId = hex(field);
        break;
      case 4:
        decoded.parentSpanId = hex(field);
        break;
      case 5:
        decoded.name = str(field);
        break;
      case 6:
        decoded.kind = Number(field.varint ?? 0n);
        break;
      case 11: {
        // Event: 2 name, 3 attributes.
        const eventFields = fieldsOf(field.bytes);
        const name = eventFields.find((item) => item.number === 2);
        decoded.events.push({ name: name ? str(name) : '', attributes: keyValues(eventFields, 3) });
        break;
      }
      case 15: {
        // Status: 2 message, 3 code.
        for (const member of fieldsOf(field.bytes)) {
          if (member.number === 2) {
            decoded.status.message = str(member);
          } else if (member.number === 3) {
            decoded.status.code = Number(member.varint ?? 0n);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return decoded;
}

/** ExportTraceServiceRequest → ResourceSpans(1: Resource, 2: ScopeSpans(1: scope, 2: spans)). */
export function decodeExportTraceServiceRequest(body: Uint8Array): DecodedSpan[] {
  const spans: DecodedSpan[] = [];
  for (const resourceSpans of fieldsOf(body).filter((field) => field.number === 1)) {
    const members = fieldsOf(resourceSpans.bytes);
    const resourceField = members.find((field) => field.number === 1);
    const resource = keyValues(fieldsOf(resourceField?.bytes), 1);
    for (const scopeSpans of members.filter((field) => field.number === 2)) {
      const scopeMembers = fieldsOf(scopeSpans.bytes);
      const scopeFields = fieldsOf(scopeMembers.find((field) => field.number === 1)?.bytes);
      const scopeName = scopeFields.find((field) => field.number === 1);
      const scopeVersion = scopeFields.find((field) => field.number === 2);
      const scope = {
        name: scopeName ? str(scopeName) : '',
        version: scopeVersion ? str(scopeVersion) : '',
      };
      for (const spanField of scopeMembers.filter((field) => field.number === 2)) {
        spans.push(span(spanField.bytes, scope, resource));
      }
    }
  }
  return spans;
}
