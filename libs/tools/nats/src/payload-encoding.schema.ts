import { Type } from '@sinclair/typebox';
import { Defaulted } from '#app/tool-registry';

/** `utf8` (also `utf-8`) or `base64`. */
export type PayloadEncoding = 'utf8' | 'utf-8' | 'base64';

/** `payload_encoding` of `nats.publish` and `nats.request`. */
export const PayloadEncodingArg = Defaulted(
  Type.Unsafe<PayloadEncoding>({
    type: 'string',
    description: 'Encoding of payload',
    enum: ['utf8', 'utf-8', 'base64'],
    default: 'utf8',
  }),
);
