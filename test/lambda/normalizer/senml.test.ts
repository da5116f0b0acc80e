import { codes, normalize } from "../../helpers/normalizer";

/** The RFC 8428 examples date from 2010–2011; read them as if uploaded then. */
const RFC_TIME = { referenceTime: new Date("2011-10-31T14:00:00Z"), timestampMaxAgeDays: 600 };

describe("SenML input (RFC 8428 examples)", () => {
  it("reads §5.1.1, a single datapoint: the name is the sensor, the unit gives the metric", async () => {
    const result = await normalize(
      '[{"n":"urn:dev:ow:10e2073a01080063","u":"Cel","v":23.1}]',
      "a.json",
      RFC_TIME,
    );
    expect(result.rows).toMatchObject([
      {
        sensor_id: "urn:dev:ow:10e2073a01080063",
        metric: "temperature",
        value: 23.1,
        unit: "Cel",
        observed_at: "2011-10-31T14:00:00.000Z",
      },
    ]);
  });

  it("reads §5.1.2, multiple datapoints under a base name", async () => {
    const pack =
      '[{"bn":"urn:dev:ow:10e2073a01080063:","n":"voltage","u":"V","v":120.1},{"n":"current","u":"A","v":1.2}]';
    const result = await normalize(pack, "a.senml.json", RFC_TIME);
    expect(result.rows.map((row) => [row.sensor_id, row.metric, row.value, row.unit])).toEqual([
      ["urn:dev:ow:10e2073a01080063", "voltage", 120.1, "V"],
      ["urn:dev:ow:10e2073a01080063", "current", 1.2, "A"],
    ]);
  });

  it("reads §5.1.3, multiple measurements with base time, base unit and relative times", async () => {
    const pack = `[
      {"bn":"urn:dev:ow:10e2073a0108006:","bt":1.276020076001e+09,"bu":"A","bver":5,"n":"voltage","u":"V","v":120.1},
      {"n":"current","t":-5,"v":1.2},
      {"n":"current","t":-4,"v":1.3},
      {"n":"current","t":-3,"v":1.4},
      {"n":"current","t":-2,"v":1.5},
      {"n":"current","t":-1,"v":1.6},
      {"n":"current","v":1.7}
    ]`;
    const result = await normalize(pack, "a.json", { ...RFC_TIME, timestampMaxAgeDays: 1000 });
    expect(result.rows.map((row) => [row.metric, row.unit, row.observed_at])).toEqual([
      ["voltage", "V", "2010-06-08T18:01:16.001Z"],
      ["current", "A", "2010-06-08T18:01:11.001Z"],
      ["current", "A", "2010-06-08T18:01:12.001Z"],
      ["current", "A", "2010-06-08T18:01:13.001Z"],
      ["current", "A", "2010-06-08T18:01:14.001Z"],
      ["current", "A", "2010-06-08T18:01:15.001Z"],
      ["current", "A", "2010-06-08T18:01:16.001Z"],
    ]);
  });

  it("reads §5.1.4, resolved records whose names end in the metric", async () => {
    const pack =
      '[{"n":"urn:dev:ow:10e2073a0108006:voltage","u":"V","v":120.1,"t":1.276020076001e+09},{"n":"urn:dev:ow:10e2073a0108006:current","u":"A","v":1.2,"t":1.276020071001e+09}]';
    const result = await normalize(pack, "a.json", { ...RFC_TIME, timestampMaxAgeDays: 1000 });
    expect(result.rows.map((row) => [row.sensor_id, row.metric])).toEqual([
      ["urn:dev:ow:10e2073a0108006", "voltage"],
      ["urn:dev:ow:10e2073a0108006", "current"],
    ]);
  });

  it("reads §5.1.5, nameless records whose metric comes from the unit (lat, lon, %EL)", async () => {
    const pack = `[
      {"bn":"urn:dev:ow:10e2073a01080063:","bt":1.320067464e+09,"bu":"%RH","v":20},
      {"u":"lon","v":24.30621},
      {"u":"lat","v":60.07965},
      {"t":60,"v":20.3},
      {"u":"%EL","t":150,"v":98}
    ]`;
    const result = await normalize(pack, "a.json", RFC_TIME);
    expect(result.rows.map((row) => [row.metric, row.value, row.observed_at])).toEqual([
      ["relative_humidity", 20, "2011-10-31T13:24:24.000Z"],
      ["longitude", 24.30621, "2011-10-31T13:24:24.000Z"],
      ["latitude", 60.07965, "2011-10-31T13:24:24.000Z"],
      ["relative_humidity", 20.3, "2011-10-31T13:25:24.000Z"],
      ["battery_level", 98, "2011-10-31T13:26:54.000Z"],
    ]);
  });

  it("reads §5.1.6, multiple data types: the numeric one is kept, the others rejected with a reason", async () => {
    const pack = `[
      {"bn":"urn:dev:ow:10e2073a01080063:","bt":1.320067464e+09},
      {"n":"temperature","u":"Cel","v":23.1},
      {"n":"label","vs":"Machine Room"},
      {"n":"open","vb":false},
      {"n":"nfc-reader","vd":"aGkgCg"}
    ]`;
    const result = await normalize(pack, "a.json", RFC_TIME);
    expect(result.rows.map((row) => row.metric)).toEqual(["temperature"]);
    expect(codes(result)).toEqual([
      "UNSUPPORTED_VALUE_KIND",
      "UNSUPPORTED_VALUE_KIND",
      "UNSUPPORTED_VALUE_KIND",
    ]);
    expect(result.counts).toMatchObject({ records: 4, accepted: 1, rejected: 3 });
  });

  it("counts relative times from the upload time, so reprocessing gives the same rows", async () => {
    const pack = '[{"bn":"dev:","n":"temp","u":"Cel","v":1,"t":-60}]';
    const result = await normalize(pack, "a.json", {
      referenceTime: new Date("2026-11-26T12:00:00Z"),
    });
    expect(result.rows[0].observed_at).toBe("2026-11-26T11:59:00.000Z");
  });

  it("reads an array of packs, each with its own base values", async () => {
    const packs = '[[{"bn":"a:","n":"temp","u":"Cel","v":1}],[{"n":"humidity","u":"%RH","v":2}]]';
    const result = await normalize(packs, "packs.json");
    expect(result.rows.map((row) => [row.sensor_id, row.metric])).toEqual([
      ["a", "temp"],
      ["humidity", "relative_humidity"],
    ]);
  });

  it("adds the base value to each value", async () => {
    const result = await normalize('[{"bn":"d:","bv":100,"n":"count","v":5}]', "a.json");
    expect(result.rows[0].value).toBe(105);
  });
});
