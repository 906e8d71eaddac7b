/** Public surface of the governor: rate limits, metering and faults for the emulated Atlassian site. */
export * from './types';
export {
  createGovernor,
  DEFAULT_USER_CALLS_APP_ID,
  FaultConfigError,
  type GovernorExtras,
  type GovernorFaults,
  type GovernorMeter,
  type GovernorOptions,
  type GovernorQuota,
  type SiteGovernor,
} from './governor';
export { createQuotaPool, windowStartOf, type QuotaPool, type QuotaSnapshot, type QuotaState } from './quota';
export { createBurstLimiter, defaultBurstConfig, type BurstConfig, type BurstLimiter } from './burst';
export {
  faultConfigSchema,
  parseFaultConfig,
  type FaultConfig,
  type FaultConfigInput,
  type FaultRule,
} from './faults';
export {
  callerKey,
  meterReport,
  operationKey,
  type MeterCounters,
  type MeterReport,
  type MeterSnapshot,
  type OperationMeter,
} from './meter';
export { errorBody, errorDialect, type ErrorDialect } from './error-bodies';
export { quotaHeaderName, quotaHeaders, type Enforcement } from './headers';
export { isWrite, pointsFor } from './points';
export { Prng, hash32, seedToUint32 } from './prng';
export * from './limits';
