/**
 * Alert suppression (`suppressionEnabled`, `suppressionDuration`): after a run that generated alerts, Sentinel
 * stops running the query for the suppression duration ("Stop running query after alert is generated"), so runs
 * scheduled at `alertRun < t < alertRun + duration` do not run. A run exactly at the end of the period runs again.
 */
import { parseSettingDuration } from './durations.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Rule = Record<string, any>;

export class Suppression {
  readonly enabled: boolean;
  readonly duration: bigint;
  private until: bigint | undefined;

  constructor(rule: Rule) {
    this.enabled = rule.suppressionEnabled === true;
    const d = this.enabled ? parseSettingDuration(rule.suppressionDuration) : 0n;
    if (d === undefined || (this.enabled && d <= 0n)) throw new Error(`suppressionDuration '${String(rule.suppressionDuration)}' is not a positive duration (e.g. 5h or PT5H)`);
    this.duration = d;
  }

  /** Whether the run scheduled at `runTime` is skipped. */
  suppresses(runTime: bigint): boolean {
    return this.until !== undefined && runTime < this.until;
  }

  /** Called after every run that ran; alerts start a suppression period. */
  afterRun(runTime: bigint, alerts: number): void {
    if (this.enabled && alerts > 0) this.until = runTime + this.duration;
  }
}
