import {
  DeleteObjectsCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  type S3Client,
} from '@aws-sdk/client-s3';
import { storedCreatedAt, storedSha256 } from './s3-artifact-metadata.js';
import { isMissingObject, unavailable, withDeadline } from './s3-call.js';

const DELETE_BATCH = 1000;

/** The bucket the store keeps its artifacts in, and the deadline of each SDK call to it. */
export interface S3Bucket {
  client: S3Client;
  bucket: string;
  callMs: number;
}

export interface StoredKey {
  key: string;
  lastModified?: Date;
}

export interface ArtifactHead {
  size: number;
  sha256: string;
  createdAt?: string;
}

/** One SDK call under the call deadline; any failure becomes `unavailable`. */
export async function callBucket<T>(
  target: S3Bucket,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  try {
    return await withDeadline(target.callMs, run);
  } catch (error) {
    throw unavailable(error);
  }
}

/** Every key under `prefix`, following the listing's continuation tokens page by page. */
export async function listKeysUnder(target: S3Bucket, prefix: string): Promise<StoredKey[]> {
  const keys: StoredKey[] = [];
  let token: string | undefined;
  do {
    const page = await callBucket(target, (abortSignal) =>
      target.client.send(
        new ListObjectsV2Command({
          Bucket: target.bucket,
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

/** Deletes the keys in batches of the S3 maximum; any key left undeleted is `unavailable`. */
export async function deleteKeys(target: S3Bucket, keys: readonly StoredKey[]): Promise<void> {
  for (let start = 0; start < keys.length; start += DELETE_BATCH) {
    const batch = keys.slice(start, start + DELETE_BATCH);
    const result = await callBucket(target, (abortSignal) =>
      target.client.send(
        new DeleteObjectsCommand({
          Bucket: target.bucket,
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
}

/** An artifact's size and metadata without its body; null when gone or not an artifact. */
export async function headArtifact(target: S3Bucket, key: string): Promise<ArtifactHead | null> {
  let head;
  try {
    head = await withDeadline(target.callMs, (abortSignal) =>
      target.client.send(new HeadObjectCommand({ Bucket: target.bucket, Key: key }), {
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
  const sha256 = storedSha256(head.Metadata);
  if (sha256 === undefined) {
    return null;
  }
  return { size: head.ContentLength ?? 0, sha256, createdAt: storedCreatedAt(head.Metadata) };
}
