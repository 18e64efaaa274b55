/** The Excel add-in's static files: a private bucket served only through CloudFront. */
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HeadersReferrerPolicy,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { CustomDomain } from './config.js';

export interface AddinHostingProps {
  /** The folder to publish: the add-in build, or the placeholder page (see paths.ts). */
  readonly sourcePath: string;
  readonly customDomain: CustomDomain | undefined;
}

export class AddinHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  readonly deployment: BucketDeployment;
  /** `https://` + the host the add-in is served from; also its CORS origin. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: AddinHostingProps) {
    super(scope, id);
    const { customDomain } = props;
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Only build output lives here: each deployment replaces it, so no versions to keep.
      versioned: false,
      // Left behind by `cdk destroy` rather than emptied by another custom resource Lambda.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Peer challenge plans Excel add-in',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.securityHeaders(),
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // Edge locations in Europe and North America: the officers are in UK councils.
      priceClass: PriceClass.PRICE_CLASS_100,
      // TLS 1.2+ needs a custom certificate: the default *.cloudfront.net one is fixed by AWS.
      ...(customDomain && {
        domainNames: [customDomain.domainName],
        certificate: Certificate.fromCertificateArn(this, 'Certificate', customDomain.certificateArn),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    this.deployment = new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(props.sourcePath)],
      destinationBucket: this.bucket,
      // Clear CloudFront's copies so Office loads the new build on next open.
      distribution: this.distribution,
      distributionPaths: ['/*'],
      memoryLimit: 512,
    });
    this.url = `https://${customDomain?.domainName ?? this.distribution.distributionDomainName}`;
  }

  /**
   * HSTS, nosniff and a referrer policy. Deliberately no X-Frame-Options and no CSP
   * frame-ancestors: Excel on the web shows the task pane in an iframe nested in Office and
   * SharePoint pages whose hosts Microsoft does not publish as a stable list, and a missed
   * host leaves a blank task pane. Framing by anyone else gains nothing: every change needs a
   * bearer token that only an Office host (nested app authentication) or a sign-in obtains.
   */
  private securityHeaders(): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Peer challenge plans add-in: security headers that still let Office frame it',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.days(365),
          includeSubdomains: true,
          override: true,
        },
        contentTypeOptions: { override: true },
        referrerPolicy: {
          referrerPolicy: HeadersReferrerPolicy.STRICT_ORIGIN_WHEN_CROSS_ORIGIN,
          override: true,
        },
      },
    });
  }
}
