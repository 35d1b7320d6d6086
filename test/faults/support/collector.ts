// Test-only `geiger collect stdio` variant with its sink wrapped, for the fault tests' what-if runs. Never
// imported by production code. Modes (--mode):
//   no-spool          SABOTAGE: every batch is reported delivered even when the sink failed (fire-and-forget
//                     shipping, i.e. the spool's protection switched off) — shows the Kafka-kill test can fail.
//   retriable-errors  WHAT-IF FIX: sink errors are re-thrown as retriable, as shared/bus/kafka.ts should classify
//                     kafkajs' "retries exhausted" (KafkaJSNumberOfRetriesExceeded has retriable=false, so the
//                     shipper drops the batch as refused); shows the test passes once that is fixed.
import { GeigerError } from "../../../shared/errors.js";
import { loadGeigerConfig } from "../../../services/cli/config.js";
import { stdioIdentity } from "../../../services/collector/identity.js";
import { collectorIdFor, openPipeline } from "../../../services/collector/pipeline.js";
import { createSink, type Sink } from "../../../services/collector/sinks/index.js";
import { runStdioProxy } from "../../../services/collector/stdio-proxy.js";

const argv = process.argv.slice(2);
const flag = (n: string): string => { const i = argv.indexOf(`--${n}`); if (i < 0) throw new Error(`--${n} required`); return argv[i + 1]!; };
const dash = argv.indexOf("--");
const [command, ...args] = argv.slice(dash + 1);
const mode = flag("mode");
const cfg = loadGeigerConfig({ file: flag("config") });
const real = createSink(flag("sink"), { kafka: cfg.kafka });
const send: Sink["send"] = mode === "no-spool"
  ? async (events) => { await real.send(events).catch(() => undefined); }
  : mode === "retriable-errors"
    ? async (events) => { await real.send(events).catch((err: unknown) => { throw new GeigerError((err as Error).message, { retriable: true, cause: err }); }); }
    : (() => { throw new Error(`unknown --mode ${mode}`); })();
const sink: Sink = { label: real.label, send, flush: () => real.flush(), close: () => real.close() };
const server = flag("server");
const pipeline = openPipeline({ collector: cfg.collector, dataDir: cfg.data_dir, collectorId: collectorIdFor(server, "stdio"), sink });
const code = await runStdioProxy({ serverName: server, command: command!, args, pipeline, identity: stdioIdentity({}) });
await pipeline.close();
process.stdin.destroy();
process.exit(code);
