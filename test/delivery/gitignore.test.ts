import { execFileSync } from "node:child_process";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

/** Whether git would ignore this path of the repository (it need not exist). */
function ignored(path: string): boolean {
  try {
    execFileSync("git", ["check-ignore", "--quiet", "--no-index", path], { cwd: ROOT });
    return true;
  } catch {
    return false;
  }
}

describe(".gitignore", () => {
  test.each(["dev-deploy.p8", "keys/prod-plan.p8", "gateway-ca.pem", "ca.key", "client.p12"])(
    "keeps the private key file %s out of commits",
    (path) => {
      expect(ignored(path)).toBe(true);
    },
  );

  test("still tracks public keys and source files, so the check means something", () => {
    expect(ignored("dev-deploy.pub")).toBe(false);
    expect(ignored("stacks/config.ts")).toBe(false);
  });
});
