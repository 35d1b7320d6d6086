// The behavioural and cross-server correlation detectors, one line each; the engine's registry spreads this list.
import type { Detector } from "../../detector.js";
import { rateSpike } from "./rate-spike.js";
import { bytesSpike } from "./bytes-spike.js";
import { latencySpike } from "./latency-spike.js";
import { costSpike } from "./cost-spike.js";
import { burnRate } from "./burn-rate.js";
import { amplification } from "./amplification.js";
import { repeatedInput } from "./repeated-input.js";
import { errorStorm } from "./error-storm.js";
import { firstSeenTool } from "./first-seen-tool.js";
import { unusualHour } from "./unusual-hour.js";
import { rareSequence } from "./rare-sequence.js";
import { attackChain } from "./attack-chain.js";
import { toxicFlow } from "../correlation/toxic-flow.js";
import { dataFlow } from "../correlation/data-flow.js";
import { campaign } from "../correlation/campaign.js";

export const behaviouralDetectors: Detector[] = [
  rateSpike,
  bytesSpike,
  latencySpike,
  costSpike,
  burnRate,
  amplification,
  repeatedInput,
  errorStorm,
  firstSeenTool,
  unusualHour,
  rareSequence,
  attackChain,
  toxicFlow,
  dataFlow,
  campaign,
];
