import { FULL_PLATFORM } from "../support/full-platform";
import { describeAgreement } from "../support/agreement";

/** One rule per input (see one-rule.slow.test.ts): the first environment's cluster, but for its add-ons. */

jest.setTimeout(1_800_000);

describeAgreement(
  "the full platform's cluster",
  FULL_PLATFORM,
  (field) => field.startsWith("environments[0].cluster.") && !/^environments\[0\]\.cluster\.(addons|eksAddons)\./.test(field),
);
