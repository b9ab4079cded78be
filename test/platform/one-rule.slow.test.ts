import { FULL_PLATFORM, S3_STATE_PLATFORM } from "../support/full-platform";
import { describeAgreement } from "../support/agreement";

/**
 * One rule per input, for every input: each leaf and map key of the full platforms gets generated
 * values (valid and invalid, of its JSON type, many near the value it has), and the configuration
 * file and TypeScript accept and refuse each alike, with the same field and words
 * (test/support/agreement.ts says how the two ways are compared). The first environment's cluster
 * is walked by one-rule-cluster, one-rule-addons and one-rule-eks-addons (a worker each); this file
 * walks the rest.
 */

jest.setTimeout(1_800_000);

describeAgreement(
  "the full platform: the platform's fields, the workloads, the other environments",
  FULL_PLATFORM,
  (field) => !field.startsWith("environments[0].cluster."),
);
describeAgreement("a platform with S3 state", S3_STATE_PLATFORM, () => true);
