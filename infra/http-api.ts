/**
 * The HTTP API in front of the Lambda: CORS for the add-in only, throttled, access-logged, and a
 * JWT authorizer (issuer, audience) on /councils/* and /me as a second layer: a request without a
 * token from the configured issuer never reaches the function. jose in the Lambda still checks
 * everything (scp, app roles, tenant), and checks alone where the issuer names each tenant.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { CORS_POLICY } from '../functions/cors-policy.js';

/** Requests per second across the API, and the burst above it; a council's officers stay far below. */
export const THROTTLE = { rateLimit: 50, burstLimit: 100 } as const;

export const CORS_HEADERS = [...CORS_POLICY.allowHeaders];

/** One JSON object per request; no headers, so no bearer token ever reaches the log. */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  requestTime: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  userAgent: '$context.identity.userAgent',
  method: '$context.httpMethod',
  path: '$context.path',
  routeKey: '$context.routeKey',
  protocol: '$context.protocol',
  status: '$context.status',
  responseLength: '$context.responseLength',
  responseLatency: '$context.responseLatency',
  integrationLatency: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
};

export interface PlansHttpApiProps {
  readonly handler: IFunction;
  /** The only origin browsers may call the API from: the add-in's. */
  readonly corsOrigin: string;
  /** The token issuer and audience for API Gateway's own JWT check; none where the issuer is per tenant. */
  readonly jwt?: { readonly issuer: string; readonly audience: string };
}

export class PlansHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogs: LogGroup;
  /** The API's base URL, without a trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PlansHttpApiProps) {
    super(scope, id);
    this.api = new HttpApi(this, 'Api', {
      description: 'Peer challenge plans API',
      // Every route goes to the Hono app, which routes, validates and checks the bearer token.
      defaultIntegration: new HttpLambdaIntegration('App', props.handler),
      // API Gateway answers preflight requests itself and adds these headers to every response.
      corsPreflight: {
        allowOrigins: [props.corsOrigin],
        allowMethods: CORS_POLICY.allowMethods.map((m) => CorsHttpMethod[m]),
        allowHeaders: CORS_HEADERS,
        exposeHeaders: [...CORS_POLICY.exposeHeaders],
        maxAge: Duration.seconds(CORS_POLICY.maxAgeSeconds),
      },
      // Our own stage below, so throttling and access logs are set on it.
      createDefaultStage: false,
    });
    if (props.jwt) {
      const authorizer = new HttpJwtAuthorizer('Entra', props.jwt.issuer, {
        jwtAudience: [props.jwt.audience],
      });
      const integration = new HttpLambdaIntegration('Authorized', props.handler);
      for (const path of ['/councils/{proxy+}', '/me'])
        this.api.addRoutes({ path, methods: [HttpMethod.ANY], integration, authorizer });
    }
    this.accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.api,
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
      },
    });
    const stack = Stack.of(this);
    this.url = `https://${this.api.apiId}.execute-api.${stack.region}.${stack.urlSuffix}`;
  }
}
