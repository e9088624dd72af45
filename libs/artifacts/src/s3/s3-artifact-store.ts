import { createHash, randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import {
  DeleteObjectsCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { OnApplicationShutdown } from '@nestjs/common';
import { type Artifact, toTimestamp } from '#app/contracts';
import { contentTypeForName, sanitiseArtifactName, servedContentType } from '../artifact-name.js';
import {
  type ArtifactContent,
  ArtifactStore,
  downloadPathFor,
  type NewArtifact,
} from '../artifact-store.port.js';
import { describeS3Error, isMissingObject, unavailable, withDeadline } from './s3-call.js';
import {
  createS3Client,
  DEFAULT_S3_TIMINGS,
  type S3ArtifactStoreOptions,
  type S3StoreTimings,
} from './s3-client.js';

// The S3 minimum part size: an artifact above it goes up as a multipart upload, 4 parts at a time.
const PART_BYTES = 5 * 1024 * 1024;
// Uploads get the call budget plus one second per MiB, so a slow link can still finish a large
// artifact while a dead one fails in bounded time.
const UPLOAD_MS_PER_MIB = 1000;
const STORED_KEY = /^(artifact-[0-9a-f]{16})-([^/]+)$/;
const ARTIFACT_ID = /^artifact-[0-9a-f]{16}$/;
const INVOCATION_ID = /^[A-Za-z0-9._-]+$/;
const SHA256 = /^[0-9a-f]{64}$/;
const DELETE_BATCH = 1000;
const HEAD_CONCURRENCY = 8;

/**
 * Artifacts as objects `<prefix><invocation id>/<artifact id>-<name>` in one bucket. Size and
 * SHA-256 are stored as object metadata, so listing and opening never read a whole object; bodies
 * are streamed both ways. Every SDK call has a deadline; any failure of the store is 503
 * `unavailable` (docs/STORES.md).
 */
export class S3ArtifactStore extends ArtifactStore implements OnApplicationShutdown {
  private readonly client: S3Client;
  private readonly timings: S3StoreTimings;

  constructor(
    private readonly options: S3ArtifactStoreOptions,
    timings: Partial<S3StoreTimings> = {},
  ) {
    super();
    this.timings = { ...DEFAULT_S3_TIMINGS, ...timings };
    this.client = createS3Client(options, this.timings);
  }

  /**
   * Builds the store and checks the bucket within the startup budget (API.md 12.1).
   * @throws Error `artifact store unreachable: <reason>` (main prints `startup failed: …`).
   */
  static async connect(
    options: S3ArtifactStoreOptions,
    timings: Partial<S3StoreTimings> = {},
  ): Promise<S3ArtifactStore> {
    const store = new S3ArtifactStore(options, timings);
    const reason = await store.probe(store.timings.startupMs);
    if (reason !== null) {
      store.client.destroy();
      throw new Error(`artifact store unreachable: ${reason}`);
    }
    return store;
  }

  async put(invocationId: string, artifact: NewArtifact): Promise<Artifact> {
    const id = `artifact-${randomBytes(8).toString('hex')}`;
    const name = sanitiseArtifactName(artifact.name);
    const createdAt = toTimestamp(Date.now());
    // The digest goes into the object's metadata, which S3 takes with the first request, so it is
    // computed over the buffer before the upload starts.
    const sha256 = createHash('sha256').update(artifact.data).digest('hex');
    const upload = new Upload({
      client: this.client,
      partSize: PART_BYTES,
      queueSize: 4,
      leavePartsOnError: false,
      params: {
        Bucket: this.options.bucket,
        Key: this.keyOf(invocationId, id, name),
        Body: artifact.data,
        // Well-formed media types only: a header value must be plain ASCII.
        ContentType: servedContentType(artifact.content_type),
        // Metadata travels as ASCII headers: the name is percent-encoded (operators' convenience;
        // the service reads the name back from the key, which S3 keeps as UTF-8).
        Metadata: {
          sha256,
          'created-at': createdAt,
          name: encodeURIComponent(name),
        },
      },
    });
    const budget =
      this.timings.callMs + Math.ceil(artifact.data.length / (1024 * 1024)) * UPLOAD_MS_PER_MIB;
    try {
      await withDeadline(budget, async (signal) => {
        signal.addEventListener('abort', () => void upload.abort().catch(() => undefined));
        await upload.done();
      });
    } catch (error) {
      throw unavailable(error);
    }
    return {
      id,
      name,
      content_type: artifact.content_type,
      size_bytes: artifact.data.length,
      sha256,
      created_at: createdAt,
      download_path: downloadPathFor(invocationId, id),
    };
  }

  async open(
    invocationId: string,
    artifact: Pick<Artifact, 'id' | 'name'>,
  ): Promise<ArtifactContent | null> {
    if (!isValidInvocationId(invocationId) || !ARTIFACT_ID.test(artifact.id)) {
      return null;
    }
    const key = this.keyOf(invocationId, artifact.id, artifact.name);
    // The deadline covers the response headers only (it is disarmed once they arrive): the body
    // then streams for as long as it keeps moving; the socket idle timeout ends a stalled one.
    let response;
    try {
      response = await withDeadline(this.timings.callMs, (abortSignal) =>
        this.client.send(new GetObjectCommand({ Bucket: this.options.bucket, Key: key }), {
          abortSignal,
        }),
      );
    } catch (error) {
      if (isMissingObject(error)) {
        return null;
      }
      throw unavailable(error);
    }
    const stream = response.Body as Readable | undefined;
    const sha256 = response.Metadata?.['sha256'];
    if (stream === undefined || sha256 === undefined || !SHA256.test(sha256)) {
      // Not written by this service (no digest): not an artifact.
      stream?.destroy();
      return null;
    }
    return { stream, size_bytes: response.ContentLength ?? 0, sha256 };
  }

  async removeExcept(invocationId: string, keep: ReadonlySet<string>): Promise<number> {
    if (!isValidInvocationId(invocationId)) {
      return 0;
    }
    const prefix = this.directoryOf(invocationId);
    // Anything that is not a kept artifact goes, whoever wrote it: stray and nested keys too.
    const doomed = (await this.keysUnder(prefix)).filter(({ key }) => {
      const id = STORED_KEY.exec(key.slice(prefix.length))?.[1];
      return id === undefined || !keep.has(id);
    });
    for (let start = 0; start < doomed.length; start += DELETE_BATCH) {
      const batch = doomed.slice(start, start + DELETE_BATCH);
      const result = await this.call((abortSignal) =>
        this.client.send(
          new DeleteObjectsCommand({
            Bucket: this.options.bucket,
            Delete: { Objects: batch.map(({ key }) => ({ Key: key })), Quiet: true },
          }),
          { abortSignal },
        ),
      );
      const failed = result.Errors ?? [];
      if (failed.length > 0) {
        throw unavailable(
          new Error(`${failed.length} objects not deleted: ${failed[0].Code ?? 'unknown'}`),
        );
      }
    }
    return doomed.length;
  }

  async list(invocationId: string): Promise<Artifact[]> {
    if (!isValidInvocationId(invocationId)) {
      return [];
    }
    const prefix = this.directoryOf(invocationId);
    const stored = (await this.keysUnder(prefix)).flatMap(({ key, lastModified }) => {
      const match = STORED_KEY.exec(key.slice(prefix.length));
      return match ? [{ key, id: match[1], name: match[2], lastModified }] : [];
    });
    const artifacts: Artifact[] = [];
    for (let start = 0; start < stored.length; start += HEAD_CONCURRENCY) {
      const heads = await Promise.all(
        stored.slice(start, start + HEAD_CONCURRENCY).map((entry) => this.head(entry.key)),
      );
      heads.forEach((head, index) => {
        const entry = stored[start + index];
        if (head === null) {
          return;
        }
        artifacts.push({
          id: entry.id,
          name: entry.name,
          content_type: contentTypeForName(entry.name),
          size_bytes: head.size,
          sha256: head.sha256,
          created_at: head.createdAt ?? toTimestamp(entry.lastModified ?? Date.now()),
          download_path: downloadPathFor(invocationId, entry.id),
        });
      });
    }
    return artifacts.sort(
      (a, b) => a.created_at.localeCompare(b.created_at) || a.name.localeCompare(b.name),
    );
  }

  /** Readiness: a HeadBucket within 1.5 s. */
  async check(): Promise<string | null> {
    return this.probe(this.timings.checkMs);
  }

  onApplicationShutdown(): void {
    this.client.destroy();
  }

  private async probe(deadlineMs: number): Promise<string | null> {
    try {
      await withDeadline(deadlineMs, (abortSignal) =>
        this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }), { abortSignal }),
      );
      return null;
    } catch (error) {
      const where = this.options.endpoint ?? `region ${this.options.region}`;
      return `bucket ${this.options.bucket} at ${where}: ${describeS3Error(error)}`;
    }
  }

  private async head(
    key: string,
  ): Promise<{ size: number; sha256: string; createdAt?: string } | null> {
    let head;
    try {
      head = await withDeadline(this.timings.callMs, (abortSignal) =>
        this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: key }), {
          abortSignal,
        }),
      );
    } catch (error) {
      // Removed between the listing and the head: not listed.
      if (isMissingObject(error)) {
        return null;
      }
      throw unavailable(error);
    }
    const sha256 = head.Metadata?.['sha256'];
    if (sha256 === undefined || !SHA256.test(sha256)) {
      return null;
    }
    return { size: head.ContentLength ?? 0, sha256, createdAt: head.Metadata?.['created-at'] };
  }

  private async keysUnder(prefix: string): Promise<Array<{ key: string; lastModified?: Date }>> {
    const keys: Array<{ key: string; lastModified?: Date }> = [];
    let token: string | undefined;
    do {
      const page = await this.call((abortSignal) =>
        this.client.send(
          new ListObjectsV2Command({
            Bucket: this.options.bucket,
            Prefix: prefix,
            ContinuationToken: token,
          }),
          { abortSignal },
        ),
      );
      for (const object of page.Contents ?? []) {
        if (object.Key !== undefined) {
          keys.push({ key: object.Key, lastModified: object.LastModified });
        }
      }
      token = page.IsTruncated === true ? page.NextContinuationToken : undefined;
    } while (token !== undefined);
    return keys;
  }

  /** One SDK call under the call deadline; any failure becomes `unavailable`. */
  private async call<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    try {
      return await withDeadline(this.timings.callMs, run);
    } catch (error) {
      throw unavailable(error);
    }
  }

  private directoryOf(invocationId: string): string {
    return `${this.options.prefix}${invocationId}/`;
  }

  private keyOf(invocationId: string, artifactId: string, name: string): string {
    return `${this.directoryOf(invocationId)}${artifactId}-${name}`;
  }
}

// Invocation ids are generated by the service, but the read routes take them from the URL: a `/`
// or `..` must not reach another invocation's keys.
function isValidInvocationId(invocationId: string): boolean {
  return INVOCATION_ID.test(invocationId) && !invocationId.includes('..') && invocationId !== '.';
}
