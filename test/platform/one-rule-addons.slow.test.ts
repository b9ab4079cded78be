import { FULL_PLATFORM } from "../support/full-platform";
import { describeAgreement } from "../support/agreement";

/** One rule per input (see one-rule.slow.test.ts): the add-ons of the catalogue on the first environment's cluster. */

jest.setTimeout(1_800_000);

describeAgreement("the full platform's catalogue add-ons", FULL_PLATFORM, (field) => field.startsWith("environments[0].cluster.addons."));
