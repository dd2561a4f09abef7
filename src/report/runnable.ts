/**
 * Whether `docproof run` can perform a guide end to end, and with which driver, or why not: the guide must become
 * a plan (an OAuth2/OpenID Connect provider, a driver for its application, application-side settings or
 * configuration to apply), and the driver must be built, not only known to the planner (src/apps/known.ts).
 */
import { knownDriver } from '../apps/known.js';
import type { DriverShape } from '../apps/types.js';
import type { Guide } from '../guide/model.js';
import { PlanError, planGuide, type PlanErrorKind } from '../plan/plan.js';

/** Why a guide cannot run: the planner's reasons, and a driver the planner knows that is not built yet. */
export type NotRunnableKind = PlanErrorKind | 'driver-not-built' | 'other';

export type Runnable =
  | {
      runnable: true;
      /** The driver's name ("portainer") and how it takes the guide's application half. */
      driver: string;
      displayName: string;
      takes: DriverShape;
      /** Steps in the plan. */
      steps: number;
    }
  | {
      runnable: false;
      /** The driver the guide would need when the planner knows it, else null. */
      driver: string | null;
      kind: NotRunnableKind;
      /** One line: why not. */
      reason: string;
      /** The guide line the reason points at, or null. */
      line: number | null;
    };

/** Short labels of the kinds, for the reports' totals. */
export const NOT_RUNNABLE_LABEL: Record<NotRunnableKind, string> = {
  'no-provider': 'no provider',
  'not-oauth2': 'not an OAuth2/OpenID Connect provider',
  'no-driver': 'no driver for the application',
  'no-app-settings': 'no application settings to apply',
  'driver-not-built': 'driver not built yet',
  other: 'other',
};

export function runnableOf(guide: Guide): Runnable {
  try {
    const plan = planGuide(guide);
    const driver = knownDriver(plan.app.name);
    if (!driver?.built) {
      return {
        runnable: false,
        driver: plan.app.name,
        kind: 'driver-not-built',
        reason: `docproof can plan this ${plan.app.displayName} guide, but the ${plan.app.name} driver is not built yet`,
        line: null,
      };
    }
    const takes = driver.takes ?? 'ui';
    return { runnable: true, driver: driver.name, displayName: driver.displayName, takes, steps: plan.steps.length };
  } catch (err) {
    if (err instanceof PlanError) {
      const reason = err.kind === 'no-driver' ? `no driver for ${guide.appSlug ?? 'this application'}` : err.reason;
      return { runnable: false, driver: null, kind: err.kind, reason, line: err.line };
    }
    return { runnable: false, driver: null, kind: 'other', reason: (err as Error).message.split('\n')[0] ?? String(err), line: null };
  }
}

/** "portainer (UI steps)", "pgadmin (configuration)", or "no: <reason>". */
export function describeRunnable(r: Runnable): string {
  return r.runnable ? `${r.driver} (${r.takes === 'configuration' ? 'configuration' : 'UI steps'})` : `no: ${r.reason}`;
}
