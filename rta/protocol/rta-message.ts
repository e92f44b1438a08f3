/** The RTA request and response of `rta/rta.proto`, as the server handles them (JSON uses the same snake_case names). */

export const DEVICE_ID_FIELDS = ['imei_md5', 'idfa_md5', 'oaid_md5', 'oaid', 'caid', 'android_id_md5'] as const;
export type DeviceIdField = (typeof DEVICE_ID_FIELDS)[number];

export const OS_TYPES = ['unknown', 'android', 'ios', 'harmony'] as const;
export type OsType = (typeof OS_TYPES)[number];

export type RtaDevice = { os: OsType } & Partial<Record<DeviceIdField, string>>;

export interface RtaRequest {
  id: string;
  isPing: boolean;
  isTest: boolean;
  device: RtaDevice;
  siteSetId: number;
  slotId: string;
  strategyIds: string[];
  requestTimeMs: number;
}

/** The wire enum Outcome, in order (index = protobuf value). */
export const OUTCOMES = ['unspecified', 'scored', 'unknown_user', 'ping', 'deadline', 'not_served'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export interface RtaResponse {
  id: string;
  code: number;
  bid: boolean;
  strategyIds: string[];
  bidCoefficient: number;
  cacheSeconds: number;
  processingTimeUs: number;
  outcome: Outcome;
  /** Test requests only. */
  /** Scores are NaN (JSON null) for the axis a one-card strategy lacks. */
  test?: { targetingScore: number; creditScore: number; cell: [number, number]; reasonCodes: string[]; model?: 'champion' | 'challenger' };
  error?: string;
  /** Which model decided (not sent to the platform: logs and metrics only). */
  model?: 'champion' | 'challenger';
  /** The scored user's targeting and credit scores (logs only). */
  scores?: [number, number];
}

/** A request the server cannot answer: the HTTP status and what was wrong, naming the field. */
export class BadRequest extends Error {
  constructor(readonly status: 400 | 413 | 415, message: string) {
    // A refusal of the client's bytes, answered and counted: no stack is captured (capturing one
    // costs more than answering a well-formed request).
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
  }
}
