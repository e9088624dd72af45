import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { GetObjectCommand, HeadBucketCommand, type S3Client } from '@aws-sdk/client-s3';
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
import {
  artifactKey,
  invocationDirectory,
  isArtifactId,
  isValidInvocationId,
  newArtifactId,
  parseArtifactKey,
} from './s3-artifact-keys.js';
import { artifactMetadata, storedSha256 } from './s3-artifact-metadata.js';
import { deleteKeys, headArtifact, listKeysUnder, type S3Bucket } from './s3-bucket-calls.js';
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
  private readonly bucket: S3Bucket;

  constructor(
    private readonly options: S3ArtifactStoreOptions,
    timings: Partial<S3StoreTimings> = {},
  ) {
    super();
    this.timings = { ...DEFAULT_S3_TIMINGS, ...timings };
    this.client = createS3Client(options, this.timings);
    this.bucket = { client: this.client, bucket: options.bucket, callMs: this.timings.callMs };
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
    const id = newArtifactId();
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
        Key: artifactKey(this.options.prefix, invocationId, id, name),
        Body: artifact.data,
        // Well-formed media types only: a header value must be plain ASCII.
        ContentType: servedContentType(artifact.content_type),
        Metadata: artifactMetadata(sha256, createdAt, name),
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
    if (!isValidInvocationId(invocationId) || !isArtifactId(artifact.id)) {
      return null;
    }
    const key = artifactKey(this.options.prefix, invocationId, artifact.id, artifact.name);
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
    const sha256 = storedSha256(response.Metadata);
    if (stream === undefined || sha256 === undefined) {
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
    const prefix = invocationDirectory(this.options.prefix, invocationId);
    // Anything that is not a kept artifact goes, whoever wrote it: stray and nested keys too.
    const doomed = (await listKeysUnder(this.bucket, prefix)).filter(({ key }) => {
      const id = parseArtifactKey(key.slice(prefix.length))?.id;
      return id === undefined || !keep.has(id);
    });
    await deleteKeys(this.bucket, doomed);
    return doomed.length;
  }

  async list(invocationId: string): Promise<Artifact[]> {
    if (!isValidInvocationId(invocationId)) {
      return [];
    }
    const prefix = invocationDirectory(this.options.prefix, invocationId);
    const stored = (await listKeysUnder(this.bucket, prefix)).flatMap(({ key, lastModified }) => {
      const parsed = parseArtifactKey(key.slice(prefix.length));
      return parsed ? [{ key, id: parsed.id, name: parsed.name, lastModified }] : [];
    });
    const artifacts: Artifact[] = [];
    for (let start = 0; start < stored.length; start += HEAD_CONCURRENCY) {
      const heads = await Promise.all(
        stored
          .slice(start, start + HEAD_CONCURRENCY)
          .map((entry) => headArtifact(this.bucket, entry.key)),
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
}
