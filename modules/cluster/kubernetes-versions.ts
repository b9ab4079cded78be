/**
 * The Kubernetes versions of EKS and their support dates, so that a version is judged at synth
 * rather than by EKS at apply: one EKS no longer runs is an error, one newer than this table a
 * warning, one in extended support (charged extra) a warning.
 *
 * Sources: the Amazon EKS User Guide's "Amazon EKS Kubernetes release calendar" (1.23 to 1.34) and
 * the release dates EKS announced for 1.35 (as endoflife.date lists them), as of
 * {@link EKS_VERSIONS_AS_OF}. EKS supports a version for 14 months after its release (standard
 * support) and 12 months more at an extra charge (extended support); then it upgrades the cluster
 * itself. Dates are the last day of each period (UTC).
 */
import { checkRule, rules } from "../core/naming";
import { ValidationError } from "../core/errors";

/** When this table was last checked against EKS's calendar: newer versions may exist since. */
export const EKS_VERSIONS_AS_OF = "2026-02-14";

/** The support periods of one Kubernetes version on EKS. */
export interface EksVersionSupport {
  /** The last day of standard support. */
  readonly standardUntil: string;
  /** The last day of extended support. */
  readonly extendedUntil: string;
}

/** The Kubernetes versions EKS has offered with extended support, by minor version; older ones ended before 2024-10-11. */
export const EKS_VERSIONS: { readonly [version: string]: EksVersionSupport } = {
  "1.23": { standardUntil: "2023-10-11", extendedUntil: "2024-10-11" },
  "1.24": { standardUntil: "2024-01-31", extendedUntil: "2025-01-31" },
  "1.25": { standardUntil: "2024-05-01", extendedUntil: "2025-05-01" },
  "1.26": { standardUntil: "2024-06-11", extendedUntil: "2025-06-11" },
  "1.27": { standardUntil: "2024-07-24", extendedUntil: "2025-07-24" },
  "1.28": { standardUntil: "2024-11-26", extendedUntil: "2025-11-26" },
  "1.29": { standardUntil: "2025-03-23", extendedUntil: "2026-03-23" },
  "1.30": { standardUntil: "2025-07-23", extendedUntil: "2026-07-23" },
  "1.31": { standardUntil: "2025-11-26", extendedUntil: "2026-11-26" },
  "1.32": { standardUntil: "2026-03-23", extendedUntil: "2027-03-23" },
  "1.33": { standardUntil: "2026-07-29", extendedUntil: "2027-07-29" },
  "1.34": { standardUntil: "2026-12-02", extendedUntil: "2027-12-02" },
  "1.35": { standardUntil: "2027-03-27", extendedUntil: "2028-03-27" },
};

const MINORS = Object.keys(EKS_VERSIONS).map(minorOf);
const OLDEST = Math.min(...MINORS);
const NEWEST = Math.max(...MINORS);

function minorOf(version: string): number {
  return Number(version.split(".")[1]);
}

/** A day as `YYYY-MM-DD` (UTC). */
function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The versions EKS still runs on a day, for messages: `1.32 to 1.35`. */
function supportedRange(today: string): string {
  const open = Object.entries(EKS_VERSIONS)
    .filter(([, s]) => s.extendedUntil >= today)
    .map(([v]) => v);
  return open.length === 0 ? `1.${NEWEST} or later` : `${open[0]} to ${open[open.length - 1]}`;
}

/**
 * Checks a Kubernetes version: the form `1.<minor>`, and one EKS still runs on `now` (not past its
 * extended support, nor older than every version of the table). A version newer than the table is
 * not refused: see {@link kubernetesVersionWarning}.
 */
export function checkKubernetesVersion(field: string, version: string, now: Date = new Date()): void {
  checkRule(field, version, rules.kubernetesVersion);
  if (typeof version !== "string" || !/^1\.\d+$/.test(version)) return;
  const today = dayOf(now);
  const minor = minorOf(version);
  if (minor < OLDEST) {
    throw ValidationError.invalid(
      field,
      version,
      `EKS ended support of Kubernetes ${version} before 1.${OLDEST}'s, which ended on ${EKS_VERSIONS[`1.${OLDEST}`].extendedUntil}: use a version EKS runs (${supportedRange(today)})`,
    );
  }
  const support = EKS_VERSIONS[version];
  if (support !== undefined && support.extendedUntil < today) {
    throw ValidationError.invalid(
      field,
      version,
      `EKS ended extended support of Kubernetes ${version} on ${support.extendedUntil} and upgrades such clusters itself: use a version EKS runs (${supportedRange(today)})`,
    );
  }
}

/**
 * What a synth should warn about a Kubernetes version on `now` (said after the field and the value),
 * or undefined: a version newer than this table (EKS may not offer it: the table is of
 * {@link EKS_VERSIONS_AS_OF}), or one in extended support, which EKS charges extra for.
 */
export function kubernetesVersionWarning(version: string, now: Date = new Date()): string | undefined {
  if (typeof version !== "string" || !/^1\.\d+$/.test(version)) return undefined;
  if (minorOf(version) > NEWEST) {
    return (
      `is newer than the EKS versions this package knows (up to 1.${NEWEST}, in its table of EKS versions of ${EKS_VERSIONS_AS_OF}): ` +
      "make sure EKS offers it in the cluster's region, or EKS refuses the cluster at apply"
    );
  }
  const support = EKS_VERSIONS[version];
  const today = dayOf(now);
  if (support !== undefined && support.standardUntil < today && support.extendedUntil >= today) {
    return `left EKS standard support on ${support.standardUntil}: extended support, charged extra, lasts until ${support.extendedUntil}; plan the upgrade`;
  }
  return undefined;
}
