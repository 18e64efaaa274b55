import { Logger } from '@aws-lambda-powertools/logger';

/** Structured JSON logs; the level comes from POWERTOOLS_LOG_LEVEL (tests run SILENT). */
export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'peer-challenge-plans',
});
