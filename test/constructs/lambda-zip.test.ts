import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lambdaZip, zipSingleFile } from "../../constructs/lambda-zip";
import { buildLambdaBundle } from "../../constructs/lambda-bundle";

const NORMALIZER_ENTRY = "lambda/normalizer/handler.ts";

/** Lists and reads a zip with Python's zipfile module: an implementation independent of ours. */
function readWithPython(zip: Buffer): { names: string[]; content: string; testzip: string | null } {
  const file = join(mkdtempSync(join(tmpdir(), "zip-")), "a.zip");
  writeFileSync(file, zip);
  const script =
    "import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({'names':z.namelist(),'content':z.read(z.namelist()[0]).decode(),'testzip':z.testzip()}))";
  const result = spawnSync("python3", ["-c", script, file], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout) as { names: string[]; content: string; testzip: string | null };
}

describe("the Lambda zip", () => {
  test("is a valid zip holding exactly the file, byte for byte", () => {
    const contents = Buffer.from("exports.handler = async () => 'ok';\n".repeat(50));
    const read = readWithPython(zipSingleFile("index.js", contents));
    expect(read).toEqual({ names: ["index.js"], content: contents.toString(), testzip: null });
  });

  test("has the same bytes for the same content, whenever it is made", () => {
    const contents = Buffer.from("same");
    expect(zipSingleFile("index.js", contents).equals(zipSingleFile("index.js", contents))).toBe(
      true,
    );
  });

  test("of the normalizer holds its bundle as index.js", () => {
    const zip = readFileSync(lambdaZip(NORMALIZER_ENTRY, "normalizer"));
    const read = readWithPython(zip);
    expect(read.names).toEqual(["index.js"]);
    expect(read.content).toBe(buildLambdaBundle(NORMALIZER_ENTRY).toString("utf8"));
  });
});
