import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import { BUNDLE_ROOT, bundleLambda } from "./lambda-bundle";

/** DOS date and time of every zip entry: 1980-01-01 00:00, so equal code gives equal bytes. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/**
 * Zips one file deterministically (fixed timestamp, no extra fields, deflate level 9). The asset is
 * shipped as this ready-made zip because cdktf's directory archiving spawns a zip process per stack
 * at every synth, which was a quarter of the app's synth time.
 */
export function zipSingleFile(name: string, contents: Buffer): Buffer {
  const fileName = Buffer.from(name, "utf8");
  const compressed = deflateRawSync(contents, { level: 9 });
  const checksum = crc32(contents);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
  local.writeUInt16LE(0x0800, 6); // UTF-8 file name
  local.writeUInt16LE(8, 8); // deflate
  local.writeUInt16LE(DOS_TIME, 10);
  local.writeUInt16LE(DOS_DATE, 12);
  local.writeUInt32LE(checksum, 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(contents.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  local.writeUInt16LE(0, 28);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE((3 << 8) | 20, 4); // made by: Unix, 2.0
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(0x0800, 8);
  central.writeUInt16LE(8, 10);
  central.writeUInt16LE(DOS_TIME, 12);
  central.writeUInt16LE(DOS_DATE, 14);
  central.writeUInt32LE(checksum, 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(contents.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  central.writeUInt32LE((0o100644 << 16) >>> 0, 38); // regular file, rw-r--r--
  central.writeUInt32LE(0, 42); // local header offset
  const centralOffset = local.length + fileName.length + compressed.length;
  const centralSize = central.length + fileName.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(centralOffset, 16);
  return Buffer.concat([local, fileName, compressed, central, fileName, end]);
}

/**
 * Bundles a Lambda entry (see {@link bundleLambda}) and zips its `index.js` into
 * `dist/lambda/<name>.zip`, rewritten only when the bundle changed. Returns the zip's path.
 */
export function lambdaZip(entry: string, name: string): string {
  const bundle = readFileSync(join(bundleLambda(entry, name), "index.js"));
  const zip = zipSingleFile("index.js", bundle);
  const file = join(BUNDLE_ROOT, `${name}.zip`);
  if (!existsSync(file) || !readFileSync(file).equals(zip)) {
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, zip);
    renameSync(temporary, file);
  }
  return file;
}
