/**
 * The normalizer's public API, free of AWS: the Lambda handler, `sensorctl normalize`,
 * `sensorctl local` and `sensorctl replay` all normalize through here. See README.md.
 */
export {
  normalizeObject,
  normalizeToBuffers,
  optionsFromSettings,
  type NormalizeCounts,
  type NormalizeInput,
  type NormalizeOptions,
  type NormalizeResult,
} from "./normalize";
export {
  outputKeysFor,
  gatewayIdFromKey,
  uploadTimeOfOutputKey,
  UPLOAD_TIME_IN_KEY,
  NO_GATEWAY_SEGMENT,
  type ObjectIdentity,
  type OutputKeys,
} from "./keys";
export { DiscardedOutput, isDiscardedOutput, type OutputKind, type OpenOutput } from "./output";
export { openFileOutput } from "./file-output";
export {
  ledgerEntry,
  ledgerKeyFor,
  ledgerLine,
  type LedgerEntry,
  type LedgerInput,
} from "./ledger";
export type { DetectedFormat } from "./detect";
export { REJECTION_CODES, type RejectionCode } from "./reasons";
export { UNIT_TABLE, resolveUnit } from "./units";
export {
  NORMALIZER_ENV_DEFAULTS,
  NORMALIZER_ENV_NAMES,
  readSettings,
  SettingsError,
  type NormalizerEnvName,
  type NormalizerSettings,
} from "./settings";
