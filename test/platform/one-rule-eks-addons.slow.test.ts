import { FULL_PLATFORM } from "../support/full-platform";
import { describeAgreement } from "../support/agreement";

/** One rule per input (see one-rule.slow.test.ts): the other EKS add-ons (eksAddons) on the first environment's cluster, with their roles. */

jest.setTimeout(1_800_000);

describeAgreement("the full platform's EKS add-ons", FULL_PLATFORM, (field) => field.startsWith("environments[0].cluster.eksAddons."));
