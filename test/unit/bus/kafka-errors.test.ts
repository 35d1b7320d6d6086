// Regression (fault test "Kafka broker killed"): kafkajs' "retries exhausted" while the broker was down was
// treated as non-retriable and the collector dropped the spooled batch. Only permanent broker answers are.
import assert from "node:assert/strict";
import { test } from "node:test";
import kafkajs from "kafkajs";
import { isRetriablePublishError } from "../../../shared/bus/kafka.js";

const { KafkaJSConnectionError, KafkaJSNumberOfRetriesExceeded } = kafkajs;
// kafkajs' types declare the constructor as taking an Error; at run time it takes the broker's error description.
const KafkaJSProtocolError = kafkajs.KafkaJSProtocolError as unknown as new (e: { type: string; code: number; retriable: boolean; message: string }) => Error;

test("a broker that is down stays retriable even after kafkajs gives up its own retries", () => {
  const down = new KafkaJSNumberOfRetriesExceeded(new KafkaJSConnectionError("Connection error: connect ECONNREFUSED 127.0.0.1:9092"), { retryCount: 5, retryTime: 3000 });
  assert.equal((down as { retriable?: boolean }).retriable, false, "kafkajs itself calls it non-retriable");
  assert.equal(isRetriablePublishError(down), true);
  assert.equal(isRetriablePublishError(new Error("socket hang up")), true);
});

test("permanent broker answers are not retried, also when wrapped", () => {
  const tooLarge = new KafkaJSProtocolError({ type: "MESSAGE_TOO_LARGE", code: 10, retriable: false, message: "too large" });
  assert.equal(isRetriablePublishError(tooLarge), false);
  assert.equal(isRetriablePublishError(new KafkaJSNumberOfRetriesExceeded(tooLarge, { retryCount: 0, retryTime: 0 })), false);
  assert.equal(isRetriablePublishError(new KafkaJSProtocolError({ type: "NOT_LEADER_FOR_PARTITION", code: 6, retriable: true, message: "moved" })), true);
});
