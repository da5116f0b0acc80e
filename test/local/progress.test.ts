import { ProgressLine } from "../../local/progress";

function harness(isTTY: boolean) {
  const written: string[] = [];
  let clock = 0;
  const line = new ProgressLine(
    "local",
    { isTTY, write: (text) => written.push(text) },
    () => clock,
  );
  return { line, written, advance: (ms: number) => (clock += ms) };
}

describe("progress output", () => {
  test("shows nothing for work that ends within the first two seconds", () => {
    const { line, written, advance } = harness(false);
    line.update("1/3 files");
    advance(1500);
    line.update("3/3 files");
    line.done();
    expect(written).toEqual([]);
  });

  test("writes one line per two seconds to a log that is not a terminal", () => {
    const { line, written, advance } = harness(false);
    line.update("1/9 files");
    for (let step = 2; step <= 9; step++) {
      advance(700);
      line.update(`${step}/9 files`);
    }
    expect(written).toEqual(["local: 4/9 files\n", "local: 7/9 files\n"]);
  });

  test("rewrites one line on a terminal and ends it before the summary", () => {
    const { line, written, advance } = harness(true);
    line.update("1/2 files");
    advance(2500);
    line.update("2/2 files");
    line.done();
    expect(written).toEqual(["\r\x1b[Klocal: 2/2 files", "\n"]);
  });

  test("counts the first interval again for the next piece of work, however long the pause", () => {
    const { line, written, advance } = harness(false);
    line.update("first run");
    line.done();
    advance(60_000);
    line.update("second run, first file");
    expect(written).toEqual([]);
  });
});
