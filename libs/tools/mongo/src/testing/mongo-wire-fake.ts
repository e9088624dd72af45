import { createRequire } from 'node:module';

// mongodb-mock-server is CommonJS without types; only the members used here are declared.
interface MockRequest {
  document: Record<string, unknown>;
  reply(document: Record<string, unknown>): void;
}
interface MockServer {
  setMessageHandler(handler: (request: MockRequest) => void): void;
  address(): { host: string; port: number };
  destroy(): Promise<void>;
}
interface MockServerModule {
  createServer(port: number, host: string): Promise<MockServer>;
}
interface MockBson {
  Long: { fromNumber(value: number): unknown };
  ObjectId: new (hex: string) => unknown;
}

const require = createRequire(import.meta.url);
const mock = require('mongodb-mock-server') as MockServerModule;
// Replies are serialised by the fake's own bson (v4): values in them (cursor ids, ObjectIds) must
// be instances of that copy, not of the driver's bson.
const bson = createRequire(require.resolve('mongodb-mock-server'))('bson') as MockBson;

/** Documents per collection name; values may include {@link MongoWireFake.objectId}. */
export type FakeCollections = Record<string, Array<Record<string, unknown>>>;

// Small batches so that every read also exercises getMore with a real cursor id.
const BATCH_SIZE = 2;

/**
 * MongoDB's wire-protocol fake (`mongodb-mock-server`) scripted as a tiny read-only server: it
 * answers `hello` as a MongoDB 7 standalone (maxWireVersion 21), `find` with top-level equality
 * filters and `limit`, `aggregate` with a leading `$match` and a trailing `$limit`, and `getMore`
 * / `killCursors` for its cursors. Collection `fails` answers every read with a server error and
 * `slow` answers after 2 s. Every command received is recorded in {@link commands}.
 */
export class MongoWireFake {
  readonly commands: Array<Record<string, unknown>> = [];
  private readonly cursors = new Map<number, Array<Record<string, unknown>>>();
  private nextCursorId = 1;

  private constructor(
    private readonly server: MockServer,
    private readonly collections: FakeCollections,
  ) {}

  static async start(collections: FakeCollections): Promise<MongoWireFake> {
    const server = await mock.createServer(0, '127.0.0.1');
    const fake = new MongoWireFake(server, collections);
    server.setMessageHandler((request) => fake.handle(request));
    return fake;
  }

  /** An ObjectId the fake can serialise. */
  static objectId(hex: string): unknown {
    return new bson.ObjectId(hex);
  }

  get endpoint(): string {
    const { host, port } = this.server.address();
    return `mongodb://${host}:${port}`;
  }

  /** The commands of one name (`find`, `aggregate`, `getMore`…), in arrival order. */
  received(name: string): Array<Record<string, unknown>> {
    return this.commands.filter((command) => name in command);
  }

  stop(): Promise<void> {
    return this.server.destroy();
  }

  private handle(request: MockRequest): void {
    const command = request.document;
    this.commands.push(command);
    if ('hello' in command || 'ismaster' in command || 'isMaster' in command) {
      request.reply({
        // The driver recognises this flag and speaks OP_QUERY (the only opcode the fake parses)
        // instead of OP_MSG; commands, cursors and results are otherwise the real driver path.
        __nodejs_mock_server__: true,
        ok: 1,
        helloOk: true,
        isWritablePrimary: true,
        ismaster: true,
        maxBsonObjectSize: 16_777_216,
        maxMessageSizeBytes: 48_000_000,
        maxWriteBatchSize: 100_000,
        localTime: new Date(),
        logicalSessionTimeoutMinutes: 30,
        connectionId: 1,
        minWireVersion: 0,
        maxWireVersion: 21,
      });
      return;
    }
    const named = command['find'] ?? command['aggregate'] ?? command['collection'];
    const collection = typeof named === 'string' ? named : '';
    if (collection === 'fails' && ('find' in command || 'aggregate' in command)) {
      request.reply({
        ok: 0,
        errmsg: 'unknown top level operator: $bogus',
        code: 2,
        codeName: 'BadValue',
      });
      return;
    }
    if (collection === 'slow') {
      setTimeout(
        () =>
          request.reply({
            ok: 1,
            cursor: { id: bson.Long.fromNumber(0), ns: 'x.slow', firstBatch: [] },
          }),
        2000,
      ).unref();
      return;
    }
    if ('find' in command) {
      const filter = (command['filter'] ?? {}) as Record<string, unknown>;
      const limit =
        typeof command['limit'] === 'number' && command['limit'] > 0 ? command['limit'] : Infinity;
      request.reply(this.firstBatch(collection, this.matching(collection, filter).slice(0, limit)));
    } else if ('aggregate' in command) {
      const pipeline = (command['pipeline'] ?? []) as Array<Record<string, unknown>>;
      const match = (pipeline.find((stage) => '$match' in stage)?.['$match'] ?? {}) as Record<
        string,
        unknown
      >;
      const last = pipeline.at(-1)?.['$limit'];
      request.reply(
        this.firstBatch(
          collection,
          this.matching(collection, match).slice(0, typeof last === 'number' ? last : Infinity),
        ),
      );
    } else if ('getMore' in command) {
      const id = Number(String(command['getMore']));
      const rest = this.cursors.get(id) ?? [];
      this.cursors.delete(id);
      request.reply({
        ok: 1,
        cursor: { id: bson.Long.fromNumber(0), ns: `fake.${collection}`, nextBatch: rest },
      });
    } else if ('killCursors' in command) {
      const ids = (command['cursors'] ?? []) as unknown[];
      ids.forEach((id) => this.cursors.delete(Number(String(id))));
      request.reply({
        ok: 1,
        cursorsKilled: ids,
        cursorsNotFound: [],
        cursorsAlive: [],
        cursorsUnknown: [],
      });
    } else if ('endSessions' in command || 'ping' in command) {
      request.reply({ ok: 1 });
    } else {
      request.reply({
        ok: 0,
        errmsg: `no such command: '${Object.keys(command)[0] ?? ''}'`,
        code: 59,
        codeName: 'CommandNotFound',
      });
    }
  }

  private matching(
    collection: string,
    filter: Record<string, unknown>,
  ): Array<Record<string, unknown>> {
    const documents = this.collections[collection] ?? [];
    return documents.filter((document) =>
      Object.entries(filter).every(([key, value]) => document[key] === value),
    );
  }

  private firstBatch(
    collection: string,
    documents: Array<Record<string, unknown>>,
  ): Record<string, unknown> {
    let id = 0;
    if (documents.length > BATCH_SIZE) {
      id = this.nextCursorId++;
      this.cursors.set(id, documents.slice(BATCH_SIZE));
    }
    return {
      ok: 1,
      cursor: {
        id: bson.Long.fromNumber(id),
        ns: `fake.${collection}`,
        firstBatch: documents.slice(0, BATCH_SIZE),
      },
    };
  }
}
