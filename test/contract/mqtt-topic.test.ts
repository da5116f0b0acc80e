import {
  checkTopicPrefix,
  defaultTopicPrefix,
  gatewayFromTopic,
  gatewayTopicLevel,
  readingsTopic,
  readingsTopicFilter,
} from "../../contract/mqtt-topic";

describe("MQTT topic layout", () => {
  test("a gateway publishes to <prefix>/<gateway_id>/readings, sensors/<env> by default", () => {
    expect(readingsTopic(defaultTopicPrefix("dev"), "gw-001")).toBe("sensors/dev/gw-001/readings");
    expect(readingsTopicFilter("sensors/dev")).toBe("sensors/dev/+/readings");
  });

  test("the gateway is the topic level after the prefix, counted as IoT SQL's topic(n) counts", () => {
    expect(gatewayTopicLevel("sensors/dev")).toBe(3);
    expect(gatewayTopicLevel("plant-7/sensors/prod")).toBe(4);
    expect(gatewayFromTopic("sensors/dev", "sensors/dev/gw-001/readings")).toBe("gw-001");
  });

  test("a topic outside the layout names no gateway", () => {
    expect(gatewayFromTopic("sensors/dev", "sensors/dev/gw-001/status")).toBeNull();
    expect(gatewayFromTopic("sensors/dev", "sensors/prod/gw-001/readings")).toBeNull();
    expect(gatewayFromTopic("sensors/dev", "sensors/dev/a/b/readings")).toBeNull();
    expect(gatewayFromTopic("sensors/dev", "sensors/dev/gw 1/readings")).toBeNull();
  });

  test.each(["", "sensors/#", "sensors/+/x", "/sensors", "sensors/", "$aws/rules", "a//b"])(
    "prefix %j is refused with an example of a good one",
    (prefix) => {
      expect(() => checkTopicPrefix(prefix, "--topic-prefix")).toThrow(
        /--topic-prefix: .*e\.g\. sensors\/dev/,
      );
    },
  );
});
