/** The CDK app: `npx cdk synth|deploy|destroy -c stage=… -c tenantId=… -c apiAudience=…` (see infra/README.md). */
import { App } from 'aws-cdk-lib';
import { readConfig } from './config.js';
import { checkWithNag } from './nag.js';
import { PlansStack, stackName } from './plans-stack.js';

const app = new App();
const config = readConfig((key) => app.node.tryGetContext(key));
// Environment-agnostic: no account or region lookups, so synth works offline.
const stack = new PlansStack(app, stackName(config.stage), { config });
if (config.nag) checkWithNag(stack);
app.synth();
