import type { FetchedObject, ListedObject, ObjectStore } from "../../ops/object-store";

/** An in-memory object store whose LastModified times a test sets. */
export class MemoryStore implements ObjectStore {
  readonly location = "memory://bucket";
  readonly objects = new Map<string, { body: Buffer; lastModified: Date; versionId?: string }>();

  add(key: string, body: string, lastModified: Date, versionId?: string): void {
    this.objects.set(key, { body: Buffer.from(body), lastModified, versionId });
  }

  async put(key: string, body: Uint8Array | string): Promise<void> {
    this.add(key, typeof body === "string" ? body : Buffer.from(body).toString("utf8"), new Date());
  }

  async get(key: string): Promise<FetchedObject> {
    const object = this.objects.get(key);
    if (!object) throw new Error(`NoSuchKey: ${key}`);
    return { bytes: new Uint8Array(object.body), versionId: object.versionId, eTag: "e-" + key };
  }

  async *list(prefix: string): AsyncIterable<ListedObject> {
    for (const key of [...this.objects.keys()].sort()) {
      if (!key.startsWith(prefix)) continue;
      const object = this.objects.get(key)!;
      yield { key, lastModified: object.lastModified, sizeBytes: object.body.length };
    }
  }
}
